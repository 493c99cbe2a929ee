// A frame header read one byte at a time (RFC 6455 section 5.2). The
// streaming parser, the annotated decoder and the rules they share all learn
// a header's fields from here, in the order its bytes arrive, so byte 0 and
// byte 1 are unpacked in exactly one place.

import {
  FIN_BIT,
  LENGTH_16_MARKER,
  LENGTH_64_MARKER,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  OPCODE_BITS,
  PAYLOAD_LENGTH_BITS,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './frame-format';

/** Byte 0: FIN, RSV1-3 and the opcode. */
export interface FirstByte {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
}

export function packFirstByte({ fin, rsv1, rsv2, rsv3, opcode }: FirstByte): number {
  return (fin ? FIN_BIT : 0) | (rsv1 ? RSV1_BIT : 0) | (rsv2 ? RSV2_BIT : 0) | (rsv3 ? RSV3_BIT : 0) | (opcode & OPCODE_BITS);
}

/**
 * What a header says as far as its bytes have arrived. Fields are valid once
 * `bytesRead` passes the byte that carries them: byte 0 gives FIN, RSV and
 * the opcode, byte 1 MASK and the 7-bit length (and so the header's length),
 * and the payload length is known at the end of the length field.
 */
export interface HeaderFacts extends FirstByte {
  /** Header bytes read so far. */
  bytesRead: number;
  masked: boolean;
  /** The 7-bit length field as sent (0–127). */
  length7: number;
  /** 0, 2 or 8 bytes of extended length, once byte 1 is read. */
  extendedLengthBytes: 0 | 2 | 8;
  /** The whole header's length once byte 1 is read; 2 before. */
  headerLength: number;
  /** Null until the length field is complete. */
  payloadLength: number | null;
  /** A 64-bit length with its most significant bit set (5.2 forbids it); known at byte 2. */
  lengthMostSignificantBitSet: boolean;
  /** A 64-bit length above 2^53 - 1, whatever its top bit; known at byte 3. */
  lengthBeyondSafeInteger: boolean;
}

export function emptyHeaderFacts(): HeaderFacts {
  return {
    bytesRead: 0,
    fin: false,
    rsv1: false,
    rsv2: false,
    rsv3: false,
    opcode: 0,
    masked: false,
    length7: 0,
    extendedLengthBytes: 0,
    headerLength: 2,
    payloadLength: null,
    lengthMostSignificantBitSet: false,
    lengthBeyondSafeInteger: false,
  };
}

/**
 * Learns what header byte `index` says; `header` holds the frame's bytes
 * from its first, at least up to `index`. Bytes must be read in order,
 * starting at 0, which resets the facts for a new frame.
 */
export function readHeaderByte(facts: HeaderFacts, header: Uint8Array, index: number): void {
  facts.bytesRead = index + 1;
  if (index === 0) {
    const b0 = header[0];
    facts.fin = (b0 & FIN_BIT) !== 0;
    facts.rsv1 = (b0 & RSV1_BIT) !== 0;
    facts.rsv2 = (b0 & RSV2_BIT) !== 0;
    facts.rsv3 = (b0 & RSV3_BIT) !== 0;
    facts.opcode = b0 & OPCODE_BITS;
    facts.masked = false;
    facts.length7 = 0;
    facts.extendedLengthBytes = 0;
    facts.headerLength = 2;
    facts.payloadLength = null;
    facts.lengthMostSignificantBitSet = false;
    facts.lengthBeyondSafeInteger = false;
    return;
  }
  if (index === 1) {
    const b1 = header[1];
    facts.masked = (b1 & MASK_BIT) !== 0;
    facts.length7 = b1 & PAYLOAD_LENGTH_BITS;
    facts.extendedLengthBytes = facts.length7 === LENGTH_16_MARKER ? 2 : facts.length7 === LENGTH_64_MARKER ? 8 : 0;
    facts.headerLength = 2 + facts.extendedLengthBytes + (facts.masked ? MASKING_KEY_LENGTH : 0);
    if (facts.extendedLengthBytes === 0) facts.payloadLength = facts.length7;
    return;
  }
  if (facts.extendedLengthBytes === 8) {
    // Bit 63 is the top bit of byte 2; bits 62–53 fill the rest of byte 2
    // and the top 3 bits of byte 3. Either set puts the length out of reach.
    if (index === 2) facts.lengthMostSignificantBitSet = (header[2] & 0x80) !== 0;
    if (index === 3) facts.lengthBeyondSafeInteger = (header[2] & 0x7f) !== 0 || (header[3] & 0xe0) !== 0;
  }
  if (facts.extendedLengthBytes !== 0 && index === 1 + facts.extendedLengthBytes) facts.payloadLength = readExtendedLength(header, facts.extendedLengthBytes);
}

/** The header byte whose arrival completes the payload length: 1, 3 or 9. */
export function lengthFieldEnd(facts: HeaderFacts): number {
  return 1 + facts.extendedLengthBytes;
}

function readExtendedLength(header: Uint8Array, bytes: 2 | 8): number {
  if (bytes === 2) return (header[2] << 8) | header[3];
  // Two 32-bit halves: a JS number holds any length below 2^53 exactly.
  const high = ((header[2] << 24) | (header[3] << 16) | (header[4] << 8) | header[5]) >>> 0;
  const low = ((header[6] << 24) | (header[7] << 16) | (header[8] << 8) | header[9]) >>> 0;
  return high * 2 ** 32 + low;
}

/** The masking key's bytes, once the whole header arrived and MASK is set. */
export function maskingKeyOf(facts: HeaderFacts, header: Uint8Array): Uint8Array | null {
  if (!facts.masked) return null;
  return header.slice(facts.headerLength - MASKING_KEY_LENGTH, facts.headerLength);
}

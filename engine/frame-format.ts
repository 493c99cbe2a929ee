// RFC 6455 section 5.2, the base framing protocol, as named constants:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-------+-+-------------+-------------------------------+
//  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//  | |1|2|3|       |K|             |                               |
//  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +

export const FIN_BIT = 0x80;
export const RSV1_BIT = 0x40;
export const RSV2_BIT = 0x20;
export const RSV3_BIT = 0x10;
export const OPCODE_BITS = 0x0f;
export const MASK_BIT = 0x80;
export const PAYLOAD_LENGTH_BITS = 0x7f;

/** A 7-bit length of 126 means "the next 2 bytes hold the length". */
export const LENGTH_16_MARKER = 126;
/** A 7-bit length of 127 means "the next 8 bytes hold the length". */
export const LENGTH_64_MARKER = 127;
export const MAX_7_BIT_LENGTH = 125;
export const MAX_16_BIT_LENGTH = 0xffff;

/** 5.5: "All control frames MUST have a payload length of 125 bytes or less". */
export const MAX_CONTROL_PAYLOAD = 125;
/** 5.5.1: a close reason fits in a control frame after the 2-byte code. */
export const MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

export const MASKING_KEY_LENGTH = 4;

/**
 * Lengths above 2^53 - 1 cannot be held exactly in a JavaScript number; no
 * real message comes near it, so such a claim is refused (as ws does).
 */
export const MAX_SAFE_PAYLOAD_LENGTH = Number.MAX_SAFE_INTEGER;

/** Header size for a payload length: 2 bytes, +2 or +8 for the extended length, +4 with a mask. */
export function headerLength(payloadLength: number, masked: boolean): number {
  const extended = payloadLength <= MAX_7_BIT_LENGTH ? 0 : payloadLength <= MAX_16_BIT_LENGTH ? 2 : 8;
  return 2 + extended + (masked ? MASKING_KEY_LENGTH : 0);
}

// The annotated decoder: bytes → frames explained field by field, with every
// rule they break. It is for people (the CLI, the UI, lessons), so unlike the
// streaming parser it keeps going after a problem and reports them all, the
// way gorilla's advanceFrame() walks its numbered steps.

import { closeCodeInfo, parseClosePayload } from './close';
import type {
  AnnotatedFrame,
  CloseDetails,
  DecodeOptions,
  DecodeResult,
  FrameField,
  ReassembledMessage,
  Remainder,
} from './frame-model';
import {
  FIN_BIT,
  LENGTH_16_MARKER,
  LENGTH_64_MARKER,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  MAX_16_BIT_LENGTH,
  MAX_7_BIT_LENGTH,
  MAX_CONTROL_PAYLOAD,
  OPCODE_BITS,
  PAYLOAD_LENGTH_BITS,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './frame-format';
import { concatBytes } from './concat-bytes';
import { bytesToHex } from './hex';
import { applyMask } from './mask';
import { Opcode, isControlOpcode, opcodeInfo } from './opcode';
import { CloseCode, type Problem, problemAt } from './problem';
import { Utf8Validator } from './utf8';

/** The first two bytes and the extended length, read but not yet judged. */
interface Header {
  fin: boolean;
  rsv: [boolean, boolean, boolean];
  opcode: number;
  masked: boolean;
  /** The 7-bit length field as sent (0–127). */
  length7: number;
  /** 0, 2 or 8 bytes of extended length. */
  extendedBytes: 0 | 2 | 8;
  payloadLength: number;
  /** 64-bit length with its most significant bit set (5.2 forbids it). */
  lengthMsbSet: boolean;
  headerLength: number;
  maskingKey: Uint8Array | null;
}

type HeaderRead = { complete: true; header: Header } | { complete: false; needed: number; waitingFor: string };

/** Decodes the first frame of `bytes`, or null when the input ends inside it. */
export function decodeFrame(bytes: Uint8Array, options: DecodeOptions = {}): AnnotatedFrame | null {
  return decodeFrames(bytes, options).frames[0] ?? null;
}

/**
 * Decodes every frame in `bytes`, one after another, and puts fragmented
 * messages back together. Never throws: a problem is reported on the frame
 * where it sits, and input that ends inside a frame becomes the remainder.
 */
export function decodeFrames(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const frames: AnnotatedFrame[] = [];
  const messages: ReassembledMessage[] = [];
  const assembler = new MessageTracker(messages);
  let offset = 0;

  while (offset < bytes.length) {
    const read = readHeader(bytes, offset);
    if (!read.complete) {
      return { frames, messages, remainder: { offset, needed: read.needed, waitingFor: read.waitingFor } };
    }
    const { header } = read;
    const available = bytes.length - offset - header.headerLength;
    const lengthUnusable = header.lengthMsbSet || header.payloadLength > Number.MAX_SAFE_INTEGER;
    const headerProblems = judgeHeader(header, offset, options);
    const cutShort = available < header.payloadLength;

    if (cutShort && !lengthUnusable && !headerProblems.some((p) => p.closeCode !== null)) {
      return { frames, messages, remainder: payloadRemainder(offset, header, available) };
    }

    const frame = annotate(bytes, offset, header, headerProblems, cutShort);
    if (!cutShort) assembler.add(frame, frames.length);
    frames.push(frame);
    if (cutShort) break; // a receiver fails here; nothing after this can be framed
    offset += frame.length;
  }
  assembler.finish();
  return { frames, messages, remainder: null };
}

function readHeader(bytes: Uint8Array, offset: number): HeaderRead {
  const available = bytes.length - offset;
  if (available < 2) return { complete: false, needed: 2 - available, waitingFor: 'the second byte of the frame header (MASK bit and 7-bit length)' };
  const b0 = bytes[offset];
  const b1 = bytes[offset + 1];
  const masked = (b1 & MASK_BIT) !== 0;
  const length7 = b1 & PAYLOAD_LENGTH_BITS;
  const extendedBytes = length7 === LENGTH_16_MARKER ? 2 : length7 === LENGTH_64_MARKER ? 8 : 0;
  const headerLength = 2 + extendedBytes + (masked ? MASKING_KEY_LENGTH : 0);
  if (available < 2 + extendedBytes) {
    const missing = 2 + extendedBytes - available;
    return { complete: false, needed: headerLength - available, waitingFor: `${missing} more byte${missing > 1 ? 's' : ''} of the ${extendedBytes * 8}-bit extended payload length` };
  }
  if (available < headerLength) {
    const missing = headerLength - available;
    return { complete: false, needed: missing, waitingFor: `${missing} more byte${missing > 1 ? 's' : ''} of the masking key` };
  }

  let payloadLength = length7;
  let lengthMsbSet = false;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, headerLength);
  if (extendedBytes === 2) payloadLength = view.getUint16(2);
  if (extendedBytes === 8) {
    const high = view.getUint32(2);
    lengthMsbSet = (high & 0x80000000) !== 0;
    payloadLength = high * 2 ** 32 + view.getUint32(6);
  }
  const keyStart = offset + 2 + extendedBytes;
  return {
    complete: true,
    header: {
      fin: (b0 & FIN_BIT) !== 0,
      rsv: [(b0 & RSV1_BIT) !== 0, (b0 & RSV2_BIT) !== 0, (b0 & RSV3_BIT) !== 0],
      opcode: b0 & OPCODE_BITS,
      masked,
      length7,
      extendedBytes,
      payloadLength,
      lengthMsbSet,
      headerLength,
      maskingKey: masked ? bytes.slice(keyStart, keyStart + MASKING_KEY_LENGTH) : null,
    },
  };
}

function payloadRemainder(offset: number, header: Header, available: number): Remainder {
  const needed = header.payloadLength - available;
  return { offset, needed, waitingFor: `${needed} more byte${needed === 1 ? '' : 's'} of payload (${available} of ${header.payloadLength} arrived)` };
}

/** The header rules of 5.1, 5.2 and 5.5, each checked where its bits sit. */
function judgeHeader(header: Header, offset: number, options: DecodeOptions): Problem[] {
  const problems: Problem[] = [];
  const negotiated = [options.negotiatedRsv?.rsv1, options.negotiatedRsv?.rsv2, options.negotiatedRsv?.rsv3];
  header.rsv.forEach((set, i) => {
    if (set && !negotiated[i]) {
      problems.push(problemAt('rsv-without-extension', CloseCode.ProtocolError,
        `RSV${i + 1} is set but no extension that defines it was negotiated`, offset, 1 + i, '5.2'));
    }
  });
  const opcode = opcodeInfo(header.opcode);
  if (opcode.reserved) {
    problems.push(problemAt('reserved-opcode', CloseCode.ProtocolError,
      `opcode 0x${header.opcode.toString(16)} is reserved for further ${opcode.control ? 'control' : 'non-control'} frames`, offset, 4, '5.2'));
  }
  if (opcode.control && !header.fin) {
    problems.push(problemAt('fragmented-control-frame', CloseCode.ProtocolError,
      `${opcode.name} is a control frame and must not be fragmented, but FIN is 0`, offset, 0, '5.5'));
  }
  if (opcode.control && header.payloadLength > MAX_CONTROL_PAYLOAD) {
    problems.push(problemAt('control-frame-too-long', CloseCode.ProtocolError,
      `${opcode.name} is a control frame with a ${header.payloadLength}-byte payload; control payloads are at most ${MAX_CONTROL_PAYLOAD} bytes`, offset + 1, 1, '5.5'));
  }
  if (header.lengthMsbSet) {
    problems.push(problemAt('length-most-significant-bit', CloseCode.ProtocolError,
      'the most significant bit of a 64-bit payload length must be 0', offset + 2, 0, '5.2'));
  } else if (header.payloadLength > Number.MAX_SAFE_INTEGER) {
    problems.push(problemAt('length-beyond-2-53', CloseCode.MessageTooBig,
      `a payload length of ${header.payloadLength} is beyond 2^53 - 1, more than any endpoint can hold`, offset + 2, 0, '10.4'));
  }
  if (header.extendedBytes === 2 && header.payloadLength <= MAX_7_BIT_LENGTH) {
    problems.push(problemAt('non-minimal-length', null,
      `a ${header.payloadLength}-byte length fits in 7 bits but was sent in the 16-bit extended length; the minimal encoding MUST be used`, offset + 1, 1, '5.2'));
  }
  if (header.extendedBytes === 8 && !header.lengthMsbSet && header.payloadLength <= MAX_16_BIT_LENGTH) {
    problems.push(problemAt('non-minimal-length', null,
      `a ${header.payloadLength}-byte length fits in ${header.payloadLength <= MAX_7_BIT_LENGTH ? '7' : '16'} bits but was sent in the 64-bit extended length; the minimal encoding MUST be used`, offset + 1, 1, '5.2'));
  }
  if (options.from === 'client' && !header.masked) {
    problems.push(problemAt('unmasked-client-frame', CloseCode.ProtocolError,
      'a client must mask every frame it sends to the server, but MASK is 0', offset + 1, 0, '5.1'));
  }
  if (options.from === 'server' && header.masked) {
    problems.push(problemAt('masked-server-frame', CloseCode.ProtocolError,
      'a server must not mask any frame it sends to a client, but MASK is 1', offset + 1, 0, '5.1'));
  }
  return problems;
}

function annotate(bytes: Uint8Array, offset: number, header: Header, problems: Problem[], truncated: boolean): AnnotatedFrame {
  const payloadStart = offset + header.headerLength;
  const payloadEnd = truncated ? bytes.length : payloadStart + header.payloadLength;
  const wirePayload = bytes.slice(payloadStart, payloadEnd);
  const payload = header.maskingKey ? applyMask(wirePayload, header.maskingKey) : wirePayload;
  const opcode = opcodeInfo(header.opcode);

  let close: CloseDetails | null = null;
  if (header.opcode === Opcode.Close && payload.length > 0 && !truncated) {
    const parsed = parseClosePayload(payload);
    for (const p of parsed.problems) problems.push(problemAt(p.kind, p.closeCode, p.message, payloadStart + p.offset, 0, p.rfc));
    close = {
      code: parsed.code,
      reason: parsed.reason,
      meaning: parsed.code === null ? 'malformed: a close body is empty or starts with a 2-byte code' : describeCloseCode(parsed.code),
    };
  }

  return {
    offset,
    length: header.headerLength + header.payloadLength,
    headerLength: header.headerLength,
    fin: header.fin,
    rsv1: header.rsv[0],
    rsv2: header.rsv[1],
    rsv3: header.rsv[2],
    opcode: header.opcode,
    opcodeName: opcode.name,
    masked: header.masked,
    payloadLength: header.payloadLength,
    maskingKey: header.maskingKey,
    truncated,
    wirePayload,
    payload,
    text: header.opcode === Opcode.Text && !truncated ? decodeUtf8OrNull(payload) : null,
    close,
    fields: describeFields(bytes, offset, header),
    problems,
  };
}

function describeCloseCode(code: number): string {
  const info = closeCodeInfo(code);
  return `${info.name}: ${info.meaning}`;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8OrNull(bytes: Uint8Array): string | null {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    return null;
  }
}

function bitsOf(bytes: Uint8Array, frameOffset: number, bitOffset: number, bitLength: number): string {
  let bits = '';
  for (let i = bitOffset; i < bitOffset + bitLength; i++) {
    const byte = bytes[frameOffset + (i >> 3)];
    bits += (byte >> (7 - (i & 7))) & 1;
  }
  return bits;
}

/** Every header field as the RFC 5.2 diagram draws it, with its value and meaning. */
function describeFields(bytes: Uint8Array, offset: number, header: Header): FrameField[] {
  const field = (name: FrameField['name'], bitOffset: number, bitLength: number, value: number | string, meaning: string, rfc: string): FrameField => ({
    name, bitOffset, bitLength, bits: name === 'payload' ? '' : bitsOf(bytes, offset, bitOffset, bitLength), value, meaning, rfc,
  });
  const opcode = opcodeInfo(header.opcode);
  const fields: FrameField[] = [
    field('FIN', 0, 1, header.fin ? 1 : 0, header.fin ? 'final fragment: this frame ends its message' : 'more fragments of this message follow', '5.2'),
    ...header.rsv.map((set, i) =>
      field(`RSV${i + 1}` as FrameField['name'], 1 + i, 1, set ? 1 : 0,
        set ? (i === 0 ? 'set: only meaningful if an extension (e.g. permessage-deflate, RFC 7692) was negotiated' : 'set: only meaningful if a negotiated extension defines it')
          : 'reserved for extensions; 0 when none is negotiated', '5.2')),
    field('opcode', 4, 4, header.opcode, `0x${header.opcode.toString(16)} ${opcode.name}: ${opcode.meaning}`, opcode.rfc),
    field('MASK', 8, 1, header.masked ? 1 : 0, header.masked ? 'payload is masked with the 4-byte key that follows (every client-to-server frame)' : 'payload is not masked (every server-to-client frame)', '5.3'),
    field('payload length', 9, 7, header.length7,
      header.length7 === LENGTH_16_MARKER ? '126: the length is in the next 16 bits'
        : header.length7 === LENGTH_64_MARKER ? '127: the length is in the next 64 bits'
          : `${header.length7}: the payload is ${header.length7} byte${header.length7 === 1 ? '' : 's'}`, '5.2'),
  ];
  if (header.extendedBytes > 0) {
    fields.push(field('extended payload length', 16, header.extendedBytes * 8, header.payloadLength,
      `${header.payloadLength} bytes of payload (${header.extendedBytes * 8}-bit unsigned, network byte order)`, '5.2'));
  }
  if (header.maskingKey) {
    const keyHex = bytesToHex(header.maskingKey);
    fields.push(field('masking key', (2 + header.extendedBytes) * 8, 32, keyHex,
      `payload byte i is XORed with key byte i mod 4 (${keyHex.match(/../g)!.join(' ')})`, '5.3'));
  }
  fields.push(field('payload', header.headerLength * 8, header.payloadLength * 8, header.payloadLength,
    `${header.payloadLength} byte${header.payloadLength === 1 ? '' : 's'} of ${opcode.control ? 'control' : 'application'} data${header.masked ? ', masked' : ''}`, '5.2'));
  return fields;
}

/**
 * Follows data frames across the input (5.4): which message each belongs to,
 * the fragmentation rules, and UTF-8 validity across fragment boundaries.
 * Control frames may sit between fragments and are left alone.
 */
class MessageTracker {
  private current: { message: ReassembledMessage; chunks: Uint8Array[]; utf8: Utf8Validator | null } | null = null;

  constructor(private readonly messages: ReassembledMessage[]) {}

  add(frame: AnnotatedFrame, index: number): void {
    if (isControlOpcode(frame.opcode) || opcodeInfo(frame.opcode).reserved) return;
    const payloadStart = frame.offset + frame.headerLength;

    if (frame.opcode === Opcode.Continuation) {
      if (!this.current) {
        frame.problems.push(problemAt('continuation-without-message', CloseCode.ProtocolError,
          'continuation frame, but no fragmented message is in progress', frame.offset, 4, '5.4'));
        return;
      }
    } else {
      if (this.current) {
        frame.problems.push(problemAt('data-frame-inside-message', CloseCode.ProtocolError,
          `new ${frame.opcodeName} message while a fragmented ${this.current.message.opcodeName} message is unfinished: expected a continuation frame`, frame.offset, 4, '5.4'));
        this.close(false);
      }
      const message: ReassembledMessage = { opcode: frame.opcode, opcodeName: frame.opcodeName, frameIndexes: [], payload: new Uint8Array(0), text: null, complete: false };
      this.messages.push(message);
      this.current = { message, chunks: [], utf8: frame.opcode === Opcode.Text ? new Utf8Validator() : null };
    }

    const current = this.current!;
    current.message.frameIndexes.push(index);
    current.chunks.push(frame.payload);
    if (frame.opcode === Opcode.Continuation && current.utf8) frame.text = decodeUtf8OrNull(frame.payload);
    if (current.utf8) {
      // A bad byte is pinned where it sits; text that stops inside a code
      // point is pinned to the message's last byte.
      const badByte = current.utf8.push(frame.payload);
      const cutCodePoint = !badByte && frame.fin ? current.utf8.finish() : null;
      const failure = badByte ?? cutCodePoint;
      if (failure) {
        const at = badByte ? payloadStart + badByte.index : payloadStart + Math.max(frame.payload.length - 1, 0);
        frame.problems.push(problemAt('invalid-utf8', CloseCode.InvalidPayload, `text is not valid UTF-8: ${failure.reason}`, at, 0, '8.1'));
        current.utf8 = null; // reported once per message
      }
    }
    if (frame.fin) this.close(true);
  }

  finish(): void {
    if (this.current) this.close(false);
  }

  private close(complete: boolean): void {
    const { message, chunks, utf8 } = this.current!;
    message.payload = concatBytes(chunks);
    message.complete = complete;
    message.text = message.opcode === Opcode.Text && utf8 !== null && complete ? decodeUtf8OrNull(message.payload) : null;
    this.current = null;
  }
}

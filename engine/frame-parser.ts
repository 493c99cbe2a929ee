// The incremental frame parser: the receiving endpoint's fast path.
//
// Bytes arrive in whatever chunks TCP delivers, one byte at a time included;
// frames come out whole, unmasked into the parser's own buffer (the caller's
// chunk is never written to). Like ws's Receiver it walks named states
// (GET_INFO, GET_PAYLOAD_LENGTH_16/64, GET_MASK, GET_DATA), and each state is
// a public value so the UI can step the parser byte by byte and say what it
// waits for. Unlike engine/frame-decode.ts (for people) it builds no
// annotations and stops at the first broken rule: every rule is checked as
// soon as the byte that breaks it arrives, and everything after the first
// failure is discarded, as python-websockets does.
//
// Besides the header rules of RFC 6455 5.1, 5.2 and 5.5, the parser follows
// the frame stream's fragmentation state (5.4), because whether a
// continuation frame is allowed, and how big the message has grown, are
// known from the first byte and the length field: a message over the limit
// is refused before its excess is buffered.

import type { Direction } from './frame-model';
import {
  FIN_BIT,
  LENGTH_16_MARKER,
  LENGTH_64_MARKER,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  MAX_CONTROL_PAYLOAD,
  MAX_SAFE_PAYLOAD_LENGTH,
  OPCODE_BITS,
  PAYLOAD_LENGTH_BITS,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './frame-format';
import { maskInPlace } from './mask';
import { Opcode, isControlOpcode, isReservedOpcode, opcodeInfo } from './opcode';
import { CloseCode, type Problem, type ProblemKind, problemAt } from './problem';

/** 16 MiB: generous for an explorer, small enough that one peer cannot exhaust memory. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/** 2 bytes + 8 of extended length + 4 of masking key. */
const MAX_HEADER_LENGTH = 14;
const EMPTY = new Uint8Array(0);

export interface FrameParserOptions {
  /**
   * Who sends the bytes being parsed. Frames from a client must be masked,
   * frames from a server must not be (5.1). Absent: masking is not judged.
   */
  from?: Direction;
  /** Largest payload of a single frame; a longer one fails with 1009 before any of it is buffered. */
  maxFrameSize?: number;
  /** Largest data message (sum of its fragments); a longer one fails with 1009. */
  maxMessageSize?: number;
  /** RSV bits a negotiated extension gave meaning to (5.2, 9); others must be 0. */
  negotiatedRsv?: { rsv1?: boolean; rsv2?: boolean; rsv3?: boolean };
  /** Also hand out each frame's bytes exactly as they were on the wire (for traces). */
  keepWireBytes?: boolean;
}

/** What the header of a frame says. */
export interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskingKey: Uint8Array | null;
  payloadLength: number;
  headerLength: number;
  /** Where the frame's first byte sits in the whole stream pushed into the parser. */
  offset: number;
}

export interface ParsedFrame extends FrameHeader {
  /** Unmasked payload, in a buffer the parser allocated for this frame alone. */
  payload: Uint8Array;
  /** Header + payload as received (masked), when `keepWireBytes` was asked for; else null. */
  wire: Uint8Array | null;
}

export type ParserStateName = 'header' | 'length16' | 'length64' | 'mask' | 'payload' | 'failed';

/** Where the parser is, in words and numbers: what the UI shows between two bytes. */
export interface ParserState {
  readonly name: ParserStateName;
  /** Bytes still needed to leave this state (0 once failed). */
  readonly needed: number;
  readonly payloadReceived?: number;
  readonly payloadLength?: number;
  /** Bytes consumed from the stream so far. */
  readonly streamOffset: number;
  readonly description: string;
}

/** The rule the stream broke, and the bytes of the offending frame up to the byte that broke it. */
export interface ParserFailure {
  problem: Problem;
  /** The offending frame's bytes, from its first to the last one the parser read. */
  bytes: Uint8Array;
  /** Where the offending frame starts in the stream. */
  offset: number;
  fin: boolean;
  opcode: number;
  /** Known once the length field arrived. */
  payloadLength: number | null;
}

/** A frame whose payload is still arriving, and the part of it that did (unmasked). */
export interface PartialFrame {
  header: FrameHeader;
  /** The header as received; a view into the parser's buffer, valid until the next push. */
  headerBytes: Uint8Array;
  /** A view into the parser's buffer, valid until the next push. */
  payloadSoFar: Uint8Array;
}

type Phase = Exclude<ParserStateName, 'failed'>;

export class FrameParser {
  private readonly from: Direction | undefined;
  private readonly maxFrameSize: number;
  private readonly maxMessageSize: number;
  private readonly allowedRsvBits: number;
  private readonly keepWireBytes: boolean;

  private phase: Phase = 'header';
  private failed: ParserFailure | null = null;
  /** Bytes consumed from the stream so far. */
  private consumed = 0;
  private lastPushConsumed = 0;

  // The frame in progress.
  private readonly headerBytes = new Uint8Array(MAX_HEADER_LENGTH);
  private headerFill = 0;
  /** Header length once byte 1 told how long the extended length and key are. */
  private headerLength = 2;
  private frameOffset = 0;
  /** Built once the header is complete, with every field, so its shape never changes (the hot path). */
  private frame: ParsedFrame | null = null;
  private payloadReceived = 0;
  /** The frame's payload length once its length field arrived. */
  private lengthSoFar: number | null = null;

  // The message in progress (5.4): a data frame with FIN 0 opens it.
  private messageInProgress = false;
  private messageLength = 0;

  constructor(options: FrameParserOptions = {}) {
    this.from = options.from;
    this.maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    if (!(this.maxFrameSize >= 0) || !(this.maxMessageSize >= 0)) throw new RangeError('frame and message size limits must be non-negative numbers');
    const rsv = options.negotiatedRsv ?? {};
    this.allowedRsvBits = (rsv.rsv1 ? RSV1_BIT : 0) | (rsv.rsv2 ? RSV2_BIT : 0) | (rsv.rsv3 ? RSV3_BIT : 0);
    this.keepWireBytes = options.keepWireBytes ?? false;
  }

  /** The first rule the stream broke, or null. Once set, push() ignores everything. */
  get failure(): ParserFailure | null {
    return this.failed;
  }

  /** True while a fragmented data message has started and its final frame has not arrived. */
  get insideMessage(): boolean {
    return this.messageInProgress;
  }

  /** The frame whose payload is arriving, or null between frames and in the header. */
  get partialFrame(): PartialFrame | null {
    if (this.failed || this.phase !== 'payload' || !this.frame) return null;
    return {
      header: this.frame,
      headerBytes: this.headerBytes.subarray(0, this.frame.headerLength),
      payloadSoFar: this.frame.payload.subarray(0, this.payloadReceived),
    };
  }

  get state(): ParserState {
    const streamOffset = this.consumed;
    if (this.failed) {
      return { name: 'failed', needed: 0, streamOffset, description: `failed: ${this.failed.problem.message}; the rest of the stream is discarded` };
    }
    switch (this.phase) {
      case 'header': {
        const needed = 2 - this.headerFill;
        const description = needed === 2
          ? 'waiting for the first 2 bytes of a frame header (FIN, RSV1-3, opcode, MASK, 7-bit length)'
          : 'waiting for 1 more byte of the frame header (MASK bit and 7-bit length)';
        return { name: 'header', needed, streamOffset, description };
      }
      case 'length16':
      case 'length64': {
        const bits = this.phase === 'length16' ? 16 : 64;
        const needed = 2 + bits / 8 - this.headerFill;
        return { name: this.phase, needed, streamOffset, description: `waiting for ${plural(needed, 'byte')} of the ${bits}-bit extended payload length` };
      }
      case 'mask': {
        const needed = this.headerLength - this.headerFill;
        return { name: 'mask', needed, streamOffset, description: `waiting for ${plural(needed, 'byte')} of the masking key` };
      }
      case 'payload': {
        const payloadLength = this.frame!.payloadLength;
        const needed = payloadLength - this.payloadReceived;
        return {
          name: 'payload',
          needed,
          payloadReceived: this.payloadReceived,
          payloadLength,
          streamOffset,
          description: `reading payload: ${this.payloadReceived} of ${plural(payloadLength, 'byte')} received, waiting for ${needed} more`,
        };
      }
    }
  }

  /**
   * Parses the next chunk, of any size. Returns the frames it completed, in
   * order. Never throws on bad input: check `failure` afterwards; the frames
   * returned are those that were whole before the failure. With maxFrames it
   * stops after that many frames; consumedByLastPush says where.
   */
  push(chunk: Uint8Array, maxFrames = Infinity): ParsedFrame[] {
    const frames: ParsedFrame[] = [];
    let i = 0;
    while (i < chunk.length && !this.failed && frames.length < maxFrames) {
      if (this.phase === 'payload') {
        const frame = this.frame!;
        const take = Math.min(frame.payloadLength - this.payloadReceived, chunk.length - i);
        copyUnmasked(chunk, i, take, frame.payload, this.payloadReceived, frame.maskingKey);
        this.payloadReceived += take;
        this.consumed += take;
        i += take;
        if (this.payloadReceived === this.frame!.payloadLength) frames.push(this.completeFrame());
        continue;
      }
      // Header bytes: at most 14 per frame, taken one at a time so each rule
      // is judged the moment its byte arrives.
      this.headerBytes[this.headerFill++] = chunk[i++];
      this.consumed++;
      const frame = this.headerByteArrived();
      if (frame) frames.push(frame);
    }
    this.lastPushConsumed = i;
    return frames;
  }

  /**
   * Bytes of the last chunk that push() consumed: all of it, unless it
   * stopped at maxFrames (the rest is the caller's to push again) or failed.
   */
  get consumedByLastPush(): number {
    return this.lastPushConsumed;
  }

  /** Judges the header byte just stored; returns a frame when it completed an empty-payload frame. */
  private headerByteArrived(): ParsedFrame | null {
    const at = this.headerFill - 1;
    if (this.phase === 'header') {
      if (at === 0) {
        this.frameOffset = this.consumed - 1;
        this.checkFirstByte();
        return null;
      }
      return this.checkSecondByte();
    }
    if (this.phase === 'length16' || this.phase === 'length64') {
      // 5.2: "the most significant bit MUST be 0" in the 64-bit length.
      if (this.phase === 'length64' && at === 2 && (this.headerBytes[2] & 0x80) !== 0) {
        this.fail('length-most-significant-bit', CloseCode.ProtocolError, 'the most significant bit of a 64-bit payload length must be 0', 2, 0, '5.2');
        return null;
      }
      const lengthEnd = this.phase === 'length16' ? 4 : 10;
      if (this.headerFill < lengthEnd) return null;
      const view = new DataView(this.headerBytes.buffer, 2, lengthEnd - 2);
      const payloadLength = this.phase === 'length16' ? view.getUint16(0) : view.getUint32(0) * 2 ** 32 + view.getUint32(4);
      return this.lengthKnown(payloadLength, 2);
    }
    // 'mask'
    if (this.headerFill < this.headerLength) return null;
    return this.headerComplete();
  }

  /** Byte 0: FIN, RSV1-3 and the opcode (5.2), and where the frame stands in its message (5.4). */
  private checkFirstByte(): void {
    const b0 = this.headerBytes[0];
    const rsvBits = [RSV1_BIT, RSV2_BIT, RSV3_BIT];
    for (let bit = 0; bit < 3; bit++) {
      if ((b0 & rsvBits[bit]) !== 0 && (this.allowedRsvBits & rsvBits[bit]) === 0) {
        this.fail('rsv-without-extension', CloseCode.ProtocolError, `RSV${bit + 1} is set but no extension that defines it was negotiated`, 0, 1 + bit, '5.2');
        return;
      }
    }
    const opcode = b0 & OPCODE_BITS;
    const fin = (b0 & FIN_BIT) !== 0;
    if (isReservedOpcode(opcode)) {
      const control = isControlOpcode(opcode);
      this.fail('reserved-opcode', CloseCode.ProtocolError, `opcode 0x${opcode.toString(16)} is reserved for further ${control ? 'control' : 'non-control'} frames`, 0, 4, '5.2');
      return;
    }
    if (isControlOpcode(opcode)) {
      // 5.5: "All control frames ... MUST NOT be fragmented."
      if (!fin) this.fail('fragmented-control-frame', CloseCode.ProtocolError, `${opcodeInfo(opcode).name} is a control frame and must not be fragmented, but FIN is 0`, 0, 0, '5.2');
      return;
    }
    // 5.4: fragments of one message are sent in order, and not interleaved with another message.
    if (opcode === Opcode.Continuation && !this.messageInProgress) {
      this.fail('continuation-without-message', CloseCode.ProtocolError, 'continuation frame, but no fragmented message is in progress', 0, 4, '5.4');
    } else if (opcode !== Opcode.Continuation && this.messageInProgress) {
      this.fail('data-frame-inside-message', CloseCode.ProtocolError,
        `new ${opcodeInfo(opcode).name} message while a fragmented message is unfinished: expected a continuation frame`, 0, 4, '5.4');
    }
  }

  /** Byte 1: MASK (5.1, 5.3) and the 7-bit length (5.2, 5.5). */
  private checkSecondByte(): ParsedFrame | null {
    const masked = this.isMaskBitSet();
    if (this.from === 'client' && !masked) {
      this.fail('unmasked-client-frame', CloseCode.ProtocolError, 'a client must mask every frame it sends to the server, but MASK is 0', 1, 0, '5.1');
      return null;
    }
    if (this.from === 'server' && masked) {
      this.fail('masked-server-frame', CloseCode.ProtocolError, 'a server must not mask any frame it sends to a client, but MASK is 1', 1, 0, '5.1');
      return null;
    }
    const length7 = this.headerBytes[1] & PAYLOAD_LENGTH_BITS;
    const opcode = this.headerBytes[0] & OPCODE_BITS;
    if (isControlOpcode(opcode) && length7 > MAX_CONTROL_PAYLOAD) {
      this.fail('control-frame-too-long', CloseCode.ProtocolError,
        `${opcodeInfo(opcode).name} is a control frame with a payload length over ${MAX_CONTROL_PAYLOAD}`, 1, 1, '5.5');
      return null;
    }
    const keyLength = masked ? MASKING_KEY_LENGTH : 0;
    if (length7 === LENGTH_16_MARKER) {
      this.headerLength = 4 + keyLength;
      this.phase = 'length16';
      return null;
    }
    if (length7 === LENGTH_64_MARKER) {
      this.headerLength = 10 + keyLength;
      this.phase = 'length64';
      return null;
    }
    this.headerLength = 2 + keyLength;
    return this.lengthKnown(length7, 1);
  }

  /** The payload length is known: refuse it before buffering anything if it is too big. */
  private lengthKnown(payloadLength: number, lengthByte: number): ParsedFrame | null {
    this.lengthSoFar = payloadLength;
    const lengthBit = lengthByte === 1 ? 1 : 0;
    if (payloadLength > MAX_SAFE_PAYLOAD_LENGTH) {
      this.fail('length-beyond-2-53', CloseCode.MessageTooBig, `a payload length of ${payloadLength} is beyond 2^53 - 1, more than any endpoint can hold`, lengthByte, lengthBit, '10.4');
      return null;
    }
    // 10.4: "implementations SHOULD impose a limit on frame sizes and the total message size".
    if (payloadLength > this.maxFrameSize) {
      this.fail('frame-too-big', CloseCode.MessageTooBig, `frame payload of ${payloadLength} bytes is over the ${this.maxFrameSize}-byte frame limit`, lengthByte, lengthBit, '10.4');
      return null;
    }
    const opcode = this.headerBytes[0] & OPCODE_BITS;
    if (!isControlOpcode(opcode) && this.messageLength + payloadLength > this.maxMessageSize) {
      this.fail('message-too-big', CloseCode.MessageTooBig,
        `message would grow to ${this.messageLength + payloadLength} bytes, over the ${this.maxMessageSize}-byte message limit`, lengthByte, lengthBit, '10.4');
      return null;
    }
    this.phase = 'mask';
    if (this.headerFill < this.headerLength) return null;
    return this.headerComplete();
  }

  private headerComplete(): ParsedFrame | null {
    const b0 = this.headerBytes[0];
    const masked = this.isMaskBitSet();
    const payloadLength = this.lengthSoFar!;
    this.frame = {
      fin: (b0 & FIN_BIT) !== 0,
      rsv1: (b0 & RSV1_BIT) !== 0,
      rsv2: (b0 & RSV2_BIT) !== 0,
      rsv3: (b0 & RSV3_BIT) !== 0,
      opcode: b0 & OPCODE_BITS,
      masked,
      maskingKey: masked ? this.headerBytes.slice(this.headerLength - MASKING_KEY_LENGTH, this.headerLength) : null,
      payloadLength,
      headerLength: this.headerLength,
      offset: this.frameOffset,
      payload: payloadLength === 0 ? EMPTY : new Uint8Array(payloadLength),
      wire: null,
    };
    this.payloadReceived = 0;
    this.phase = 'payload';
    return payloadLength === 0 ? this.completeFrame() : null;
  }

  private completeFrame(): ParsedFrame {
    const frame = this.frame!;
    if (this.keepWireBytes) {
      const wire = new Uint8Array(frame.headerLength + frame.payloadLength);
      wire.set(this.headerBytes.subarray(0, frame.headerLength));
      wire.set(frame.payload, frame.headerLength);
      if (frame.maskingKey) maskInPlace(wire.subarray(frame.headerLength), frame.maskingKey);
      frame.wire = wire;
    }
    if (!isControlOpcode(frame.opcode)) {
      this.messageInProgress = !frame.fin;
      this.messageLength = frame.fin ? 0 : this.messageLength + frame.payloadLength;
    }
    this.frame = null;
    this.payloadReceived = 0;
    this.headerFill = 0;
    this.headerLength = 2;
    this.lengthSoFar = null;
    this.phase = 'header';
    return frame;
  }

  private isMaskBitSet(): boolean {
    return this.headerFill >= 2 && (this.headerBytes[1] & MASK_BIT) !== 0;
  }

  /** `byteInFrame`/`bitInByte` locate the offending bits within the frame. */
  private fail(kind: ProblemKind, closeCode: number, message: string, byteInFrame: number, bitInByte: number, rfc: string): void {
    const b0 = this.headerBytes[0];
    this.failed = {
      problem: problemAt(kind, closeCode, message, this.frameOffset + byteInFrame, bitInByte, rfc),
      bytes: this.headerBytes.slice(0, this.headerFill),
      offset: this.frameOffset,
      fin: (b0 & FIN_BIT) !== 0,
      opcode: b0 & OPCODE_BITS,
      payloadLength: this.lengthSoFar,
    };
    this.frame = null;
  }
}

/** Below this many bytes a plain loop beats creating typed-array views for set() and maskInPlace(). */
const SMALL_COPY = 64;

/**
 * Copies `length` bytes of `source` into the payload, unmasking them on the
 * way (5.3) so a partial payload is already readable; the key is applied as
 * if the bytes started `at` bytes into the payload.
 */
function copyUnmasked(source: Uint8Array, from: number, length: number, payload: Uint8Array, at: number, maskingKey: Uint8Array | null): void {
  if (length < SMALL_COPY) {
    if (maskingKey) for (let j = 0; j < length; j++) payload[at + j] = source[from + j] ^ maskingKey[(at + j) & 3];
    else for (let j = 0; j < length; j++) payload[at + j] = source[from + j];
    return;
  }
  const target = payload.subarray(at, at + length);
  target.set(source.subarray(from, from + length));
  if (maskingKey) maskInPlace(target, maskingKey, at);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

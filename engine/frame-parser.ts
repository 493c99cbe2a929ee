// The incremental frame parser: the receiving endpoint's fast path.
//
// Bytes arrive in whatever chunks TCP delivers, one byte at a time included;
// frames come out whole, unmasked into the parser's own buffer (the caller's
// chunk is never written to). Like ws's Receiver it walks named states
// (GET_INFO, GET_PAYLOAD_LENGTH_16/64, GET_MASK, GET_DATA), and each state is
// a public value so the UI can step the parser byte by byte and say what it
// waits for. Unlike engine/frame-decode.ts (for people) it builds no
// annotations and stops at the first broken rule: every rule of
// engine/frame-rules.ts is checked as soon as the byte that breaks it
// arrives, and everything after the first failure is discarded, as
// python-websockets does.
//
// Besides the header rules of RFC 6455 5.1, 5.2 and 5.5, the parser follows
// the frame stream's fragmentation state (5.4), because whether a
// continuation frame is allowed, and how big the message has grown, are
// known from the first byte and the length field: a message over the limit
// is refused before its excess is buffered.

import type { Direction } from './frame-model';
import { BytePool } from './byte-pool';
import { MASKING_KEY_LENGTH } from './frame-format';
import { type HeaderFacts, emptyHeaderFacts, lengthFieldEnd, readHeaderByte } from './frame-header';
import { CompiledRules, frameCompleted, newStreamContext, problemFor, type StreamContext } from './frame-rules';
import { copyMasked, maskInPlace, viewOf } from './mask';
import { isControlOpcode } from './opcode';
import type { Problem } from './problem';

/** 16 MiB: generous for an explorer, small enough that one peer cannot exhaust memory. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/** Payloads up to this size get their whole buffer at once; longer ones grow as their bytes arrive. */
const EAGER_PAYLOAD_BYTES = 64 * 1024;
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
  /** permessage-deflate is in use: RSV1 marks compressed messages, never control frames or continuations (RFC 7692 6.1). */
  compressedMessages?: boolean;
  /** Also hand out each frame's bytes exactly as they were on the wire (for traces). */
  keepWireBytes?: boolean;
  /**
   * The caller gives its chunks away (a server's socket reads): a payload that
   * lies whole in one chunk is unmasked where it lies and handed out as a
   * view of the chunk, with no copy. Default false: chunks are never written.
   */
  borrowChunks?: boolean;
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
  /** Unmasked payload: in a buffer the parser allocated for this frame alone, or, with borrowChunks, a view of the chunk it arrived in. */
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
  private readonly context: StreamContext;
  private readonly rules: CompiledRules;
  /** Where small payloads and masking keys come from. */
  private readonly pool = new BytePool();
  private readonly keepWireBytes: boolean;
  private readonly borrowChunks: boolean;

  private phase: Phase = 'header';
  private failed: ParserFailure | null = null;
  /** Bytes consumed from the stream so far. */
  private consumed = 0;
  private lastPushConsumed = 0;

  // The frame in progress: its header bytes, and what they said so far.
  private readonly headerBytes = new Uint8Array(MAX_HEADER_LENGTH);
  private readonly header: HeaderFacts = emptyHeaderFacts();
  private frameOffset = 0;
  /** Built once the header is complete, with every field, so its shape never changes (the hot path). */
  private frame: ParsedFrame | null = null;
  private payloadReceived = 0;

  constructor(options: FrameParserOptions = {}) {
    this.context = newStreamContext({
      from: options.from,
      negotiatedRsv: options.negotiatedRsv,
      compressedMessages: options.compressedMessages,
      maxFrameSize: options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
      maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    });
    this.rules = new CompiledRules(this.context);
    this.keepWireBytes = options.keepWireBytes ?? false;
    this.borrowChunks = options.borrowChunks ?? false;
  }

  /** The first rule the stream broke, or null. Once set, push() ignores everything. */
  get failure(): ParserFailure | null {
    return this.failed;
  }

  /** True while a fragmented data message has started and its final frame has not arrived. */
  get insideMessage(): boolean {
    return this.context.messageOpcode !== null;
  }

  /** Bytes the parser holds for the frame whose payload is arriving (what it allocated so far). */
  get bufferedBytes(): number {
    return this.frame && !this.failed ? this.frame.payload.length : 0;
  }

  /** Payload bytes of a data frame that have arrived while the rest has not (0 between frames). */
  get dataPayloadReceived(): number {
    return this.frame && !this.failed && !isControlOpcode(this.frame.opcode) ? this.payloadReceived : 0;
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
    const { bytesRead, headerLength } = this.header;
    switch (this.phase) {
      case 'header': {
        const needed = 2 - bytesRead;
        const description = needed === 2
          ? 'waiting for the first 2 bytes of a frame header (FIN, RSV1-3, opcode, MASK, 7-bit length)'
          : 'waiting for 1 more byte of the frame header (MASK bit and 7-bit length)';
        return { name: 'header', needed, streamOffset, description };
      }
      case 'length16':
      case 'length64': {
        const bits = this.phase === 'length16' ? 16 : 64;
        const needed = 2 + bits / 8 - bytesRead;
        return { name: this.phase, needed, streamOffset, description: `waiting for ${plural(needed, 'byte')} of the ${bits}-bit extended payload length` };
      }
      case 'mask': {
        const needed = headerLength - bytesRead;
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
        if (this.borrowChunks && this.payloadReceived === 0 && take === frame.payloadLength) {
          // The whole payload is in this chunk, which the caller gave away: unmask it where it lies.
          frame.payload = viewOf(chunk, i, take);
          if (frame.maskingKey) maskInPlace(frame.payload, frame.maskingKey);
        } else {
          if (this.payloadReceived + take > frame.payload.length) this.growPayload(this.payloadReceived + take);
          if (frame.maskingKey) copyMasked(chunk, i, take, frame.payload, this.payloadReceived, frame.maskingKey, this.payloadReceived);
          else copyPlain(chunk, i, take, frame.payload, this.payloadReceived);
        }
        this.payloadReceived += take;
        this.consumed += take;
        i += take;
        if (this.payloadReceived === this.frame!.payloadLength) frames.push(this.completeFrame());
        continue;
      }
      if (this.phase === 'mask' && chunk.length - i >= this.header.headerLength - this.header.bytesRead) {
        // The masking key has no rule of its own: all of it at once.
        const missing = this.header.headerLength - this.header.bytesRead;
        for (let k = 0; k < missing; k++) this.headerBytes[this.header.bytesRead + k] = chunk[i + k];
        this.header.bytesRead += missing;
        this.consumed += missing;
        i += missing;
        const frame = this.headerComplete();
        if (frame) frames.push(frame);
        continue;
      }
      // Header bytes: at most 10 before the key, taken one at a time so each
      // rule is judged the moment its byte arrives.
      const index = this.header.bytesRead;
      if (index === 0) this.frameOffset = this.consumed;
      this.headerBytes[index] = chunk[i++];
      this.consumed++;
      const frame = this.headerByteArrived(index);
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

  /** Learns and judges header byte `index`; returns a frame when it completed an empty-payload frame. */
  private headerByteArrived(index: number): ParsedFrame | null {
    const header = this.header;
    readHeaderByte(header, this.headerBytes, index);
    const broken = this.rules.firstBroken(index, header, this.headerBytes[index]);
    if (broken) {
      this.fail(problemFor(broken, header, this.context, this.frameOffset));
      return null;
    }
    if (index === 0) return null;
    if (index === 1) this.phase = header.extendedLengthBytes === 2 ? 'length16' : header.extendedLengthBytes === 8 ? 'length64' : 'mask';
    else if (index === lengthFieldEnd(header)) this.phase = 'mask';
    return header.bytesRead === header.headerLength ? this.headerComplete() : null;
  }

  private headerComplete(): ParsedFrame | null {
    const header = this.header;
    const payloadLength = header.payloadLength!;
    this.frame = {
      fin: header.fin,
      rsv1: header.rsv1,
      rsv2: header.rsv2,
      rsv3: header.rsv3,
      opcode: header.opcode,
      masked: header.masked,
      maskingKey: header.masked ? this.takeMaskingKey() : null,
      payloadLength,
      headerLength: header.headerLength,
      offset: this.frameOffset,
      // A claimed length is only a claim: past 64 KiB the buffer grows as the
      // bytes really arrive (growPayload), so a header alone reserves little;
      // a borrowing parser waits to see whether the chunk holds it all.
      payload: payloadLength === 0 || this.borrowChunks ? EMPTY : this.pool.take(Math.min(payloadLength, EAGER_PAYLOAD_BYTES)),
      wire: null,
    };
    this.payloadReceived = 0;
    this.phase = 'payload';
    return payloadLength === 0 ? this.completeFrame() : null;
  }

  /** The 4 key bytes at the end of the header, in an array of their own (from the pool). */
  private takeMaskingKey(): Uint8Array {
    const end = this.header.headerLength;
    const key = this.pool.take(MASKING_KEY_LENGTH);
    const bytes = this.headerBytes;
    key[0] = bytes[end - 4];
    key[1] = bytes[end - 3];
    key[2] = bytes[end - 2];
    key[3] = bytes[end - 1];
    return key;
  }

  /** Doubles the payload buffer (at most to the claimed length) so it holds `needed` bytes; the first one holds up to 64 KiB at once. */
  private growPayload(needed: number): void {
    const frame = this.frame!;
    const size = Math.min(frame.payloadLength, Math.max(needed, frame.payload.length * 2, EAGER_PAYLOAD_BYTES));
    // A borrowing parser's first buffer for a payload split across chunks: small ones from the pool, as a copying parser's are.
    const grown = frame.payload.length === 0 ? this.pool.take(size) : new Uint8Array(size);
    grown.set(frame.payload.subarray(0, this.payloadReceived));
    frame.payload = grown;
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
    frameCompleted(this.context, this.header);
    this.frame = null;
    this.payloadReceived = 0;
    this.header.bytesRead = 0;
    this.phase = 'header';
    return frame;
  }

  private fail(problem: Problem): void {
    this.failed = {
      problem,
      bytes: this.headerBytes.slice(0, this.header.bytesRead),
      offset: this.frameOffset,
      fin: this.header.fin,
      opcode: this.header.opcode,
      payloadLength: this.header.payloadLength,
    };
    this.frame = null;
  }
}

/** Below this many bytes a plain loop beats creating a typed-array view for set(). */
const SMALL_COPY = 64;

/** Copies `length` bytes of an unmasked payload from `source` into the payload at `at`. */
function copyPlain(source: Uint8Array, from: number, length: number, payload: Uint8Array, at: number): void {
  if (length < SMALL_COPY) for (let j = 0; j < length; j++) payload[at + j] = source[from + j];
  else payload.set(viewOf(source, from, length), at);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

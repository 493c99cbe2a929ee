// Puts data frames back together into messages (RFC 6455 5.4) and validates
// text as it streams (8.1), so a bad byte fails the connection the moment it
// arrives, not after the whole message was buffered (Autobahn 6.4).
//
// The fragmentation rules themselves (continuation with no message, a new
// message inside one) and the message size limit are the frame parser's,
// from engine/frame-rules.ts; this module only sees frames in a valid order.
//
// completeMessage() is the one place a whole message's payload is produced,
// which is where a per-message transform such as permessage-deflate (RFC
// 7692 6.2, keyed on the first frame's RSV1) belongs; with one, UTF-8 could
// only be validated after inflating.

import { MessageInflater } from './deflate-codec';
import type { FrameHeader, ParsedFrame, PartialFrame } from './frame-parser';
import { Opcode } from './opcode';
import { inflatedTooBigProblem, invalidCompressedDataProblem, invalidUtf8Problem } from './frame-rules';
import type { Problem } from './problem';
import { type Utf8Failure, Utf8Validator } from './utf8';

export type AssembledMessage =
  | { type: 'text'; text: string }
  | { type: 'binary'; data: Uint8Array };

export type AssemblyResult =
  | { type: 'incomplete' }
  | { type: 'message'; message: AssembledMessage }
  | { type: 'problem'; problem: Problem };

const INCOMPLETE: AssemblyResult = { type: 'incomplete' };
const EMPTY = new Uint8Array(0);
/** The first allocation for a fragmented message; it doubles from there. */
const MIN_MESSAGE_BUFFER = 256;

/** Decodes already-validated UTF-8; ignoreBOM keeps a leading U+FEFF, which is text like any other. */
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** permessage-deflate for the messages this assembler receives (RFC 7692 7.2.2). */
export interface InflateSettings {
  noContextTakeover: boolean;
  maxMessageSize: number;
}

export class MessageAssembler {
  /** Opcode of the message in progress (text or binary), or null between messages. */
  private messageOpcode: number | null = null;
  /** The message in progress came with RSV1: its frames are DEFLATE data, inflated into the buffer. */
  private compressed = false;
  private readonly inflater: MessageInflater | null;
  /** A UTF-8 failure found in inflated text, reported once the frame's inflate step returns. */
  private inflatedTextFailure: Utf8Failure | null = null;

  constructor(inflate: InflateSettings | null = null) {
    this.inflater = inflate ? new MessageInflater(inflate.noContextTakeover, inflate.maxMessageSize, (bytes) => this.inflated(bytes)) : null;
  }
  /**
   * The unfinished message's bytes, in one buffer that doubles as fragments
   * arrive: a million 1-byte fragments cost a megabyte, not a million arrays.
   * A message of one frame never gets here: its payload is handed on as it is.
   */
  private buffer = EMPTY;
  private buffered = 0;
  private readonly utf8 = new Utf8Validator();
  /** Bytes of the current frame's payload already validated while it was arriving. */
  private validatedInFrame = 0;

  /**
   * Validates the newly arrived part of a text frame still in flight.
   * Returns the problem at the first invalid byte, or null.
   */
  checkPartial(partial: PartialFrame): Problem | null {
    // Compressed text is judged once inflated, frame by frame.
    if (!this.isTextFrame(partial.header) || this.compressed || partial.header.rsv1) return null;
    const fresh = partial.payloadSoFar.subarray(this.validatedInFrame);
    const failure = this.utf8.push(fresh);
    if (failure) return invalidUtf8(partial.header, this.validatedInFrame + failure.index, failure);
    this.validatedInFrame = partial.payloadSoFar.length;
    return null;
  }

  /** Takes the next whole data frame, in stream order. */
  addFrame(frame: ParsedFrame): AssemblyResult {
    const isText = this.isTextFrame(frame);
    if (frame.opcode !== Opcode.Continuation) {
      this.messageOpcode = frame.opcode;
      // RFC 7692 6.1: RSV1 on a message's first frame says the message is compressed.
      this.compressed = frame.rsv1 && this.inflater !== null;
    }
    if (this.compressed) return this.addCompressedFrame(frame);
    if (isText) {
      const failure = this.utf8.push(frame.payload.subarray(this.validatedInFrame));
      if (failure) return { type: 'problem', problem: invalidUtf8(frame, this.validatedInFrame + failure.index, failure) };
      // 5.6 and 8.1: the message must end between code points; one may span fragments.
      const cut = frame.fin ? this.utf8.finish() : null;
      if (cut) return { type: 'problem', problem: invalidUtf8(frame, Math.max(frame.payloadLength - 1, 0), cut) };
    }
    this.validatedInFrame = 0;
    if (frame.fin && frame.opcode !== Opcode.Continuation) return { type: 'message', message: this.completeMessage(frame.payload) };
    this.append(frame.payload);
    if (!frame.fin) return INCOMPLETE;
    return { type: 'message', message: this.completeMessage(this.buffer.subarray(0, this.buffered)) };
  }

  /**
   * A frame of a compressed message: its DEFLATE data is inflated into the
   * buffer (bounded by the message limit), and inflated text is validated as
   * it comes out.
   */
  private addCompressedFrame(frame: ParsedFrame): AssemblyResult {
    const payloadStart = frame.offset + frame.headerLength;
    const step = frame.fin ? this.inflateLast(frame.payload) : this.inflater!.push(frame.payload);
    if (!step.ok) {
      const problem = step.reason === 'too-big' ? inflatedTooBigProblem(step.detail, payloadStart) : invalidCompressedDataProblem(step.detail, payloadStart);
      return { type: 'problem', problem };
    }
    const failure = this.inflatedTextFailure ?? (frame.fin && this.messageOpcode === Opcode.Text ? this.utf8.finish() : null);
    if (failure) {
      this.inflatedTextFailure = null;
      return { type: 'problem', problem: invalidUtf8Problem({ ...failure, reason: `${failure.reason}, in the inflated message` }, payloadStart) };
    }
    if (!frame.fin) return INCOMPLETE;
    return { type: 'message', message: this.completeMessage(this.buffer.subarray(0, this.buffered)) };
  }

  private inflateLast(payload: Uint8Array) {
    const step = this.inflater!.push(payload);
    return step.ok ? this.inflater!.end() : step;
  }

  /** Inflated bytes of the message in progress: kept, and checked when the message is text. */
  private inflated(bytes: Uint8Array): void {
    if (this.messageOpcode === Opcode.Text && !this.inflatedTextFailure) this.inflatedTextFailure = this.utf8.push(bytes);
    this.append(bytes);
  }

  /** Bytes of a fragmented message whose final frame has not arrived. */
  get bytesSoFar(): number {
    return this.buffered;
  }

  /** Memory held for a fragmented message whose final frame has not arrived (its buffer's size). */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  private append(bytes: Uint8Array): void {
    const needed = this.buffered + bytes.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2, MIN_MESSAGE_BUFFER));
      grown.set(this.buffer.subarray(0, this.buffered));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.buffered);
    this.buffered = needed;
  }

  private completeMessage(payload: Uint8Array): AssembledMessage {
    const opcode = this.messageOpcode;
    this.buffer = EMPTY;
    this.buffered = 0;
    this.messageOpcode = null;
    this.compressed = false;
    this.utf8.reset();
    return opcode === Opcode.Text ? { type: 'text', text: textDecoder.decode(payload) } : { type: 'binary', data: payload };
  }

  /** A text frame, or a continuation of a text message (including one whose first frame is still arriving). */
  private isTextFrame(header: FrameHeader): boolean {
    return header.opcode === Opcode.Text || (header.opcode === Opcode.Continuation && this.messageOpcode === Opcode.Text);
  }
}

function invalidUtf8(header: FrameHeader, indexInPayload: number, failure: Utf8Failure): Problem {
  return invalidUtf8Problem(failure, header.offset + header.headerLength + indexInPayload);
}

// The annotated decoder: bytes → frames explained field by field, with every
// rule they break. It is for people (the CLI, the UI, lessons), so unlike the
// streaming parser it keeps going after a problem and reports them all, the
// way gorilla's advanceFrame() walks its numbered steps. The rules are the
// parser's own (engine/frame-rules.ts), judged byte by byte the same way, so
// a frame the input ends inside still shows every problem its bytes prove.

import { closeCodeInfo, readClosePayload } from './close';
import { concatBytes } from './concat-bytes';
import { type HeaderFacts, emptyHeaderFacts, maskingKeyOf, readHeaderByte } from './frame-header';
import { LENGTH_16_MARKER, LENGTH_64_MARKER } from './frame-format';
import type {
  AnnotatedFrame,
  CloseDetails,
  DecodeOptions,
  DecodeResult,
  DecodedFrame,
  FrameField,
  ReassembledMessage,
  Remainder,
  TruncatedFrame,
} from './frame-model';
import {
  type StreamContext,
  brokenRules,
  closePayloadProblems,
  frameCompleted,
  inflatedTooBigProblem,
  invalidCompressedDataProblem,
  invalidUtf8Problem,
  newStreamContext,
  noteFor,
  problemFor,
} from './frame-rules';
import { bytesToHex } from './hex';
import { applyMask } from './mask';
import { Opcode, isControlOpcode, isReservedOpcode, opcodeInfo } from './opcode';
import type { Note, Problem } from './problem';
import { Utf8Validator, findInvalidUtf8 } from './utf8';
import { MessageInflater, firstDeflateBlock } from './deflate-codec';

/** A header judged as far as it arrived. */
interface JudgedHeader {
  facts: HeaderFacts;
  problems: Problem[];
  notes: Note[];
}

/** Decodes the first frame of `bytes`, or null when the input ends inside it. */
export function decodeFrame(bytes: Uint8Array, options: DecodeOptions = {}): AnnotatedFrame | null {
  return decodeFrames(bytes, options).frames[0] ?? null;
}

/** The first frame of `bytes`, whole or, when the input ends inside it, as far as it arrived. */
export function decodeFirstFrame(bytes: Uint8Array, options: DecodeOptions = {}): DecodedFrame | null {
  const result = decodeFrames(bytes, options);
  return result.frames[0] ?? result.remainder?.frame ?? null;
}

/**
 * Decodes every frame in `bytes`, one after another, and puts fragmented
 * messages back together. Never throws: a problem is reported on the frame
 * where it sits, and a frame the input ends inside becomes the remainder.
 */
export function decodeFrames(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const result: DecodeResult = { frames: [], messages: [], remainder: null };
  for (const step of decodeSteps(bytes, options)) {
    if (step.type === 'frame') result.frames.push(step.frame);
    else if (step.type === 'message') result.messages.push(step.message);
    else result.remainder = step.remainder;
  }
  return result;
}

/** One thing the decoder found, in input order: a frame, a message it finished, or the frame the input ends inside. */
export type DecodeStep =
  | { type: 'frame'; frame: AnnotatedFrame; index: number }
  | { type: 'message'; message: ReassembledMessage }
  | { type: 'remainder'; remainder: Remainder };

/**
 * decodeFrames() one step at a time, so a caller can show or write each frame
 * and let it go: memory then stays bounded by the input, whatever its frame
 * count. A message is handed out once its last frame was.
 */
export function* decodeSteps(bytes: Uint8Array, options: DecodeOptions = {}): Generator<DecodeStep, void, undefined> {
  const context = newStreamContext({ ...options, compressedMessages: options.deflate !== undefined });
  const tracker = new MessageTracker(options.deflate ? new MessageInflater(options.deflate.noContextTakeover ?? false, options.maxMessageSize ?? Number.MAX_SAFE_INTEGER) : null);
  let offset = 0;
  let index = 0;

  while (offset < bytes.length) {
    const header = judgeHeader(bytes, offset, context);
    const { facts } = header;
    const available = bytes.length - offset;
    const frameLength = facts.payloadLength === null ? null : facts.headerLength + facts.payloadLength;
    if (facts.bytesRead < facts.headerLength || frameLength === null || available < frameLength) {
      const frame = annotateTruncated(bytes, offset, header, context.compressedMessages);
      tracker.checkTruncated(frame);
      tracker.finish();
      yield* tracker.takeFinished();
      yield { type: 'remainder', remainder: remainderOf(frame, facts, available) };
      return;
    }
    const frame = annotate(bytes, offset, header, context.compressedMessages);
    tracker.add(frame, index);
    yield { type: 'frame', frame, index };
    yield* tracker.takeFinished();
    frameCompleted(context, facts);
    offset += frame.length;
    index++;
  }
  tracker.finish();
  yield* tracker.takeFinished();
}

/** Reads the header byte by byte, as a receiver does, collecting every rule each byte shows broken. */
function judgeHeader(bytes: Uint8Array, offset: number, context: StreamContext): JudgedHeader {
  const facts = emptyHeaderFacts();
  const header = bytes.subarray(offset);
  const problems: Problem[] = [];
  const notes: Note[] = [];
  // headerLength grows from 2 to its real size once byte 1 is read.
  for (let i = 0; i < header.length && i < facts.headerLength; i++) {
    readHeaderByte(facts, header, i);
    for (const rule of brokenRules(i, facts, context)) {
      if (rule.closeCode === null) notes.push(noteFor(rule, facts, context, offset));
      else problems.push(problemFor(rule, facts, context, offset));
    }
  }
  return { facts, problems, notes };
}

function annotate(bytes: Uint8Array, offset: number, { facts, problems, notes }: JudgedHeader, compressed: boolean): AnnotatedFrame {
  const payloadLength = facts.payloadLength!;
  const payloadStart = offset + facts.headerLength;
  const maskingKey = maskingKeyOf(facts, bytes.subarray(offset));
  const wirePayload = bytes.slice(payloadStart, payloadStart + payloadLength);
  const payload = maskingKey ? applyMask(wirePayload, maskingKey) : wirePayload;

  let close: CloseDetails | null = null;
  if (facts.opcode === Opcode.Close && payload.length > 0) {
    problems.push(...closePayloadProblems(payload, payloadStart));
    const { code, reason } = readClosePayload(payload);
    close = { code, reason, meaning: code === null ? 'malformed: a close body is empty or starts with a 2-byte code' : describeCloseCode(code) };
  }

  return {
    truncated: false,
    offset,
    length: facts.headerLength + payloadLength,
    headerLength: facts.headerLength,
    ...firstByteOf(facts),
    masked: facts.masked,
    payloadLength,
    maskingKey,
    wirePayload,
    payload,
    text: facts.opcode === Opcode.Text ? decodeUtf8OrNull(payload) : null,
    close,
    fields: describeFields(bytes, offset, facts, compressed),
    problems,
    notes,
  };
}

function annotateTruncated(bytes: Uint8Array, offset: number, { facts, problems, notes }: JudgedHeader, compressed: boolean): TruncatedFrame {
  const headerComplete = facts.bytesRead === facts.headerLength;
  const payloadStart = offset + facts.headerLength;
  const maskingKey = headerComplete ? maskingKeyOf(facts, bytes.subarray(offset)) : null;
  const wirePayload = headerComplete ? bytes.slice(payloadStart) : new Uint8Array(0);
  const payload = maskingKey ? applyMask(wirePayload, maskingKey) : wirePayload;
  // What the arrived part of a close body already proves.
  if (facts.opcode === Opcode.Close) problems.push(...closePayloadProblems(payload, payloadStart, false));
  const secondByteArrived = facts.bytesRead >= 2;
  return {
    truncated: true,
    offset,
    length: bytes.length - offset,
    headerLength: secondByteArrived ? facts.headerLength : null,
    ...firstByteOf(facts),
    masked: secondByteArrived ? facts.masked : null,
    payloadLength: facts.payloadLength,
    maskingKey,
    wirePayload,
    payload,
    fields: describeFields(bytes, offset, facts, compressed),
    problems,
    notes,
  };
}

/** What byte 0 says, as a decoded frame shows it: it is always there, whole frame or cut short. */
function firstByteOf({ fin, rsv1, rsv2, rsv3, opcode }: HeaderFacts) {
  return { fin, rsv1, rsv2, rsv3, opcode, opcodeName: opcodeInfo(opcode).name };
}

/** How much more the frame needs, and what it waits for, in words. */
function remainderOf(frame: TruncatedFrame, facts: HeaderFacts, available: number): Remainder {
  const { offset } = frame;
  const missing = (count: number, what: string) => `${count} more byte${count === 1 ? '' : 's'} of ${what}`;
  if (facts.bytesRead < 2) {
    return { offset, frame, needed: 2 - available, waitingFor: 'the second byte of the frame header (MASK bit and 7-bit length)' };
  }
  if (facts.payloadLength === null) {
    const count = 2 + facts.extendedLengthBytes - available;
    return { offset, frame, needed: facts.headerLength - available, waitingFor: missing(count, `the ${facts.extendedLengthBytes * 8}-bit extended payload length`) };
  }
  const needed = facts.headerLength + facts.payloadLength - available;
  if (facts.bytesRead < facts.headerLength) {
    const count = facts.headerLength - available;
    return { offset, frame, needed, waitingFor: `${missing(count, 'the masking key')}, then ${facts.payloadLength} of payload` };
  }
  const arrived = available - facts.headerLength;
  return { offset, frame, needed, waitingFor: `${missing(needed, 'payload')} (${arrived} of ${facts.payloadLength} arrived)` };
}

function describeCloseCode(code: number): string {
  const info = closeCodeInfo(code);
  return `${info.name}: ${info.meaning}`;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

/** Every header field whose bits all arrived, as the RFC 5.2 diagram draws it, with its value and meaning. */
function describeFields(bytes: Uint8Array, offset: number, facts: HeaderFacts, compressedMessages: boolean): FrameField[] {
  const field = (name: FrameField['name'], bitOffset: number, bitLength: number, value: number | string, meaning: string, rfc: string): FrameField => ({
    name, bitOffset, bitLength, bits: name === 'payload' ? '' : bitsOf(bytes, offset, bitOffset, bitLength), value, meaning, rfc,
  });
  const opcode = opcodeInfo(facts.opcode);
  const rsv = [facts.rsv1, facts.rsv2, facts.rsv3];
  const fields: FrameField[] = [
    field('FIN', 0, 1, facts.fin ? 1 : 0, facts.fin ? 'final fragment: this frame ends its message' : 'more fragments of this message follow', '5.2'),
    ...rsv.map((set, i) =>
      field(`RSV${i + 1}` as FrameField['name'], 1 + i, 1, set ? 1 : 0,
        i === 0 && compressedMessages
          ? set ? 'set: a compressed message starts here (permessage-deflate, RFC 7692 6)' : 'not compressed (permessage-deflate marks compressed messages with RSV1)'
          : set ? (i === 0 ? 'set: only meaningful if an extension (e.g. permessage-deflate, RFC 7692) was negotiated' : 'set: only meaningful if a negotiated extension defines it')
            : 'reserved for extensions; 0 when none is negotiated', '5.2')),
    field('opcode', 4, 4, facts.opcode, `0x${facts.opcode.toString(16)} ${opcode.name}: ${opcode.meaning}`, opcode.rfc),
  ];
  if (facts.bytesRead < 2) return fields;
  fields.push(
    field('MASK', 8, 1, facts.masked ? 1 : 0, facts.masked ? 'payload is masked with the 4-byte key that follows (every client-to-server frame)' : 'payload is not masked (every server-to-client frame)', '5.3'),
    field('payload length', 9, 7, facts.length7,
      facts.length7 === LENGTH_16_MARKER ? '126: the length is in the next 16 bits'
        : facts.length7 === LENGTH_64_MARKER ? '127: the length is in the next 64 bits'
          : `${facts.length7}: the payload is ${facts.length7} byte${facts.length7 === 1 ? '' : 's'}`, '5.2'),
  );
  if (facts.extendedLengthBytes > 0) {
    if (facts.payloadLength === null) return fields;
    fields.push(field('extended payload length', 16, facts.extendedLengthBytes * 8, facts.payloadLength,
      `${facts.payloadLength} bytes of payload (${facts.extendedLengthBytes * 8}-bit unsigned, network byte order)`, '5.2'));
  }
  if (facts.bytesRead < facts.headerLength) return fields;
  if (facts.masked) {
    const keyHex = bytesToHex(maskingKeyOf(facts, bytes.subarray(offset))!);
    fields.push(field('masking key', (2 + facts.extendedLengthBytes) * 8, 32, keyHex,
      `payload byte i is XORed with key byte i mod 4 (${keyHex.match(/../g)!.join(' ')})`, '5.3'));
  }
  const payloadLength = facts.payloadLength!;
  const arrived = Math.min(payloadLength, bytes.length - offset - facts.headerLength);
  fields.push(field('payload', facts.headerLength * 8, payloadLength * 8, payloadLength,
    `${payloadLength} byte${payloadLength === 1 ? '' : 's'} of ${opcode.control ? 'control' : 'application'} data${facts.masked ? ', masked' : ''}`
      + (arrived < payloadLength ? `; ${arrived} arrived` : ''), '5.2'));
  return fields;
}

/**
 * Puts data frames back into messages (5.4) and checks their text as it
 * streams across fragment boundaries (8.1). It follows messages as
 * frameCompleted() does for the rules: a data frame opens one (closing an
 * unfinished one), a continuation adds to it, an orphan belongs to none.
 * Control frames may sit between fragments and are left alone.
 */
class MessageTracker {
  private current: { message: ReassembledMessage; chunks: Uint8Array[]; utf8: Utf8Validator | null; compressed: boolean; lastFrame: DecodedFrame | null } | null = null;
  /** Messages closed since the last takeFinished(), in order. */
  private finished: ReassembledMessage[] = [];

  /** With permessage-deflate, one inflater for the whole input: context carries over from message to message. */
  constructor(private readonly inflater: MessageInflater | null) {}

  /** Messages that ended (complete or not) since the last call, as decode steps. */
  takeFinished(): DecodeStep[] {
    const steps = this.finished.map((message): DecodeStep => ({ type: 'message', message }));
    this.finished = [];
    return steps;
  }

  add(frame: AnnotatedFrame, index: number): void {
    if (!this.startOrContinue(frame)) return;
    const current = this.current!;
    current.message.frameIndexes.push(index);
    current.chunks.push(frame.payload);
    current.lastFrame = frame;
    if (current.compressed) {
      frame.text = null; // DEFLATE data, not text: the message's text is what it inflates to
    } else {
      if (frame.opcode === Opcode.Continuation && current.utf8) frame.text = decodeUtf8OrNull(frame.payload);
      this.checkText(frame, frame.fin);
    }
    if (frame.fin) this.close(true);
  }

  /** The frame the input ends inside: its arrived text is checked, and it joins no message. */
  checkTruncated(frame: TruncatedFrame): void {
    if (frame.payload.length === 0 || !this.startOrContinue(frame)) return;
    if (!this.current!.compressed) this.checkText(frame, false);
  }

  finish(): void {
    if (this.current) this.close(false);
  }

  /** Finds or opens the message the frame belongs to; false for frames that belong to none. */
  private startOrContinue(frame: DecodedFrame): boolean {
    if (isControlOpcode(frame.opcode) || isReservedOpcode(frame.opcode)) return false;
    if (frame.opcode === Opcode.Continuation) return this.current !== null;
    if (this.current) this.close(false);
    const message: ReassembledMessage = { opcode: frame.opcode, opcodeName: frame.opcodeName, frameIndexes: [], payload: new Uint8Array(0), text: null, complete: false, compression: null };
    // RFC 7692 6.1: RSV1 on a message's first frame: the message is compressed.
    const compressed = this.inflater !== null && frame.rsv1;
    this.current = { message, chunks: [], utf8: frame.opcode === Opcode.Text ? new Utf8Validator() : null, compressed, lastFrame: null };
    return true;
  }

  /** A bad byte is pinned where it sits; text that stops inside a code point, to the message's last byte. */
  private checkText(frame: DecodedFrame, endsMessage: boolean): void {
    const current = this.current!;
    if (!current.utf8) return;
    const payloadStart = frame.offset + frame.headerLength!;
    const badByte = current.utf8.push(frame.payload);
    const cutCodePoint = !badByte && endsMessage ? current.utf8.finish() : null;
    if (badByte) frame.problems.push(invalidUtf8Problem(badByte, payloadStart + badByte.index));
    else if (cutCodePoint) frame.problems.push(invalidUtf8Problem(cutCodePoint, payloadStart + Math.max(frame.payload.length - 1, 0)));
    if (badByte || cutCodePoint) current.utf8 = null; // reported once per message
  }

  private close(complete: boolean): void {
    const { message, chunks, utf8, compressed, lastFrame } = this.current!;
    message.payload = concatBytes(chunks);
    message.complete = complete;
    if (compressed && complete && lastFrame) this.inflate(message, lastFrame);
    else message.text = message.opcode === Opcode.Text && utf8 !== null && complete ? decodeUtf8OrNull(message.payload) : null;
    this.finished.push(message);
    this.current = null;
  }

  /** RFC 7692 7.2.2: the tail back on, inflated, then judged as text; a problem is pinned to the message's last frame. */
  private inflate(message: ReassembledMessage, lastFrame: DecodedFrame): void {
    const wirePayload = message.payload;
    const inflated: Uint8Array[] = [];
    const step = this.inflater!.inflate(wirePayload, (chunk) => inflated.push(chunk.slice()));
    const at = lastFrame.offset + (lastFrame.headerLength ?? 0);
    if (!step.ok) {
      lastFrame.problems.push(step.reason === 'too-big' ? inflatedTooBigProblem(step.detail, at) : invalidCompressedDataProblem(step.detail, at));
      message.text = null;
      return;
    }
    message.payload = concatBytes(inflated);
    message.compression = { wirePayload, firstBlock: firstDeflateBlock(wirePayload)?.type ?? null, savedBytes: message.payload.length - wirePayload.length };
    if (message.opcode !== Opcode.Text) return;
    const failure = findInvalidUtf8(message.payload);
    if (failure) lastFrame.problems.push(invalidUtf8Problem({ ...failure, reason: `${failure.reason}, in the inflated message` }, at));
    message.text = failure ? null : decodeUtf8OrNull(message.payload);
  }
}

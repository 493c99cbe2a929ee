// The rulebook: every rule of RFC 6455 that a received frame can break,
// written once. Each rule has its kind, the close code a receiver answers
// with (null for a note), the RFC section that states it, its message, and a
// pure predicate over what the header has said so far (frame-header.ts).
//
// Two readers share it. The streaming parser (frame-parser.ts) asks, as each
// header byte arrives, for the first rule that byte breaks, and fails there.
// The annotated decoder (frame-decode.ts) asks, for every byte that arrived,
// for all of them. A rule is judged at the byte that makes it visible, so a
// capture cut short still shows every problem its bytes prove.

import { CloseCode, closeCodeInfo, isSendableCloseCode } from './close';
import { type HeaderFacts, emptyHeaderFacts, lengthFieldEnd, readHeaderByte } from './frame-header';
import { MAX_CONTROL_PAYLOAD, MAX_16_BIT_LENGTH, MAX_7_BIT_LENGTH } from './frame-format';
import type { Direction } from './frame-model';
import { Opcode, isControlOpcode, isReservedOpcode, opcodeInfo } from './opcode';
import { type Note, type NoteKind, type Problem, type ProblemKind, noteAt, problemAt } from './problem';
import type { Utf8Failure } from './utf8';
import { Utf8Validator } from './utf8';

/**
 * What the receiver knows besides the frame itself: who sends, which RSV bits
 * an extension owns, its limits, and the data message in progress (5.4).
 */
export interface StreamContext {
  /** Who sends the bytes; masking is not judged when unknown (5.1). */
  readonly from: Direction | undefined;
  readonly negotiatedRsv: { readonly rsv1: boolean; readonly rsv2: boolean; readonly rsv3: boolean };
  readonly maxFrameSize: number;
  readonly maxMessageSize: number;
  /** permessage-deflate is in use (RFC 7692): RSV1 marks a compressed message. */
  readonly compressedMessages: boolean;
  /** Opcode (text or binary) of the fragmented message whose final frame has not arrived, or null. */
  messageOpcode: number | null;
  /** Payload bytes of that message so far. */
  messageLength: number;
}

export interface StreamContextOptions {
  from?: Direction;
  negotiatedRsv?: { rsv1?: boolean; rsv2?: boolean; rsv3?: boolean };
  /** Default: no limit but what a JavaScript number holds. */
  maxFrameSize?: number;
  maxMessageSize?: number;
  /** permessage-deflate is in use: RSV1 is its "compressed" bit (RFC 7692 6). */
  compressedMessages?: boolean;
}

export function newStreamContext(options: StreamContextOptions = {}): StreamContext {
  const maxFrameSize = options.maxFrameSize ?? Number.MAX_SAFE_INTEGER;
  const maxMessageSize = options.maxMessageSize ?? Number.MAX_SAFE_INTEGER;
  if (!(maxFrameSize >= 0) || !(maxMessageSize >= 0)) throw new RangeError('frame and message size limits must be non-negative numbers');
  const rsv = options.negotiatedRsv ?? {};
  const compressedMessages = options.compressedMessages ?? false;
  return {
    from: options.from,
    negotiatedRsv: { rsv1: (rsv.rsv1 ?? false) || compressedMessages, rsv2: rsv.rsv2 ?? false, rsv3: rsv.rsv3 ?? false },
    maxFrameSize,
    maxMessageSize,
    compressedMessages,
    messageOpcode: null,
    messageLength: 0,
  };
}

/**
 * A whole frame went by: follow the message it belongs to (5.4). A data
 * frame with FIN 0 opens a message, a continuation adds to it, FIN 1 ends
 * it. Control frames and reserved opcodes leave it alone; a frame that broke
 * a fragmentation rule is read as the decoder shows it (a new message
 * replaces the unfinished one; an orphan continuation belongs to nothing).
 */
export function frameCompleted(context: StreamContext, header: HeaderFacts): void {
  const { opcode, fin } = header;
  if (isControlOpcode(opcode) || isReservedOpcode(opcode)) return;
  if (opcode === Opcode.Continuation && context.messageOpcode === null) return;
  const before = opcode === Opcode.Continuation ? context.messageLength : 0;
  context.messageOpcode = fin ? null : opcode === Opcode.Continuation ? context.messageOpcode : opcode;
  context.messageLength = fin ? 0 : before + (header.payloadLength ?? 0);
}

interface RuleShape {
  readonly rfc: string;
  /** Where the offending bits start, within the frame: [byte, bit within that byte]. */
  at(header: HeaderFacts): readonly [number, number];
  broken(header: HeaderFacts, context: StreamContext): boolean;
  message(header: HeaderFacts, context: StreamContext): string;
}

/** A rule whose breach fails the connection. */
export interface ViolationRule extends RuleShape {
  readonly kind: ProblemKind;
  readonly closeCode: number;
}

/** Something the RFC asks of a sender that no receiver fails the connection for. */
export interface NoteRule extends RuleShape {
  readonly kind: NoteKind;
  readonly closeCode: null;
}

export type HeaderRule = ViolationRule | NoteRule;

const BYTE_0 = [0, 0] as const;
const OPCODE_BITS_AT = [0, 4] as const;
const MASK_BIT_AT = [1, 0] as const;
const LENGTH_7_AT = [1, 1] as const;
const EXTENDED_LENGTH_AT = [2, 0] as const;

/** The length field that carries the payload length: the 7-bit one, or the extended one after it. */
function lengthAt(header: HeaderFacts): readonly [number, number] {
  return header.extendedLengthBytes === 0 ? LENGTH_7_AT : EXTENDED_LENGTH_AT;
}

function rsvRule(bit: 1 | 2 | 3): ViolationRule {
  const flag = `rsv${bit}` as const;
  return {
    kind: 'rsv-without-extension',
    closeCode: CloseCode.ProtocolError,
    rfc: '5.2',
    at: () => [0, bit],
    // 5.2: "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values".
    broken: (h, c) => h[flag] && !c.negotiatedRsv[flag],
    message: () => `RSV${bit} is set, but no extension that gives it a meaning was negotiated`,
  };
}

/** Header rules, grouped by the byte whose arrival makes them visible. */
export const HEADER_RULES = {
  /** Byte 0: FIN, RSV1-3, opcode, and where the frame stands in its message. */
  firstByte: [
    rsvRule(1),
    rsvRule(2),
    rsvRule(3),
    {
      kind: 'reserved-opcode',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.2',
      at: () => OPCODE_BITS_AT,
      // 5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
      broken: (h) => isReservedOpcode(h.opcode),
      message: (h) => `opcode 0x${h.opcode.toString(16)} is reserved for future ${isControlOpcode(h.opcode) ? 'control' : 'data'} frames; no endpoint may send it`,
    },
    {
      kind: 'fragmented-control-frame',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.5',
      at: () => BYTE_0,
      // 5.5: "All control frames ... MUST NOT be fragmented."
      broken: (h) => isControlOpcode(h.opcode) && !h.fin,
      message: (h) => `${opcodeInfo(h.opcode).name} is a control frame, which must not be fragmented, but FIN is 0`,
    },
    {
      kind: 'continuation-without-message',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.4',
      at: () => OPCODE_BITS_AT,
      broken: (h, c) => h.opcode === Opcode.Continuation && c.messageOpcode === null,
      message: () => 'continuation frame, but no fragmented message is in progress',
    },
    {
      kind: 'compressed-control-frame',
      closeCode: CloseCode.ProtocolError,
      rfc: 'RFC 7692 6.1',
      at: () => [0, 1],
      // RFC 7692 6.1: control frames are never compressed, so their RSV1 stays 0.
      broken: (h, c) => c.compressedMessages && h.rsv1 && isControlOpcode(h.opcode),
      message: (h) => `${opcodeInfo(h.opcode).name} is a control frame, which permessage-deflate never compresses, but RSV1 is set`,
    },
    {
      kind: 'compressed-continuation',
      closeCode: CloseCode.ProtocolError,
      rfc: 'RFC 7692 6.1',
      at: () => [0, 1],
      // RFC 7692 6.1: RSV1 marks the first frame of a compressed message; the fragments after it leave it 0.
      broken: (h, c) => c.compressedMessages && h.rsv1 && h.opcode === Opcode.Continuation,
      message: () => 'RSV1 is set on a continuation frame: permessage-deflate marks only the first frame of a compressed message',
    },
    {
      kind: 'data-frame-inside-message',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.4',
      at: () => OPCODE_BITS_AT,
      // 5.4: the fragments of one message are not interleaved with another message.
      broken: (h, c) => (h.opcode === Opcode.Text || h.opcode === Opcode.Binary) && c.messageOpcode !== null,
      message: (h, c) =>
        `a new ${opcodeInfo(h.opcode).name} message while a fragmented ${opcodeInfo(c.messageOpcode ?? 0).name} message is unfinished: expected a continuation frame`,
    },
  ],
  /** Byte 1: MASK and the 7-bit length. */
  secondByte: [
    {
      kind: 'unmasked-client-frame',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.1',
      at: () => MASK_BIT_AT,
      broken: (h, c) => c.from === 'client' && !h.masked,
      message: () => 'a client must mask every frame it sends to the server, but MASK is 0',
    },
    {
      kind: 'masked-server-frame',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.1',
      at: () => MASK_BIT_AT,
      broken: (h, c) => c.from === 'server' && h.masked,
      message: () => 'a server must not mask any frame it sends to a client, but MASK is 1',
    },
    {
      kind: 'control-frame-too-long',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.5',
      at: () => LENGTH_7_AT,
      // 5.5: "All control frames MUST have a payload length of 125 bytes or
      // less", so the 7-bit field always holds it: 126 and 127, which
      // announce an extended length, already break the rule.
      broken: (h) => isControlOpcode(h.opcode) && h.length7 > MAX_CONTROL_PAYLOAD,
      message: (h) =>
        `${opcodeInfo(h.opcode).name} is a control frame, whose payload is at most ${MAX_CONTROL_PAYLOAD} bytes, but its 7-bit length is ${h.length7}: a ${h.length7 === 126 ? '16' : '64'}-bit extended length follows`,
    },
  ],
  /** Byte 2 of a 64-bit length: its most significant bit. */
  lengthTopByte: [
    {
      kind: 'length-most-significant-bit',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.2',
      at: () => EXTENDED_LENGTH_AT,
      // 5.2: "the most significant bit MUST be 0".
      broken: (h) => h.lengthMostSignificantBitSet,
      message: () => 'the most significant bit of a 64-bit payload length must be 0',
    },
  ],
  /** Byte 3 of a 64-bit length: by then a length beyond 2^53 - 1 shows. */
  lengthSafeByte: [
    {
      kind: 'length-beyond-2-53',
      closeCode: CloseCode.MessageTooBig,
      rfc: '10.4',
      at: () => EXTENDED_LENGTH_AT,
      broken: (h) => h.lengthBeyondSafeInteger,
      message: () => 'the 64-bit payload length is 2^53 or more: more than any endpoint can hold (ws refuses the same)',
    },
  ],
  /** The last byte of the length field: the payload length is known. */
  lengthKnown: [
    {
      kind: 'non-minimal-length',
      closeCode: null,
      rfc: '5.2',
      at: () => LENGTH_7_AT,
      // 5.2: "the minimal number of bytes MUST be used to encode the length";
      // no receiver fails the connection for it (ws and browsers accept it).
      broken: (h) => h.extendedLengthBytes === 2 ? h.payloadLength! <= MAX_7_BIT_LENGTH
        : h.extendedLengthBytes === 8 && !h.lengthMostSignificantBitSet && h.payloadLength! <= MAX_16_BIT_LENGTH,
      message: (h) =>
        `a ${h.payloadLength}-byte length fits in ${h.payloadLength! <= MAX_7_BIT_LENGTH ? '7' : '16'} bits but was sent in the ${h.extendedLengthBytes * 8}-bit extended length; the minimal encoding MUST be used`,
    },
    {
      kind: 'close-payload-one-byte',
      closeCode: CloseCode.ProtocolError,
      rfc: '5.5.1',
      at: lengthAt,
      // 5.5.1: a close body, if any, starts with a 2-byte status code.
      broken: (h) => h.opcode === Opcode.Close && h.payloadLength === 1,
      message: () => 'a close payload of 1 byte: a close body is either empty or starts with a 2-byte status code',
    },
    {
      kind: 'frame-too-big',
      closeCode: CloseCode.MessageTooBig,
      rfc: '10.4',
      at: lengthAt,
      // 10.4: "implementations SHOULD impose a limit on frame sizes and the total message size".
      broken: (h, c) => lengthIsUsable(h) && h.payloadLength! > c.maxFrameSize,
      message: (h, c) => `a frame payload of ${h.payloadLength} bytes is over this receiver's ${c.maxFrameSize}-byte frame limit`,
    },
    {
      kind: 'message-too-big',
      closeCode: CloseCode.MessageTooBig,
      rfc: '10.4',
      at: lengthAt,
      broken: (h, c) => !isControlOpcode(h.opcode) && lengthIsUsable(h) && messageLengthWith(h, c) > c.maxMessageSize,
      message: (h, c) => `the message would grow to ${messageLengthWith(h, c)} bytes, over this receiver's ${c.maxMessageSize}-byte message limit`,
    },
  ],
} as const satisfies Record<string, readonly HeaderRule[]>;

/** A length the two rules above have not already refused. */
function lengthIsUsable(header: HeaderFacts): boolean {
  return !header.lengthMostSignificantBitSet && !header.lengthBeyondSafeInteger;
}

/** The size of the message this data frame belongs to, this frame included. */
function messageLengthWith(header: HeaderFacts, context: StreamContext): number {
  const before = header.opcode === Opcode.Continuation ? context.messageLength : 0;
  return before + header.payloadLength!;
}

type RuleGroup = readonly HeaderRule[];
const NONE: readonly RuleGroup[] = [];
const AT_FIRST_BYTE: readonly RuleGroup[] = [HEADER_RULES.firstByte];
const AT_SECOND_BYTE: readonly RuleGroup[] = [HEADER_RULES.secondByte];
const AT_SECOND_BYTE_WITH_LENGTH: readonly RuleGroup[] = [HEADER_RULES.secondByte, HEADER_RULES.lengthKnown];
const AT_LENGTH_TOP: readonly RuleGroup[] = [HEADER_RULES.lengthTopByte];
const AT_LENGTH_SAFE: readonly RuleGroup[] = [HEADER_RULES.lengthSafeByte];
const AT_LENGTH_KNOWN: readonly RuleGroup[] = [HEADER_RULES.lengthKnown];

/** The rule groups header byte `index` makes visible, in the order they are judged. */
function groupsAt(index: number, header: HeaderFacts): readonly RuleGroup[] {
  if (index === 0) return AT_FIRST_BYTE;
  if (index === 1) return header.extendedLengthBytes === 0 ? AT_SECOND_BYTE_WITH_LENGTH : AT_SECOND_BYTE;
  if (index === lengthFieldEnd(header)) return AT_LENGTH_KNOWN;
  if (header.extendedLengthBytes === 8) {
    if (index === 2) return AT_LENGTH_TOP;
    if (index === 3) return AT_LENGTH_SAFE;
  }
  return NONE;
}

/**
 * The first rule that header byte `index`, just read into `header`, breaks;
 * notes are not failures and are skipped. This is the streaming parser's
 * question, asked once per header byte.
 */
export function firstBrokenRule(index: number, header: HeaderFacts, context: StreamContext): ViolationRule | null {
  for (const group of groupsAt(index, header)) {
    const broken = firstBrokenIn(group, header, context);
    if (broken) return broken;
  }
  return null;
}

/** Every rule, notes included, that header byte `index` shows broken: the decoder's question. */
export function brokenRules(index: number, header: HeaderFacts, context: StreamContext): HeaderRule[] {
  const broken: HeaderRule[] = [];
  for (const group of groupsAt(index, header)) {
    for (const rule of group) if (rule.broken(header, context)) broken.push(rule);
  }
  return broken;
}

/**
 * The rulebook compiled for one stream: the rules of bytes 0 and 1 judged
 * through tables built by running those very rules over every byte value
 * (so the tables cannot say anything the rules do not), the rest by the
 * rules themselves. The streaming parser asks it once per header byte, so
 * the common case, a clean byte, costs a lookup.
 */
export class CompiledRules {
  /** [in a fragmented message? 256 : 0] + byte 0 → 1 when no rule of byte 0 breaks. */
  private readonly firstByteClean: Uint8Array;
  /** [control frame? 256 : 0] + byte 1 → 1 when no rule of byte 1 (MASK, the 7-bit length's control limit) breaks. */
  private readonly secondByteClean: Uint8Array;

  constructor(private readonly context: StreamContext) {
    const tables = cleanTablesFor(context);
    this.firstByteClean = tables.firstByteClean;
    this.secondByteClean = tables.secondByteClean;
  }

  /** firstBrokenRule(), for header byte `index` whose value is `byte`, just read into `header`. */
  firstBroken(index: number, header: HeaderFacts, byte: number): ViolationRule | null {
    const context = this.context;
    if (index === 0) return this.firstByteClean[(context.messageOpcode === null ? 0 : 256) + byte] ? null : firstBrokenRule(0, header, context);
    if (index === 1) {
      if (!this.secondByteClean[(isControlOpcode(header.opcode) ? 256 : 0) + byte]) return firstBrokenRule(1, header, context);
      return header.extendedLengthBytes === 0 ? firstBrokenIn(HEADER_RULES.lengthKnown, header, context) : null;
    }
    return firstBrokenRule(index, header, context);
  }
}

interface CleanTables {
  readonly firstByteClean: Uint8Array;
  readonly secondByteClean: Uint8Array;
}

/**
 * The tables depend on a stream's settings, never on its state, and every
 * connection of a server has the same settings: computed once per settings
 * (1 024 rule evaluations and 1 KiB) and shared, not once per connection.
 * A program that varies its limits endlessly only empties the cache.
 */
const cleanTables = new Map<string, CleanTables>();
const CLEAN_TABLES_KEPT = 32;

function cleanTablesFor(context: StreamContext): CleanTables {
  const { from, negotiatedRsv: rsv, compressedMessages, maxFrameSize, maxMessageSize } = context;
  const key = `${from}|${rsv.rsv1}|${rsv.rsv2}|${rsv.rsv3}|${compressedMessages}|${maxFrameSize}|${maxMessageSize}`;
  let tables = cleanTables.get(key);
  if (!tables) {
    tables = computeCleanTables(context);
    if (cleanTables.size >= CLEAN_TABLES_KEPT) cleanTables.clear();
    cleanTables.set(key, tables);
  }
  return tables;
}

function computeCleanTables(context: StreamContext): CleanTables {
  const firstByteClean = new Uint8Array(512);
  const secondByteClean = new Uint8Array(512);
  const facts = emptyHeaderFacts();
  const header = new Uint8Array(2);
  for (const inMessage of [false, true]) {
    const trial: StreamContext = { ...context, messageOpcode: inMessage ? Opcode.Text : null, messageLength: 0 };
    for (let b0 = 0; b0 < 256; b0++) {
      header[0] = b0;
      readHeaderByte(facts, header, 0);
      firstByteClean[(inMessage ? 256 : 0) + b0] = noneBroken(HEADER_RULES.firstByte, facts, trial) ? 1 : 0;
    }
  }
  const betweenMessages: StreamContext = { ...context, messageOpcode: null, messageLength: 0 };
  for (const control of [false, true]) {
    header[0] = control ? 0x89 : 0x82;
    for (let b1 = 0; b1 < 256; b1++) {
      header[1] = b1;
      readHeaderByte(facts, header, 0);
      readHeaderByte(facts, header, 1);
      secondByteClean[(control ? 256 : 0) + b1] = noneBroken(HEADER_RULES.secondByte, facts, betweenMessages) ? 1 : 0;
    }
  }
  return { firstByteClean, secondByteClean };
}

function noneBroken(rules: readonly HeaderRule[], header: HeaderFacts, context: StreamContext): boolean {
  return rules.every((rule) => rule.closeCode === null || !rule.broken(header, context));
}

function firstBrokenIn(rules: readonly HeaderRule[], header: HeaderFacts, context: StreamContext): ViolationRule | null {
  for (const rule of rules) if (rule.closeCode !== null && rule.broken(header, context)) return rule;
  return null;
}

/** The problem a broken violation rule reports, for a frame that starts at `frameOffset`. */
export function problemFor(rule: ViolationRule, header: HeaderFacts, context: StreamContext, frameOffset: number): Problem {
  const [byte, bit] = rule.at(header);
  return problemAt(rule.kind, rule.closeCode, rule.message(header, context), frameOffset + byte, bit, rule.rfc);
}

export function noteFor(rule: NoteRule, header: HeaderFacts, context: StreamContext, frameOffset: number): Note {
  const [byte, bit] = rule.at(header);
  return noteAt(rule.kind, rule.message(header, context), frameOffset + byte, bit, rule.rfc);
}

// Payload rules: what a close body and text must be. Offsets are handed in
// by the caller, who knows where the payload sits in its stream.

/** 7.4: a received close code must be one an endpoint may send; 1002 otherwise. */
export function closeCodeProblem(code: number, byteOffset: number): Problem | null {
  if (isSendableCloseCode(code)) return null;
  const { name } = closeCodeInfo(code);
  return problemAt('close-code-not-sendable', CloseCode.ProtocolError, `close code ${code} (${name}) may not appear in a close frame`,
    byteOffset, 0, code >= 1000 && code <= 1015 ? '7.4.1' : '7.4.2');
}

/** 5.5.1: the close reason is UTF-8; 1007 otherwise (as for text, 8.1). */
export function closeReasonProblem(failure: Utf8Failure, byteOffset: number): Problem {
  return problemAt('invalid-close-reason', CloseCode.InvalidPayload, `the close reason is not valid UTF-8: ${failure.reason}`, byteOffset, 0, '5.5.1');
}

/** RFC 7692 7.2.2: a compressed message that does not inflate; like text that is not UTF-8, data inconsistent with its type (1007). */
export function invalidCompressedDataProblem(detail: string, byteOffset: number): Problem {
  return problemAt('invalid-compressed-data', CloseCode.InvalidPayload, detail, byteOffset, 0, 'RFC 7692 7.2.2');
}

/** 10.4 and RFC 7692 8: a message that inflates past the receiver's limit, found while it inflates. */
export function inflatedTooBigProblem(detail: string, byteOffset: number): Problem {
  return problemAt('message-too-big', CloseCode.MessageTooBig, detail, byteOffset, 0, '10.4');
}

/** 8.1: text that is not UTF-8 fails the connection with 1007. */
export function invalidUtf8Problem(failure: Utf8Failure, byteOffset: number): Problem {
  return problemAt('invalid-utf8', CloseCode.InvalidPayload, `text is not valid UTF-8: ${failure.reason}`, byteOffset, 0, '8.1');
}

/**
 * Every rule a close payload breaks (5.5.1, 7.4), for a payload whose first
 * byte sits at `payloadOffset`. With `complete` false only part of the
 * payload arrived: what it proves is reported, and a reason cut inside a
 * code point is not held against it. The 1-byte body is a header rule.
 */
export function closePayloadProblems(payload: Uint8Array, payloadOffset: number, complete = true): Problem[] {
  if (payload.length < 2) return [];
  const problems: Problem[] = [];
  const codeProblem = closeCodeProblem((payload[0] << 8) | payload[1], payloadOffset);
  if (codeProblem) problems.push(codeProblem);
  const reason = payload.subarray(2);
  const validator = new Utf8Validator();
  const failure = validator.push(reason) ?? (complete ? validator.finish() : null);
  if (failure) problems.push(closeReasonProblem(failure, payloadOffset + 2 + Math.min(failure.streamOffset, reason.length - 1)));
  return problems;
}

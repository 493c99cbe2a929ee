// A trace is one frame in or out of a connection, as the live views draw it:
// the raw bytes, when, which way, and the problem it earned. The annotated
// decode (engine/frame-decode.ts) is costly, so it is built only when a view
// asks for it, and then once.

import { decodeFrames } from './frame';
import type { AnnotatedFrame, DecodeOptions } from './frame-model';
import { FIN_BIT, MASK_BIT, OPCODE_BITS, RSV1_BIT, RSV2_BIT, RSV3_BIT } from './frame-format';
import { opcodeInfo } from './opcode';
import type { Problem, ProblemKind } from './problem';

export interface FrameTrace {
  direction: 'in' | 'out';
  /** From the connection's injected clock, in milliseconds. */
  time: number;
  /**
   * The frame as it was on the wire (masked when masked). When the frame
   * broke a rule, the bytes up to the one that broke it: a receiver stops there.
   */
  bytes: Uint8Array;
  /** Where the frame starts in the stream of its direction (bytes received, or bytes sent). */
  offset: number;
  opcode: number;
  fin: boolean;
  /** As the header claims it (0 when the connection failed before the length field arrived). */
  payloadLength: number;
  /** Why the connection failed at this frame; offsets count from the start of the stream. */
  problem: Problem | null;
  /** The annotated decode of `bytes`, built on first call; problem offsets count from the frame's first byte. */
  decode(): AnnotatedFrame;
}

/** What the connection knows when it traces a frame; decode() is built from it. */
export type FrameTraceInput = Omit<FrameTrace, 'decode'> & {
  /** How decodeFrames should judge the bytes: who sent them, which RSV bits are negotiated. */
  decodeOptions: DecodeOptions;
};

/**
 * Rules that depend on the frames before this one (5.4). Decoding one frame
 * on its own cannot judge them (a lone continuation frame looks orphaned),
 * so they come from the connection's own verdict instead.
 */
const CONTEXT_DEPENDENT: readonly ProblemKind[] = ['continuation-without-message', 'data-frame-inside-message', 'invalid-utf8', 'message-too-big'];

export function makeFrameTrace(input: FrameTraceInput): FrameTrace {
  const { decodeOptions, ...fields } = input;
  let decoded: AnnotatedFrame | null = null;
  return {
    ...fields,
    decode() {
      decoded ??= decodeTracedFrame(input.bytes, input.offset, input.problem, decodeOptions);
      return decoded;
    },
  };
}

function decodeTracedFrame(bytes: Uint8Array, streamOffset: number, problem: Problem | null, options: DecodeOptions): AnnotatedFrame {
  const own = problem ? { ...problem, byteOffset: problem.byteOffset - streamOffset, bitOffset: problem.bitOffset - streamOffset * 8 } : null;
  const frame = decodeFrames(bytes, options).frames[0] ?? headerOnlyFrame(bytes);
  frame.problems = frame.problems.filter((p) => !CONTEXT_DEPENDENT.includes(p.kind));
  if (own && !frame.problems.some((p) => p.kind === own.kind && p.byteOffset === own.byteOffset)) frame.problems.push(own);
  return frame;
}

/**
 * The decoder needs the whole header and payload to describe a frame; a
 * receiver that failed early has less. Show what arrived, without fields.
 */
function headerOnlyFrame(bytes: Uint8Array): AnnotatedFrame {
  const b0 = bytes[0] ?? 0;
  const opcode = b0 & OPCODE_BITS;
  const length7 = bytes.length > 1 ? bytes[1] & 0x7f : 0;
  return {
    offset: 0,
    length: bytes.length,
    headerLength: bytes.length,
    fin: (b0 & FIN_BIT) !== 0,
    rsv1: (b0 & RSV1_BIT) !== 0,
    rsv2: (b0 & RSV2_BIT) !== 0,
    rsv3: (b0 & RSV3_BIT) !== 0,
    opcode,
    opcodeName: opcodeInfo(opcode).name,
    masked: bytes.length > 1 && (bytes[1] & MASK_BIT) !== 0,
    payloadLength: length7 < 126 ? length7 : 0,
    maskingKey: null,
    truncated: true,
    wirePayload: new Uint8Array(0),
    payload: new Uint8Array(0),
    text: null,
    close: null,
    fields: [],
    problems: [],
  };
}

// A trace is one frame in or out of a connection, as a person watching it needs it:
// the raw bytes, when, which way, and the problem it earned. The annotated
// decode (engine/frame-decode.ts) is costly, so it is built only when a view
// asks for it, and then once.

import { decodeFirstFrame } from './frame-decode';
import type { DecodeOptions, DecodedFrame } from './frame-model';
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
  /**
   * The annotated decode of `bytes`, built on first call; problem offsets
   * count from the frame's first byte. A frame the receiver stopped reading
   * early decodes as a truncated frame: the fields that arrived.
   */
  decode(): DecodedFrame;
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
  let decoded: DecodedFrame | null = null;
  return {
    ...fields,
    decode() {
      decoded ??= decodeTracedFrame(input.bytes, input.offset, input.problem, decodeOptions);
      return decoded;
    },
  };
}

function decodeTracedFrame(bytes: Uint8Array, streamOffset: number, problem: Problem | null, options: DecodeOptions): DecodedFrame {
  const own = problem ? { ...problem, byteOffset: problem.byteOffset - streamOffset, bitOffset: problem.bitOffset - streamOffset * 8 } : null;
  // A traced frame always holds at least its first byte.
  const frame = decodeFirstFrame(bytes, options)!;
  frame.problems = frame.problems.filter((p) => !CONTEXT_DEPENDENT.includes(p.kind));
  if (own && !frame.problems.some((p) => p.kind === own.kind && p.byteOffset === own.byteOffset)) frame.problems.push(own);
  return frame;
}

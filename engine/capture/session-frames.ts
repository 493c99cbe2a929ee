// The frames of a capture's session, read with the engine's own annotated
// decoder (engine/frame-decode.ts): each direction's stream from where its
// frames start (after the handshake head, RFC 6455 4.1/4.2.2, or where the
// caller said), judged as coming from its sender (5.1: a client masks, a
// server does not), inflated when the 101 agreed permessage-deflate (RFC
// 7692). Decoding stops where the captured run ends: across a gap, where
// the next frame starts cannot be known without guessing.

import type { CaptureFrame, CaptureNote, CaptureSession, CaptureStream } from './capture-model';
import { bytesFrom, chunkAt } from './stream-lookup';
import { type DecodeStep, decodeSteps } from '../frame-decode';
import type { Direction, DecodeOptions } from '../frame-model';

export interface SessionDecodeStep {
  direction: Direction;
  /** Stream offset of the decoder's byte 0: add it to a frame's offset to place the frame in the stream. */
  base: number;
  step: DecodeStep;
}

/** One stretch of a direction the decoder reads on its own: from a frame start to the end of its run (or the next start). */
export interface SessionDecodeRange {
  base: number;
  bytes: Uint8Array;
  options: DecodeOptions;
}

/** Where one direction's frames are read from: the start after the handshake, then each place the caller said they resume. */
export function sessionDecodeRanges(session: CaptureSession, direction: Direction): SessionDecodeRange[] {
  const first = session.framesStart[direction];
  if (first === null) return [];
  const deflate = session.deflate?.[direction];
  const options: DecodeOptions = { from: direction, ...(deflate ? { deflate } : {}) };
  const starts = [first, ...session.resumeAt[direction].filter((offset) => offset > first)];
  return starts.map((base, i) => {
    const bytes = bytesFrom(session.streams[direction], base);
    const next = starts[i + 1];
    return { base, bytes: next !== undefined && next - base < bytes.length ? bytes.subarray(0, next - base) : bytes, options };
  });
}

/**
 * Every frame, message and remainder of one direction, as decodeSteps()
 * hands them out: one at a time, so a caller can show each and let it go.
 * Frames are numbered across the ranges (a range after a gap goes on from
 * the last number before it); fragmented messages do not cross a gap.
 */
export function* decodeSessionSteps(session: CaptureSession, direction: Direction): Generator<SessionDecodeStep, void, undefined> {
  let numbered = 0;
  for (const range of sessionDecodeRanges(session, direction)) {
    if (range.bytes.length === 0) continue;
    const first = numbered;
    for (const step of decodeSteps(range.bytes, range.options)) {
      if (step.type === 'frame') {
        numbered = first + step.index + 1;
        yield { direction, base: range.base, step: { ...step, index: first + step.index } };
      } else if (step.type === 'message') {
        yield { direction, base: range.base, step: { type: 'message', message: { ...step.message, frameIndexes: step.message.frameIndexes.map((i) => first + i) } } };
      } else yield { direction, base: range.base, step };
    }
  }
}

/** When the frame ending at `endOffset` (exclusive) was whole: its last byte's packet and time. */
export function frameArrival(stream: CaptureStream, endOffset: number): { time: number | null; packet: number | null } {
  const chunk = chunkAt(stream, endOffset - 1);
  return { time: chunk?.time ?? null, packet: chunk?.packet ?? null };
}

/** Both directions' frames, summarised and merged in the order they arrived, with notes on where decoding stopped. */
export function summariseSessionFrames(session: CaptureSession): { frames: CaptureFrame[]; notes: CaptureNote[] } {
  const frames: CaptureFrame[] = [];
  const notes: CaptureNote[] = [];
  for (const direction of ['client', 'server'] as const) {
    const stream = session.streams[direction];
    const ranges = sessionDecodeRanges(session, direction);
    if (ranges.length === 0) continue;
    // A receiver has a frame only once it has every byte before it too: a
    // frame whose last byte came early (out of order) arrives with the one before.
    let latest: { time: number | null; packet: number | null } = { time: null, packet: null };
    const decodedEnds: number[] = [];
    let decodedEnd = ranges[0].base;
    let base = ranges[0].base;
    for (const { step, base: stepBase } of decodeSessionSteps(session, direction)) {
      if (stepBase !== base) {
        decodedEnds.push(decodedEnd);
        base = stepBase;
        decodedEnd = stepBase;
      }
      if (step.type === 'frame') {
        const { frame, index } = step;
        const streamOffset = base + frame.offset;
        decodedEnd = streamOffset + frame.length;
        latest = laterOf(latest, frameArrival(stream, decodedEnd));
        frames.push({
          direction,
          index,
          streamOffset,
          length: frame.length,
          headerLength: frame.headerLength,
          fin: frame.fin,
          rsv1: frame.rsv1,
          opcode: frame.opcode,
          opcodeName: frame.opcodeName,
          masked: frame.masked,
          payloadLength: frame.payloadLength,
          problemCount: frame.problems.length,
          ...latest,
        });
      } else if (step.type === 'remainder') {
        const { remainder } = step;
        const at = base + remainder.offset;
        const cutByGap = at + remainder.frame.length < stream.length;
        notes.push({
          kind: 'frames',
          direction,
          streamOffset: at,
          message: cutByGap
            ? `the ${direction}'s frame at offset ${at} runs into a gap in the capture (${remainder.needed} more bytes needed); after the gap, frames are decoded only from where the caller says one starts (a FrameStart), since that cannot be known`
            : `the ${direction}'s stream ends inside a frame at offset ${at}: waiting for ${remainder.waitingFor}`,
        });
        decodedEnd = at + remainder.frame.length;
      }
    }
    decodedEnds.push(decodedEnd);
    // The last range's end: when a gap follows it and nothing resumes after, say where frames stop.
    const last = ranges[ranges.length - 1];
    const runEnd = last.base + last.bytes.length;
    if (decodedEnds[decodedEnds.length - 1] === runEnd && runEnd < stream.length && stream.runs.some((run) => run.offset > runEnd)) {
      notes.push({
        kind: 'frames',
        direction,
        streamOffset: runEnd,
        message: `the ${direction}'s frames stop at offset ${runEnd}, where the capture has a gap; a frame may start anywhere after it, so decoding resumes only where the caller says (a FrameStart)`,
      });
    }
  }
  frames.sort(arrivalOrder);
  return { frames, notes };
}

function laterOf(a: { time: number | null; packet: number | null }, b: { time: number | null; packet: number | null }) {
  return {
    time: a.time === null ? b.time : b.time === null ? a.time : Math.max(a.time, b.time),
    packet: a.packet === null ? b.packet : b.packet === null ? a.packet : Math.max(a.packet, b.packet),
  };
}

/** By packet when both have one (the capture's order), else by time; ties keep each direction's order. */
function arrivalOrder(a: CaptureFrame, b: CaptureFrame): number {
  if (a.packet !== null && b.packet !== null && a.packet !== b.packet) return a.packet - b.packet;
  if (a.time !== null && b.time !== null && a.time !== b.time) return a.time - b.time;
  if (a.direction === b.direction) return a.index - b.index;
  return 0;
}

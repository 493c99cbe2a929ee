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

/** What the decoder was given for one direction: the options, and the bytes from the frames' start to the end of their run. */
export function sessionDecodeInput(session: CaptureSession, direction: Direction): { base: number; bytes: Uint8Array; options: DecodeOptions } | null {
  const base = session.framesStart[direction];
  if (base === null) return null;
  const deflate = session.deflate?.[direction];
  return { base, bytes: bytesFrom(session.streams[direction], base), options: { from: direction, ...(deflate ? { deflate } : {}) } };
}

/**
 * Every frame, message and remainder of one direction, as decodeSteps()
 * hands them out: one at a time, so a caller can show each and let it go.
 */
export function* decodeSessionSteps(session: CaptureSession, direction: Direction): Generator<SessionDecodeStep, void, undefined> {
  const input = sessionDecodeInput(session, direction);
  if (!input || input.bytes.length === 0) return;
  for (const step of decodeSteps(input.bytes, input.options)) yield { direction, base: input.base, step };
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
    const input = sessionDecodeInput(session, direction);
    if (!input) continue;
    let decodedEnd = input.base;
    // A receiver has a frame only once it has every byte before it too: a
    // frame whose last byte came early (out of order) arrives with the one before.
    let latest: { time: number | null; packet: number | null } = { time: null, packet: null };
    for (const { step, base } of decodeSessionSteps(session, direction)) {
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
            ? `the ${direction}'s frame at offset ${at} runs into a gap in the capture (${remainder.needed} more bytes needed); frames after the gap are not decoded, since where the next one starts is not known`
            : `the ${direction}'s stream ends inside a frame at offset ${at}: waiting for ${remainder.waitingFor}`,
        });
        decodedEnd = at + remainder.frame.length;
      }
    }
    const runEnd = input.base + input.bytes.length;
    if (decodedEnd === runEnd && runEnd < stream.length && stream.runs.some((run) => run.offset > runEnd)) {
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

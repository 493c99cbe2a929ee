// A live frame taken apart for the detail pane: its wire bytes decoded on
// demand with the engine's annotated decoder (decodeFirstFrame), as the
// decoder view does, so the bit grid, byte strip, masking table and problems
// are the decoder's own.
//
// Decoded alone, a frame has lost its place in the stream: a continuation
// frame looks like one with no message to continue (RFC 6455 5.4), a text
// fragment may end inside a character. The stream's parser judged those
// rules in context and accepted the frame, so those context problems are
// left out here, and said to be.

import type { DecodedFrame } from '../../../../engine/frame-model';
import { decodeFirstFrame } from '../../../../engine/frame-decode';
import type { ProblemKind } from '../../../../engine/problem';
import type { FrameEntry } from './timeline-entry';

/** Rules about the message a frame belongs to, which a frame decoded alone cannot judge. */
const CONTEXT_RULES: ReadonlySet<ProblemKind> = new Set(['continuation-without-message', 'data-frame-inside-message', 'message-too-big']);

export interface LiveFrameDecode {
  frame: DecodedFrame;
  /** Problems left out because they need the frame's stream to judge; the stream's parser judged them. */
  contextProblemsLeftOut: number;
}

export function decodeLiveFrame(entry: FrameEntry, negotiatedRsv?: { rsv1?: boolean }): LiveFrameDecode | null {
  const frame = decodeFirstFrame(entry.wire, { from: entry.from, negotiatedRsv });
  if (!frame) return null;
  const fragment = entry.opcode === 0 || !entry.fin;
  const kept = frame.problems.filter((problem) => !CONTEXT_RULES.has(problem.kind) && !(fragment && problem.kind === 'invalid-utf8'));
  return { frame: { ...frame, problems: kept }, contextProblemsLeftOut: frame.problems.length - kept.length };
}

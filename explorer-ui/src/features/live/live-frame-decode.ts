// A live frame taken apart for the detail pane: its wire bytes decoded on
// demand with the engine's annotated decoder (decodeFirstFrame), as the
// decoder view does, so the bit grid, byte strip, masking table and problems
// are the decoder's own.
//
// Decoded alone, a frame has lost its place in the stream: a continuation
// frame looks like one with no message to continue (RFC 6455 5.4), a text
// fragment may end inside a character. The stream's parser judged those
// rules in context and accepted the frame, so those context problems are
// left out here, and said to be. So is a compressed message that cannot be
// inflated alone: with context takeover (RFC 7692 7.1.1) it may refer to the
// messages before it, which the stream's own inflation had.

import type { DeflateAgreement } from '../../../../engine/deflate-negotiation';
import type { DecodedFrame } from '../../../../engine/frame-model';
import { decodeFirstFrame } from '../../../../engine/frame-decode';
import type { ProblemKind } from '../../../../engine/problem';
import type { FrameEntry } from './timeline-entry';

/** Rules about the message a frame belongs to, which a frame decoded alone cannot judge. */
const CONTEXT_RULES: ReadonlySet<ProblemKind> = new Set(['continuation-without-message', 'data-frame-inside-message', 'message-too-big', 'invalid-compressed-data']);

export interface LiveFrameDecode {
  frame: DecodedFrame;
  /** Problems left out because they need the frame's stream to judge; the stream's parser judged them. */
  contextProblemsLeftOut: number;
}

/** `deflate`: what the session's 101 agreed, so RSV1 reads as "compressed" (RFC 7692 6.1). */
export function decodeLiveFrame(entry: FrameEntry, deflate: DeflateAgreement | null = null): LiveFrameDecode | null {
  const noContextTakeover = entry.from === 'client' ? deflate?.clientNoContextTakeover : deflate?.serverNoContextTakeover;
  const frame = decodeFirstFrame(entry.wire, { from: entry.from, deflate: deflate ? { noContextTakeover } : undefined });
  if (!frame) return null;
  const fragment = entry.opcode === 0 || !entry.fin;
  const kept = frame.problems.filter((problem) => !CONTEXT_RULES.has(problem.kind) && !(fragment && problem.kind === 'invalid-utf8'));
  return { frame: { ...frame, problems: kept }, contextProblemsLeftOut: frame.problems.length - kept.length };
}

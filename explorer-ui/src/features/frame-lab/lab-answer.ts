// A lab report made readable: what came back decoded frame by frame as a
// server's frames (5.1: never masked), each close code explained, the close
// reason matched to the rule of the frame that was sent when it names one
// (the explorer's own endpoints close with the rule's kind as the reason,
// such as "rsv-without-extension"), and how long it all took.

import { closeCodeInfo, type CloseCodeInfo } from '../../../../engine/close';
import { decodeFrames } from '../../../../engine/frame';
import type { AnnotatedFrame, DecodedFrame, Remainder } from '../../../../engine/frame-model';
import { parseHex } from '../../../../engine/hex';
import type { Problem } from '../../../../engine/problem';
import type { LabReport } from './lab-client';

export interface CloseExplained {
  /** Which of the received frames it is. */
  frameIndex: number;
  /** Null for a close with no body (applications see 1005). */
  code: number | null;
  info: CloseCodeInfo | null;
  reason: string;
  /** The rule of the sent bytes the reason names, as the engine's decoder states it. */
  rule: Problem | null;
}

export interface LabAnswer {
  url: string;
  statusLine: string;
  requestHead: string;
  responseHead: string;
  sent: Uint8Array;
  /** What the decoder finds wrong with the bytes sent, read as a client's. */
  sentProblems: Problem[];
  received: Uint8Array;
  frames: AnnotatedFrame[];
  /** A frame the answer ends inside. */
  remainder: Remainder | null;
  closes: CloseExplained[];
  truncated: boolean;
  serverClosedTcp: boolean;
  elapsedMs: number;
}

export function readLabReport(report: LabReport): LabAnswer {
  const sent = bytesOf(report.sentHex);
  const received = bytesOf(report.receivedHex);
  const sentProblems = decodeFrames(sent, { from: 'client' }).frames.flatMap((frame) => frame.problems);
  const decoded = decodeFrames(received, { from: 'server' });
  const closes = decoded.frames.flatMap((frame, frameIndex) => (frame.opcodeName === 'close' ? [explainClose(frame, frameIndex, sentProblems)] : []));
  return {
    url: report.url,
    statusLine: report.responseHead.split('\r\n')[0] ?? '',
    requestHead: report.requestHead,
    responseHead: report.responseHead,
    sent,
    sentProblems,
    received,
    frames: decoded.frames,
    remainder: decoded.remainder,
    closes,
    truncated: report.receivedTruncated,
    serverClosedTcp: report.serverClosedTcp,
    elapsedMs: report.elapsedMs,
  };
}

function explainClose(frame: DecodedFrame, frameIndex: number, sentProblems: Problem[]): CloseExplained {
  const code = frame.truncated ? null : (frame.close?.code ?? null);
  const reason = frame.truncated ? '' : (frame.close?.reason ?? '');
  return {
    frameIndex,
    code,
    info: code === null ? null : closeCodeInfo(code),
    reason,
    rule: sentProblems.find((problem) => problem.kind === reason) ?? null,
  };
}

/** The exchange's timing and ending, in a sentence. */
export function timingWords(answer: Pick<LabAnswer, 'serverClosedTcp' | 'elapsedMs' | 'frames'>): string {
  const ms = `${answer.elapsedMs.toLocaleString('en')} ms`;
  const frames = answer.frames.length === 1 ? '1 frame' : `${answer.frames.length} frames`;
  return answer.serverClosedTcp
    ? `The server answered with ${frames} and closed TCP ${ms} after the bytes were sent.`
    : `The server answered with ${frames} and kept the connection open; the lab stopped waiting after ${ms} and hung up.`;
}

function bytesOf(hex: string): Uint8Array {
  const parsed = parseHex(hex);
  return parsed.ok ? parsed.bytes : new Uint8Array(0);
}

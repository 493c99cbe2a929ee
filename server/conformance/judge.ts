// The verdict on what a server did after the handshake: the replies it sent
// against the ones the case expects (strict, or one of the lenient
// alternatives), and how the connection ended against the case's ending.
// Pure: it only compares what the session saw with what the case says.

import { CloseCode } from '../../engine/close';
import type { Ending, Expectation, Observation } from './case-model';
import type { CaseOutcome } from './report';
import { worseOutcome } from './report';
import type { ServerClose } from './probe-session';
import type { TcpEnd } from './probe-socket';

export interface Verdict {
  outcome: CaseOutcome;
  findings: string[];
}

/** What the session saw, as the judge needs it. */
export interface SessionSeen {
  observations: Observation[];
  violations: string[];
  serverClose: ServerClose | null;
  clientClose: { code: number | null } | null;
  /** The server answered the ping the client sent after the case's frames: it read them all. */
  sentinelAnswered: boolean;
  tcp: TcpEnd;
  /** Set when the case ran out of time, saying where. */
  timedOut: string | null;
}

export function judgeSession(expect: Expectation, seen: SessionSeen): Verdict {
  const parts = [judgeViolations(seen), judgeObservations(expect, seen.observations), judgeEnding(expect.ending, seen)];
  if (seen.timedOut) parts.push({ outcome: 'fail', findings: [seen.timedOut] });
  return parts.reduce((all, part) => ({ outcome: worseOutcome(all.outcome, part.outcome), findings: [...all.findings, ...part.findings] }), { outcome: 'pass', findings: [] } as Verdict);
}

function judgeViolations(seen: SessionSeen): Verdict {
  return seen.violations.length ? { outcome: 'fail', findings: seen.violations.map(sentence) } : { outcome: 'pass', findings: [] };
}

function judgeObservations(expect: Expectation, observed: Observation[]): Verdict {
  if (sameObservations(expect.observations, observed)) return { outcome: 'pass', findings: [] };
  for (const alternative of expect.lenient ?? []) {
    if (sameObservations(alternative.observations, observed)) return { outcome: 'lenient', findings: [`${capitalize(alternative.why)}.`] };
  }
  return { outcome: 'fail', findings: [describeDifference(expect.observations, observed)] };
}

function judgeEnding(ending: Ending, seen: SessionSeen): Verdict {
  switch (ending.type) {
    case 'answer-close':
      return judgeAnswerClose(seen);
    case 'fail':
      return judgeFailure(ending.codes, ending.lenientCodes ?? [], seen);
    case 'fail-or-answer': {
      if (seen.serverClose && seen.serverClose.code !== null && ending.codes.includes(seen.serverClose.code) && !seen.serverClose.problem) {
        return judgeFailure(ending.codes, [], seen);
      }
      const answered = judgeAnswerClose(seen);
      if (answered.outcome !== 'pass') return answered;
      return { outcome: 'lenient', findings: [...answered.findings, `The server answered the close instead of failing with ${ending.codes.join(' or ')}; the spec leaves this open.`] };
    }
  }
}

/** 5.5.1: the client's close is answered, typically with its code; 7.1.1: then the server closes TCP. */
function judgeAnswerClose(seen: SessionSeen): Verdict {
  const sent = seen.clientClose;
  const close = seen.serverClose;
  if (!close) {
    if (!sent) return { outcome: 'fail', findings: ['The connection ended before the client could send its close frame.'] };
    if (serverEndedTcp(seen.tcp)) return { outcome: 'fail', findings: ['The server closed TCP without answering the close frame (5.5.1: it MUST send a Close frame in response).'] };
    return { outcome: 'fail', findings: ['No close frame came in answer to the client\'s (5.5.1).'] };
  }
  if (!close.afterClientClose) {
    return { outcome: 'fail', findings: [`The server closed the connection itself (${describeClose(close)}) where it should have answered the client's close.`] };
  }
  if (close.problem) return { outcome: 'fail', findings: [`The close frame in answer is invalid: ${close.problem}.`] };
  const findings: string[] = [];
  let outcome: CaseOutcome = 'pass';
  const expected = sent?.code ?? null;
  const echoed = expected === null ? close.code === null || close.code === CloseCode.Normal : close.code === expected;
  if (!echoed) {
    outcome = 'lenient';
    findings.push(`The close was answered with ${describeClose(close)} where the client sent ${expected === null ? 'an empty close' : expected} (5.5.1: the answer typically echoes the code).`);
  }
  return worse({ outcome, findings }, judgeServerClosedTcp(seen.tcp, 'after the closing handshake (7.1.1: the server SHOULD close TCP first)'));
}

/** 7.1.7: the server fails the connection, with a close frame carrying the right code, then closes TCP. */
function judgeFailure(codes: number[], lenientCodes: number[], seen: SessionSeen): Verdict {
  const close = seen.serverClose;
  const wanted = codes.join(' or ');
  if (seen.sentinelAnswered && (!close || close.afterClientClose)) {
    return { outcome: 'fail', findings: [`The server did not fail the connection: it answered a ping sent after the case's frames, so it read and accepted them all (expected a close frame with ${wanted}).`] };
  }
  if (!close) {
    if (serverEndedTcp(seen.tcp)) return { outcome: 'lenient', findings: [`The server dropped TCP without a close frame (7.1.7: it SHOULD send one, with ${wanted}).`] };
    return { outcome: 'fail', findings: [`The server did not fail the connection (expected a close frame with ${wanted}).`] };
  }
  if (close.problem) return { outcome: 'fail', findings: [`The server's close frame is invalid: ${close.problem}.`] };
  let verdict: Verdict;
  if (close.code !== null && codes.includes(close.code)) verdict = { outcome: 'pass', findings: [] };
  else if (close.code !== null && lenientCodes.includes(close.code)) verdict = { outcome: 'lenient', findings: [`The connection was failed with ${close.code}; ${wanted} is the code 7.4.1 defines for this.`] };
  else if (close.code === null) verdict = { outcome: 'lenient', findings: [`The connection was failed with an empty close frame, without the code ${wanted} (7.1.7: "an appropriate status code").`] };
  else verdict = { outcome: 'fail', findings: [`The connection was closed with ${describeClose(close)}, where it must be failed with ${wanted}.`] };
  return worse(verdict, judgeServerClosedTcp(seen.tcp, 'after failing the connection (7.1.7)'));
}

function judgeServerClosedTcp(tcp: TcpEnd, when: string): Verdict {
  if (serverEndedTcp(tcp)) return { outcome: 'pass', findings: [] };
  return { outcome: 'lenient', findings: [`The server did not close TCP ${when}; the client closed it.`] };
}

function serverEndedTcp(tcp: TcpEnd): boolean {
  return tcp === 'closed-by-server' || tcp === 'reset-by-server';
}

function worse(a: Verdict, b: Verdict): Verdict {
  return { outcome: worseOutcome(a.outcome, b.outcome), findings: [...a.findings, ...b.findings] };
}

export function describeClose(close: { code: number | null; reason: string }): string {
  if (close.code === null) return 'an empty close frame';
  return `${close.code}${close.reason ? ` "${close.reason.slice(0, 60)}"` : ''}`;
}

// Comparing replies

export function sameObservations(expected: readonly Observation[], observed: readonly Observation[]): boolean {
  return expected.length === observed.length && expected.every((e, i) => sameObservation(e, observed[i]));
}

function sameObservation(a: Observation, b: Observation): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'checkpoint') return a.label === (b as typeof a).label;
  if (a.type === 'message' && a.opcode !== (b as typeof a).opcode) return false;
  return sameBytes(a.payload, (b as typeof a).payload);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const MAX_LISTED = 4;

function describeDifference(expected: readonly Observation[], observed: readonly Observation[]): string {
  const first = expected.findIndex((e, i) => i >= observed.length || !sameObservation(e, observed[i]));
  const at = first === -1 ? expected.length : first;
  const wanted = at < expected.length ? describeObservation(expected[at]) : 'nothing more';
  const got = at < observed.length ? describeObservation(observed[at], expected[at]) : 'nothing';
  return `Expected ${countOf(expected)}, got ${countOf(observed)}: at #${at + 1}, expected ${wanted}, got ${got}.`;
}

function countOf(list: readonly Observation[]): string {
  const replies = list.filter((o) => o.type !== 'checkpoint');
  const checkpoints = list.length - replies.length;
  const words = [`${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`];
  if (checkpoints) words.push(`${checkpoints} ${checkpoints === 1 ? 'wait passed' : 'waits passed'}`);
  if (list.length && list.length <= MAX_LISTED) words.push(`(${list.map((o) => describeObservation(o)).join('; ')})`);
  return words.join(' and ');
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

export function describeObservation(o: Observation, comparedTo?: Observation): string {
  if (o.type === 'checkpoint') return `the connection still open at wait ${o.label}`;
  const kind = o.type === 'pong' ? 'a pong' : `a ${o.opcode === 0x1 ? 'text' : 'binary'} message`;
  const size = `${o.payload.length} ${o.payload.length === 1 ? 'byte' : 'bytes'}`;
  let text = `${kind} of ${size}`;
  if (o.payload.length > 0 && o.payload.length <= 40 && (o.type === 'pong' || o.opcode === 0x1)) text += ` ${JSON.stringify(lenientUtf8.decode(o.payload))}`;
  if (comparedTo && comparedTo.type !== 'checkpoint' && o.type === comparedTo.type && o.payload.length === comparedTo.payload.length) {
    const differs = o.payload.findIndex((b, i) => b !== comparedTo.payload[i]);
    if (differs >= 0) text += ` differing from byte ${differs}`;
  }
  return text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  return capitalize(text.endsWith('.') ? text : `${text}.`);
}

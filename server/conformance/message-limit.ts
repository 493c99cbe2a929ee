// --max-message N: the server under test refuses messages over N bytes, as
// RFC 6455 10.4 lets (and asks) it to. A case that sends a larger message
// is then not skipped: it expects the refusal. Messages before the first
// one over the limit must still be echoed; that one must fail the
// connection with 1009 (7.4.1; 1008, a policy refusal, is lenient); what
// the case would have sent after it is not sent.

import type { Action, CaseScript, Observation } from './case-model';
import { CloseCode } from '../../engine/close';
import { isControlOpcode, Opcode } from '../../engine/opcode';

export interface LimitedScript {
  script: CaseScript;
  /** Why the case expects something else now, or null when no message is over the limit. */
  note: string | null;
}

/** The uncompressed size of each data message an action sends, in order. */
function messageSizes(action: Action): number[] {
  switch (action.type) {
    case 'message':
      return [action.payload.length];
    case 'frame-in-parts':
      return isControlOpcode(action.frame.opcode) ? [] : [action.frame.payload?.length ?? 0];
    case 'frames': {
      const sizes: number[] = [];
      let current: number | null = null;
      for (const frame of action.frames) {
        if (isControlOpcode(frame.opcode)) continue;
        const length = frame.payload?.length ?? 0;
        current = frame.opcode === Opcode.Continuation && current !== null ? current + length : length;
        if (frame.fin ?? true) {
          sizes.push(current);
          current = null;
        }
      }
      if (current !== null) sizes.push(current);
      return sizes;
    }
    default:
      return [];
  }
}

export function limitScript(script: CaseScript, maxMessage: number | null): LimitedScript {
  if (maxMessage === null) return { script, note: null };
  let messagesBefore = 0;
  for (let a = 0; a < script.actions.length; a++) {
    const sizes = messageSizes(script.actions[a]);
    const over = sizes.findIndex((size) => size > maxMessage);
    if (over < 0) {
      messagesBefore += sizes.length;
      continue;
    }
    messagesBefore += over;
    return {
      script: {
        actions: script.actions.slice(0, a + 1),
        expect: {
          observations: replyPrefix(script.expect.observations, messagesBefore),
          ending: { type: 'fail', codes: [CloseCode.MessageTooBig], lenientCodes: [CloseCode.PolicyViolation] },
        },
      },
      note: `A ${sizes[over]}-byte message is over --max-message ${maxMessage}: the server must refuse it with 1009 (RFC 6455 10.4, 7.4.1), after echoing the ${messagesBefore} before it.`,
    };
  }
  return { script, note: null };
}

/** The expected replies up to (not including) the message reply number `messages`. */
function replyPrefix(observations: Observation[], messages: number): Observation[] {
  const kept: Observation[] = [];
  let seen = 0;
  for (const o of observations) {
    if (o.type === 'message' && seen++ >= messages) break;
    kept.push(o);
  }
  return kept;
}

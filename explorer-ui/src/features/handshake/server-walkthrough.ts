// A pasted request, taken through the engine's server-side handshake
// (engine/handshake.ts, RFC 6455 4.2) and laid out as steps to reveal one by
// one: the parsed request, each check, each stage of the accept key, then
// the response. Nothing here decides anything; it only orders the engine's
// answers for the stepper.

import type { AcceptKeyDerivation } from '../../../../engine/accept-key';
import { evaluateUpgrade, isSameOrigin, type HandshakeCheck, type UpgradeDecision } from '../../../../engine/handshake';
import type { SampleServer } from '../../../../engine/handshake-samples';
import { parseRequestHead, type HeadParse, type HttpRequest } from '../../../../engine/http-message';

export type DerivationStage = 'key' | 'key-bytes' | 'concatenated' | 'sha1' | 'base64';

export type ServerStep =
  | { kind: 'request'; request: HttpRequest; notes: string[] }
  | { kind: 'check'; check: HandshakeCheck }
  | { kind: 'derivation'; stage: DerivationStage; derivation: AcceptKeyDerivation }
  | { kind: 'response'; decision: UpgradeDecision };

/** Why a head could not be read, as the engine's parser says it: the status a server answers, the message, where. */
export type UnreadableHead = Omit<Extract<HeadParse<HttpRequest>, { state: 'error' }>, 'state'>;

export type ServerWalkthrough =
  | { kind: 'empty' }
  | ({ kind: 'unreadable' } & UnreadableHead)
  | { kind: 'steps'; steps: ServerStep[]; decision: UpgradeDecision };

/** The simulated server: its Origin rule and the subprotocols it speaks, as the engine's samples describe a server. */
export type ServerPolicyChoice = Pick<SampleServer, 'originPolicy' | 'subprotocols'>;

const DERIVATION_STAGES: readonly DerivationStage[] = ['key', 'key-bytes', 'concatenated', 'sha1', 'base64'];

/**
 * People paste with bare newlines and often without the closing blank line;
 * the head (a request's or a response's) is made CRLF-terminated, as it
 * arrives on the wire (RFC 9112 2.1).
 */
export function headBytesFromText(text: string): Uint8Array {
  const head = text.replace(/\r?\n/g, '\r\n').replace(/\s+$/, '');
  return new TextEncoder().encode(`${head}\r\n\r\n`);
}

export function walkServerHandshake(text: string, choice: ServerPolicyChoice): ServerWalkthrough {
  if (text.trim() === '') return { kind: 'empty' };
  const parsed = parseRequestHead(headBytesFromText(text));
  if (parsed.state === 'incomplete') {
    // Cannot happen after the blank line is added; kept so the type is total.
    return { kind: 'unreadable', status: 400, message: 'the request head never ends', line: 1, offset: 0 };
  }
  if (parsed.state === 'error') {
    const { state: _, ...unreadable } = parsed;
    return { kind: 'unreadable', ...unreadable };
  }

  const decision = evaluateUpgrade(parsed.message, {
    checkOrigin: choice.originPolicy === 'any' ? () => true : isSameOrigin,
    subprotocols: choice.subprotocols,
  });
  const steps: ServerStep[] = [{ kind: 'request', request: parsed.message, notes: parsed.notes }];
  for (const check of decision.checks) steps.push({ kind: 'check', check });
  if (decision.derivation) {
    for (const stage of DERIVATION_STAGES) steps.push({ kind: 'derivation', stage, derivation: decision.derivation });
  }
  steps.push({ kind: 'response', decision });
  return { kind: 'steps', steps, decision };
}

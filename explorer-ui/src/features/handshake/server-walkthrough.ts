// A pasted request, taken through the engine's server-side handshake
// (engine/handshake.ts, RFC 6455 4.2) and laid out as steps to reveal one by
// one: the parsed request, each check, each stage of the accept key, the
// permessage-deflate negotiation when the request offers it and the server
// speaks it (RFC 7692 5, 7.1: each offer, then the answer), then the
// response. Nothing here decides anything; it only orders the engine's
// answers for the stepper.

import type { AcceptKeyDerivation } from '../../../../engine/accept-key';
import { evaluateUpgrade, isSameOrigin, type HandshakeCheck, type UpgradeDecision } from '../../../../engine/handshake';
import type { SampleServer } from '../../../../engine/handshake-samples';
import { negotiateDeflate } from '../../../../engine/deflate-negotiation';
import { parseRequestHead, type HeadParse, type HttpRequest } from '../../../../engine/http-message';
import { offersDeflate, offersOf, walkServerDeflate, type OfferExplained, type ServerDeflateWalk } from './deflate-walkthrough';

export type DerivationStage = 'key' | 'key-bytes' | 'concatenated' | 'sha1' | 'base64';

export type ServerStep =
  | { kind: 'request'; request: HttpRequest; notes: string[] }
  | { kind: 'check'; check: HandshakeCheck; /** Said under the check: why this server takes no permessage-deflate offer. */ note?: string }
  | { kind: 'derivation'; stage: DerivationStage; derivation: AcceptKeyDerivation }
  | { kind: 'deflate-offer'; offer: OfferExplained; of: number }
  | { kind: 'deflate-answer'; negotiation: ServerDeflateWalk }
  | { kind: 'response'; decision: UpgradeDecision };

/** Why a head could not be read, as the engine's parser says it: the status a server answers, the message, where. */
export type UnreadableHead = Omit<Extract<HeadParse<HttpRequest>, { state: 'error' }>, 'state'>;

export type ServerWalkthrough =
  | { kind: 'empty' }
  | ({ kind: 'unreadable' } & UnreadableHead)
  | { kind: 'steps'; steps: ServerStep[]; decision: UpgradeDecision };

/**
 * The simulated server: its Origin rule and the subprotocols it speaks, as
 * the engine's samples describe a server, and whether it accepts
 * permessage-deflate as the explorer's own server does (absent: it does not).
 */
export type ServerPolicyChoice = Pick<SampleServer, 'originPolicy' | 'subprotocols'> & { deflate?: boolean };

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
    // As server/upgrader.ts does when deflate is on: the engine's negotiation, with its defaults.
    ...(choice.deflate ? { acceptExtensions: (offers) => negotiateDeflate(offers).response } : {}),
  });
  const offers = offersOf(parsed.message.headers);
  const deflateOffered = offersDeflate(offers);
  const steps: ServerStep[] = [{ kind: 'request', request: parsed.message, notes: parsed.notes }];
  for (const check of decision.checks) {
    const declinesAll = check.id === 'extensions' && check.passed && deflateOffered && !choice.deflate;
    steps.push(declinesAll ? { kind: 'check', check, note: 'This simulated server is set not to compress, so it takes no permessage-deflate offer and answers without Sec-WebSocket-Extensions: messages travel uncompressed.' } : { kind: 'check', check });
  }
  if (decision.derivation) {
    for (const stage of DERIVATION_STAGES) steps.push({ kind: 'derivation', stage, derivation: decision.derivation });
  }
  // Just before it answers, the server settles its extensions (RFC 7692 5): one step per offer, then what it answers.
  if (choice.deflate && deflateOffered && decision.accepted) {
    const negotiation = walkServerDeflate(offers);
    for (const offer of negotiation.offers) steps.push({ kind: 'deflate-offer', offer, of: negotiation.offers.length });
    steps.push({ kind: 'deflate-answer', negotiation });
  }
  steps.push({ kind: 'response', decision });
  return { kind: 'steps', steps, decision };
}

// The client's side of the handshake (RFC 6455 4.1): a pasted request is the
// one the client sent, a pasted response is the server's answer, and the
// engine's verifyServerResponse (engine/client-handshake.ts) judges it. This
// file lays the engine's answers out as steps: the request the client
// remembers, the response as read, each check, with the client's own
// derivation of the accept value just before the check that compares it.
// When the answer names permessage-deflate, the extensions check also holds
// the client's verification of its parameters (RFC 7692 7.1), and a wrong
// one fails that check and the connection, as the RFC says it must.

import { deriveAcceptKey, type AcceptKeyDerivation } from '../../../../engine/accept-key';
import { handshakeFromRequest, verifyServerResponse, type ClientHandshake, type ResponseVerification } from '../../../../engine/client-handshake';
import type { HandshakeCheck } from '../../../../engine/handshake';
import { parseRequestHead, parseResponseHead, type HttpResponse } from '../../../../engine/http-message';
import { checkClientDeflate, type ClientDeflateCheck } from './deflate-walkthrough';
import { headBytesFromText, type DerivationStage } from './server-walkthrough';

export type ClientStep =
  | { kind: 'sent'; handshake: ClientHandshake }
  | { kind: 'response'; response: HttpResponse; notes: string[] }
  | { kind: 'check'; check: HandshakeCheck; handshake: ClientHandshake; response: HttpResponse; /** On the extensions check, when the answer names permessage-deflate. */ deflate?: ClientDeflateCheck }
  | { kind: 'derivation'; stage: DerivationStage; derivation: AcceptKeyDerivation }
  | { kind: 'verdict'; verification: ResponseVerification };

export type ClientWalkthrough =
  | { kind: 'empty'; missing: 'request' | 'response' }
  | { kind: 'unreadable'; message: 'request' | 'response'; text: string; line: number }
  | { kind: 'no-key'; keys: number }
  | { kind: 'steps'; steps: ClientStep[]; verification: ResponseVerification };

/**
 * The client hashes the key it sent, as the server should have (4.1 response
 * step 4); its 16 bytes need no second look, it chose them itself.
 */
const CLIENT_DERIVATION_STAGES: readonly DerivationStage[] = ['key', 'concatenated', 'sha1', 'base64'];

export function walkClientHandshake(requestText: string, responseText: string, secure = false): ClientWalkthrough {
  if (requestText.trim() === '') return { kind: 'empty', missing: 'request' };
  const request = parseRequestHead(headBytesFromText(requestText));
  if (request.state === 'error') return { kind: 'unreadable', message: 'request', text: request.message, line: request.line };
  if (request.state !== 'complete') return { kind: 'unreadable', message: 'request', text: 'the request head never ends', line: 1 };
  const handshake = handshakeFromRequest(request.message, secure);
  if (!handshake) {
    const keys = request.message.headers.filter((h) => h.name.toLowerCase() === 'sec-websocket-key').length;
    return { kind: 'no-key', keys };
  }
  if (responseText.trim() === '') return { kind: 'empty', missing: 'response' };
  const response = parseResponseHead(headBytesFromText(responseText));
  if (response.state === 'error') return { kind: 'unreadable', message: 'response', text: response.message, line: response.line };
  if (response.state !== 'complete') return { kind: 'unreadable', message: 'response', text: 'the response head never ends', line: 1 };

  const deflate = checkClientDeflate(handshake.offeredExtensions, response.message.headers);
  const verification = withDeflateVerified(verifyServerResponse(handshake, response.message), deflate);
  const steps: ClientStep[] = [{ kind: 'sent', handshake }, { kind: 'response', response: response.message, notes: response.notes }];
  const derivation = deriveAcceptKey(handshake.key);
  for (const check of verification.checks) {
    if (check.id === 'accept') {
      for (const stage of CLIENT_DERIVATION_STAGES) steps.push({ kind: 'derivation', stage, derivation });
    }
    steps.push({ kind: 'check', check, handshake, response: response.message, ...(check.id === 'extensions' && deflate ? { deflate } : {}) });
  }
  steps.push({ kind: 'verdict', verification });
  return { kind: 'steps', steps, verification };
}

/**
 * The engine's verification, with the permessage-deflate answer judged too
 * (RFC 7692 7.1): parameters the offer did not allow fail the extensions
 * check, and the first failing check, as ever, is the reason to fail.
 */
function withDeflateVerified(verification: ResponseVerification, deflate: ClientDeflateCheck | null): ResponseVerification {
  if (!deflate || deflate.reading.ok) return verification;
  const reason = deflate.reading.reason;
  const checks = verification.checks.map((check) => (check.id === 'extensions' && check.passed
    ? { ...check, passed: false, found: `${check.found}; ${reason}`, rfc: `${check.rfc}; RFC 7692 7.1` }
    : check));
  const failed = checks.find((check) => !check.passed)!;
  return { ok: false, checks, reason: `${failed.title}: found ${failed.found}; expected ${failed.expected} (RFC 6455 ${failed.rfc})` };
}

// The verdict on the server's answer to an opening handshake: a 101 checked
// with the engine's client-side checks (engine/client-handshake.ts, every
// step of RFC 6455 4.1), a refusal checked against the statuses the case
// names, and, for the compression cases, the permessage-deflate answer
// against the offer (RFC 7692 7.1).

import type { ClientHandshake } from '../../engine/client-handshake';
import { verifyServerResponse } from '../../engine/client-handshake';
import type { DeflateAgreement } from '../../engine/deflate-negotiation';
import { verifyDeflateResponse } from '../../engine/deflate-negotiation';
import { type ExtensionOffer, parseExtensionsHeader } from '../../engine/extensions-header';
import { headerValues, type HttpResponse } from '../../engine/http-message';
import type { HandshakeExpectation } from './case-model';
import type { Verdict } from './judge';

export interface HandshakeVerdict extends Verdict {
  /** The server answered 101: frames may follow, and the client closes properly. */
  upgraded: boolean;
}

/**
 * `plan`: the request as sent, for checking Sec-WebSocket-Accept and the
 * rest; null when the request had no single key (so no 101 could be right).
 */
export function judgeHandshake(expect: HandshakeExpectation, response: HttpResponse | null, problem: string | null, plan: ClientHandshake | null): HandshakeVerdict {
  if (!response) return { outcome: 'fail', findings: [`No HTTP response: ${problem ?? 'none arrived'}.`], upgraded: false };
  const status = `${response.status} ${response.reason}`.trim();
  if (response.status === 101) {
    if (expect.type === 'refuse') {
      return { outcome: 'fail', findings: [`The server accepted the request (${status}); it must refuse it (expected ${expect.statuses.join(' or ')}).`], upgraded: true };
    }
    if (!plan) return { outcome: 'fail', findings: ['The server answered 101 to a request without a single Sec-WebSocket-Key.'], upgraded: true };
    const verification = verifyServerResponse(plan, response);
    if (!verification.ok) return { outcome: 'fail', findings: [`The 101 is not a valid answer: ${verification.reason}.`], upgraded: true };
    const extra = expect.type === 'accept' ? expect.check?.(response) : null;
    if (extra) return { outcome: 'fail', findings: [`${capitalize(extra)}.`], upgraded: true };
    return { outcome: 'pass', findings: [], upgraded: true };
  }
  const isClientError = response.status >= 400 && response.status < 500;
  if (expect.type === 'accept') {
    if (isClientError && expect.refusalIsLenient) return { outcome: 'lenient', findings: [`${capitalize(expect.refusalIsLenient)} (${status}).`], upgraded: false };
    return { outcome: 'fail', findings: [`The server refused a valid handshake with ${status}.`], upgraded: false };
  }
  const named = expect.statuses.includes(response.status);
  let verdict: HandshakeVerdict;
  if (named) verdict = { outcome: 'pass', findings: [], upgraded: false };
  else if (isClientError) verdict = { outcome: 'lenient', findings: [`Refused with ${status}; the RFC's choice here is ${expect.statuses.join(' or ')}.`], upgraded: false };
  else return { outcome: 'fail', findings: [`The server answered ${status}; a refusal is a 4xx (expected ${expect.statuses.join(' or ')}).`], upgraded: false };
  const finding = expect.type === 'refuse' ? expect.check?.(response) : null;
  if (finding && 'fail' in finding) return { outcome: 'fail', findings: [...verdict.findings, `${capitalize(finding.fail)}.`], upgraded: false };
  if (finding) return { outcome: 'lenient', findings: [...verdict.findings, `${capitalize(finding.lenient)}.`], upgraded: false };
  return verdict;
}

export interface DeflateVerdict extends Verdict {
  /** What was agreed, or null when the server declined (or answered wrongly). */
  agreement: DeflateAgreement | null;
}

/**
 * The permessage-deflate answer against the offer: declined is
 * `unsupported`; an answer that does not follow from any offer fails.
 */
export function judgeDeflateAnswer(offer: string, response: HttpResponse): DeflateVerdict {
  const offers = parseExtensionsHeader([offer]).offers;
  const answers = parseExtensionsHeader(headerValues(response.headers, 'sec-websocket-extensions')).offers;
  const reading = verifyDeflateResponse(answers, offers);
  if (reading === null) {
    return { outcome: 'unsupported', findings: ['The server declined permessage-deflate, which is optional (RFC 7692): nothing was compressed.'], agreement: null };
  }
  if (!reading.ok) return { outcome: 'fail', findings: [`The permessage-deflate answer is invalid: ${reading.reason}.`], agreement: null };
  const answer = answers.find((a) => a.name.toLowerCase() === 'permessage-deflate')!;
  const judged = offers.map((o) => answerFollows(o, answer));
  const followed = judged.find((j) => j.problems.length === 0);
  if (!followed) {
    return { outcome: 'fail', findings: [`The answer "${headerValues(response.headers, 'sec-websocket-extensions').join(', ')}" follows from no offer: ${judged[0].problems.join('; ')}.`], agreement: null };
  }
  return { outcome: 'pass', findings: followed.notes, agreement: reading.agreement };
}

function answerFollows(offer: ExtensionOffer, answer: ExtensionOffer): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const param = (o: ExtensionOffer, name: string) => o.params.find((p) => p.name.toLowerCase() === name);
  if (param(offer, 'server_no_context_takeover') && !param(answer, 'server_no_context_takeover')) {
    problems.push('the offer asked for server_no_context_takeover, which the answer leaves out (RFC 7692 7.1.1.1)');
  }
  const asked = param(offer, 'server_max_window_bits');
  if (asked?.value) {
    const given = param(answer, 'server_max_window_bits');
    if (!given) {
      // Without the parameter the server's window is 15 bits: the offer's limit when it asked for 15.
      if (Number(asked.value) < 15) problems.push(`the offer asked for server_max_window_bits=${asked.value}, which the answer leaves out (RFC 7692 7.1.2.1)`);
      else notes.push('The answer leaves out server_max_window_bits=15; without it the server\'s window is 15 bits, the value offered (RFC 7692 7.1.2.1 asks an accepting server to include it).');
    } else if (Number(given.value) > Number(asked.value)) {
      problems.push(`the answer's server_max_window_bits=${given.value} is larger than the offered ${asked.value} (RFC 7692 7.1.2.1)`);
    }
  }
  return { problems, notes };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

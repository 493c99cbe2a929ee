// explorer-ui/src/features/handshake/server-walkthrough.ts: a pasted request
// laid out as the server's steps. For the engine's own samples
// (engine/handshake-samples.ts), the steps come in the stepper's order, the
// accept key of the RFC's sample is derived stage by stage, and a refused
// request ends in the status the sample says a server answers.

import { describe, expect, it } from 'vitest';
import { WEBSOCKET_GUID } from '../../engine/accept-key';
import { DEFAULT_SAMPLE_SERVER, findSample, handshakeSamples, type HandshakeSample } from '../../engine/handshake-samples';
import { formatHex } from '../../engine/hex';
import {
  headBytesFromText,
  walkServerHandshake,
  type ServerStep,
  type ServerWalkthrough,
} from '../../explorer-ui/src/features/handshake/server-walkthrough';
import { RFC_SAMPLE_ACCEPT, RFC_SAMPLE_KEY } from '../support/rfc-samples';

const CHECK_ORDER = ['method', 'http-version', 'host', 'connection', 'upgrade', 'websocket-version', 'key', 'origin', 'subprotocol', 'extensions'];
const DERIVATION = ['key', 'key-bytes', 'concatenated', 'sha1', 'base64'].map((stage) => `derive ${stage}`);

/** A step as one word, a failed check marked with '!'. */
function outline(step: ServerStep): string {
  switch (step.kind) {
    case 'check': return step.check.passed ? step.check.id : `${step.check.id}!`;
    case 'derivation': return `derive ${step.stage}`;
    default: return step.kind;
  }
}

function steps(walk: ServerWalkthrough): Extract<ServerWalkthrough, { kind: 'steps' }> {
  if (walk.kind !== 'steps') throw new Error(`expected steps, got ${JSON.stringify(walk)}`);
  return walk;
}

/** The status the walkthrough's server answers, whether the request was read or not. */
function answeredStatus(walk: ServerWalkthrough): number {
  if (walk.kind === 'unreadable') return walk.status;
  const { decision } = steps(walk);
  return decision.accepted ? 101 : decision.status;
}

const rfc = findSample('rfc6455')!;
const rfcServer = rfc.server!;

describe("the RFC's sample request (1.2), answered by the server it was written for", () => {
  const walk = steps(walkServerHandshake(rfc.text, rfcServer));

  it('is read, checked in 4.2.1 order, derived, then answered', () => {
    expect(walk.steps.map(outline)).toEqual(['request', ...CHECK_ORDER, ...DERIVATION, 'response']);
  });

  it('shows the request as parsed', () => {
    const first = walk.steps[0];
    if (first.kind !== 'request') throw new Error('the first step is the request');
    expect([first.request.method, first.request.target]).toEqual(['GET', '/chat']);
    expect(first.request.headers.find((h) => h.name === 'Sec-WebSocket-Key')?.value).toBe(RFC_SAMPLE_KEY);
  });

  it(`derives ${RFC_SAMPLE_ACCEPT} from ${RFC_SAMPLE_KEY}, and every derivation step shows the same trace`, () => {
    const derivations = walk.steps.filter((s) => s.kind === 'derivation');
    expect(derivations.map((s) => s.stage)).toEqual(['key', 'key-bytes', 'concatenated', 'sha1', 'base64']);
    const { derivation } = derivations[0];
    for (const step of derivations) expect(step.derivation).toBe(derivation);
    expect(derivation.key).toBe(RFC_SAMPLE_KEY);
    expect(derivation.keyValid).toBe(true);
    expect(formatHex(derivation.keyBytes!)).toBe(formatHex(new TextEncoder().encode('the sample nonce')));
    expect(derivation.concatenated).toBe(`${RFC_SAMPLE_KEY}${WEBSOCKET_GUID}`);
    expect(derivation.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea');
    expect(derivation.accept).toBe(RFC_SAMPLE_ACCEPT);
  });

  it('answers 101 with the accept value and the subprotocol it speaks', () => {
    expect(walk.decision.accepted).toBe(true);
    expect(new TextDecoder().decode(walk.decision.responseBytes)).toBe([
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${RFC_SAMPLE_ACCEPT}`,
      'Sec-WebSocket-Protocol: chat',
      '',
      '',
    ].join('\r\n'));
    const last = walk.steps.at(-1)!;
    expect(last.kind === 'response' && last.decision).toBe(walk.decision);
  });

  it('is refused with 403 by a same-origin server: its Origin is another host\'s page', () => {
    const refused = steps(walkServerHandshake(rfc.text, DEFAULT_SAMPLE_SERVER));
    expect(refused.steps.map(outline)).toEqual(['request', ...CHECK_ORDER.map((id) => (id === 'origin' ? 'origin!' : id)), ...DERIVATION, 'response']);
    expect(answeredStatus(refused)).toBe(403);
    expect(new TextDecoder().decode(refused.decision.responseBytes)).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
  });
});

describe('every request sample', () => {
  const requests = handshakeSamples.filter((s): s is HandshakeSample => s.kind === 'request');

  it.each(requests.map((s) => [s.id, s] as const))('%s: answered with its expected status, failing only the check it breaks', (_, sample) => {
    const walk = walkServerHandshake(sample.text, DEFAULT_SAMPLE_SERVER);
    expect(answeredStatus(walk)).toBe(sample.expectedStatus);
    if (sample.server) expect(answeredStatus(walkServerHandshake(sample.text, sample.server))).toBe(sample.server.expectedStatus);
    if (walk.kind !== 'steps') return;
    const failed = walk.steps.filter((s) => s.kind === 'check' && !s.check.passed).map((s) => (s.kind === 'check' ? s.check.id : ''));
    if (sample.expectedStatus === 101) expect(failed).toEqual([]);
    // A request can break more than one rule at once (no Upgrade at all); the one named is the first, which decides the status.
    else expect(failed[0]).toBe(sample.breaks);
  });
});

describe('refused requests', () => {
  it.each([
    ['post', 405, 'method'],
    ['http10', 400, 'http-version'],
    ['version-8', 426, 'websocket-version'],
    ['short-key', 400, 'key'],
    ['cross-origin', 403, 'origin'],
  ])('%s: refused with %i at the %s check, and the response step carries that status', (id, status, check) => {
    const walk = steps(walkServerHandshake(findSample(id)!.text, DEFAULT_SAMPLE_SERVER));
    expect(walk.decision.accepted).toBe(false);
    const failedCheck = walk.steps.find((s) => s.kind === 'check' && !s.check.passed);
    expect(failedCheck?.kind === 'check' && [failedCheck.check.id, failedCheck.check.failStatus]).toEqual([check, status]);
    const last = walk.steps.at(-1)!;
    expect(last.kind).toBe('response');
    expect(last.kind === 'response' && !last.decision.accepted && last.decision.status).toBe(status);
  });

  it('a request with no key at all shows no derivation', () => {
    const walk = steps(walkServerHandshake(findSample('plain-get')!.text, DEFAULT_SAMPLE_SERVER));
    expect(walk.steps.map(outline)).toEqual(['request', 'method', 'http-version', 'host', 'connection!', 'upgrade!', 'websocket-version!', 'key!', 'origin', 'subprotocol', 'extensions', 'response']);
    expect(answeredStatus(walk)).toBe(400);
  });

  it('a head a server cannot read ends before any check, with its status and the line at fault', () => {
    expect(walkServerHandshake(findSample('space-before-colon')!.text, DEFAULT_SAMPLE_SERVER)).toEqual({
      kind: 'unreadable',
      status: 400,
      message: 'whitespace between the header name and the colon (RFC 9112 5.1 requires a 400)',
      line: 3,
      offset: 49,
    });
  });
});

describe('pasted text', () => {
  it('nothing, or only whitespace, is empty', () => {
    expect(walkServerHandshake('', DEFAULT_SAMPLE_SERVER)).toEqual({ kind: 'empty' });
    expect(walkServerHandshake(' \n\t\n', DEFAULT_SAMPLE_SERVER)).toEqual({ kind: 'empty' });
  });

  it('with bare newlines and no closing blank line reads as the CRLF original does', () => {
    const pasted = rfc.text.replace(/\r\n/g, '\n').trimEnd();
    expect(headBytesFromText(pasted)).toEqual(new TextEncoder().encode(rfc.text));
    expect(walkServerHandshake(pasted, rfcServer)).toEqual(walkServerHandshake(rfc.text, rfcServer));
  });

  it('trailing blank lines and spaces are dropped, the head ends with one blank line', () => {
    expect(new TextDecoder().decode(headBytesFromText('GET / HTTP/1.1\nHost: a  \n\n\n'))).toBe('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  });
});

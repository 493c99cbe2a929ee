// The handshake stepper's permessage-deflate steps (explorer-ui/src/features/
// handshake/deflate-walkthrough.ts): on the server's side each offer with
// its verdict and reason, then the answer, just before the response; on the
// client's side the answer checked against the offer (RFC 7692 5, 7.1).
// The verdicts are the engine's negotiateDeflate and verifyDeflateResponse.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE_SERVER, findSample } from '../../engine/handshake-samples';
import { walkClientHandshake } from '../../explorer-ui/src/features/handshake/client-walkthrough';
import { walkServerDeflate, offersOf } from '../../explorer-ui/src/features/handshake/deflate-walkthrough';
import { walkServerHandshake, type ServerStep } from '../../explorer-ui/src/features/handshake/server-walkthrough';

const chromium = findSample('chromium')!.text;
const server = { ...DEFAULT_SAMPLE_SERVER, subprotocols: ['chat'] };

function outline(step: ServerStep): string {
  switch (step.kind) {
    case 'check': return step.check.id;
    case 'derivation': return 'derive';
    case 'deflate-offer': return `offer ${step.offer.verdict}`;
    default: return step.kind;
  }
}

function withExtensions(request: string, value: string): string {
  return request.replace(/^Sec-WebSocket-Extensions: .*$/m, `Sec-WebSocket-Extensions: ${value}`);
}

function serverSteps(request: string, deflate: boolean) {
  const walk = walkServerHandshake(request, { ...server, deflate });
  if (walk.kind !== 'steps') throw new Error(`expected steps, got ${walk.kind}`);
  return walk;
}

describe("the server's side", () => {
  it("Chromium's offer: one offer step, accepted, and the answer, just before the response, which carries it", () => {
    const walk = serverSteps(chromium, true);
    expect(walk.steps.map(outline).slice(-3)).toEqual(['offer accepted', 'deflate-answer', 'response']);
    const offer = walk.steps.find((s) => s.kind === 'deflate-offer');
    expect(offer?.kind === 'deflate-offer' && offer.offer.text).toBe('permessage-deflate; client_max_window_bits');
    expect(offer?.kind === 'deflate-offer' && offer.offer.parameters.map((p) => p.rfc)).toEqual(['7.1.2.2']);
    const answer = walk.steps.find((s) => s.kind === 'deflate-answer');
    expect(answer?.kind === 'deflate-answer' && answer.negotiation.response).toBe('permessage-deflate');
    expect(answer?.kind === 'deflate-answer' && answer.negotiation.directions.map((d) => [d.label, d.windowBits, d.noContextTakeover])).toEqual([
      ['server → client', 15, false],
      ['client → server', 15, false],
    ]);
    expect(new TextDecoder().decode(walk.decision.responseBytes)).toContain('Sec-WebSocket-Extensions: permessage-deflate\r\n');
  });

  it('a server that does not compress: the steps of before, and the extensions check says why nothing was taken', () => {
    const walk = serverSteps(chromium, false);
    expect(walk.steps.map(outline).filter((s) => s.startsWith('offer') || s === 'deflate-answer')).toEqual([]);
    const extensions = walk.steps.find((s) => s.kind === 'check' && s.check.id === 'extensions');
    expect(extensions?.kind === 'check' && extensions.note).toMatch(/set not to compress/);
    expect(new TextDecoder().decode(walk.decision.responseBytes)).not.toContain('Sec-WebSocket-Extensions');
    // Left out, the server is the one links always meant: no deflate.
    expect(walkServerHandshake(chromium, server)).toEqual(walk);
  });

  it('several offers: each judged in order, the first acceptable taken, the rest not considered, other extensions ignored', () => {
    const request = withExtensions(chromium, 'x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=8, permessage-deflate; foo, permessage-deflate; server_no_context_takeover; client_max_window_bits, permessage-deflate');
    const negotiation = walkServerDeflate(offersOf([{ name: 'Sec-WebSocket-Extensions', value: request.match(/^Sec-WebSocket-Extensions: (.*)$/m)![1].trim() }]));
    expect(negotiation.offers.map((o) => o.verdict)).toEqual(['other-extension', 'declined', 'declined', 'accepted', 'not-considered']);
    expect(negotiation.offers[1].reason).toContain('8-bit window');
    expect(negotiation.offers[2].reason).toContain('unknown parameter "foo"');
    expect(negotiation.response).toBe('permessage-deflate; server_no_context_takeover');
    expect(negotiation.directions[0].noContextTakeover).toBe(true);
    const walk = serverSteps(request, true);
    expect(walk.steps.map(outline).slice(-7)).toEqual(['offer other-extension', 'offer declined', 'offer declined', 'offer accepted', 'offer not-considered', 'deflate-answer', 'response']);
  });

  it('no deflate steps when the request is refused, or offers no permessage-deflate', () => {
    expect(serverSteps(findSample('cross-origin')!.text, true).steps.some((s) => s.kind.startsWith('deflate'))).toBe(false);
    expect(serverSteps(findSample('rfc6455')!.text, true).steps.some((s) => s.kind.startsWith('deflate'))).toBe(false);
  });
});

describe("the client's side", () => {
  const request = findSample('sample-key-with-deflate')!.text;
  const response = findSample('node-ws-response')!.text;

  it("ws's answer follows the offer: the extensions check holds the agreement and passes", () => {
    const walk = walkClientHandshake(request, response);
    if (walk.kind !== 'steps') throw new Error(walk.kind);
    expect(walk.verification.ok).toBe(true);
    const extensions = walk.steps.find((s) => s.kind === 'check' && s.check.id === 'extensions');
    if (extensions?.kind !== 'check') throw new Error('no extensions check');
    expect(extensions.check.passed).toBe(true);
    expect(extensions.deflate?.answer).toBe('permessage-deflate');
    expect(extensions.deflate?.reading.ok).toBe(true);
    expect(extensions.deflate?.directions).toHaveLength(2);
  });

  it('an answer setting client_max_window_bits the client did not offer fails the extensions check and the connection (RFC 7692 7.1.2.2)', () => {
    const bad = response.replace('Sec-WebSocket-Extensions: permessage-deflate', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10');
    const noWindowOffered = request.replace('permessage-deflate; client_max_window_bits', 'permessage-deflate');
    const walk = walkClientHandshake(noWindowOffered, bad);
    if (walk.kind !== 'steps') throw new Error(walk.kind);
    expect(walk.verification.ok).toBe(false);
    const extensions = walk.steps.find((s) => s.kind === 'check' && s.check.id === 'extensions');
    if (extensions?.kind !== 'check') throw new Error('no extensions check');
    expect(extensions.check.passed).toBe(false);
    expect(extensions.check.found).toContain('client_max_window_bits, which the client did not offer');
    expect(!walk.verification.ok && walk.verification.reason).toMatch(/^Extensions only from those offered: found/);
    // The step count is the same as for a good answer: old links to a step still land on it.
    const good = walkClientHandshake(request, response);
    expect(good.kind === 'steps' && good.steps.length).toBe(walk.steps.length);
  });

  it('an answer without permessage-deflate: no deflate detail', () => {
    const walk = walkClientHandshake(findSample('rfc6455')!.text, findSample('rfc6455-response')!.text);
    expect(walk.kind === 'steps' && walk.steps.some((s) => s.kind === 'check' && s.deflate)).toBe(false);
  });
});

// explorer-ui/src/features/handshake/client-walkthrough.ts: a request the
// client sent and the response it got, laid out as the client's steps. For
// the engine's response samples (engine/handshake-samples.ts): the RFC's
// sample key is derived to its accept value just before the check that
// compares it, and a response that breaks a rule fails at that check.

import { describe, expect, it } from 'vitest';
import { WEBSOCKET_GUID } from '../../engine/accept-key';
import { findSample, handshakeSamples } from '../../engine/handshake-samples';
import { walkClientHandshake, type ClientStep, type ClientWalkthrough } from '../../explorer-ui/src/features/handshake/client-walkthrough';
import { RFC_SAMPLE_ACCEPT, RFC_SAMPLE_KEY } from '../support/rfc-samples';

function outline(step: ClientStep): string {
  switch (step.kind) {
    case 'check': return step.check.passed ? step.check.id : `${step.check.id}!`;
    case 'derivation': return `derive ${step.stage}`;
    default: return step.kind;
  }
}

function steps(walk: ClientWalkthrough): Extract<ClientWalkthrough, { kind: 'steps' }> {
  if (walk.kind !== 'steps') throw new Error(`expected steps, got ${JSON.stringify(walk)}`);
  return walk;
}

/** The client derives from the key it sent: no second look at the key's bytes. */
const DERIVATION = ['derive key', 'derive concatenated', 'derive sha1', 'derive base64'];

const rfcRequest = findSample('rfc6455')!.text;
const rfcResponse = findSample('rfc6455-response')!.text;

describe("the RFC's sample request and response (1.2)", () => {
  const walk = steps(walkClientHandshake(rfcRequest, rfcResponse));

  it('are laid out as: the request sent, the response read, each check, the client\'s derivation just before the accept check, the verdict', () => {
    expect(walk.steps.map(outline)).toEqual(['sent', 'response', 'status', 'upgrade', 'connection', ...DERIVATION, 'accept', 'extensions', 'subprotocol', 'verdict']);
  });

  it('remember what the client offered', () => {
    const sent = walk.steps[0];
    if (sent.kind !== 'sent') throw new Error('the first step is the request sent');
    expect(sent.handshake.key).toBe(RFC_SAMPLE_KEY);
    expect(sent.handshake.expectedAccept).toBe(RFC_SAMPLE_ACCEPT);
    expect(sent.handshake.offeredProtocols).toEqual(['chat', 'superchat']);
    expect(sent.handshake.url).toBe('ws://server.example.com/chat');
  });

  it(`derive ${RFC_SAMPLE_ACCEPT} from ${RFC_SAMPLE_KEY}, and the accept check compares it with what came back`, () => {
    const derivations = walk.steps.filter((s) => s.kind === 'derivation');
    const { derivation } = derivations[0];
    expect(derivation.key).toBe(RFC_SAMPLE_KEY);
    expect(derivation.concatenated).toBe(`${RFC_SAMPLE_KEY}${WEBSOCKET_GUID}`);
    expect(derivation.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea');
    expect(derivation.accept).toBe(RFC_SAMPLE_ACCEPT);
    const accept = walk.steps.find((s) => s.kind === 'check' && s.check.id === 'accept');
    expect(accept?.kind === 'check' && [accept.check.passed, accept.check.found]).toEqual([true, `Sec-WebSocket-Accept: ${RFC_SAMPLE_ACCEPT}`]);
  });

  it('end in an established connection speaking chat', () => {
    expect(walk.verification).toEqual({ ok: true, checks: expect.any(Array), subprotocol: 'chat', extensions: null });
    const last = walk.steps.at(-1)!;
    expect(last.kind === 'verdict' && last.verification).toBe(walk.verification);
  });

  it('read the same with bare newlines, as a person pastes them', () => {
    const bare = (text: string) => text.replace(/\r\n/g, '\n').trimEnd();
    expect(steps(walkClientHandshake(bare(rfcRequest), bare(rfcResponse))).steps.map(outline)).toEqual(walk.steps.map(outline));
  });
});

describe('every response sample, checked against the request it answers', () => {
  const responses = handshakeSamples.filter((s) => s.kind === 'response');

  it.each(responses.map((s) => [s.id, s] as const))('%s', (_, sample) => {
    const walk = steps(walkClientHandshake(findSample(sample.answers!)!.text, sample.text));
    const failed = walk.steps.filter((s) => s.kind === 'check' && !s.check.passed).map((s) => (s.kind === 'check' ? s.check.id : ''));
    if (sample.breaks) {
      expect(walk.verification.ok).toBe(false);
      expect(failed[0]).toBe(sample.breaks);
    } else {
      expect(walk.verification.ok).toBe(true);
      expect(failed).toEqual([]);
    }
    // The status the client sees is the sample's: 101 for a handshake response, else the refusal's.
    const read = walk.steps[1];
    expect(read.kind === 'response' && read.response.status).toBe(sample.expectedStatus);
  });
});

describe('responses that fail', () => {
  it('a 426 refusal fails at its status, and the response step carries 426', () => {
    const walk = steps(walkClientHandshake(rfcRequest, findSample('refused-426')!.text));
    expect(walk.steps.map(outline)).toEqual(['sent', 'response', 'status!', 'upgrade', 'connection', ...DERIVATION, 'accept!', 'extensions', 'subprotocol', 'verdict']);
    const status = walk.steps[2];
    expect(status.kind === 'check' && status.check.found).toBe('426 Upgrade Required');
    expect(walk.verification.ok === false && walk.verification.reason).toMatch(/^Status is 101 Switching Protocols: found 426 Upgrade Required;/);
  });

  it('an accept value derived from another key fails the accept check, naming both values', () => {
    const walk = steps(walkClientHandshake(rfcRequest, findSample('wrong-accept-response')!.text));
    const accept = walk.steps.find((s) => s.kind === 'check' && s.check.id === 'accept');
    expect(accept?.kind === 'check' && [accept.check.passed, accept.check.found]).toEqual([false, 'Sec-WebSocket-Accept: 2mQFj9iUA/Nz8E6OA4c2/MboVUk=']);
    expect(accept?.kind === 'check' && accept.check.expected).toContain(RFC_SAMPLE_ACCEPT);
  });
});

describe('what stops the walk before any step', () => {
  it('no request, then no response', () => {
    expect(walkClientHandshake('', rfcResponse)).toEqual({ kind: 'empty', missing: 'request' });
    expect(walkClientHandshake(rfcRequest, '  \n')).toEqual({ kind: 'empty', missing: 'response' });
  });

  it('a request with no key, or two: the client cannot have sent it', () => {
    const noKey = rfcRequest.replace(/Sec-WebSocket-Key: .*\r\n/, '');
    expect(walkClientHandshake(noKey, rfcResponse)).toEqual({ kind: 'no-key', keys: 0 });
    const twoKeys = rfcRequest.replace(/(Sec-WebSocket-Key: .*\r\n)/, '$1$1');
    expect(walkClientHandshake(twoKeys, rfcResponse)).toEqual({ kind: 'no-key', keys: 2 });
  });

  it('a request or a response that does not parse, with the line at fault', () => {
    expect(walkClientHandshake(findSample('space-before-colon')!.text, rfcResponse)).toEqual({
      kind: 'unreadable',
      message: 'request',
      text: 'whitespace between the header name and the colon (RFC 9112 5.1 requires a 400)',
      line: 3,
    });
    const walk = walkClientHandshake(rfcRequest, 'HTTP/1.1 101 Switching Protocols\nUpgrade : websocket');
    expect(walk).toMatchObject({ kind: 'unreadable', message: 'response', line: 2 });
  });
});

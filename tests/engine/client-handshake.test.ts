import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { buildClientHandshake, handshakeFromRequest, parseWebSocketUrl, verifyServerResponse, type ClientHandshake } from '../../engine/client-handshake';
import { findSample, handshakeSamples, sampleBytes } from '../../engine/handshake-samples';
import { parseRequestHead, parseResponseHead, type HttpHeader, type HttpResponse } from '../../engine/http-message';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** The RFC sample nonce, "the sample nonce", so the key is dGhlIHNhbXBsZSBub25jZQ==. */
const sampleNonce = (n: number) => new TextEncoder().encode('the sample nonce').subarray(0, n);

describe('parseWebSocketUrl', () => {
  const urls: Array<[string, { secure: boolean; host: string; port: number; path: string; hostHeader: string }]> = [
    ['ws://example.com', { secure: false, host: 'example.com', port: 80, path: '/', hostHeader: 'example.com' }],
    ['wss://example.com', { secure: true, host: 'example.com', port: 443, path: '/', hostHeader: 'example.com' }],
    ['ws://example.com:80/chat', { secure: false, host: 'example.com', port: 80, path: '/chat', hostHeader: 'example.com' }],
    ['wss://example.com:443/', { secure: true, host: 'example.com', port: 443, path: '/', hostHeader: 'example.com' }],
    ['ws://127.0.0.1:8080/chat?room=1&x=%20', { secure: false, host: '127.0.0.1', port: 8080, path: '/chat?room=1&x=%20', hostHeader: '127.0.0.1:8080' }],
    ['wss://Example.COM:8443?x', { secure: true, host: 'example.com', port: 8443, path: '/?x', hostHeader: 'example.com:8443' }],
    ['ws://[::1]:9000/a', { secure: false, host: '::1', port: 9000, path: '/a', hostHeader: '[::1]:9000' }],
    ['WS://localhost/', { secure: false, host: 'localhost', port: 80, path: '/', hostHeader: 'localhost' }],
  ];
  it.each(urls)('splits %s', (url, expected) => {
    expect(parseWebSocketUrl(url)).toEqual(expected);
  });

  const bad: Array<[string, RegExp]> = [
    ['http://example.com/', /not a ws:\/\/ or wss:\/\/ URL/],
    ['example.com', /not a ws:\/\/ or wss:\/\/ URL/],
    ['ws://example.com/#frag', /fragment/],
    ['ws://user:pw@example.com/', /user info/],
    ['ws://example.com:0/', /invalid port/],
    ['ws://example.com:70000/', /invalid port/],
    ['ws:///path', /no valid host/],
    ['ws://example.com/a b', /percent-encoded/],
  ];
  it.each(bad)('throws on %s (caller error)', (url, message) => {
    expect(() => parseWebSocketUrl(url)).toThrow(message);
  });
});

describe('buildClientHandshake', () => {
  it('builds the RFC 6455 1.2 sample request from the injected nonce', () => {
    const handshake = buildClientHandshake({
      url: 'ws://server.example.com/chat',
      randomBytes: sampleNonce,
      protocols: ['chat', 'superchat'],
      origin: 'http://example.com',
    });
    expect(handshake).toMatchObject({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      expectedAccept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      host: 'server.example.com',
      port: 80,
      path: '/chat',
      secure: false,
      offeredProtocols: ['chat', 'superchat'],
    });
    expect(text(handshake.requestBytes)).toBe(
      'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://example.com\r\n' +
        'Sec-WebSocket-Protocol: chat, superchat\r\n\r\n',
    );
  });

  it('asks the random source for exactly 16 bytes', () => {
    const asked: number[] = [];
    buildClientHandshake({ url: 'ws://a/', randomBytes: (n) => (asked.push(n), new Uint8Array(n)) });
    expect(asked).toEqual([16]);
  });

  it('offers extensions as parsed offers and writes them normalised', () => {
    const handshake = buildClientHandshake({ url: 'ws://a/', randomBytes: sampleNonce, extensions: 'permessage-deflate;client_max_window_bits' });
    expect(handshake.offeredExtensions).toEqual([{ name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] }]);
    expect(handshake.request.headers).toContainEqual({ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits' });
  });

  it('appends extra headers, and lets a Host header replace the derived one', () => {
    const handshake = buildClientHandshake({
      url: 'ws://127.0.0.1:8080/',
      randomBytes: sampleNonce,
      headers: [{ name: 'Host', value: 'virtual.example' }, { name: 'Cookie', value: 'a=1' }],
    });
    const names = handshake.request.headers.map((h) => h.name);
    expect(handshake.request.headers[0]).toEqual({ name: 'Host', value: 'virtual.example' });
    expect(names.filter((n) => n === 'Host')).toHaveLength(1);
    expect(handshake.request.headers.at(-1)).toEqual({ name: 'Cookie', value: 'a=1' });
    expect(handshake.port).toBe(8080);
  });

  it('writes a request that our own server checks accept', async () => {
    const { evaluateUpgrade } = await import('../../engine/handshake');
    const handshake = buildClientHandshake({ url: 'ws://127.0.0.1:8080/x', randomBytes: sampleNonce, origin: 'http://127.0.0.1:8080' });
    const parsed = parseRequestHead(handshake.requestBytes);
    if (parsed.state !== 'complete') throw new Error(parsed.state);
    expect(evaluateUpgrade(parsed.message).accepted).toBe(true);
  });

  const misuse: Array<[string, () => unknown, RegExp]> = [
    ['an http:// URL', () => buildClientHandshake({ url: 'http://a/', randomBytes: sampleNonce }), /ws:\/\//],
    ['a random source returning 8 bytes', () => buildClientHandshake({ url: 'ws://a/', randomBytes: () => new Uint8Array(8) }), /16 bytes/],
    ['a subprotocol with a space', () => buildClientHandshake({ url: 'ws://a/', randomBytes: sampleNonce, protocols: ['a b'] }), /not a token/],
    ['a repeated subprotocol', () => buildClientHandshake({ url: 'ws://a/', randomBytes: sampleNonce, protocols: ['a', 'a'] }), /unique/],
    ['a malformed extension', () => buildClientHandshake({ url: 'ws://a/', randomBytes: sampleNonce, extensions: 'x; =1' }), /extensions:/],
    ['an extra Upgrade header', () => buildClientHandshake({ url: 'ws://a/', randomBytes: sampleNonce, headers: [{ name: 'upgrade', value: 'x' }] }), /handshake writes it/],
  ];
  it.each(misuse)('throws on %s (caller error)', (_what, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('verifyServerResponse', () => {
  const handshake = buildClientHandshake({
    url: 'ws://server.example.com/chat',
    randomBytes: sampleNonce,
    protocols: ['chat', 'superchat'],
    extensions: 'permessage-deflate; client_max_window_bits',
  });
  const good: HttpHeader[] = [
    { name: 'Upgrade', value: 'websocket' },
    { name: 'Connection', value: 'Upgrade' },
    { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
  ];
  const response = (headers: HttpHeader[], status = 101): HttpResponse => ({ version: 'HTTP/1.1', status, reason: status === 101 ? 'Switching Protocols' : 'Bad Request', headers });
  const without = (name: string) => good.filter((h) => h.name !== name);

  it('accepts a correct 101 and reports every check as passed', () => {
    const verdict = verifyServerResponse(handshake, response(good));
    expect(verdict).toMatchObject({ ok: true, subprotocol: null, extensions: null });
    expect(verdict.checks.map((c) => [c.id, c.passed])).toEqual([
      ['status', true],
      ['upgrade', true],
      ['connection', true],
      ['accept', true],
      ['extensions', true],
      ['subprotocol', true],
    ]);
  });

  it('returns the chosen subprotocol and extensions', () => {
    const verdict = verifyServerResponse(
      handshake,
      response([...good, { name: 'Sec-WebSocket-Protocol', value: 'superchat' }, { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; server_no_context_takeover' }]),
    );
    expect(verdict).toMatchObject({ ok: true, subprotocol: 'superchat', extensions: 'permessage-deflate; server_no_context_takeover' });
  });

  it('accepts header names and tokens in any case', () => {
    const shouting = response([
      { name: 'UPGRADE', value: 'WebSocket' },
      { name: 'connection', value: 'keep-alive, upgrade' },
      { name: 'sec-websocket-accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
    ]);
    expect(verifyServerResponse(handshake, shouting).ok).toBe(true);
  });

  const failures: Array<[string, string, HttpResponse, RegExp]> = [
    ['fails on a 400 status', 'status', response(good, 400), /400 Bad Request/],
    ['fails without Upgrade', 'upgrade', response(without('Upgrade')), /no Upgrade header/],
    ['fails on "Upgrade: h2c"', 'upgrade', response([...without('Upgrade'), { name: 'Upgrade', value: 'h2c' }]), /Upgrade: h2c/],
    ['fails without Connection: Upgrade', 'connection', response([...without('Connection'), { name: 'Connection', value: 'close' }]), /Connection: close/],
    ['fails on a wrong accept value', 'accept', response([...without('Sec-WebSocket-Accept'), { name: 'Sec-WebSocket-Accept', value: '2mQFj9iUA/Nz8E6OA4c2/MboVUk=' }]), /2mQFj9iUA/],
    ['fails without an accept value', 'accept', response(without('Sec-WebSocket-Accept')), /no Sec-WebSocket-Accept/],
    ['fails on an extension that was not offered', 'extensions', response([...good, { name: 'Sec-WebSocket-Extensions', value: 'x-webkit-deflate-frame' }]), /did not offer/],
    ['fails on a malformed extension answer', 'extensions', response([...good, { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; =' }]), /expected a parameter name/],
    ['fails on a subprotocol that was not offered', 'subprotocol', response([...good, { name: 'Sec-WebSocket-Protocol', value: 'graphql-ws' }]), /graphql-ws/],
    ['fails on a list of subprotocols', 'subprotocol', response([...good, { name: 'Sec-WebSocket-Protocol', value: 'chat, superchat' }]), /chat, superchat/],
  ];
  it.each(failures)('%s', (_name, id, res, found) => {
    const verdict = verifyServerResponse(handshake, res);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual([id]);
    expect(verdict.checks.find((c) => c.id === id)!.found).toMatch(found);
    if (!verdict.ok) expect(verdict.reason).toMatch(/RFC 6455 4\.1/);
  });

  it('fails on any subprotocol when none was offered', () => {
    const plain = buildClientHandshake({ url: 'ws://a/', randomBytes: sampleNonce });
    expect(verifyServerResponse(plain, response([...good, { name: 'Sec-WebSocket-Protocol', value: 'chat' }])).ok).toBe(false);
  });
});

describe('response samples', () => {
  const responses = handshakeSamples.filter((s) => s.kind === 'response');
  it.each(responses.map((s) => [s.id, s] as const))('%s verifies as expected against the request it answers', (_id, sample) => {
    const request = parseRequestHead(sampleBytes(findSample(sample.answers!)!));
    const parsed = parseResponseHead(sampleBytes(sample));
    if (request.state !== 'complete' || parsed.state !== 'complete') throw new Error('sample does not parse');
    const verdict = verifyServerResponse(handshakeFromRequest(request.message)!, parsed.message);
    expect(parsed.message.status).toBe(sample.expectedStatus);
    expect(verdict.ok).toBe(sample.breaks === undefined);
    if (sample.breaks) expect(verdict.checks.find((c) => !c.passed)?.id).toBe(sample.breaks);
  });
});

describe('against a real server (ws, over 127.0.0.1)', () => {
  async function exchange(handshake: ClientHandshake, port: number): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(handshake.requestBytes));
      let received = new Uint8Array(0);
      socket.on('data', (chunk) => {
        received = new Uint8Array([...received, ...chunk]);
        const parsed = parseResponseHead(received);
        if (parsed.state === 'complete') {
          socket.destroy();
          resolve(parsed.message);
        } else if (parsed.state === 'error') reject(new Error(parsed.message));
      });
      socket.on('error', reject);
    });
  }

  it("verifies ws's 101 with subprotocol and permessage-deflate", async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true, handleProtocols: (offered) => (offered.has('superchat') ? 'superchat' : false) });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const handshake = buildClientHandshake({
        url: `ws://127.0.0.1:${port}/chat`,
        randomBytes: (n) => Uint8Array.from({ length: n }, (_, i) => i * 17),
        protocols: ['chat', 'superchat'],
        extensions: 'permessage-deflate; client_max_window_bits',
      });
      const verdict = verifyServerResponse(handshake, await exchange(handshake, port));
      expect(verdict).toMatchObject({ ok: true, subprotocol: 'superchat' });
      expect(verdict.ok && verdict.extensions).toMatch(/^permessage-deflate/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

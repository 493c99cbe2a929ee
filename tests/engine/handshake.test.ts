import { createServer, type AddressInfo, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { evaluateUpgrade, isSameOrigin, refusal, type HandshakeCheck, type UpgradeDecision } from '../../engine/handshake';
import { handshakeSamples, sampleBytes } from '../../engine/handshake-samples';
import { parseRequestHead, parseResponseHead, type HttpHeader, type HttpRequest } from '../../engine/http-message';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const validHeaders: HttpHeader[] = [
  { name: 'Host', value: '127.0.0.1:8080' },
  { name: 'Upgrade', value: 'websocket' },
  { name: 'Connection', value: 'Upgrade' },
  { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
  { name: 'Sec-WebSocket-Version', value: '13' },
];

function request(changes: { method?: string; version?: string; drop?: string[]; set?: HttpHeader[]; add?: HttpHeader[] } = {}): HttpRequest {
  const drop = new Set([...(changes.drop ?? []), ...(changes.set ?? []).map((h) => h.name)].map((n) => n.toLowerCase()));
  return {
    method: changes.method ?? 'GET',
    target: '/chat',
    version: changes.version ?? 'HTTP/1.1',
    headers: [...validHeaders.filter((h) => !drop.has(h.name.toLowerCase())), ...(changes.set ?? []), ...(changes.add ?? [])],
  };
}

const check = (decision: UpgradeDecision, id: string): HandshakeCheck => {
  const found = decision.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

/** The decision's response as it goes on the wire, parsed back. */
function wire(decision: UpgradeDecision) {
  const parsed = parseResponseHead(decision.responseBytes);
  if (parsed.state !== 'complete') throw new Error(`response does not parse: ${parsed.state}`);
  return { ...parsed.message, body: text(decision.responseBytes.subarray(parsed.headLength)) };
}

describe('evaluateUpgrade: accepting', () => {
  it('answers a valid request with the exact 101 response (RFC 6455 4.2.2 step 5)', () => {
    const decision = evaluateUpgrade(request());
    expect(decision.accepted).toBe(true);
    expect(decision.checks.map((c) => [c.id, c.passed])).toEqual([
      ['method', true],
      ['http-version', true],
      ['host', true],
      ['connection', true],
      ['upgrade', true],
      ['websocket-version', true],
      ['key', true],
      ['origin', true],
      ['subprotocol', true],
      ['extensions', true],
    ]);
    expect(text(decision.responseBytes)).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    );
  });

  it('cites an RFC section on every check', () => {
    for (const c of evaluateUpgrade(request()).checks) expect(c.rfc).toMatch(/\d/);
  });

  it('chooses the first of its own preferences that the client offered', () => {
    const decision = evaluateUpgrade(request({ add: [{ name: 'Sec-WebSocket-Protocol', value: 'chat, superchat' }] }), {
      subprotocols: ['superchat', 'chat'],
    });
    expect(decision).toMatchObject({ accepted: true, subprotocol: 'superchat' });
    expect(wire(decision).headers).toContainEqual({ name: 'Sec-WebSocket-Protocol', value: 'superchat' });
    expect(check(decision, 'subprotocol').found).toMatch(/chose "superchat"/);
  });

  it('reads subprotocol offers across repeated header lines', () => {
    const decision = evaluateUpgrade(
      request({ add: [{ name: 'Sec-WebSocket-Protocol', value: 'a' }, { name: 'sec-websocket-protocol', value: 'b' }] }),
      { subprotocols: ['b'] },
    );
    expect(decision).toMatchObject({ accepted: true, subprotocol: 'b' });
  });

  it('accepts without a subprotocol when none matches, and sends no Sec-WebSocket-Protocol', () => {
    const decision = evaluateUpgrade(request({ add: [{ name: 'Sec-WebSocket-Protocol', value: 'mqtt' }] }), { subprotocols: ['chat'] });
    expect(decision).toMatchObject({ accepted: true, subprotocol: null });
    expect(wire(decision).headers.map((h) => h.name)).not.toContain('Sec-WebSocket-Protocol');
  });

  it('parses extension offers and sends what acceptExtensions returns', () => {
    const seen: unknown[] = [];
    const decision = evaluateUpgrade(
      request({ add: [{ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits, x-foo' }] }),
      { acceptExtensions: (offers) => (seen.push(offers), 'permessage-deflate') },
    );
    expect(seen).toEqual([
      [
        { name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] },
        { name: 'x-foo', params: [] },
      ],
    ]);
    expect(decision).toMatchObject({ accepted: true, extensions: 'permessage-deflate' });
    expect(wire(decision).headers).toContainEqual({ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' });
  });

  it('accepts no extension by default', () => {
    const decision = evaluateUpgrade(request({ add: [{ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' }] }));
    expect(decision).toMatchObject({ accepted: true, extensions: null });
    expect(check(decision, 'extensions').found).toMatch(/none accepted/);
  });

  it('adds the policy extra headers after the handshake headers', () => {
    const decision = evaluateUpgrade(request(), { extraHeaders: [{ name: 'Set-Cookie', value: 'id=1' }] });
    expect(wire(decision).headers.at(-1)).toEqual({ name: 'Set-Cookie', value: 'id=1' });
  });

  it('throws when extra headers try to set a handshake header (caller error)', () => {
    expect(() => evaluateUpgrade(request(), { extraHeaders: [{ name: 'sec-websocket-accept', value: 'x' }] })).toThrow(/handshake writes it/);
  });

  const lenient: Array<[string, HttpRequest]> = [
    ['"Connection: keep-alive, Upgrade" (Firefox)', request({ set: [{ name: 'Connection', value: 'keep-alive, Upgrade' }] })],
    ['"Connection: upgrade" in lowercase', request({ set: [{ name: 'Connection', value: 'upgrade' }] })],
    ['Connection split over two header lines', request({ set: [{ name: 'Connection', value: 'keep-alive' }], add: [{ name: 'connection', value: 'Upgrade' }] })],
    ['"Upgrade: WebSocket" in mixed case', request({ set: [{ name: 'Upgrade', value: 'WebSocket' }] })],
    ['lowercase header names', { ...request(), headers: validHeaders.map((h) => ({ ...h, name: h.name.toLowerCase() })) }],
    ['uppercase header names', { ...request(), headers: validHeaders.map((h) => ({ ...h, name: h.name.toUpperCase() })) }],
    ['HTTP/1.2 (a later minor version)', request({ version: 'HTTP/1.2' })],
    ['an Origin on the same host and port', request({ add: [{ name: 'Origin', value: 'http://127.0.0.1:8080' }] })],
  ];
  it.each(lenient)('accepts %s', (_what, req) => {
    expect(evaluateUpgrade(req).accepted).toBe(true);
  });
});

describe('evaluateUpgrade: refusing', () => {
  // One row per check: the request that fails it, the status, and the headers the refusal must carry.
  const failures: Array<[string, string, HttpRequest, number, HttpHeader[], RegExp]> = [
    ['fails on POST with 405 and Allow: GET', 'method', request({ method: 'POST' }), 405, [{ name: 'Allow', value: 'GET' }], /POST/],
    ['fails on a lowercase "get" (methods are case-sensitive)', 'method', request({ method: 'get' }), 405, [{ name: 'Allow', value: 'GET' }], /case-sensitive/],
    ['fails on HTTP/1.0', 'http-version', request({ version: 'HTTP/1.0' }), 400, [], /HTTP\/1.0/],
    ['fails without Host', 'host', request({ drop: ['Host'] }), 400, [], /no Host header/],
    ['fails on two Host headers', 'host', request({ add: [{ name: 'Host', value: 'evil.example' }] }), 400, [], /2 Host headers/],
    ['fails without Connection', 'connection', request({ drop: ['Connection'] }), 400, [], /no Connection header/],
    ['fails on "Connection: keep-alive" alone', 'connection', request({ set: [{ name: 'Connection', value: 'keep-alive' }] }), 400, [], /Connection: keep-alive/],
    ['fails on "Connection: upgraded" (a token, not a substring)', 'connection', request({ set: [{ name: 'Connection', value: 'upgraded' }] }), 400, [], /upgraded/],
    ['fails without Upgrade', 'upgrade', request({ drop: ['Upgrade'] }), 400, [], /no Upgrade header/],
    ['fails on "Upgrade: h2c"', 'upgrade', request({ set: [{ name: 'Upgrade', value: 'h2c' }] }), 400, [], /Upgrade: h2c/],
    [
      'fails on version 8 with 426 and Sec-WebSocket-Version: 13',
      'websocket-version',
      request({ set: [{ name: 'Sec-WebSocket-Version', value: '8' }] }),
      426,
      [{ name: 'Sec-WebSocket-Version', value: '13' }, { name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade, close' }],
      /Sec-WebSocket-Version: 8/,
    ],
    ['fails without a version, with 426', 'websocket-version', request({ drop: ['Sec-WebSocket-Version'] }), 426, [{ name: 'Sec-WebSocket-Version', value: '13' }], /no Sec-WebSocket-Version/],
    ['fails without a key', 'key', request({ drop: ['Sec-WebSocket-Key'] }), 400, [], /no Sec-WebSocket-Key header/],
    ['fails on a key of 15 bytes', 'key', request({ set: [{ name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25j' }] }), 400, [], /decodes to 15 bytes/],
    ['fails on a key that is not base64', 'key', request({ set: [{ name: 'Sec-WebSocket-Key', value: 'not base64 at all, really!' }] }), 400, [], /not base64/],
    ['fails on two keys', 'key', request({ add: [{ name: 'Sec-WebSocket-Key', value: 'AAAAAAAAAAAAAAAAAAAAAA==' }] }), 400, [], /2 Sec-WebSocket-Key headers/],
    ['fails on a cross-origin request with 403', 'origin', request({ add: [{ name: 'Origin', value: 'https://evil.example' }] }), 403, [], /Origin: https:\/\/evil.example, Host: 127.0.0.1:8080/],
    ['fails on the opaque origin "null"', 'origin', request({ add: [{ name: 'Origin', value: 'null' }] }), 403, [], /Origin: null/],
    ['fails on a subprotocol that is not a token', 'subprotocol', request({ add: [{ name: 'Sec-WebSocket-Protocol', value: 'chat, s@y' }] }), 400, [], /"s@y" is not a token/],
    ['fails on a malformed extension offer', 'extensions', request({ add: [{ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; =1' }] }), 400, [], /expected a parameter name/],
  ];
  it.each(failures)('%s', (_name, id, req, status, headers, found) => {
    const decision = evaluateUpgrade(req);
    expect(decision.accepted).toBe(false);
    if (decision.accepted) return;
    const failing = decision.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failing).toEqual([id]);
    expect(check(decision, id).found).toMatch(found);
    expect(decision.status).toBe(status);
    const response = wire(decision);
    expect(response.status).toBe(status);
    for (const header of headers) expect(response.headers).toContainEqual(header);
    expect(response.headers).toContainEqual({ name: 'Content-Type', value: 'text/plain; charset=utf-8' });
    expect(response.headers.find((h) => h.name === 'Connection')?.value).toMatch(/close/);
    expect(response.headers).toContainEqual({ name: 'Content-Length', value: String(new TextEncoder().encode(response.body).length) });
    expect(response.body).toContain(check(decision, id).title);
    expect(decision.reason).toMatch(found);
  });

  it('runs every check after one fails, and the first failure decides the status', () => {
    const decision = evaluateUpgrade(
      request({ method: 'POST', set: [{ name: 'Sec-WebSocket-Version', value: '8' }], add: [{ name: 'Origin', value: 'http://evil.example' }] }),
    );
    expect(decision.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['method', 'websocket-version', 'origin']);
    expect(decision).toMatchObject({ accepted: false, status: 405 });
    const body = wire(decision).body;
    expect(body.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(3);
  });

  it('still shows the accept-key derivation of a refused request with a key', () => {
    const decision = evaluateUpgrade(request({ method: 'PUT' }));
    expect(decision.accepted === false && decision.derivation?.accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('uses a custom origin policy, which sees the Origin and the request', () => {
    const calls: Array<string | null> = [];
    const policy = { checkOrigin: (origin: string | null) => (calls.push(origin), origin === 'https://app.example') };
    expect(evaluateUpgrade(request({ add: [{ name: 'Origin', value: 'https://app.example' }] }), policy).accepted).toBe(true);
    expect(evaluateUpgrade(request({ add: [{ name: 'Origin', value: 'http://127.0.0.1:8080' }] }), policy)).toMatchObject({ accepted: false, status: 403 });
    expect(evaluateUpgrade(request(), policy)).toMatchObject({ accepted: false, status: 403 });
    expect(calls).toEqual(['https://app.example', 'http://127.0.0.1:8080', null]);
  });
});

describe('isSameOrigin', () => {
  const cases: Array<[string | null, string, boolean]> = [
    [null, 'example.com', true],
    ['http://example.com', 'example.com', true],
    ['http://EXAMPLE.com', 'example.COM', true],
    ['http://example.com', 'example.com:80', true],
    ['https://example.com', 'example.com:443', true],
    ['https://example.com', 'example.com', true],
    ['http://example.com:8080', 'example.com:8080', true],
    ['http://[::1]:8080', '[::1]:8080', true],
    ['http://example.com:8080', 'example.com', false],
    ['http://example.com', 'example.com:8080', false],
    ['http://example.com.evil.example', 'example.com', false],
    ['http://evil.example', 'example.com', false],
    ['null', 'example.com', false],
    ['http://example.com/path', 'example.com', false],
    ['file://', 'example.com', false],
  ];
  it.each(cases)('Origin %s with Host %s is same-origin: %s', (origin, host, same) => {
    expect(isSameOrigin(origin, { method: 'GET', target: '/', version: 'HTTP/1.1', headers: [{ name: 'Host', value: host }] })).toBe(same);
  });
});

describe('refusal', () => {
  it('builds a plain-text refusal for statuses decided outside the checks (431 from the parser, 503 when full)', () => {
    const { responseBytes } = refusal(431, 'the request head is larger than 8192 bytes');
    expect(text(responseBytes)).toBe(
      'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 43\r\nConnection: close\r\n\r\nthe request head is larger than 8192 bytes\n',
    );
    expect(refusal(503, 'full', [{ name: 'Retry-After', value: '5' }]).response.headers).toContainEqual({ name: 'Retry-After', value: '5' });
  });

  it('throws on a status that is not a refusal (caller error)', () => {
    expect(() => refusal(101, 'no')).toThrow(/4xx or 5xx/);
  });
});

describe('real and broken requests from handshake-samples', () => {
  const requests = handshakeSamples.filter((s) => s.kind === 'request');
  it.each(requests.map((s) => [s.id, s] as const))('%s gets its expected answer', (_id, sample) => {
    const parsed = parseRequestHead(sampleBytes(sample));
    if (parsed.state === 'error') {
      expect(parsed.status).toBe(sample.expectedStatus);
      return;
    }
    expect(parsed.state).toBe('complete');
    if (parsed.state !== 'complete') return;
    expect(parsed.headLength).toBe(sample.text.length);
    const decision = evaluateUpgrade(parsed.message, { subprotocols: ['chat', 'superchat'] });
    expect(decision.accepted ? 101 : decision.status).toBe(sample.expectedStatus);
    if (sample.breaks && !decision.accepted) expect(decision.checks.find((c) => !c.passed)?.id).toBe(sample.breaks);
  });

  const withOwnServer = requests.filter((s) => s.server);
  it.each(withOwnServer.map((s) => [s.id, s] as const))('%s gets its own server\'s expected answer', (_id, sample) => {
    const parsed = parseRequestHead(sampleBytes(sample));
    if (parsed.state !== 'complete') throw new Error(`sample does not parse: ${parsed.state}`);
    const server = sample.server!;
    const decision = evaluateUpgrade(parsed.message, {
      subprotocols: server.subprotocols,
      checkOrigin: server.originPolicy === 'any' ? () => true : undefined,
    });
    expect(decision.accepted ? 101 : decision.status).toBe(server.expectedStatus);
  });

  it("gives Chromium the subprotocol and the accept value it computes itself", () => {
    const chromium = requests.find((s) => s.id === 'chromium')!;
    const parsed = parseRequestHead(sampleBytes(chromium));
    if (parsed.state !== 'complete') throw new Error(parsed.state);
    const decision = evaluateUpgrade(parsed.message, { subprotocols: ['superchat', 'chat'] });
    expect(decision).toMatchObject({ accepted: true, subprotocol: 'superchat', offers: [{ name: 'permessage-deflate' }] });
    expect(decision.accepted && decision.derivation.keyValid).toBe(true);
  });
});

describe('against a real client (ws, over 127.0.0.1)', () => {
  /** A bare TCP server that speaks only the engine's handshake: parse, evaluate, write. */
  async function handshakeServer(policy: Parameters<typeof evaluateUpgrade>[1]): Promise<{ server: Server; port: number }> {
    const server = createServer((socket) => {
      let received = new Uint8Array(0);
      socket.on('data', (chunk) => {
        received = new Uint8Array([...received, ...chunk]);
        const parsed = parseRequestHead(received);
        if (parsed.state === 'incomplete') return;
        const bytes = parsed.state === 'error' ? refusal(parsed.status, parsed.message).responseBytes : evaluateUpgrade(parsed.message, policy).responseBytes;
        socket.end(bytes);
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port };
  }

  it('opens a ws client with the subprotocol the server prefers', async () => {
    const { server, port } = await handshakeServer({ subprotocols: ['superchat', 'chat'] });
    try {
      const client = new WebSocket(`ws://127.0.0.1:${port}/chat`, ['chat', 'superchat']);
      const protocol = await new Promise<string>((resolve, reject) => {
        client.once('open', () => resolve(client.protocol));
        client.once('error', reject);
      });
      expect(protocol).toBe('superchat');
      client.terminate();
    } finally {
      server.close();
    }
  });

  it.skipIf(!chromiumAvailable())('opens a real Chromium WebSocket, with its subprotocol and permessage-deflate offer', { timeout: 30_000 }, async () => {
    const seen: HttpRequest[] = [];
    const { server, port } = await handshakeServer({
      subprotocols: ['superchat'],
      checkOrigin: (origin, req) => (seen.push(req), origin === null || origin.startsWith('http://127.0.0.1:')),
    });
    const page = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
      // A string, so the test's own import of ws's WebSocket is not substituted into the page.
      const protocol = await tab.evaluate(`new Promise((resolve, reject) => {
        const socket = new WebSocket('ws://127.0.0.1:${port}/chat', ['chat', 'superchat']);
        socket.onopen = () => { resolve(socket.protocol); socket.close(); };
        socket.onerror = () => reject(new Error('handshake failed'));
      })`);
      expect(protocol).toBe('superchat');
      expect(seen[0].headers.find((h) => h.name === 'Sec-WebSocket-Extensions')?.value).toMatch(/permessage-deflate/);
    } finally {
      await browser.close();
      server.close();
      page.close();
    }
  });

  it('refuses a ws client from another origin with 403', async () => {
    const { server, port } = await handshakeServer({});
    try {
      const client = new WebSocket(`ws://127.0.0.1:${port}/chat`, { origin: 'https://evil.example' });
      const status = await new Promise<number>((resolve, reject) => {
        client.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        client.once('open', () => reject(new Error('opened')));
      });
      expect(status).toBe(403);
      client.on('error', () => {}); // terminating while CONNECTING reports an abort
      client.terminate();
    } finally {
      server.close();
    }
  });
});

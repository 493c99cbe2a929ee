// wsx proxy on real sockets, 127.0.0.1 only: a `ws` client and a `ws` server
// talk through it; raw TCP relays on either side of the proxy record the
// bytes each side really sent, so the proxy's transparency is checked byte
// for byte (masking keys included), and so is what its tap recorded.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer, type ServerOptions } from 'ws';
import type { TapChunk, TapMessage, TapSessionSummary } from '../../engine/tap-messages';
import { parseProxyArgs } from '../../server/cli/proxy';
import { createProxyServer, type ProxyServerOptions, type WebSocketProxy } from '../../server/proxy';
import type { ExplorerServer } from '../../server/http-app';
import { rewriteUpgradeRequest, parseProxyTarget, type ProxyTarget } from '../../server/proxy-target';
import { parseRequestHead } from '../../engine/http-message';
import { repoRoot, runWsx } from '../support/cli';

const TLS_DIR = join(import.meta.dirname, '..', 'fixtures', 'tls');
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// ---------------------------------------------------------------- helpers

async function listening(server: TcpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A `ws` server on 127.0.0.1 that echoes every message as it came (text as text, binary as binary). */
async function startTarget(options: ServerOptions = {}, onConnection?: (socket: WebSocket, request: import('node:http').IncomingMessage) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket, request) => {
    socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
    onConnection?.(socket, request);
  });
  cleanups.push(() => new Promise((resolve) => wss.close(resolve)));
  return { wss, port: (wss.address() as AddressInfo).port };
}

interface RelayedConnection {
  /** Everything the connecting side sent, and everything it received. */
  sent(): Buffer;
  received(): Buffer;
  closed: Promise<void>;
}

/** A plain TCP relay to 127.0.0.1:targetPort that keeps every byte each way. */
async function startRelay(targetPort: number) {
  const connections: RelayedConnection[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const sent: Buffer[] = [];
    const received: Buffer[] = [];
    client.on('data', (chunk) => sent.push(chunk));
    upstream.on('data', (chunk) => received.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    sockets.add(client).add(upstream);
    const closed = Promise.all([client, upstream].map((s) => new Promise((resolve) => s.once('close', resolve)))).then(() => {});
    connections.push({ sent: () => Buffer.concat(sent), received: () => Buffer.concat(received), closed });
  });
  const port = await listening(server);
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port, connections };
}

async function startProxy(options: ProxyServerOptions): Promise<{ server: ExplorerServer; proxy: WebSocketProxy; port: number; ws: string }> {
  const { server, proxy } = createProxyServer({ port: 0, log: () => {}, ...options });
  const { port } = await server.listen();
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  return { server, proxy, port, ws: `ws://127.0.0.1:${port}` };
}

async function openClient(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, options);
  cleanups.push(() => socket.terminate());
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`unexpected response ${response.statusCode}`)));
  });
  return socket;
}

function nextMessage(socket: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })));
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** An upgrade the client does not get: the HTTP status, head fields and body it got instead. */
function refusedUpgrade(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('error', () => {});
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
  });
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function headEnd(bytes: Buffer): number {
  const end = bytes.indexOf('\r\n\r\n');
  expect(end).toBeGreaterThan(0);
  return end + 4;
}

function sessionFor(server: ExplorerServer, target: string): TapSessionSummary {
  const session = server.tap.sessions().find((s) => s.target === target);
  if (!session) throw new Error(`no tap session for ${target}`);
  return session;
}

/** The bytes of a session's chunks from one sender in one phase, joined (they must be contiguous). */
function tapped(chunks: TapChunk[], from: 'client' | 'server', phase?: 'handshake' | 'frames'): Buffer {
  const picked = chunks.filter((c) => c.from === from && (phase === undefined || c.phase === phase));
  for (const chunk of picked) expect(chunk.truncated).toBe(false);
  return Buffer.concat(picked.map((c) => Buffer.from(c.hex, 'hex')));
}

function acceptFor(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** A raw TCP "WebSocket server" that answers the upgrade with a valid 101 and then does what the test says. */
async function startRawTarget(afterHead: (socket: Socket, request: string) => void) {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      afterHead(socket, head.subarray(0, end + 4).toString('latin1'));
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
  const port = await listening(server);
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port };
}

function switchingProtocols(request: string): string {
  const key = /^sec-websocket-key:\s*(\S+)\s*$/im.exec(request)![1];
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`;
}

// ---------------------------------------------------------------- the proxy is transparent

describe('wsx proxy between a ws client and a ws server', () => {
  it('forwards text, binary (200 KiB), pings and a client close byte for byte both ways; the tap keeps both requests, the response, the frames and the close', async () => {
    const serverPongs: Buffer[] = [];
    const { wss, port: targetPort } = await startTarget({}, (socket) => socket.on('pong', (data) => serverPongs.push(data)));
    const towardTarget = await startRelay(targetPort);
    const { server, port: proxyPort } = await startProxy({ target: `ws://127.0.0.1:${towardTarget.port}/`, tap: { ringBytesPerSession: 4 * 1024 * 1024 } });
    const towardProxy = await startRelay(proxyPort);

    const client = await openClient(`ws://127.0.0.1:${towardProxy.port}/app?room=1`, { origin: 'http://app.example' });
    client.send('héllo, target');
    expect(await nextMessage(client)).toEqual({ data: Buffer.from('héllo, target'), isBinary: false });
    const big = randomBytes(200 * 1024);
    client.send(big);
    const echoed = await nextMessage(client);
    expect(echoed.isBinary).toBe(true);
    expect(echoed.data.equals(big)).toBe(true);
    const pong = new Promise<Buffer>((resolve) => client.once('pong', resolve));
    client.ping('from the client');
    expect((await pong).toString()).toBe('from the client');
    const [targetSide] = [...wss.clients];
    targetSide.ping('from the target');
    await until(() => serverPongs.length === 1, "the client's pong at the target");
    expect(serverPongs[0].toString()).toBe('from the target');

    const closed = closeOf(client);
    client.close(4001, 'client bye');
    expect(await closed).toEqual({ code: 4001, reason: 'client bye' });
    const [clientSide] = towardProxy.connections;
    const [upstreamSide] = towardTarget.connections;
    await Promise.all([clientSide.closed, upstreamSide.closed]);

    // What the client sent and what the target received: the same frames, masking keys included.
    const clientSent = clientSide.sent();
    const targetGot = upstreamSide.sent();
    const clientHead = clientSent.subarray(0, headEnd(clientSent));
    const upstreamHead = targetGot.subarray(0, headEnd(targetGot));
    expect(targetGot.subarray(upstreamHead.length).equals(clientSent.subarray(clientHead.length))).toBe(true);
    // What the target sent and what the client received: identical, response head and all.
    expect(clientSide.received().equals(upstreamSide.received())).toBe(true);
    // The request differs in its Host alone; Origin is the client's.
    expect(clientHead.toString('latin1')).toContain(`Host: 127.0.0.1:${towardProxy.port}\r\n`);
    expect(upstreamHead.toString('latin1')).toBe(clientHead.toString('latin1').replace(`Host: 127.0.0.1:${towardProxy.port}\r\n`, `Host: 127.0.0.1:${towardTarget.port}\r\n`));
    expect(upstreamHead.toString('latin1')).toContain('Origin: http://app.example\r\n');

    // The tap: the client's request as sent, the rewritten one, the response, the frames, the close.
    await until(() => server.tap.closeOf(sessionFor(server, '/app?room=1').id) !== null, 'the tap to close the session');
    const session = sessionFor(server, '/app?room=1');
    const chunks = server.tap.chunks(session.id);
    expect(tapped(chunks, 'client', 'handshake').equals(clientHead)).toBe(true);
    expect(session.upstream).toEqual({ url: `ws://127.0.0.1:${towardTarget.port}/`, requestHex: upstreamHead.toString('hex') });
    expect(tapped(chunks, 'client', 'frames').equals(clientSent.subarray(clientHead.length))).toBe(true);
    expect(tapped(chunks, 'server').equals(clientSide.received())).toBe(true);
    expect(tapped(chunks, 'server', 'handshake').toString('latin1')).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n[^]*\r\n\r\n$/);
    expect(session.state).toBe('closed');
    expect(server.tap.closeOf(session.id)).toMatchObject({ code: 4001, reason: 'client bye', wasClean: true });
  });

  it('passes a close from the target on, and the tap says the target ended it', async () => {
    const { port: targetPort } = await startTarget({}, (socket) => socket.on('message', (data) => data.toString() === 'close me' && socket.close(4002, 'server bye')));
    const { server, ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}` });
    const client = await openClient(`${ws}/bye`);
    const closed = closeOf(client);
    client.send('close me');
    expect(await closed).toEqual({ code: 4002, reason: 'server bye' });
    await until(() => server.tap.closeOf(sessionFor(server, '/bye').id) !== null, 'the tap to close the session');
    expect(server.tap.closeOf(sessionFor(server, '/bye').id)).toMatchObject({ code: 4002, reason: 'server bye', wasClean: true });
  });

  it('passes a permessage-deflate session through as it is: compressed frames (RSV1) and all', async () => {
    const { port: targetPort } = await startTarget({ perMessageDeflate: { threshold: 0 } });
    const { server, ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}` });
    const client = await openClient(`${ws}/deflate`);
    expect(client.extensions).toContain('permessage-deflate');
    const text = 'compress me '.repeat(500);
    client.send(text);
    expect((await nextMessage(client)).data.toString()).toBe(text);
    const closed = closeOf(client);
    client.close(1000, 'done');
    await closed;
    await until(() => server.tap.closeOf(sessionFor(server, '/deflate').id) !== null, 'the tap to close the session');
    const chunks = server.tap.chunks(sessionFor(server, '/deflate').id);
    // RSV1 set on the client's first data frame: the proxy did not touch the compression.
    expect(tapped(chunks, 'client', 'frames')[0] & 0x40).toBe(0x40);
    expect(server.tap.closeOf(sessionFor(server, '/deflate').id)).toMatchObject({ code: 1000, reason: 'done', wasClean: true });
  });

  it('sends the upgrade to --target\'s path and query when it has one, keeping the client\'s Origin', async () => {
    const seen: Array<{ url: string | undefined; host: string | undefined; origin: string | undefined }> = [];
    const { port: targetPort } = await startTarget({}, (_socket, request) => seen.push({ url: request.url, host: request.headers.host, origin: request.headers.origin }));
    const { server, ws } = await startProxy({ target: `ws://localhost:${targetPort}/chat?room=7` });
    const client = await openClient(`${ws}/anything?x=1`, { origin: 'http://app.example' });
    expect(seen).toEqual([{ url: '/chat?room=7', host: `localhost:${targetPort}`, origin: 'http://app.example' }]);
    const session = sessionFor(server, '/anything?x=1');
    expect(Buffer.from(session.upstream!.requestHex, 'hex').toString('latin1')).toMatch(/^GET \/chat\?room=7 HTTP\/1\.1\r\n/);
    client.close();
  });

  it('a viewer who joins later gets the upstream request in the replay, its credentials starred as in the client\'s', async () => {
    const cookies: Array<string | undefined> = [];
    const { port: targetPort } = await startTarget({}, (_socket, request) => cookies.push(request.headers.cookie));
    const { ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}` });
    const client = await openClient(`${ws}/with-cookie`, { headers: { Cookie: 'session=secret' } });
    expect(cookies).toEqual(['session=secret']);
    const tap = new WebSocket(`${ws}/tap`);
    cleanups.push(() => tap.terminate());
    const messages: TapMessage[] = [];
    tap.on('message', (data) => messages.push(JSON.parse(data.toString()) as TapMessage));
    await until(() => messages.some((m) => m.type === 'replay-done'), 'the replay');
    const opened = messages.find((m) => m.type === 'session-opened' && m.session.target === '/with-cookie');
    if (opened?.type !== 'session-opened') throw new Error('no session-opened in the replay');
    const upstream = Buffer.from(opened.session.upstream!.requestHex, 'hex').toString('latin1');
    expect(upstream).toContain('Cookie: **************\r\n');
    expect(upstream).not.toContain('secret');
    client.close();
  });

  it('does not forward the explorer\'s own /tap, and applies the Host allow-list to forwarded upgrades', async () => {
    const { port: targetPort } = await startTarget();
    const { ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}` });
    const tap = new WebSocket(`${ws}/tap`);
    cleanups.push(() => tap.terminate());
    // The tap's first message may come with its 101.
    const hello = JSON.parse((await nextMessage(tap)).data.toString()) as TapMessage;
    expect(hello.type).toBe('hello');
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${ws}/app`, { headers: { Host: 'evil.example' } });
      socket.once('error', () => {});
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    });
    expect(refused).toBe(403);
  });
});

// ---------------------------------------------------------------- TLS targets

describe('a wss:// target', () => {
  const ca = readFileSync(join(TLS_DIR, 'ca.pem'));

  async function startTlsTarget() {
    const https = createHttpsServer({ key: readFileSync(join(TLS_DIR, 'server-key.pem')), cert: readFileSync(join(TLS_DIR, 'server.pem')) });
    const wss = new WebSocketServer({ server: https });
    wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary })));
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      return new Promise((resolve) => https.close(resolve));
    });
    return (https.address() as AddressInfo).port;
  }

  async function echoesThrough(ws: string): Promise<void> {
    const client = await openClient(`${ws}/secure`);
    client.send('over TLS');
    expect((await nextMessage(client)).data.toString()).toBe('over TLS');
    client.close();
  }

  it('connects when the test CA is given (--ca), by name and by IP address', async () => {
    const port = await startTlsTarget();
    for (const host of ['localhost', '127.0.0.1']) {
      const { ws } = await startProxy({ target: `wss://${host}:${port}/`, ca });
      await echoesThrough(ws);
    }
  });

  it('without the CA, the client gets 502 naming the certificate problem', async () => {
    const port = await startTlsTarget();
    const { server, ws } = await startProxy({ target: `wss://localhost:${port}/` });
    const refused = await refusedUpgrade(`${ws}/secure`);
    expect(refused.status).toBe(502);
    expect(refused.body).toMatch(/^the target's TLS certificate was not accepted: unable to verify the first certificate \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); give its CA with --ca FILE, or --insecure/);
    await until(() => server.tap.closeOf(sessionFor(server, '/secure').id) !== null, 'the tap to close the session');
    expect(sessionFor(server, '/secure').state).toBe('refused');
    expect(server.tap.closeOf(sessionFor(server, '/secure').id)?.reason).toMatch(/^502 Bad Gateway: the target's TLS certificate was not accepted/);
  });

  it('with --insecure, connects without verifying', async () => {
    const port = await startTlsTarget();
    const { ws } = await startProxy({ target: `wss://localhost:${port}/`, insecure: true });
    await echoesThrough(ws);
  });
});

// ---------------------------------------------------------------- when the target says no, or is not there

describe('a target that cannot be reached or refuses', () => {
  it('unreachable: 502 Bad Gateway with the reason', async () => {
    // Listen, note the port, stop listening: nothing answers there any more.
    const probe = createTcpServer();
    const freePort = await listening(probe);
    await new Promise((resolve) => probe.close(resolve));
    const { server, ws } = await startProxy({ target: `ws://127.0.0.1:${freePort}/` });
    const refused = await refusedUpgrade(`${ws}/nowhere`);
    expect(refused.status).toBe(502);
    expect(refused.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(refused.body).toBe(`127.0.0.1:${freePort} refused the connection (ECONNREFUSED): nothing listens there\n`);
    await until(() => server.tap.closeOf(sessionFor(server, '/nowhere').id) !== null, 'the tap to close the session');
    const chunks = server.tap.chunks(sessionFor(server, '/nowhere').id);
    expect(tapped(chunks, 'server', 'handshake').toString('latin1')).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
    expect(server.tap.closeOf(sessionFor(server, '/nowhere').id)).toMatchObject({ code: null, wasClean: false });
  });

  it("the target's refusal reaches the client as the target sent it (403)", async () => {
    const { port: targetPort } = await startTarget({ verifyClient: (_info, done) => done(false, 403, 'Forbidden here') });
    const towardTarget = await startRelay(targetPort);
    const { server, port: proxyPort } = await startProxy({ target: `ws://127.0.0.1:${towardTarget.port}/` });
    const towardProxy = await startRelay(proxyPort);
    const refused = await refusedUpgrade(`ws://127.0.0.1:${towardProxy.port}/private`);
    expect(refused.status).toBe(403);
    await Promise.all([towardProxy.connections[0].closed, towardTarget.connections[0].closed]);
    expect(towardProxy.connections[0].received().equals(towardTarget.connections[0].received())).toBe(true);
    await until(() => server.tap.closeOf(sessionFor(server, '/private').id) !== null, 'the tap to close the session');
    expect(sessionFor(server, '/private').state).toBe('refused');
    expect(tapped(server.tap.chunks(sessionFor(server, '/private').id), 'server').equals(towardProxy.connections[0].received())).toBe(true);
    expect(server.tap.closeOf(sessionFor(server, '/private').id)).toMatchObject({ code: null, reason: 'the target refused the upgrade: 403 Forbidden' });
  });

  it('a target that never answers: 504 Gateway Timeout after the handshake timeout', async () => {
    const { port } = await startRawTarget(() => {});
    const { ws } = await startProxy({ target: `ws://127.0.0.1:${port}/`, handshakeTimeoutMs: 300 });
    const refused = await refusedUpgrade(`${ws}/slow`);
    expect(refused.status).toBe(504);
    expect(refused.body).toBe(`the target ws://127.0.0.1:${port}/ did not answer the upgrade within 300 ms\n`);
  });

  it('a response head over the bound: 502', async () => {
    const { port } = await startRawTarget((socket) => socket.write(`HTTP/1.1 101 Switching Protocols\r\nX-Padding: ${'x'.repeat(4096)}\r\n\r\n`));
    const { ws } = await startProxy({ target: `ws://127.0.0.1:${port}/`, maxResponseHeadBytes: 1024 });
    const refused = await refusedUpgrade(`${ws}/big`);
    expect(refused.status).toBe(502);
    expect(refused.body).toMatch(/^the target's answer to the upgrade is not one the proxy can pass on: its head is over the proxy's bound/);
  });
});

// ---------------------------------------------------------------- bounds and endings

describe('backpressure, idle sessions and shutdown', () => {
  const MiB = 1024 * 1024;

  it('a client that does not read slows the target down instead of filling the proxy', async () => {
    const { wss, port: targetPort } = await startTarget();
    const { proxy, port } = await startProxy({ target: `ws://127.0.0.1:${targetPort}/`, maxBufferedBytes: 256 * 1024 });
    // A raw client: the upgrade, then nothing read for a while.
    const client = connect(port, '127.0.0.1');
    cleanups.push(() => client.destroy());
    const key = randomBytes(16).toString('base64');
    client.write(`GET /flood HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    let received = 0;
    await new Promise<void>((resolve) => client.on('data', function first(chunk: Buffer) {
      received += chunk.length;
      if (chunk.includes('\r\n\r\n')) {
        client.off('data', first);
        client.pause();
        resolve();
      }
    }));
    await until(() => wss.clients.size === 1, 'the target side');
    const [target] = [...wss.clients];
    const message = Buffer.alloc(MiB, 7);
    for (let i = 0; i < 64; i++) target.send(message);
    let mostBuffered = 0;
    const sampler = setInterval(() => (mostBuffered = Math.max(mostBuffered, proxy.bufferedBytes)), 5);
    cleanups.push(() => clearInterval(sampler));
    await until(() => target.bufferedAmount > 8 * MiB && proxy.bufferedBytes > 0, 'the target to be held back');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(target.bufferedAmount).toBeGreaterThan(8 * MiB);
    // At most the bound plus one read chunk waits in the proxy.
    expect(mostBuffered).toBeLessThanOrEqual(256 * 1024 + 64 * 1024);

    const headLength = received;
    client.on('data', (chunk: Buffer) => (received += chunk.length));
    client.resume();
    const expected = 64 * (MiB + 10); // each frame: 2 + 8 bytes of header (RFC 6455 5.2), unmasked
    await until(() => received - headLength >= expected, 'every byte to arrive', 20_000);
    expect(received - headLength).toBe(expected);
  }, 30_000);

  it('a target that does not read slows the client down instead of filling the proxy', async () => {
    let targetSocket: Socket | null = null;
    const { port: targetPort } = await startRawTarget((socket, request) => {
      socket.write(switchingProtocols(request));
      socket.pause();
      targetSocket = socket;
    });
    const { proxy, ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}/`, maxBufferedBytes: 256 * 1024 });
    const client = await openClient(`${ws}/upload`, { perMessageDeflate: false });
    const message = Buffer.alloc(MiB, 9);
    for (let i = 0; i < 64; i++) client.send(message);
    let mostBuffered = 0;
    const sampler = setInterval(() => (mostBuffered = Math.max(mostBuffered, proxy.bufferedBytes)), 5);
    cleanups.push(() => clearInterval(sampler));
    await until(() => client.bufferedAmount > 8 * MiB, 'the client to be held back');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.bufferedAmount).toBeGreaterThan(8 * MiB);
    expect(mostBuffered).toBeLessThanOrEqual(256 * 1024 + 64 * 1024);

    let received = 0;
    targetSocket!.on('data', (chunk: Buffer) => (received += chunk.length));
    targetSocket!.resume();
    const expected = 64 * (MiB + 14); // 2 + 8 bytes of length + 4 of masking key
    await until(() => received >= expected, 'every byte to arrive', 20_000);
    expect(received).toBe(expected);
  }, 30_000);

  it('the close-frame watches keep to their memory budget: past it a watch stops following, and the bytes still cross', async () => {
    const { port: targetPort } = await startTarget();
    const { server, proxy, ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}/`, maxWatchedBytes: 64 * 1024 });
    const client = await openClient(`${ws}/big-frames`, { perMessageDeflate: false });
    const big = randomBytes(200 * 1024);
    client.send(big);
    expect((await nextMessage(client)).data.equals(big)).toBe(true);
    expect(proxy.watchedBytes).toBeLessThanOrEqual(64 * 1024);
    const closed = closeOf(client);
    client.close(1000);
    expect((await closed).code).toBe(1000);
    await until(() => server.tap.closeOf(sessionFor(server, '/big-frames').id) !== null, 'the tap to close the session');
    // Without the frames followed, the tap cannot name a close code: it says why.
    expect(server.tap.closeOf(sessionFor(server, '/big-frames').id)).toMatchObject({
      code: 1006,
      reason: "TCP closed; the proxy had stopped following the frames (the proxy's budget of 65536 bytes for following unfinished frames is spent)",
    });
    expect(proxy.watchedBytes).toBe(0);
  });

  it('an idle session is closed with 1001 on both sides', async () => {
    const targetCloses: number[] = [];
    const { port: targetPort } = await startTarget({}, (socket) => socket.on('close', (code) => targetCloses.push(code)));
    const { server, ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}/`, idleTimeoutMs: 300 });
    const client = await openClient(`${ws}/quiet`);
    expect(await closeOf(client)).toEqual({ code: 1001, reason: 'no traffic for 0.3 s' });
    await until(() => targetCloses.length === 1, 'the target to see the close');
    expect(targetCloses).toEqual([1001]);
    await until(() => server.tap.closeOf(sessionFor(server, '/quiet').id) !== null, 'the tap to close the session');
    expect(server.tap.closeOf(sessionFor(server, '/quiet').id)).toMatchObject({ code: 1001, reason: 'no traffic for 0.3 s', wasClean: true });
  });

  it('on shutdown every session gets 1001, the client side and the target side', async () => {
    const targetCloses: number[] = [];
    const { port: targetPort } = await startTarget({}, (socket) => socket.on('close', (code) => targetCloses.push(code)));
    const { server, proxy, ws } = await startProxy({ target: `ws://127.0.0.1:${targetPort}/` });
    const clients = await Promise.all([openClient(`${ws}/a`), openClient(`${ws}/b`)]);
    const closes = Promise.all(clients.map(closeOf));
    await server.close({ timeoutMs: 3000 });
    expect(await closes).toEqual([
      { code: 1001, reason: 'proxy shutting down' },
      { code: 1001, reason: 'proxy shutting down' },
    ]);
    expect(proxy.sessionCount).toBe(0);
    await until(() => targetCloses.length === 2, 'the target to see both closes');
    expect(targetCloses).toEqual([1001, 1001]);
  });
});

// ---------------------------------------------------------------- the request sent upstream

describe('rewriteUpgradeRequest', () => {
  const target = (url: string) => parseProxyTarget(url) as ProxyTarget;
  const rewrite = (head: string, url: string) => {
    const bytes = Buffer.from(head, 'latin1');
    const parsed = parseRequestHead(bytes);
    if (parsed.state !== 'complete') throw new Error('test head does not parse');
    return Buffer.from(rewriteUpgradeRequest(bytes, parsed.message, target(url))).toString('latin1');
  };

  it('changes the Host value alone, keeping the name\'s case, its spacing and every other byte', () => {
    const head = 'GET /chat?x=1 HTTP/1.1\r\nhOsT:proxy:8090\r\nOrigin: http://app.example\r\nCookie: a=1\r\n\r\n';
    expect(rewrite(head, 'ws://example.com:9000')).toBe('GET /chat?x=1 HTTP/1.1\r\nhOsT:example.com:9000\r\nOrigin: http://app.example\r\nCookie: a=1\r\n\r\n');
  });

  it('drops the default port from Host (RFC 9112 3.2) and brackets IPv6', () => {
    expect(rewrite('GET / HTTP/1.1\r\nHost: p\r\n\r\n', 'wss://example.com:443/')).toBe('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n');
    expect(rewrite('GET / HTTP/1.1\r\nHost: p\r\n\r\n', 'ws://[::1]:9000')).toBe('GET / HTTP/1.1\r\nHost: [::1]:9000\r\n\r\n');
  });

  it('uses --target\'s path and query when it has one, and origin-form for an absolute-form request', () => {
    expect(rewrite('GET /mine?q HTTP/1.1\r\nHost: p\r\n\r\n', 'ws://t/chat?room=1')).toBe('GET /chat?room=1 HTTP/1.1\r\nHost: t\r\n\r\n');
    expect(rewrite('GET ws://p/mine?q HTTP/1.1\r\nHost: p\r\n\r\n', 'ws://t/')).toBe('GET /mine?q HTTP/1.1\r\nHost: t\r\n\r\n');
  });

  it('adds a Host when the client sent none, and rewrites a folded one whole', () => {
    expect(rewrite('GET / HTTP/1.1\nUpgrade: websocket\n\n', 'ws://t:1')).toBe('GET / HTTP/1.1\nHost: t:1\nUpgrade: websocket\n\n');
    expect(rewrite('GET / HTTP/1.1\r\nHost: p\r\n  more\r\nX: y\r\n\r\n', 'ws://t:1')).toBe('GET / HTTP/1.1\r\nHost: t:1\r\nX: y\r\n\r\n');
  });
});

// ---------------------------------------------------------------- the CLI

describe('wsx proxy (the command)', () => {
  it('reads its arguments and names what is wrong', () => {
    expect(parseProxyArgs(['--listen', '0', '--target', 'ws://127.0.0.1:9000/chat'])).toMatchObject({ port: 0, host: '127.0.0.1', insecure: false, caFile: null, target: { url: 'ws://127.0.0.1:9000/chat', path: '/chat' } });
    expect(parseProxyArgs(['--listen=8090', '--target=wss://example.com', '--insecure'])).toMatchObject({ port: 8090, insecure: true, target: { secure: true, port: 443, path: null } });
    expect(parseProxyArgs(['--target', 'ws://h:1'])).toBe('--listen P is required: the port clients connect to (0 picks a free one)');
    expect(parseProxyArgs(['--listen', '0'])).toBe('--target URL is required: the ws:// or wss:// server to forward to');
    expect(parseProxyArgs(['--listen', '0', '--target', 'ws://h:1', '--insecure'])).toBe('--insecure is for a wss:// target; ws://h:1/ is not one');
    expect(parseProxyArgs(['--listen', '0', '--target', 'ws://h:1/#frag'])).toBe('--target "ws://h:1/#frag" has a fragment (#…), which a WebSocket URI must not have (RFC 6455 3)');
  });

  it('--help prints to stdout and exits 0', async () => {
    const run = await runWsx(['proxy', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: wsx proxy --listen P --target ws:\/\/HOST:PORT\/PATH \| wss:\/\/… \[--insecure\] \[--ca FILE\]/);
    expect(run.stderr).toBe('');
  }, 60_000);

  it('a --target that is not ws:// or wss:// exits 2 naming the problem', async () => {
    const run = await runWsx(['proxy', '--listen', '0', '--target', 'http://127.0.0.1:9000/']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^wsx proxy: --target must be ws:\/\/ or wss:\/\/ \(the proxy speaks WebSocket to its target\), not http:\/\/ in "http:\/\/127\.0\.0\.1:9000\/"\nusage: wsx proxy /);
  }, 60_000);

  it('prints its address, proxies a ws client, and on SIGTERM sends 1001 and exits 0', async () => {
    const { port: targetPort } = await startTarget();
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli.ts', 'proxy', '--listen', '0', '--target', `ws://127.0.0.1:${targetPort}/`], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /^WebSocket Explorer proxy on (http:\/\/127\.0\.0\.1:\d+)\/ → /.exec(stdout);
        if (match && stdout.includes('Ctrl-C')) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`proxy exited with ${code}: ${stderr}`)));
    });
    const wsBase = base.replace('http', 'ws');
    expect(stdout).toBe(
      `WebSocket Explorer proxy on ${base}/ → ws://127.0.0.1:${targetPort}/\n` +
        `  clients connect to ${wsBase}/PATH (every path but /tap; to the target it goes as each client’s own path)\n` +
        `  watch the sessions live: ${base}/#/live\n` +
        '  Ctrl-C stops the proxy (every session is sent 1001 going away, on both sides)\n',
    );
    const client = await openClient(`${wsBase}/through-the-cli`);
    client.send('via wsx proxy');
    expect((await nextMessage(client)).data.toString()).toBe('via wsx proxy');
    const closed = closeOf(client);
    child.kill('SIGTERM');
    expect((await closed).code).toBe(1001);
    expect(await exited).toBe(0);
    expect(stderr).toContain('wsx proxy: SIGTERM: closing 1 session(s) with 1001\n');
  }, 120_000);
});

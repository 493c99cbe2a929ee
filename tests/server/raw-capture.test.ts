import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadCapture, type CapturedHead, type HeadCaptureLimits } from '../../server/raw-capture';
import { openTcp as openTcpSocket } from '../support/raw-client';

interface Harness {
  port: number;
  captures: HeadCapture[];
  /** The next upgrade's capture result and the bytes node:http left after the head. */
  nextUpgrade(): Promise<{ captured: CapturedHead; head: Buffer }>;
}

const servers: Server[] = [];
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain node:http server (keep-alive on) whose connections each get a HeadCapture, as the Upgrader attaches them. */
async function harness(limits: HeadCaptureLimits = { maxHeadBytes: 8192, maxHeaderCount: 100 }): Promise<Harness> {
  const server = createServer((request, response) => {
    if (request.headers.upgrade) return response.destroy(new Error(`node:http did not see an upgrade in ${JSON.stringify(request.rawHeaders)}`));
    // Read the body, then answer with its length.
    let length = 0;
    request.on('data', (chunk: Buffer) => (length += chunk.length));
    request.on('end', () => response.end(`${request.method} ${request.url} ${length}`));
  });
  servers.push(server);
  const captures: HeadCapture[] = [];
  const bySocket = new Map<Socket, HeadCapture>();
  server.on('connection', (socket: Socket) => {
    const capture = HeadCapture.attach(socket, limits);
    captures.push(capture);
    bySocket.set(socket, capture);
  });
  const upgrades: Array<{ resolve: (value: { captured: CapturedHead; head: Buffer }) => void; reject: (error: Error) => void }> = [];
  server.on('clientError', (error: Error, socket: Socket) => {
    socket.destroy();
    upgrades.shift()?.reject(error);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const captured = bySocket.get(socket)!.take(request, head);
    socket.on('error', () => {});
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    upgrades.shift()?.resolve({ captured, head: Buffer.from(head) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    captures,
    nextUpgrade: () => new Promise((resolve, reject) => upgrades.push({ resolve, reject })),
  };
}

/** Reads one HTTP response with a Content-Length body; returns the body. */
function readResponse(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(received.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      socket.off('data', onData);
      resolve(received.subarray(end + 4, end + 4 + length).toString('latin1'));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed before a whole response: ${JSON.stringify(received.toString('latin1'))}`)));
  });
}

/** A client socket whose resets (the harness answers upgrades with a 400 and closes) are expected. */
async function openTcp(port: number): Promise<Socket> {
  const socket = await openTcpSocket(port);
  socket.on('error', () => {});
  clients.push(socket);
  return socket;
}

function write(socket: Socket, bytes: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/**
 * Valid, but formatted as no serializer would: lowercase and odd-case names,
 * no space, tabs and spaces around values, an unusual order. (Not a tab
 * before the Connection value: llhttp then misses the upgrade token and
 * node:http treats the request as a plain GET.)
 */
const ODD_REQUEST =
  'GET /echo?x=1 HTTP/1.1\r\n' +
  'sec-websocket-version:13\r\n' +
  'UPGRADE:   websocket  \r\n' +
  'host:\t127.0.0.1\t\r\n' +
  'connection: keep-alive,  Upgrade \r\n' +
  'Sec-WebSocket-KEY: ' +
  KEY +
  '\r\n' +
  'x-empty:\r\n' +
  'X-Repeated: one\r\n' +
  'x-repeated: two\r\n' +
  '\r\n';

function expectExact(captured: CapturedHead, sent: string): void {
  expect(captured.ok, captured.ok ? '' : captured.reason).toBe(true);
  if (!captured.ok) return;
  expect(Buffer.from(captured.bytes).toString('latin1')).toBe(sent);
}

describe('HeadCapture', () => {
  it('captures an oddly formatted upgrade request byte for byte', async () => {
    const { port, nextUpgrade } = await harness();
    const socket = await openTcp(port);
    const upgrade = nextUpgrade();
    socket.write(ODD_REQUEST);
    const { captured } = await upgrade;
    expectExact(captured, ODD_REQUEST);
    if (!captured.ok) return;
    expect(captured.request.headers.map((h) => h.name)).toEqual([
      'sec-websocket-version',
      'UPGRADE',
      'host',
      'connection',
      'Sec-WebSocket-KEY',
      'x-empty',
      'X-Repeated',
      'x-repeated',
    ]);
    expect(captured.request.headers[3].value).toBe('keep-alive,  Upgrade');
    socket.destroy();
  });

  it('captures a request that arrives a few bytes at a time', async () => {
    const { port, nextUpgrade } = await harness();
    const socket = await openTcp(port);
    socket.setNoDelay(true);
    const upgrade = nextUpgrade();
    const bytes = Buffer.from(ODD_REQUEST, 'latin1');
    for (let i = 0; i < bytes.length; i += 7) {
      await write(socket, bytes.subarray(i, i + 7));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expectExact((await upgrade).captured, ODD_REQUEST);
    socket.destroy();
  });

  it('leaves the bytes pipelined after the head to the caller', async () => {
    const { port, nextUpgrade } = await harness();
    const socket = await openTcp(port);
    const upgrade = nextUpgrade();
    const frame = Buffer.from([0x81, 0x82, 1, 2, 3, 4, 0x69, 0x6b]);
    socket.write(Buffer.concat([Buffer.from(ODD_REQUEST, 'latin1'), frame]));
    const { captured, head } = await upgrade;
    expectExact(captured, ODD_REQUEST);
    expect(head).toEqual(frame);
    socket.destroy();
  });

  // Bodies that look like requests must not fool the search for the head's start.
  const decoyBody = `x\r\nGET /echo?x=1 HTTP/1.1\r\nhost: decoy\r\n\r\n`;
  const plainRequests = [
    'GET /first HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    `POST /second HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${decoyBody.length}\r\n\r\n${decoyBody}`,
    `POST /third HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${decoyBody.length.toString(16)}\r\n${decoyBody}\r\n0\r\n\r\n`,
  ];

  it('keeps only the upgrade request of a keep-alive connection, after requests with bodies', async () => {
    const { port, nextUpgrade } = await harness();
    const socket = await openTcp(port);
    const answers: string[] = [];
    for (const request of plainRequests) {
      const answer = readResponse(socket);
      socket.write(request);
      answers.push(await answer);
    }
    expect(answers).toEqual(['GET /first 0', `POST /second ${decoyBody.length}`, `POST /third ${decoyBody.length}`]);
    const upgrade = nextUpgrade();
    socket.write(ODD_REQUEST);
    expectExact((await upgrade).captured, ODD_REQUEST);
    socket.destroy();
  });

  it('keeps only the upgrade request when it is pipelined behind other requests in one write', async () => {
    const { port, nextUpgrade } = await harness();
    const socket = await openTcp(port);
    socket.on('data', () => {});
    const upgrade = nextUpgrade();
    socket.write(plainRequests.join('') + ODD_REQUEST);
    expectExact((await upgrade).captured, ODD_REQUEST);
    socket.destroy();
  });

  it('holds no more than maxHeadBytes + 1 bytes, however large the bodies before the upgrade', async () => {
    const limits = { maxHeadBytes: 1024, maxHeaderCount: 100 };
    const { port, captures } = await harness(limits);
    const socket = await openTcp(port);
    const body = Buffer.alloc(1024 * 1024, 0x61);
    const answer = readResponse(socket);
    socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body);
    expect(await answer).toBe(`POST /upload ${body.length}`);
    expect(captures).toHaveLength(1);
    expect(captures[0].retainedBytes).toBeLessThanOrEqual(limits.maxHeadBytes + 1);
    expect(captures[0].retainedBytes).toBeGreaterThan(0);
    socket.destroy();
  });

  it('refuses with 431 a head over maxHeadBytes that node:http itself would take', async () => {
    const { port, nextUpgrade } = await harness({ maxHeadBytes: 1024, maxHeaderCount: 100 });
    const socket = await openTcp(port);
    const upgrade = nextUpgrade();
    socket.write(`GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Padding: ${'p'.repeat(2000)}\r\n\r\n`);
    const { captured } = await upgrade;
    expect(captured).toMatchObject({ ok: false, status: 431 });
    socket.destroy();
  });

  it('refuses with 431 a head with more fields than maxHeaderCount', async () => {
    const { port, nextUpgrade } = await harness({ maxHeadBytes: 8192, maxHeaderCount: 5 });
    const socket = await openTcp(port);
    const upgrade = nextUpgrade();
    const fields = Array.from({ length: 6 }, (_, i) => `X-Field-${i}: ${i}\r\n`).join('');
    socket.write(`GET /echo HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${fields}\r\n`);
    const { captured } = await upgrade;
    expect(captured).toMatchObject({ ok: false, status: 431 });
    if (!captured.ok) expect(captured.reason).toMatch(/more than 5 header fields/);
    socket.destroy();
  });

  it('releases what it holds once taken', async () => {
    const { port, captures, nextUpgrade } = await harness();
    const socket = await openTcp(port);
    const upgrade = nextUpgrade();
    socket.write(ODD_REQUEST);
    await upgrade;
    expect(captures[0].retainedBytes).toBe(0);
    socket.destroy();
  });

  it('refuses nonsensical limits (caller error)', async () => {
    const socket = { prependListener() {}, on() {} } as unknown as Socket;
    expect(() => HeadCapture.attach(socket, { maxHeadBytes: 0, maxHeaderCount: 100 })).toThrow(RangeError);
  });
});

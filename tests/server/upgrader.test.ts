import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEchoRoute } from '../../server/echo';
import { Tap } from '../../server/tap';
import { Upgrader, type Route } from '../../server/upgrader';
import { RawClient, clientFrame, expectedAccept, openTcp, readHead } from '../support/raw-client';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve(upgrader: Upgrader): Promise<number> {
  const server: Server = createServer((_request, response) => response.end('plain'));
  upgrader.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await upgrader.shutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as AddressInfo).port;
}

const silent: Route = { path: '/silent', accept() {} };

describe('Upgrader', () => {
  it('accepts a browser whose Origin matches Host, and refuses another site with 403', async () => {
    const upgrader = new Upgrader();
    upgrader.addRoute(silent);
    const port = await serve(upgrader);
    const same = await RawClient.connect(port, { path: '/silent', headers: { Origin: `http://127.0.0.1:${port}` } });
    expect(same.status).toBe(101);
    same.destroy();
    const other = await RawClient.connect(port, { path: '/silent', headers: { Origin: 'http://evil.example' }, allowRefusal: true });
    expect(other.status).toBe(403);
    other.destroy();
  });

  it('lets a route widen the origin policy', async () => {
    const upgrader = new Upgrader();
    upgrader.addRoute({ ...silent, policy: { checkOrigin: () => true } });
    const port = await serve(upgrader);
    const client = await RawClient.connect(port, { path: '/silent', headers: { Origin: 'http://elsewhere.example' } });
    expect(client.status).toBe(101);
    client.destroy();
  });

  it('answers 404 for an upgrade to a path with no route', async () => {
    const port = await serve(new Upgrader());
    const client = await RawClient.connect(port, { path: '/nothing', allowRefusal: true });
    expect(client.status).toBe(404);
    expect(await client.waitForTcpClose(1000)).toBe(true);
  });

  it('answers 426 with the version it speaks for Sec-WebSocket-Version 8', async () => {
    const upgrader = new Upgrader();
    upgrader.addRoute(silent);
    const port = await serve(upgrader);
    const client = await RawClient.connect(port, { path: '/silent', headers: { 'Sec-WebSocket-Version': '8' }, allowRefusal: true });
    expect(client.status).toBe(426);
    expect(client.responseHead).toMatch(/\r\nSec-WebSocket-Version: 13/i);
    client.destroy();
  });

  it('closes with 1011 when the route throws while accepting', async () => {
    const upgrader = new Upgrader();
    upgrader.addRoute({
      path: '/broken',
      accept() {
        throw new Error('route bug');
      },
    });
    const port = await serve(upgrader);
    const client = await RawClient.connect(port, { path: '/broken' });
    expect((await client.expectClose()).close?.code).toBe(1011);
  });

  it('refuses upgrades with 503 once shutting down, and sends 1001 to open connections', async () => {
    const upgrader = new Upgrader({ closeTimeoutMs: 500 });
    let hookRan = false;
    upgrader.addRoute({
      ...silent,
      async close() {
        hookRan = true;
      },
    });
    const port = await serve(upgrader);
    const open = await RawClient.connect(port, { path: '/silent' });
    const shutdown = upgrader.shutdown();
    const late = await RawClient.connect(port, { path: '/silent', allowRefusal: true });
    expect(late.status).toBe(503);
    expect((await open.expectClose()).close?.code).toBe(1001);
    await shutdown;
    expect(hookRan).toBe(true);
    late.destroy();
  });

  it('records sessions on its tap, but not on untapped paths', async () => {
    const tap = new Tap();
    const upgrader = new Upgrader({ tap, untappedPaths: ['/quiet'] });
    upgrader.addRoute(silent);
    upgrader.addRoute({ path: '/quiet', accept() {} });
    const port = await serve(upgrader);
    (await RawClient.connect(port, { path: '/quiet' })).destroy();
    (await RawClient.connect(port, { path: '/silent' })).destroy();
    expect(tap.sessions().map((s) => s.target)).toEqual(['/silent']);
  });

  it('routes by the request target alone: a Host that is no URL host does not crash the server', async () => {
    const upgrader = new Upgrader();
    upgrader.addRoute(silent);
    const port = await serve(upgrader);
    const odd = await RawClient.connect(port, { path: '/silent', headers: { Host: 'not a host' } });
    expect(odd.status).toBe(101);
    odd.destroy();
    // "//elsewhere/silent" is a path of its own, not a host and /silent.
    const elsewhere = await RawClient.connect(port, { path: '//elsewhere/silent', allowRefusal: true });
    expect(elsewhere.status).toBe(404);
    elsewhere.destroy();
    const later = await RawClient.connect(port, { path: '/silent' });
    expect(later.status).toBe(101);
    later.destroy();
  });

  it('refuses a route whose ping period is not shorter than its pong wait', () => {
    const upgrader = new Upgrader();
    expect(() => upgrader.addRoute({ ...silent, keepalive: { pingPeriodMs: 1000, pongWaitMs: 1000 } })).toThrow(/pingPeriodMs/);
  });

  it('refuses head limits that are not positive integers (caller error)', () => {
    expect(() => new Upgrader({ maxHeadBytes: 0 })).toThrow(/maxHeadBytes/);
    expect(() => new Upgrader({ maxHeaderCount: 1.5 })).toThrow(/maxHeaderCount/);
  });

  it('refuses two routes on one path', () => {
    const upgrader = new Upgrader();
    upgrader.addRoute(silent);
    expect(() => upgrader.addRoute(silent)).toThrow(/already/);
  });
});

describe('Upgrader: the tap gets the request as sent', () => {
  const key = 'AQIDBAUGBwgJCgsMDQ4PEA==';
  // Valid, formatted as no library would: lowercase and odd-case names, no
  // space or several spaces after the colon, a tab, trailing whitespace, the
  // key before the Host, a repeated header.
  const oddRequest =
    'GET /echo HTTP/1.1\r\n' +
    `sec-websocket-key:${key}\r\n` +
    'upgrade:    WebSocket\r\n' +
    'CONNECTION: Upgrade   \r\n' +
    'host:\t127.0.0.1\r\n' +
    'Sec-Websocket-Version: 13\r\n' +
    'x-note: one\r\n' +
    'X-Note: two\r\n' +
    '\r\n';

  async function tapped(options: { maxHeadBytes?: number } = {}) {
    const tap = new Tap();
    const upgrader = new Upgrader({ tap, ...options });
    upgrader.addRoute(createEchoRoute());
    const port = await serve(upgrader);
    const socket = await openTcp(port);
    socket.on('error', () => {});
    // Before the server's cleanup, whose shutdown would otherwise wait out the close handshake.
    cleanups.unshift(async () => {
      socket.destroy();
    });
    return { tap, socket };
  }

  function bytesOf(tap: Tap, index: number): string {
    const [session] = tap.sessions();
    return Buffer.from(tap.chunks(session.id)[index].hex, 'hex').toString('latin1');
  }

  function receive(socket: Socket, rest: Buffer, length: number): Promise<Buffer> {
    return new Promise((resolve) => {
      let received = rest;
      const check = () => {
        if (received.length < length) return;
        socket.off('data', onData);
        resolve(received.subarray(0, length));
      };
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        check();
      };
      socket.on('data', onData);
      socket.resume();
      check();
    });
  }

  it('records an oddly formatted request byte for byte, and the frame pipelined behind it is echoed', async () => {
    const { tap, socket } = await tapped();
    const frame = clientFrame({ opcode: 0x1, payload: 'hi', maskingKey: new Uint8Array([9, 8, 7, 6]) });
    socket.write(Buffer.concat([Buffer.from(oddRequest, 'latin1'), frame]));
    const { head, rest } = await readHead(socket);
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).toContain(`Sec-WebSocket-Accept: ${expectedAccept(key)}`);
    expect((await receive(socket, rest, 4)).toString('hex')).toBe(`8102${Buffer.from('hi').toString('hex')}`);

    const [session] = tap.sessions();
    const [request, response, clientFrames] = tap.chunks(session.id);
    expect(bytesOf(tap, 0)).toBe(oddRequest);
    expect(request).toMatchObject({ from: 'client', phase: 'handshake', offset: 0, length: oddRequest.length, truncated: false });
    expect(request).not.toHaveProperty('reconstructed');
    expect(response).toMatchObject({ from: 'server', phase: 'handshake' });
    // The client's stream goes on right after the head: the frame starts where the request ended.
    expect(clientFrames).toMatchObject({ from: 'client', phase: 'frames', offset: oddRequest.length, hex: frame.toString('hex') });
  });

  it('records only the upgrade request after keep-alive requests on the same connection', async () => {
    const { tap, socket } = await tapped();
    for (const path of ['/', '/page?x=1']) {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      const { head, rest } = await readHead(socket);
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      expect((await receive(socket, rest, 5)).toString()).toBe('plain');
    }
    socket.write(oddRequest);
    const { head } = await readHead(socket);
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(tap.sessions()).toHaveLength(1);
    expect(bytesOf(tap, 0)).toBe(oddRequest);
  });

  it('refuses an upgrade head over maxHeadBytes with 431, and the session shows only the refusal', async () => {
    const { tap, socket } = await tapped({ maxHeadBytes: 1024 });
    socket.write(oddRequest.replace('x-note: one', `x-note: ${'n'.repeat(1100)}`));
    const { head } = await readHead(socket);
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    const [session] = tap.sessions();
    expect(session.state).toBe('refused');
    const chunks = tap.chunks(session.id);
    expect(chunks.map((c) => c.from)).toEqual(['server']);
    expect(bytesOf(tap, 0)).toMatch(/^HTTP\/1\.1 431 [^]*over 1024 bytes/);
  });

  it('never sees an obs-fold request: node:http refuses it with 400 before any upgrade', async () => {
    // engine/http-message.ts would unfold it (RFC 9112 5.2 allows either),
    // but llhttp rejects it first, so it never reaches the Upgrader.
    const { tap, socket } = await tapped();
    socket.write(oddRequest.replace('x-note: one\r\n', 'x-note: one,\r\n  continued\r\n'));
    const { head } = await readHead(socket);
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(tap.sessions()).toEqual([]);
  });
});

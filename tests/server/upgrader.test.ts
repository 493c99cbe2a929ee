import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Tap } from '../../server/tap';
import { Upgrader, type Route } from '../../server/upgrader';
import { RawClient } from '../support/raw-client';

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

  it('refuses a route whose ping period is not shorter than its pong wait', () => {
    const upgrader = new Upgrader();
    expect(() => upgrader.addRoute({ ...silent, keepalive: { pingPeriodMs: 1000, pongWaitMs: 1000 } })).toThrow(/pingPeriodMs/);
  });

  it('refuses two routes on one path', () => {
    const upgrader = new Upgrader();
    upgrader.addRoute(silent);
    expect(() => upgrader.addRoute(silent)).toThrow(/already/);
  });
});

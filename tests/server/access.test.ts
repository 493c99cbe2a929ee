// Who may talk to the server: the Host allow-list against DNS rebinding, the
// token that guards the tap and the API beyond loopback, framing refused,
// and the command line kept from peers beyond loopback.

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AccessPolicy, isLoopbackAddress, isLoopbackHost } from '../../server/access-policy';
import { endpointsFor, type EndpointInfo } from '../../server/http-app';
import { startExplorer } from '../support/explorer-server';
import { RawClient, openTcp } from '../support/raw-client';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(options: Parameters<typeof startExplorer>[0] = {}) {
  const explorer = await startExplorer(options);
  running.push(explorer);
  return explorer;
}

describe('AccessPolicy', () => {
  const loopback = new AccessPolicy({ bindHost: '127.0.0.1' });
  const lan = new AccessPolicy({ bindHost: '0.0.0.0', allowHosts: ['teacher.local'], token: 'secret-token' });

  it.each([
    ['127.0.0.1:8080', true], ['localhost:8080', true], ['LOCALHOST', true], ['app.localhost:8080', true], ['[::1]:8080', true],
    ['192.168.1.20:8080', true], ['teacher.local:8080', true], [undefined, true],
    ['evil.example', false], ['evil.example:8080', false], ['127.0.0.1.evil.example', false], ['a b', false], ['', false],
  ])('Host %s is allowed: %s', (host, allowed) => {
    expect(lan.checkHost(host) === null).toBe(allowed);
  });

  it('says why a rebinding Host is refused and how to allow it', () => {
    expect(loopback.checkHost('evil.example:8080')).toEqual({
      status: 403,
      reason: 'Host "evil.example:8080" is not a name this server answers to (a guard against DNS rebinding); the operator can allow it with --allow-host',
    });
  });

  it('needs no token on loopback, and the token, as ?token= or a bearer header, beyond it', () => {
    const url = (query: string) => new URL(`http://x/tap${query}`);
    expect(loopback.token).toBeNull();
    expect(loopback.checkToken(url(''), undefined)).toBeNull();
    expect(lan.token).toBe('secret-token');
    expect(lan.checkToken(url(''), undefined)?.status).toBe(401);
    expect(lan.checkToken(url('?token=wrong'), undefined)?.status).toBe(401);
    expect(lan.checkToken(url('?token=secret-token'), undefined)).toBeNull();
    expect(lan.checkToken(url(''), 'Bearer secret-token')).toBeNull();
    expect(new AccessPolicy({ bindHost: '0.0.0.0' }).token).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it.each([
    ['127.0.0.1', true], ['127.0.0.2', true], ['::1', true], ['::ffff:127.0.0.1', true],
    ['192.168.1.20', false], ['::ffff:10.0.0.2', false], ['fd00::2', false], [undefined, false],
  ])('%s is a loopback peer: %s', (address, loopbackPeer) => {
    expect(isLoopbackAddress(address)).toBe(loopbackPeer);
  });

  it('treats 0.0.0.0 and a LAN address as beyond loopback', () => {
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('localhost'), isLoopbackHost('0.0.0.0'), isLoopbackHost('192.168.1.20')]).toEqual([true, true, false, false]);
  });
});

describe('the server behind the policy', () => {
  it('answers 403 to a rebinding Host, on a page and on a WebSocket upgrade with a matching Origin', async () => {
    const { port } = await start();
    expect(await statusOf(port, '/', 'evil.example')).toBe(403);
    expect(await statusOf(port, '/', `127.0.0.1:${port}`)).toBe(200);
    const upgrade = await RawClient.connect(port, { headers: { Host: 'evil.example', Origin: 'http://evil.example' }, allowRefusal: true });
    expect(upgrade.status).toBe(403);
    expect(upgrade.responseHead).toMatch(/^HTTP\/1\.1 403/);
    upgrade.destroy();
    const honest = await RawClient.connect(port, { headers: { Origin: `http://127.0.0.1:${port}` } });
    expect(honest.status).toBe(101);
    honest.destroy();
  });

  it('on a non-loopback bind refuses /tap and /api without the token, and upgrades with it', async () => {
    const { server, port } = await start({ host: '0.0.0.0', token: 'classroom-token' });
    expect(server.token).toBe('classroom-token');
    const without = await RawClient.connect(port, { path: '/tap', allowRefusal: true });
    expect(without.status).toBe(401);
    without.destroy();
    const withToken = await RawClient.connect(port, { path: '/tap?token=classroom-token' });
    expect(withToken.status).toBe(101);
    withToken.destroy();
    expect((await fetch(`http://127.0.0.1:${port}/api/endpoints`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/endpoints?token=classroom-token`)).status).toBe(200);
    // The demos stay open: students need no token to use them.
    const echo = new WebSocket(`ws://127.0.0.1:${port}/echo`);
    await new Promise((resolve, reject) => echo.once('open', resolve).once('error', reject));
    echo.close();
  });

  it('needs no token on loopback', async () => {
    const { server, port } = await start();
    expect(server.token).toBeNull();
    const tap = await RawClient.connect(port, { path: '/tap' });
    expect(tap.status).toBe(101);
    tap.destroy();
  });

  it('forbids framing of every page', async () => {
    const { port } = await start({ demos: true });
    for (const path of ['/', '/demo/echo', '/api/endpoints']) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(response.headers.get('content-security-policy'), path).toBe("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});

/** A GET with whatever Host header the test wants (fetch will not send a forged one); the response's status. */
async function statusOf(port: number, path: string, host: string): Promise<number> {
  const socket = await openTcp(port);
  const response = await new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
}

describe('endpointsFor', () => {
  const endpoints: EndpointInfo[] = [
    { path: '/echo', page: '/demo/echo', description: 'echoes' },
    { path: '/command', page: '/demo/command', description: 'runs bash -c secret-script.sh: stdin and stdout over WebSocket' },
  ];

  it('tells a loopback peer the command line, and a peer beyond loopback only that a command runs', () => {
    expect(endpointsFor(endpoints, '127.0.0.1')[1].description).toContain('secret-script.sh');
    expect(endpointsFor(endpoints, '192.168.1.20')[1].description).toBe("runs the operator's command: stdin and stdout over WebSocket");
    expect(endpointsFor(endpoints, '192.168.1.20')[0]).toEqual(endpoints[0]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TapMessage } from '../../engine/tap-messages';
import { dial } from '../../server/dialer';
import { WEBSOCKET_VERSION } from '../../engine/handshake';
import { type ExplorerServer, type ExplorerServerOptions } from '../../server/http-app';
import type { IncomingMessage } from '../../server/socket-connection';
import { startExplorer } from '../support/explorer-server';
import { RawClient, openTcp } from '../support/raw-client';

const stops: Array<() => Promise<void>> = [];
let uiDir: string;

/** A server as `wsx serve` makes it (demos on unless told otherwise), closed after the test. */
async function start(options: ExplorerServerOptions = {}): Promise<{ server: ExplorerServer; base: string; port: number }> {
  const { server, url, port, close } = await startExplorer({ demos: true, ...options });
  stops.push(close);
  return { server, base: url, port };
}

beforeAll(() => {
  uiDir = mkdtempSync(join(tmpdir(), 'wsx-ui-'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>explorer ui</title>');
  writeFileSync(join(uiDir, 'app.js'), 'console.log(1)');
});

afterAll(() => rmSync(uiDir, { recursive: true, force: true }));

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('HTTP side', () => {
  it('serves a page listing the endpoints at / when there is no UI build', async () => {
    const { base } = await start({ demos: true });
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const path of ['/echo', '/chat', '/filewatch', '/many', '/tap']) expect(html).toContain(`ws://HOST${path}`);
    expect(html).not.toContain('/command');
  });

  it('lists the endpoints as JSON', async () => {
    const { base } = await start({ demos: false });
    const endpoints = (await (await fetch(`${base}/api/endpoints`)).json()) as Array<{ path: string }>;
    expect(endpoints.map((e) => e.path)).toEqual(['/echo', '/tap']);
  });

  it('mounts /command only when a command is named', async () => {
    const { server } = await start({ command: { command: 'cat' } });
    expect(server.upgrader.paths).toContain('/command');
  });

  it('serves the demo pages, /demo/command included when no command runs', async () => {
    const { base } = await start();
    for (const page of ['/demo/echo', '/demo/chat', '/demo/filewatch', '/demo/many', '/demo/command']) {
      const response = await fetch(base + page);
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text(), page).toContain('<link rel="stylesheet" href="/demo/demo.css">');
    }
  });

  it('serves only /demo/echo when the demos are off', async () => {
    const { base } = await start({ demos: false });
    expect((await fetch(`${base}/demo/echo`)).status).toBe(200);
    for (const page of ['/demo/chat', '/demo/filewatch', '/demo/many', '/demo/command']) expect((await fetch(base + page)).status, page).toBe(404);
  });

  it('serves the demos, their files and the favicon ahead of a UI build, never its index.html', async () => {
    const { base } = await start({ uiDir });
    const command = await fetch(`${base}/demo/command`);
    expect(await command.text()).toContain('The command demo is off');
    const style = await fetch(`${base}/demo/demo.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
    expect((await fetch(`${base}/demo/missing.js`)).status).toBe(404);
  });

  it('styles the endpoint list with the demos\' stylesheet and icon', async () => {
    const { base } = await start();
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('<link rel="stylesheet" href="/demo/demo.css">');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });

  it('explains a plain GET to a WebSocket endpoint instead of serving it', async () => {
    const { base } = await start({ demos: false });
    const response = await fetch(`${base}/echo`);
    // RFC 6455 4.2.1: a GET without Upgrade is a bad request; the answer still names the version this server speaks.
    expect(response.status).toBe(400);
    expect(response.headers.get('upgrade')).toBe('websocket');
    expect(response.headers.get('sec-websocket-version')).toBe(WEBSOCKET_VERSION);
    expect(await response.text()).toMatch(/upgrade/i);
  });

  it('serves the UI build with content types and falls back to index.html for client routes', async () => {
    const { base } = await start({ demos: false, uiDir });
    const index = await fetch(`${base}/`);
    expect(await index.text()).toContain('explorer ui');
    const script = await fetch(`${base}/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await fetch(`${base}/decoder`)).text()).toContain('explorer ui');
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside the UI directory', async () => {
    const { port } = await start({ demos: false, uiDir });
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const socket = await openTcp(port);
      const response = await new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('latin1')));
        socket.on('close', () => resolve(text));
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      });
      expect(response, path).not.toContain('root:');
      // Either nothing, or the single-page app's index (its client-side router says "not found").
      expect(response.startsWith('HTTP/1.1 404') || response.startsWith('HTTP/1.1 400') || response.endsWith('<title>explorer ui</title>'), path).toBe(true);
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { base } = await start({ demos: false });
    expect((await fetch(`${base}/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('binds to 127.0.0.1 by default', async () => {
    const { server } = await start({ demos: false });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('/tap', () => {
  function subscribe(port: number, query = '') {
    const messages: TapMessage[] = [];
    let notify: (() => void) | null = null;
    const ready = dial(`ws://127.0.0.1:${port}/tap${query}`).then(({ connection }) => {
      connection.onMessage((message: IncomingMessage) => {
        if (message.kind === 'text') messages.push(JSON.parse(message.text) as TapMessage);
        notify?.();
      });
      return connection;
    });
    const until = async (predicate: (all: TapMessage[]) => boolean, timeoutMs = 2000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) throw new Error(`tap: condition not met; got ${messages.map((m) => m.type).join(', ')}`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
      }
      return messages;
    };
    return { ready, messages, until };
  }

  it('streams a session: the handshake both ways, the frames, and how it closed', async () => {
    const { port } = await start({ demos: false });
    const tap = subscribe(port);
    await tap.ready;
    await tap.until((all) => all.some((m) => m.type === 'replay-done'));
    const client = await RawClient.connect(port);
    client.sendText('tap me');
    await client.nextMessage();
    client.sendClose(1000);
    await client.expectClose(2000, false);
    const all = await tap.until((m) => m.some((x) => x.type === 'session-closed'));
    const chunks = all.flatMap((m) => (m.type === 'bytes' ? [m.chunk] : []));
    const request = Buffer.from(chunks[0].hex, 'hex').toString('latin1');
    expect(chunks[0]).toEqual(expect.objectContaining({ from: 'client', phase: 'handshake', offset: 0, truncated: false }));
    expect(chunks[0]).not.toHaveProperty('reconstructed');
    expect(request).toMatch(/^GET \/echo HTTP\/1\.1\r\n/);
    expect(request).toMatch(/Sec-WebSocket-Key: /);
    expect(chunks[1]).toMatchObject({ from: 'server', phase: 'handshake' });
    expect(Buffer.from(chunks[1].hex, 'hex').toString('latin1')).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    const frames = chunks.filter((c) => c.phase === 'frames');
    // The client's masked text frame arrives as sent: 0x81, MASK bit and length 6.
    expect(frames.find((c) => c.from === 'client')?.hex.slice(0, 4)).toBe('8186');
    // The server's echo is unmasked: 0x81 0x06 "tap me".
    expect(frames.find((c) => c.from === 'server')?.hex).toBe(`8106${Buffer.from('tap me').toString('hex')}`);
    const closed = all.find((m) => m.type === 'session-closed');
    expect(closed).toMatchObject({ close: { code: 1000, wasClean: true } });
    // The tap's own session is never on the tap.
    expect(all.filter((m) => m.type === 'session-opened').map((m) => (m.type === 'session-opened' ? m.session.target : ''))).toEqual(['/echo']);
  });

  it('replays retained sessions to a late subscriber', async () => {
    const { port } = await start({ demos: false });
    const client = await RawClient.connect(port, { path: '/echo?early=1' });
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tap = subscribe(port);
    const all = await tap.until((m) => m.some((x) => x.type === 'replay-done'));
    expect(all[0]).toMatchObject({ type: 'hello', protocol: 1 });
    expect(all.find((m) => m.type === 'session-opened')).toMatchObject({ session: { target: '/echo?early=1' } });
    expect(all.find((m) => m.type === 'session-closed')).toMatchObject({ close: { code: 1006 } });
  });

  it('records a refused handshake with its refusal', async () => {
    const { server, port } = await start({ demos: false });
    const client = await RawClient.connect(port, { headers: { 'Sec-WebSocket-Version': '8' }, allowRefusal: true });
    expect(client.status).toBe(426);
    client.destroy();
    const [session] = server.tap.sessions();
    expect(session.state).toBe('refused');
    const chunks = server.tap.chunks(session.id);
    expect(Buffer.from(chunks[1].hex, 'hex').toString('latin1')).toMatch(/^HTTP\/1\.1 426 /);
  });

  it('drops a subscriber that does not read, and the sessions go on', async () => {
    const { server, port } = await start({ demos: false, tap: { subscriberQueueBytes: 64 * 1024 } });
    const viewer = await RawClient.connect(port, { path: '/tap' });
    viewer.socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.tap.subscriberCount).toBe(1);
    const client = await RawClient.connect(port);
    const big = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 64; i++) {
      client.sendText(big);
      await client.nextMessage();
    }
    expect(server.tap.subscriberCount).toBe(0);
    client.sendText('still echoing');
    expect((await client.nextMessage()).payload.toString()).toBe('still echoing');
    client.destroy();
    viewer.destroy();
  });
});

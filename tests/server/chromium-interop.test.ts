// A real browser against our server: Debian's headless Chromium (through
// playwright-core) opens a page the server serves, talks to /echo and /chat
// with the browser's own WebSocket, closes cleanly, and its handshake,
// permessage-deflate offer included, shows up on the tap, declined in our 101
// until RFC 7692 lands in the engine.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import { chromiumAvailable, launchChromium } from '../support/chromium';

let server: ExplorerServer;
let base: string;
let browser: Browser;
let page: Page;

describe.skipIf(!chromiumAvailable())('Chromium against our server', () => {
  beforeAll(async () => {
    server = createExplorerServer({ port: 0, log: () => {} });
    ({ url: base } = await server.listen());
    browser = await launchChromium();
    page = await browser.newPage();
    // The endpoint list: a page of our origin that opens no socket of its own.
    await page.goto(`${base}/`);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close({ timeoutMs: 1000 });
  });

  it('exchanges text and binary with /echo and closes cleanly', async () => {
    const result = await page.evaluate(async () => {
      const socket = new WebSocket(`ws://${location.host}/echo`);
      socket.binaryType = 'arraybuffer';
      const messages: unknown[] = [];
      const next = () => new Promise<MessageEvent>((resolve) => socket.addEventListener('message', resolve, { once: true }));
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
      });
      socket.send('héllo from Chromium');
      messages.push((await next()).data);
      socket.send(new Uint8Array([1, 2, 3, 250]));
      messages.push([...new Uint8Array((await next()).data as ArrayBuffer)]);
      const big = 'x'.repeat(200_000);
      socket.send(big);
      messages.push(((await next()).data as string) === big);
      const closed = new Promise<CloseEvent>((resolve) => (socket.onclose = resolve));
      socket.close(1000, 'done');
      const event = await closed;
      return { messages, extensions: socket.extensions, close: { code: event.code, reason: event.reason, wasClean: event.wasClean } };
    });
    expect(result.messages).toEqual(['héllo from Chromium', [1, 2, 3, 250], true]);
    expect(result.extensions).toBe('');
    // 5.5.1: the server echoes the status code; the reason is its own (empty).
    expect(result.close).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('chats on /chat: a message from one page socket reaches the other', async () => {
    const result = await page.evaluate(async () => {
      const open = () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`ws://${location.host}/chat`);
          socket.onopen = () => resolve(socket);
          socket.onerror = reject;
        });
      const alice = await open();
      const bob = await open();
      const received = new Promise<string>((resolve) => bob.addEventListener('message', (event) => resolve(event.data as string), { once: true }));
      alice.send('hello bob');
      const text = await received;
      const closes = [alice, bob].map((socket) => new Promise<CloseEvent>((resolve) => (socket.onclose = resolve)));
      alice.close(1000);
      bob.close(1000);
      const events = await Promise.all(closes);
      return { text, clean: events.map((e) => e.wasClean) };
    });
    expect(result.text).toContain('hello bob');
    expect(result.clean).toEqual([true, true]);
  });

  it('shows the browser handshake on the tap: the permessage-deflate offer, declined in our 101', async () => {
    const echoSession = server.tap.sessions().find((s) => s.target === '/echo');
    expect(echoSession).toBeDefined();
    const [request, response] = server.tap.chunks(echoSession!.id).filter((c) => c.phase === 'handshake');
    const requestText = Buffer.from(request.hex, 'hex').toString('latin1');
    const responseText = Buffer.from(response.hex, 'hex').toString('latin1');
    expect(requestText).toMatch(/^GET \/echo HTTP\/1\.1\r\n/);
    expect(requestText).toMatch(/\r\nSec-WebSocket-Extensions: permessage-deflate/i);
    expect(requestText).toMatch(/\r\nUser-Agent: [^\r]*Chrom/i);
    expect(responseText).toMatch(/^HTTP\/1\.1 101 /);
    expect(responseText).not.toMatch(/Sec-WebSocket-Extensions/i);
    // The browser reports the close when it sees ours; TCP may end a moment later.
    for (let i = 0; i < 50 && !server.tap.closeOf(echoSession!.id); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.tap.closeOf(echoSession!.id)).toMatchObject({ code: 1000, wasClean: true });
  });
});

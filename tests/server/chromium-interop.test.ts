// A real browser against our server: Debian's headless Chromium (through
// playwright-core) opens a page the server serves, talks to /echo and /chat
// with the browser's own WebSocket, closes cleanly, and its handshake shows
// up on the tap, its permessage-deflate offer accepted in our 101 (RFC 7692)
// and its messages compressed both ways; and the tap holds the very bytes
// Chromium wrote, checked against a TCP relay that sees them independently.

import { createServer as createTcpServer, connect, type AddressInfo, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseRequestHead } from '../../engine/http-message';
import { decodeFrames } from '../../engine/frame';
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
    expect(result.extensions).toBe('permessage-deflate');
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

  it('shows the browser handshake on the tap, permessage-deflate accepted, and compressed frames both ways', async () => {
    const echoSession = server.tap.sessions().find((s) => s.target === '/echo');
    expect(echoSession).toBeDefined();
    const [request, response] = server.tap.chunks(echoSession!.id).filter((c) => c.phase === 'handshake');
    const requestText = Buffer.from(request.hex, 'hex').toString('latin1');
    const responseText = Buffer.from(response.hex, 'hex').toString('latin1');
    expect(requestText).toMatch(/^GET \/echo HTTP\/1\.1\r\n/);
    expect(requestText).toMatch(/\r\nSec-WebSocket-Extensions: permessage-deflate/i);
    expect(requestText).toMatch(/\r\nUser-Agent: [^\r]*Chrom/i);
    // The bytes as Chromium sent them, not rebuilt: one whole head, in the browser's own casing.
    expect(request).not.toHaveProperty('reconstructed');
    const parsed = parseRequestHead(Buffer.from(request.hex, 'hex'));
    expect(parsed).toMatchObject({ state: 'complete', headLength: request.length });
    const names = parsed.state === 'complete' ? parsed.message.headers.map((h) => h.name) : [];
    expect(names[0]).toBe('Host');
    expect(names).toEqual(expect.arrayContaining(['Connection', 'Upgrade', 'User-Agent', 'Origin', 'Sec-WebSocket-Version', 'Sec-WebSocket-Key', 'Sec-WebSocket-Extensions']));
    expect(responseText).toMatch(/^HTTP\/1\.1 101 /);
    expect(responseText).toMatch(/\r\nSec-WebSocket-Extensions: permessage-deflate\r\n/);
    // The frames: RSV1 on the first frame of each message, from Chromium (masked) and from us, and they inflate to what was sent.
    const stream = (from: 'client' | 'server') => Buffer.concat(server.tap.chunks(echoSession!.id).filter((c) => c.phase === 'frames' && c.from === from).map((c) => Buffer.from(c.hex, 'hex')));
    const fromBrowser = decodeFrames(stream('client'), { from: 'client', deflate: {} });
    const fromUs = decodeFrames(stream('server'), { from: 'server', deflate: {} });
    for (const decoded of [fromBrowser, fromUs]) {
      expect(decoded.frames.flatMap((f) => f.problems)).toEqual([]);
      expect(decoded.messages.slice(0, 2).map((m) => [m.text ?? [...m.payload], m.compression !== null])).toEqual([['héllo from Chromium', true], [[1, 2, 3, 250], true]]);
    }
    expect(fromBrowser.frames[0]).toMatchObject({ rsv1: true, masked: true });
    // The browser reports the close when it sees ours; TCP may end a moment later.
    for (let i = 0; i < 50 && !server.tap.closeOf(echoSession!.id); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.tap.closeOf(echoSession!.id)).toMatchObject({ code: 1000, wasClean: true });
  });

  it('records the exact bytes Chromium wrote, as a relay between them saw them', async () => {
    // A TCP relay in front of the server keeps what the browser sends on each connection.
    const sent: Buffer[][] = [];
    const relay: TcpServer = createTcpServer((browserSide) => {
      const chunks: Buffer[] = [];
      sent.push(chunks);
      const serverSide = connect(server.port!, '127.0.0.1');
      browserSide.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        serverSide.write(chunk);
      });
      serverSide.pipe(browserSide);
      browserSide.on('close', () => serverSide.destroy());
      serverSide.on('close', () => browserSide.destroy());
      browserSide.on('error', () => {});
      serverSide.on('error', () => {});
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayPage = await browser.newPage();
    try {
      // The page's origin is the relay's, and so is the Host the socket sends: same origin.
      await relayPage.goto(`http://127.0.0.1:${(relay.address() as AddressInfo).port}/demo/echo`);
      const echoed = await relayPage.evaluate(async () => {
        const socket = new WebSocket(`ws://${location.host}/echo?relayed=1`);
        await new Promise((resolve, reject) => {
          socket.onopen = resolve;
          socket.onerror = reject;
        });
        const reply = new Promise<string>((resolve) => (socket.onmessage = (event) => resolve(event.data as string)));
        socket.send('byte for byte');
        const text = await reply;
        socket.close(1000);
        return text;
      });
      expect(echoed).toBe('byte for byte');
      const session = server.tap.sessions().find((s) => s.target === '/echo?relayed=1');
      expect(session).toBeDefined();
      const [request] = server.tap.chunks(session!.id);
      const recorded = Buffer.from(request.hex, 'hex');
      const wire = sent.map((chunks) => Buffer.concat(chunks)).find((bytes) => bytes.toString('latin1').startsWith('GET /echo?relayed=1 '));
      expect(wire, 'the relay saw the upgrade request').toBeDefined();
      // Chromium opens a fresh connection for a WebSocket, so the request is its first byte on it.
      expect(request).toMatchObject({ from: 'client', phase: 'handshake', offset: 0, truncated: false });
      expect(recorded.toString('latin1')).toBe(wire!.subarray(0, recorded.length).toString('latin1'));
      expect(recorded.subarray(-4).toString('latin1')).toBe('\r\n\r\n');
    } finally {
      await relayPage.close();
      relay.close();
    }
  });
});

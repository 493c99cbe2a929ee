import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChatRoute, Hub } from '../../server/demos/chat';
import type { ChatOptions, ChatRoute, DropReason, HubMember } from '../../server/demos/chat';
import { DEMO_PAGES_DIR } from '../../server/demos/pages';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import { launchChromium } from '../support/chromium';
import { openTcp, readHead } from '../support/raw-client';

/** A hub member with a bounded inbox, as ChatClient has, and nothing else. */
class InboxMember implements HubMember {
  readonly inbox: string[] = [];
  readonly drops: DropReason[] = [];
  constructor(readonly capacity: number) {}
  offer(message: string): boolean {
    if (this.drops.length > 0 || this.inbox.length >= this.capacity) return false;
    this.inbox.push(message);
    return true;
  }
  dropped(reason: DropReason): void {
    this.drops.push(reason);
  }
}

describe('Hub', () => {
  it('broadcasts a message to every registered member', () => {
    const hub = new Hub<InboxMember>();
    const alice = new InboxMember(4);
    const bob = new InboxMember(4);
    hub.register(alice);
    hub.register(bob);
    expect(hub.broadcast('hello')).toEqual({ delivered: 2, evicted: 0 });
    expect(alice.inbox).toEqual(['hello']);
    expect(bob.inbox).toEqual(['hello']);
  });

  it('evicts a member whose queue is full and keeps serving the others', () => {
    const hub = new Hub<InboxMember>();
    const reader = new InboxMember(100);
    const stuck = new InboxMember(2);
    hub.register(reader);
    hub.register(stuck);
    const outcomes = ['1', '2', '3', '4'].map((message) => hub.broadcast(message));
    expect(outcomes.map((outcome) => outcome.evicted)).toEqual([0, 0, 1, 0]);
    expect(stuck.drops).toEqual(['evicted']);
    expect(stuck.inbox).toEqual(['1', '2']);
    expect(hub.has(stuck)).toBe(false);
    expect(reader.inbox).toEqual(['1', '2', '3', '4']);
    expect(hub.size).toBe(1);
  });

  it('drops a member once when it unregisters twice', () => {
    const hub = new Hub<InboxMember>();
    const member = new InboxMember(1);
    hub.register(member);
    hub.unregister(member);
    hub.unregister(member);
    expect(member.drops).toEqual(['unregistered']);
    expect(hub.size).toBe(0);
  });

  it('does not drop an evicted member again when its connection then closes', () => {
    const hub = new Hub<InboxMember>();
    const member = new InboxMember(0);
    hub.register(member);
    hub.broadcast('x');
    hub.unregister(member);
    expect(member.drops).toEqual(['evicted']);
  });

  it('stops: drops every member and turns newcomers away', () => {
    const hub = new Hub<InboxMember>();
    const early = new InboxMember(1);
    hub.register(early);
    hub.stop();
    const late = new InboxMember(1);
    hub.register(late);
    expect(early.drops).toEqual(['stopped']);
    expect(late.drops).toEqual(['stopped']);
    expect(hub.size).toBe(0);
    expect(hub.broadcast('nobody')).toEqual({ delivered: 0, evicted: 0 });
  });
});

// Real sockets from here on: our server, the `ws` package as the peer.

let server: ExplorerServer | null = null;

afterEach(async () => {
  await server?.close({ timeoutMs: 2_000 });
  server = null;
});

async function startChat(options: ChatOptions = {}): Promise<{ route: ChatRoute; port: number }> {
  const route = createChatRoute(options);
  server = createExplorerServer({ port: 0, demos: false, routes: [route], log: () => {} });
  const { port } = await server.listen();
  return { route, port };
}

function join(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/chat`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Lines received until `count` have arrived; the server may batch several into one message. */
function lines(socket: WebSocket, count: number): Promise<string[]> {
  return new Promise((resolve) => {
    const got: string[] = [];
    const onMessage = (data: WebSocket.RawData) => {
      got.push(...data.toString().split('\n'));
      if (got.length >= count) {
        socket.off('message', onMessage);
        resolve(got);
      }
    };
    socket.on('message', onMessage);
  });
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A client that completes the handshake and then never reads another byte. */
async function joinWithoutReading(port: number): Promise<Socket> {
  const socket = await openTcp(port);
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET /chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const { head } = await readHead(socket);
  expect(head).toMatch(/^HTTP\/1\.1 101 /);
  return socket; // readHead leaves it paused
}

describe('/chat', () => {
  it('broadcasts each message to everyone, its sender included', async () => {
    const { route, port } = await startChat();
    const alice = await join(port);
    const bob = await join(port);
    await until(() => route.hub.size === 2, 2_000, 'both to register');
    const aliceHears = lines(alice, 1);
    const bobHears = lines(bob, 1);
    alice.send('hello room');
    expect(await aliceHears).toEqual(['hello room']);
    expect(await bobHears).toEqual(['hello room']);
    alice.close();
    bob.close();
  });

  it('turns newlines into spaces and trims, as gorilla\'s readPump does', async () => {
    const { port } = await startChat();
    const alice = await join(port);
    const heard = lines(alice, 1);
    alice.send('  one\ntwo  ');
    expect(await heard).toEqual(['one two']);
    alice.close();
  });

  it('delivers every message in order, batched or not', async () => {
    const { port } = await startChat();
    const alice = await join(port);
    const bob = await join(port);
    const sent = Array.from({ length: 50 }, (_, i) => `message ${i}`);
    const heard = lines(bob, sent.length);
    for (const message of sent) alice.send(message);
    expect(await heard).toEqual(sent);
    alice.close();
    bob.close();
  });

  it('closes a client that sends more than 512 bytes with 1009', async () => {
    const { port } = await startChat();
    const alice = await join(port);
    const end = closed(alice);
    alice.send('x'.repeat(513));
    expect((await end).code).toBe(1009);
  });

  it('unregisters a client when it leaves', async () => {
    const { route, port } = await startChat();
    const alice = await join(port);
    await until(() => route.hub.size === 1, 2_000, 'registration');
    alice.close(1000);
    await closed(alice);
    await until(() => route.hub.size === 0, 2_000, 'unregistration');
  });

  it('evicts a client that never reads once its send queue is full, and the room goes on', async () => {
    const { route, port } = await startChat({ sendQueueCapacity: 16, evictionGraceMs: 200 });
    const stuck = await joinWithoutReading(port);
    const talker = await join(port);
    await until(() => route.hub.size === 2, 2_000, 'both to register');

    // Talk in rounds of 50 messages of 500 bytes, each round heard back by
    // the talker before the next, so only the client that does not read
    // falls behind: first its socket buffers fill, then its send queue.
    const message = 'y'.repeat(500);
    let rounds = 0;
    while (route.hub.size === 2) {
      if (++rounds > 2_000) throw new Error('the hub never evicted the client that does not read');
      const echoed = lines(talker, 50);
      for (let i = 0; i < 50; i++) talker.send(message);
      await echoed;
    }
    expect(route.hub.size).toBe(1);

    // The evicted client's connection is dropped: its socket ends.
    const stuckClosed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
    stuck.on('error', () => {});
    stuck.on('data', () => {});
    stuck.resume();
    await stuckClosed;

    // The talker is still in the room.
    const heard = lines(talker, 1);
    talker.send('still here');
    expect(await heard).toEqual(['still here']);
    talker.close();
  });

  it('says 1001 to everyone when the server shuts down', async () => {
    const { port } = await startChat();
    const alice = await join(port);
    const end = closed(alice);
    await server!.close({ timeoutMs: 2_000 });
    server = null;
    expect((await end).code).toBe(1001);
  });
});

describe('/demo/chat', () => {
  it('never parses a message as HTML', () => {
    const script = readFileSync(joinPath(DEMO_PAGES_DIR, 'chat.js'), 'utf8');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(script).toMatch(/appendLine\(log, line\)/);
  });

  it('shows what another client says, markup as plain text, in a real browser', async () => {
    server = createExplorerServer({ port: 0, log: () => {} });
    const { port } = await server.listen();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/demo/chat`);
      await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('Connected.'));
      const other = await join(port);
      const markup = '<img src=x onerror="window.pwned=1"><b>bold</b>';
      other.send(markup);
      await page.waitForFunction((text) => document.getElementById('log')?.textContent?.includes(text), markup);
      expect(await page.evaluate(() => document.querySelectorAll('#log img, #log b').length)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      // And the page can talk back.
      const heard = lines(other, 1);
      await page.fill('#msg', 'from the browser');
      await page.press('#msg', 'Enter');
      expect(await heard).toEqual(['from the browser']);
      other.close();
    } finally {
      await browser.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHAT_RATE_LIMIT, createChatRoute, Hub, rateLimitReason } from '../../server/demos/chat';
import { TokenBucket } from '../../server/token-bucket';
import type { ChatOptions, ChatRoute, DropReason, HubMember } from '../../server/demos/chat';
import { DEMO_PAGES_DIR } from '../../server/demos/pages';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import { launchChromium } from '../support/chromium';
import { clientFrame, openTcp, RawClient, readHead } from '../support/raw-client';

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

/** A hub whose turns the test runs by hand, so what one turn does can be counted. */
function manualHub(options: { offersPerTurn?: number; maxPendingBroadcasts?: number } = {}) {
  const turns: Array<() => void> = [];
  const hub = new Hub<InboxMember>({ ...options, scheduleTurn: (turn) => turns.push(turn) });
  return {
    hub,
    /** Runs the next scheduled turn; false when none is scheduled. */
    runTurn(): boolean {
      const turn = turns.shift();
      turn?.();
      return turn !== undefined;
    },
    /** Runs turns until the hub schedules no more; how many ran. */
    runAllTurns(): number {
      let count = 0;
      while (turns.length > 0) {
        turns.shift()!();
        count += 1;
      }
      return count;
    },
  };
}

describe('Hub', () => {
  it('broadcasts a message to every registered member, on the next turn', () => {
    const { hub, runAllTurns } = manualHub();
    const alice = new InboxMember(4);
    const bob = new InboxMember(4);
    hub.register(alice);
    hub.register(bob);
    expect(hub.broadcast('hello')).toBe(true);
    expect(alice.inbox).toEqual([]);
    expect(hub.pendingBroadcasts).toBe(1);
    expect(runAllTurns()).toBe(1);
    expect(alice.inbox).toEqual(['hello']);
    expect(bob.inbox).toEqual(['hello']);
    expect(hub.pendingBroadcasts).toBe(0);
  });

  it('evicts a member whose queue is full and keeps serving the others', () => {
    const { hub, runAllTurns } = manualHub();
    const reader = new InboxMember(100);
    const stuck = new InboxMember(2);
    hub.register(reader);
    hub.register(stuck);
    for (const message of ['1', '2', '3', '4']) hub.broadcast(message);
    runAllTurns();
    expect(stuck.drops).toEqual(['evicted']);
    expect(stuck.inbox).toEqual(['1', '2']);
    expect(hub.has(stuck)).toBe(false);
    expect(reader.inbox).toEqual(['1', '2', '3', '4']);
    expect(hub.size).toBe(1);
  });

  it('makes at most offersPerTurn offers in one turn, in order, and finishes on later turns', () => {
    const { hub, runTurn, runAllTurns } = manualHub({ offersPerTurn: 7 });
    const members = Array.from({ length: 5 }, () => new InboxMember(100));
    for (const member of members) hub.register(member);
    for (let i = 0; i < 10; i++) hub.broadcast(`m${i}`);
    runTurn();
    const offered = () => members.reduce((sum, member) => sum + member.inbox.length, 0);
    expect(offered()).toBe(7);
    runTurn();
    expect(offered()).toBe(14);
    // 50 offers in turns of 7: 8 turns in all.
    expect(runAllTurns()).toBe(6);
    const expected = Array.from({ length: 10 }, (_, i) => `m${i}`);
    for (const member of members) expect(member.inbox).toEqual(expected);
  });

  it('skips a member that left while a broadcast was under way', () => {
    const { hub, runTurn, runAllTurns } = manualHub({ offersPerTurn: 1 });
    const first = new InboxMember(4);
    const second = new InboxMember(4);
    hub.register(first);
    hub.register(second);
    hub.broadcast('x');
    runTurn();
    hub.unregister(second);
    runAllTurns();
    expect(first.inbox).toEqual(['x']);
    expect(second.inbox).toEqual([]);
    expect(second.drops).toEqual(['unregistered']);
  });

  it('refuses a broadcast beyond maxPendingBroadcasts, and takes them again once delivered', () => {
    const { hub, runAllTurns } = manualHub({ maxPendingBroadcasts: 3 });
    hub.register(new InboxMember(10));
    expect(['a', 'b', 'c', 'd'].map((message) => hub.broadcast(message))).toEqual([true, true, true, false]);
    runAllTurns();
    expect(hub.broadcast('e')).toBe(true);
  });

  it('drops a member once when it unregisters twice', () => {
    const { hub } = manualHub();
    const member = new InboxMember(1);
    hub.register(member);
    hub.unregister(member);
    hub.unregister(member);
    expect(member.drops).toEqual(['unregistered']);
    expect(hub.size).toBe(0);
  });

  it('tells a member why it was let go', () => {
    const { hub } = manualHub();
    const member = new InboxMember(1);
    hub.register(member);
    hub.unregister(member, 'rate-limited');
    expect(member.drops).toEqual(['rate-limited']);
  });

  it('does not drop an evicted member again when its connection then closes', () => {
    const { hub, runAllTurns } = manualHub();
    const member = new InboxMember(0);
    hub.register(member);
    hub.broadcast('x');
    runAllTurns();
    hub.unregister(member);
    expect(member.drops).toEqual(['evicted']);
  });

  it('stops: drops every member, forgets what was waiting and turns newcomers away', () => {
    const { hub, runAllTurns } = manualHub();
    const early = new InboxMember(1);
    hub.register(early);
    hub.broadcast('never delivered');
    hub.stop();
    runAllTurns();
    const late = new InboxMember(1);
    hub.register(late);
    expect(early.drops).toEqual(['stopped']);
    expect(early.inbox).toEqual([]);
    expect(late.drops).toEqual(['stopped']);
    expect(hub.size).toBe(0);
    expect(hub.broadcast('nobody')).toBe(false);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then one message per 1/rate seconds', () => {
    let now = 0;
    const bucket = new TokenBucket({ messagesPerSecond: 5, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 199;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('refills to the burst and no further after a quiet spell', () => {
    let now = 0;
    const bucket = new TokenBucket({ messagesPerSecond: 5, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) bucket.take();
    now += 60_000;
    expect(Array.from({ length: 4 }, () => bucket.take())).toEqual([true, true, true, false]);
  });

  it('keeps a steady sender at the sustained rate forever', () => {
    let now = 0;
    const bucket = new TokenBucket({ messagesPerSecond: 5, burst: 1 }, () => now);
    for (let i = 0; i < 100; i++) {
      expect(bucket.take()).toBe(true);
      now += 200;
    }
  });

  it.each([
    [{ messagesPerSecond: 0, burst: 1 }],
    [{ messagesPerSecond: Number.POSITIVE_INFINITY, burst: 1 }],
    [{ messagesPerSecond: 1, burst: 0 }],
    [{ messagesPerSecond: 1, burst: 1.5 }],
  ])('refuses the limit %j', (limit) => {
    expect(() => new TokenBucket(limit)).toThrow(RangeError);
    expect(() => createChatRoute({ rateLimit: limit })).toThrow(RangeError);
  });

  it('says what the limit is in a reason that fits a close frame', () => {
    const reason = rateLimitReason(CHAT_RATE_LIMIT);
    expect(reason).toBe('rate limit: more than 20 messages at once or 5 a second');
    expect(new TextEncoder().encode(reason).length).toBeLessThanOrEqual(123);
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
    // 50 at once is past the default burst: this room allows it.
    const { port } = await startChat({ rateLimit: { messagesPerSecond: 50, burst: 50 } });
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

  it('closes a client past its burst with 1008 and the limit as the reason; the others hear only its burst and go on', async () => {
    const { route, port } = await startChat({ rateLimit: { messagesPerSecond: 1, burst: 5 }, evictionGraceMs: 200 });
    const flooder = await join(port);
    const listener = await join(port);
    await until(() => route.hub.size === 2, 2_000, 'both to register');
    const heard: string[] = [];
    listener.on('message', (data) => heard.push(...data.toString().split('\n')));
    const end = closed(flooder);
    for (let i = 0; i < 30; i++) flooder.send(`flood ${i}`);
    expect(await end).toEqual({ code: 1008, reason: 'rate limit: more than 5 messages at once or 1 a second' });
    await until(() => route.hub.size === 1, 2_000, 'the flooder to leave the room');
    listener.send('still here');
    // ws inflates compressed messages asynchronously: wait for the echo itself, not just any message.
    await until(() => heard.includes('still here'), 2_000, 'its own message back');
    expect(heard).toEqual(['flood 0', 'flood 1', 'flood 2', 'flood 3', 'flood 4', 'still here']);
    listener.close();
  });

  it('closes a sender with 1013 when the room already has its maximum of broadcasts waiting', async () => {
    const { route, port } = await startChat({ maxPendingBroadcasts: 1 });
    const listener = await join(port);
    const talker = await RawClient.connect(port, { path: '/chat' });
    await until(() => route.hub.size === 2, 2_000, 'both to register');
    const heard = lines(listener, 1);
    // Two messages in one TCP write: both arrive before the hub's next turn.
    talker.send(Buffer.concat([clientFrame({ opcode: 0x1, payload: 'first' }), clientFrame({ opcode: 0x1, payload: 'second' })]));
    const { frames, close } = await talker.expectClose();
    expect(close).toEqual({ code: 1013, reason: 'the room is too busy; try again later' });
    expect(frames.map((frame) => frame.payload.toString())).toEqual([]);
    expect(await heard).toEqual(['first']);
    listener.close();
  });

  it('never limits a client that keeps to the sustained rate', async () => {
    // A burst of 2, not 1: on a busy machine two messages sent 60 ms apart can
    // reach the server in one read, and that pair is still the sustained rate.
    const { port } = await startChat({ rateLimit: { messagesPerSecond: 20, burst: 2 } });
    const alice = await join(port);
    const end = closed(alice);
    let closedEarly = false;
    void end.then(() => (closedEarly = true));
    const sent = Array.from({ length: 10 }, (_, i) => `steady ${i}`);
    const heard = lines(alice, sent.length);
    for (const message of sent) {
      alice.send(message);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(await heard).toEqual(sent);
    expect(closedEarly).toBe(false);
    alice.close();
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
    // No rate limit: the talker must outpace a socket buffer, thousands of messages.
    const { route, port } = await startChat({ sendQueueCapacity: 16, evictionGraceMs: 200, rateLimit: null });
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
      // And the page can talk back. (ws inflates asynchronously, so the
      // markup's own echo may still be on its way: wait for this line.)
      const heard: string[] = [];
      other.on('message', (data) => heard.push(...data.toString().split('\n')));
      await page.fill('#msg', 'from the browser');
      await page.press('#msg', 'Enter');
      await until(() => heard.includes('from the browser'), 5_000, 'the browser\'s message');
      other.close();
    } finally {
      await browser.close();
    }
  });

  it('tells a user who types faster than the rate limit why the room closed, and stops the form', async () => {
    server = createExplorerServer({ port: 0, log: () => {}, chat: { rateLimit: { messagesPerSecond: 1, burst: 3 } } });
    const { port } = await server.listen();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/demo/chat`);
      await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('Connected.'));
      for (let i = 0; i < 4; i++) {
        await page.fill('#msg', `quick ${i}`);
        await page.press('#msg', 'Enter');
      }
      await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('Connection closed'));
      const notes = await page.locator('#log .note').allTextContents();
      expect(notes).toEqual([
        'Connected.',
        'Connection closed (1008: rate limit: more than 3 messages at once or 1 a second).',
        'The room closed this connection for breaking one of its rules: sending messages faster than its rate limit, or reading them too slowly. Reload the page to join again.',
      ]);
      expect(await page.isDisabled('#msg')).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

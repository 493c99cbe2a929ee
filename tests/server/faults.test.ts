// What a misbehaving or hostile peer cannot do to the server: hold a
// handshake open, send an unbounded head, claim a huge frame, refuse to
// read, vanish mid-frame, or pile up connections. Each bound is tested with
// short timers so the file runs in a few seconds.

import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { createExplorerServer, type ExplorerServer, type ExplorerServerOptions } from '../../server/http-app';
import type { CloseInfo, SocketConnection } from '../../server/socket-connection';
import { RawClient, clientFrame, openTcp, readHead } from '../support/raw-client';

const servers: ExplorerServer[] = [];

async function start(options: ExplorerServerOptions = {}): Promise<{ server: ExplorerServer; port: number }> {
  const server = createExplorerServer({ port: 0, demos: false, log: () => {}, ...options });
  servers.push(server);
  const { port } = await server.listen();
  return { server, port };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close({ timeoutMs: 500 })));
});

function tcpClosed(socket: Socket): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(0);
    socket.on('close', () => resolve(Date.now() - started));
    socket.on('error', () => {});
    socket.resume();
  });
}

/** The server-side connection of the most recent upgrade. */
function newestConnection(server: ExplorerServer): SocketConnection {
  const all = [...server.upgrader.connections];
  return all[all.length - 1];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('handshake bounds', () => {
  it('drops a client that sends half a request (slowloris) when the handshake clock runs out', async () => {
    const { server, port } = await start({ upgrader: { handshakeTimeoutMs: 200 } });
    const socket = await openTcp(port);
    // Timed from the connection, where the server's clock starts: a busy machine may stretch the pause below.
    const connectedAt = Date.now();
    socket.write('GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
    await sleep(20);
    expect(server.upgrader.pendingHandshakes).toBe(1);
    await tcpClosed(socket);
    const after = Date.now() - connectedAt;
    expect(after).toBeGreaterThanOrEqual(150);
    expect(after).toBeLessThan(1500);
    expect(server.upgrader.pendingHandshakes).toBe(0);
  });

  it('answers an oversized header block with 431', async () => {
    const { port } = await start({ maxHeaderBytes: 4096 });
    const socket = await openTcp(port);
    socket.write(`GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(8192)}\r\n\r\n`);
    const { head } = await readHead(socket);
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(await tcpClosed(socket)).toBeLessThan(1500);
  });

  it('answers an upgrade with too many header fields with 431', async () => {
    const { port } = await start({ upgrader: { maxHeaderCount: 20 } });
    const headers: Record<string, string> = {};
    for (let i = 0; i < 30; i++) headers[`X-Field-${i}`] = 'x';
    const client = await RawClient.connect(port, { headers, allowRefusal: true });
    expect(client.status).toBe(431);
    client.destroy();
  });

  it('evicts the oldest unfinished handshake when the pool is full, so idle connections cannot lock a newcomer out', async () => {
    const { port } = await start({ upgrader: { maxPendingHandshakes: 2, handshakeTimeoutMs: 5000 } });
    const first = await openTcp(port, '127.0.0.1', '127.0.0.2');
    const second = await openTcp(port, '127.0.0.1', '127.0.0.3');
    await sleep(20);
    const newcomer = await RawClient.connect(port);
    expect(newcomer.status).toBe(101);
    expect(await tcpClosed(first)).toBeLessThan(500);
    expect(second.destroyed).toBe(false);
    second.destroy();
    newcomer.destroy();
  });

  it('keeps one address to its own share of unfinished handshakes, evicting its oldest', async () => {
    const { server, port } = await start({ upgrader: { maxPendingHandshakesPerAddress: 3, handshakeTimeoutMs: 5000 } });
    const idle: Socket[] = [];
    for (let i = 0; i < 10; i++) idle.push(await openTcp(port, '127.0.0.1', '127.0.0.2'));
    await sleep(50);
    expect(server.upgrader.pendingHandshakes).toBe(3);
    // The seven oldest were dropped, the three newest wait.
    expect(idle.map((s) => s.destroyed || s.readableEnded)).toEqual([...Array(7).fill(true), false, false, false]);
    const other = await RawClient.connect(port);
    expect(other.status).toBe(101);
    for (const socket of idle) socket.destroy();
    other.destroy();
  });

  it('refuses an address its 429 once it holds its share of connections, and lets everyone else in', async () => {
    const { port } = await start({ upgrader: { maxConnectionsPerAddress: 3 } });
    const greedy = await Promise.all([1, 2, 3].map(() => RawClient.connect(port, { localAddress: '127.0.0.2' })));
    const fourth = await RawClient.connect(port, { localAddress: '127.0.0.2', allowRefusal: true });
    expect(fourth.status).toBe(429);
    expect(fourth.responseHead).toMatch(/Retry-After: 5/i);
    const other = await RawClient.connect(port, { localAddress: '127.0.0.3' });
    expect(other.status).toBe(101);
    greedy[0].destroy();
    await sleep(50);
    const again = await RawClient.connect(port, { localAddress: '127.0.0.2' });
    expect(again.status).toBe(101);
    for (const client of [...greedy, fourth, other, again]) client.destroy();
  });

  it('refuses upgrades with 503 beyond the connection bound', async () => {
    const { port } = await start({ upgrader: { maxConnections: 2 } });
    const a = await RawClient.connect(port);
    const b = await RawClient.connect(port);
    const c = await RawClient.connect(port, { allowRefusal: true });
    expect(c.status).toBe(503);
    a.destroy();
    b.destroy();
    c.destroy();
  });
});

describe('frame bounds', () => {
  it('answers a 2 GiB length claim with 1009 at once, without allocating it', async () => {
    const { port } = await start();
    const client = await RawClient.connect(port);
    const before = process.memoryUsage().arrayBuffers;
    // Binary, masked, 64-bit length 2^31: only the 14-byte header is sent.
    const header = Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x80, 0, 0, 0, 1, 2, 3, 4]);
    const started = Date.now();
    client.send(header);
    const outcome = await client.expectClose(2000);
    expect(outcome.close?.code).toBe(1009);
    expect(outcome.tcpClosed).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('closes with 1009 when a fragmented message grows past the route limit', async () => {
    const { port } = await start({ echo: { maxMessageSize: 1024 } });
    const client = await RawClient.connect(port);
    client.sendFrame({ opcode: 0x1, payload: 'a'.repeat(600), fin: false });
    client.sendFrame({ opcode: 0x0, payload: 'a'.repeat(600), fin: true });
    const outcome = await client.expectClose();
    expect(outcome.close?.code).toBe(1009);
  });
});

describe('peers that do not keep up', () => {
  it('stops reading from a client that never reads, so buffered memory stays bounded', async () => {
    const maxBufferedBytes = 64 * 1024;
    const { server, port } = await start({ upgrader: { maxBufferedBytes, writeWaitMs: 10_000 } });
    const client = await RawClient.connect(port);
    client.socket.pause(); // never read the echoes
    const frame = clientFrame({ opcode: 0x2, payload: new Uint8Array(16 * 1024) });
    let offered = 0;
    const connection = newestConnection(server);
    let peakBuffered = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 32; i++) {
        client.socket.write(frame);
        offered += frame.length;
      }
      await sleep(5);
      peakBuffered = Math.max(peakBuffered, connection.bufferedAmount);
    }
    await sleep(100);
    peakBuffered = Math.max(peakBuffered, connection.bufferedAmount);
    // 20 MiB offered; the server holds at most its bound plus what one read brought in.
    expect(offered).toBeGreaterThan(20 * 1024 * 1024);
    expect(peakBuffered).toBeLessThan(maxBufferedBytes + 512 * 1024);
    // The rest waits on the client's side of TCP: flow control did its job.
    expect(client.socket.writableLength).toBeGreaterThan(8 * 1024 * 1024);
    client.destroy();
  });

  it('drops a connection whose writes make no progress within the write deadline', async () => {
    const { server, port } = await start({ upgrader: { maxBufferedBytes: 64 * 1024, writeWaitMs: 300 } });
    const client = await RawClient.connect(port);
    client.socket.pause();
    const connection = newestConnection(server);
    const closed = new Promise<CloseInfo>((resolve) => connection.onClose(resolve));
    const frame = clientFrame({ opcode: 0x2, payload: new Uint8Array(64 * 1024) });
    let ended = false;
    void closed.then(() => (ended = true));
    // Keep the echoes coming until the kernel buffers are full and the server's writes stall.
    for (let i = 0; i < 2000 && !ended; i++) {
      client.socket.write(frame);
      if (i % 16 === 15) await sleep(2);
    }
    const info = await closed;
    expect(info.code).toBe(1006);
    expect(server.upgrader.connections.size).toBe(0);
    client.destroy();
  });

  it('pings every pingPeriod and keeps a client that answers', async () => {
    const { server, port } = await start({ upgrader: { keepalive: { pingPeriodMs: 50, pongWaitMs: 150 } } });
    const client = await RawClient.connect(port);
    for (let i = 0; i < 5; i++) {
      const frame = await client.nextFrame(1000);
      expect(frame?.opcode).toBe(0x9);
      client.sendFrame({ opcode: 0xa, payload: frame!.payload });
    }
    expect(server.upgrader.connections.size).toBe(1);
    client.destroy();
  });

  it('drops a client that answers no ping within pongWait', async () => {
    const { server, port } = await start({ upgrader: { keepalive: { pingPeriodMs: 50, pongWaitMs: 150 } } });
    const client = await RawClient.connect(port);
    const connection = newestConnection(server);
    const closed = new Promise<CloseInfo>((resolve) => connection.onClose(resolve));
    const started = Date.now();
    expect((await closed).code).toBe(1006);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await client.waitForTcpClose(1000)).toBe(true);
  });
});

describe('vanishing peers', () => {
  it('records 1006 for a client that vanishes mid-frame, and keeps nothing of it', async () => {
    const { server, port } = await start();
    const client = await RawClient.connect(port);
    const connection = newestConnection(server);
    const closed = new Promise<CloseInfo>((resolve) => connection.onClose(resolve));
    client.send(clientFrame({ opcode: 0x1, payload: 'a'.repeat(1000) }).subarray(0, 500));
    await sleep(20);
    client.destroy();
    expect(await closed).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(server.upgrader.connections.size).toBe(0);
    expect(server.tap.closeOf(connection.id)).toMatchObject({ code: 1006, wasClean: false });
    await expect(connection.sendText('late')).rejects.toThrow(/CLOSED/);
  });
});

describe('many connections and shutdown', () => {
  it('holds 500 idle connections, then closes them all with 1001 on shutdown', async () => {
    const { server, port } = await start();
    const clients: RawClient[] = [];
    for (let batch = 0; batch < 10; batch++) {
      clients.push(...(await Promise.all(Array.from({ length: 50 }, () => RawClient.connect(port)))));
    }
    expect(server.upgrader.connections.size).toBe(500);
    // Still responsive with all of them open.
    clients[250].sendText('still here');
    expect((await clients[250].nextMessage()).payload.toString()).toBe('still here');

    const shutdown = server.close({ timeoutMs: 3000 });
    const outcomes = await Promise.all(clients.map((c) => c.expectClose(3000)));
    await shutdown;
    expect(outcomes.every((o) => o.close?.code === 1001 && o.tcpClosed)).toBe(true);
    expect(server.upgrader.connections.size).toBe(0);
  }, 20_000);
});

describe('memory a peer makes the server hold', () => {
  /** Opens `count` connections from 127.0.0.2 that each start a binary message of `bytes` and never finish it. */
  async function unfinishedMessages(port: number, count: number, bytes: number): Promise<RawClient[]> {
    const clients: RawClient[] = [];
    for (let i = 0; i < count; i++) {
      const client = await RawClient.connect(port, { localAddress: '127.0.0.2' });
      client.send(clientFrame({ opcode: 0x2, fin: false, payload: new Uint8Array(bytes) }));
      clients.push(client);
    }
    return clients;
  }

  it('bounds what all connections together hold of unfinished messages: past the budget a growing one gets 1013', async () => {
    const { server, port } = await start({ upgrader: { maxHeldBytes: 4 * 1024 * 1024 } });
    const attackers = await unfinishedMessages(port, 20, 1024 * 1024);
    await sleep(300);
    const closes = await Promise.all(attackers.map((client) => client.expectClose(3000).catch(() => null)));
    const refused = closes.filter((outcome) => outcome?.close?.code === 1013);
    // 20 MiB were offered; the server kept at most its 4 MiB budget (plus one connection's growth step) and refused the rest.
    expect(server.upgrader.heldBytes).toBeLessThanOrEqual(4 * 1024 * 1024 + 2 * 1024 * 1024);
    expect(refused.length).toBeGreaterThanOrEqual(14);
    const echo = await RawClient.connect(port);
    echo.sendText('fine');
    expect((await echo.nextMessage()).payload.toString()).toBe('fine');
    for (const client of [...attackers, echo]) client.destroy();
  });

  it('reserves nothing for a claimed length: 300 headers claiming 16 MiB each hold 64 KiB each at most', async () => {
    const { server, port } = await start();
    const before = process.memoryUsage().arrayBuffers;
    const claims: RawClient[] = [];
    for (let i = 0; i < 300; i++) {
      const client = await RawClient.connect(port, { localAddress: '127.0.0.2' });
      // Binary, masked, a 64-bit length of 16 MiB - 1, and one payload byte.
      client.send(Buffer.concat([Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x00, 0xff, 0xff, 0xff, 1, 2, 3, 4]), Buffer.from([0])]));
      claims.push(client);
    }
    await sleep(300);
    expect(server.upgrader.heldBytes).toBe(300 * 64 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(300 * 64 * 1024 + 8 * 1024 * 1024);
    for (const client of claims) client.destroy();
  });

  it('closes a message that stops arriving with 1008, though the peer keeps answering pings', async () => {
    const { port } = await start({ upgrader: { messageStallMs: 300, keepalive: { pingPeriodMs: 50, pongWaitMs: 1000 } } });
    const client = await RawClient.connect(port);
    client.send(clientFrame({ opcode: 0x1, fin: false, payload: 'half a mess' }));
    const outcome = await client.expectClose(3000);
    expect(outcome.close).toEqual({ code: 1008, reason: 'a message stalled: no data for 300 ms' });
    client.destroy();
  });

  it('lets a message that keeps arriving take longer than the stall limit', async () => {
    const { port } = await start({ upgrader: { messageStallMs: 300 } });
    const client = await RawClient.connect(port);
    client.send(clientFrame({ opcode: 0x1, fin: false, payload: 'slow ' }));
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      client.send(clientFrame({ opcode: 0x0, fin: false, payload: 'but ' }));
    }
    client.send(clientFrame({ opcode: 0x0, payload: 'steady' }));
    expect((await client.nextMessage()).payload.toString()).toBe('slow but but but but steady');
    client.destroy();
  });
});

describe('one address cannot lock everyone out', () => {
  it('a new client upgrades while another address holds 1000 idle TCP connections', async () => {
    const { port } = await start({ upgrader: { handshakeTimeoutMs: 10_000 } });
    const idle: Socket[] = [];
    for (let i = 0; i < 1000; i++) idle.push(await openTcp(port, '127.0.0.1', '127.0.0.2'));
    const started = Date.now();
    const newcomer = await RawClient.connect(port);
    expect(newcomer.status).toBe(101);
    expect(Date.now() - started).toBeLessThan(1000);
    newcomer.destroy();
    for (const socket of idle) socket.destroy();
  });
});

// A client connection and a server connection wired back to back, with no
// sockets: what one writes, the other receives. This is the in-browser
// simulation's setup, and the two roles' mirror-image rules checked at once.

import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionEvent, type FrameTrace } from '../../engine/connection';

interface Pair {
  client: Connection;
  server: Connection;
  clientEvents: ConnectionEvent[];
  serverEvents: ConnectionEvent[];
  /** Moves bytes both ways until neither side has anything to write. */
  pump(): void;
}

/** `chunkSize` cuts every write into pieces, as TCP may. */
function connectedPair(options: { trace?: boolean; chunkSize?: number; autoPong?: boolean } = {}): Pair {
  let key = 0;
  const client = new Connection({
    role: 'client',
    randomBytes: (n) => Uint8Array.from({ length: n }, () => (key = (key * 31 + 7) & 0xff)),
    trace: options.trace,
    now: () => 42,
  });
  const server = new Connection({ role: 'server', trace: options.trace, autoPong: options.autoPong, now: () => 43 });
  client.open();
  server.open();
  const clientEvents: ConnectionEvent[] = [];
  const serverEvents: ConnectionEvent[] = [];
  const deliver = (bytes: Uint8Array, to: Connection) => {
    const size = options.chunkSize ?? bytes.length;
    for (let at = 0; at < bytes.length; at += size) to.receive(bytes.subarray(at, at + size));
  };
  const pump = () => {
    for (let moved = true; moved;) {
      moved = false;
      for (const bytes of client.takeOutgoing()) {
        moved = true;
        if (server.state !== 'CLOSED') deliver(bytes, server);
      }
      for (const bytes of server.takeOutgoing()) {
        moved = true;
        if (client.state !== 'CLOSED') deliver(bytes, client);
      }
      clientEvents.push(...client.takeEvents());
      serverEvents.push(...server.takeEvents());
    }
  };
  return { client, server, clientEvents, serverEvents, pump };
}

const withoutTraces = (events: ConnectionEvent[]) => events.filter((e) => e.type !== 'trace');

describe('client ⇄ server, back to back', () => {
  it.each([undefined, 1, 3])('exchanges text, binary, fragmented and empty messages (chunks of %s bytes)', (chunkSize) => {
    const { client, server, clientEvents, serverEvents, pump } = connectedPair({ chunkSize });
    client.sendText('Hello, server');
    client.sendBinary(Uint8Array.of(0, 1, 2, 255));
    client.sendText('κόσμε, split inside code points', { fragmentSize: 3 });
    client.sendText('');
    client.sendBinary(new Uint8Array(0));
    server.sendText('Hello, client');
    server.sendBinary(new Uint8Array(70_000).fill(7), { fragmentSize: 30_000 });
    pump();
    expect(serverEvents).toEqual([
      { type: 'text', text: 'Hello, server' },
      { type: 'binary', data: Uint8Array.of(0, 1, 2, 255) },
      { type: 'text', text: 'κόσμε, split inside code points' },
      { type: 'text', text: '' },
      { type: 'binary', data: new Uint8Array(0) },
    ]);
    expect(clientEvents).toEqual([
      { type: 'text', text: 'Hello, client' },
      { type: 'binary', data: new Uint8Array(70_000).fill(7) },
    ]);
  });

  it('answers pings in both directions with the same payload', () => {
    const { client, server, clientEvents, serverEvents, pump } = connectedPair();
    client.ping(Uint8Array.of(1, 2, 3));
    server.ping(new TextEncoder().encode('are you there?'));
    pump();
    expect(serverEvents).toEqual([
      { type: 'ping', payload: Uint8Array.of(1, 2, 3) },
      { type: 'pong', payload: new TextEncoder().encode('are you there?') },
    ]);
    expect(clientEvents).toEqual([
      { type: 'ping', payload: new TextEncoder().encode('are you there?') },
      { type: 'pong', payload: Uint8Array.of(1, 2, 3) },
    ]);
  });

  it('lets a silent peer be simulated: with autoPong off, a ping goes unanswered', () => {
    const { client, clientEvents, pump } = connectedPair({ autoPong: false });
    client.ping();
    pump();
    expect(clientEvents).toEqual([]);
  });

  it('closes cleanly when the client closes first; the server then closes TCP (7.1.1)', () => {
    const { client, server, clientEvents, serverEvents, pump } = connectedPair({ chunkSize: 1 });
    client.close(1000, 'bye');
    expect(client.state).toBe('CLOSING');
    pump();
    expect(serverEvents).toEqual([
      { type: 'close-received', code: 1000, reason: 'bye' },
      { type: 'closed', code: 1000, reason: 'bye', wasClean: true, closedBy: 'remote' },
    ]);
    expect(clientEvents).toEqual([
      { type: 'close-received', code: 1000, reason: '' },
      { type: 'closed', code: 1000, reason: '', wasClean: true, closedBy: 'local' },
    ]);
    expect(server).toMatchObject({ state: 'CLOSED', closedBy: 'remote', transportShouldClose: true });
    expect(client).toMatchObject({ state: 'CLOSED', closedBy: 'local', transportShouldClose: false, closeExpected: true });
    // The server's adapter closes TCP; the client sees the end of the stream.
    client.receiveEof();
    expect(client).toMatchObject({ transportShouldClose: true, closeExpected: false });
    expect(client.takeEvents()).toEqual([]);
  });

  it('closes cleanly when the server closes first; a message in flight then is read and dropped', () => {
    const { client, server, clientEvents, serverEvents, pump } = connectedPair();
    client.sendText('last words');
    server.close(1001, 'going away');
    pump();
    expect(withoutTraces(serverEvents)).toEqual([
      { type: 'close-received', code: 1001, reason: '' },
      { type: 'closed', code: 1001, reason: '', wasClean: true, closedBy: 'local' },
    ]);
    expect(clientEvents.at(-1)).toEqual({ type: 'closed', code: 1001, reason: 'going away', wasClean: true, closedBy: 'remote' });
  });

  it('closes cleanly when both sides close at the same time', () => {
    const { client, server, clientEvents, serverEvents, pump } = connectedPair();
    client.close(1000);
    server.close(1001);
    pump();
    expect(clientEvents.at(-1)).toEqual({ type: 'closed', code: 1001, reason: '', wasClean: true, closedBy: 'local' });
    expect(serverEvents.at(-1)).toEqual({ type: 'closed', code: 1000, reason: '', wasClean: true, closedBy: 'local' });
  });

  it('traces every frame on both sides: each frame out is the same bytes as a frame in on the other side', () => {
    const { client, server, clientEvents, serverEvents, pump } = connectedPair({ trace: true, chunkSize: 2 });
    client.sendText('abc', { fragmentSize: 1 });
    client.ping();
    server.sendBinary(Uint8Array.of(9));
    client.close(1000);
    pump();
    const traces = (events: ConnectionEvent[], direction: 'in' | 'out'): FrameTrace[] =>
      events.flatMap((e) => (e.type === 'trace' && e.trace.direction === direction ? [e.trace] : []));
    const clientOut = traces(clientEvents, 'out');
    expect(clientOut.map((t) => t.decode().opcodeName)).toEqual(['text', 'continuation', 'continuation', 'ping', 'close']);
    expect(clientOut.every((t) => t.decode().masked && t.time === 42)).toBe(true);
    expect(traces(serverEvents, 'in').map((t) => t.bytes)).toEqual(clientOut.map((t) => t.bytes));
    expect(traces(clientEvents, 'in').map((t) => t.bytes)).toEqual(traces(serverEvents, 'out').map((t) => t.bytes));
    expect(traces(serverEvents, 'in').map((t) => t.offset)).toEqual(clientOut.map((t) => t.offset));
    expect([...traces(serverEvents, 'in'), ...traces(clientEvents, 'in')].flatMap((t) => t.decode().problems)).toEqual([]);
  });
});

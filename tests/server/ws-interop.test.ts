// Interop with the `ws` npm package, an independent implementation: its
// client against our server, and our Dialer against its server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { dial } from '../../server/dialer';
import { createExplorerServer } from '../../server/http-app';
import { explorerForFile } from '../support/explorer-server';
import type { CloseInfo, IncomingMessage } from '../../server/socket-connection';

const explorer = explorerForFile();

function wsClient(path = '/echo'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${explorer.port}${path}`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })));
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('the ws client against our server', () => {
  it('gets text back as text and binary as binary', async () => {
    const socket = await wsClient();
    socket.send('héllo');
    expect(await nextMessage(socket)).toEqual({ data: Buffer.from('héllo'), isBinary: false });
    socket.send(Buffer.from([1, 2, 3]));
    expect(await nextMessage(socket)).toEqual({ data: Buffer.from([1, 2, 3]), isBinary: true });
    socket.close(1000);
    expect((await closed(socket)).code).toBe(1000);
  });

  it('gets a fragmented message back whole', async () => {
    const socket = await wsClient();
    const reply = nextMessage(socket);
    socket.send('one ', { fin: false });
    socket.send('two ', { fin: false });
    socket.send('three', { fin: true });
    expect((await reply).data.toString()).toBe('one two three');
    socket.terminate();
  });

  it('gets a 1 MiB binary message back intact', async () => {
    const socket = await wsClient();
    const data = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    socket.send(data);
    const reply = await nextMessage(socket);
    expect(reply.isBinary).toBe(true);
    expect(reply.data.equals(data)).toBe(true);
    socket.terminate();
  });

  it('gets a pong with the ping payload', async () => {
    const socket = await wsClient();
    const pong = new Promise<Buffer>((resolve) => socket.once('pong', resolve));
    socket.ping(Buffer.from('are you there'));
    expect((await pong).toString()).toBe('are you there');
    socket.terminate();
  });

  it.each([1000, 1001, 3000, 4999])('has close code %i echoed', async (code) => {
    const socket = await wsClient();
    const ending = closed(socket);
    socket.close(code, 'bye');
    expect(await ending).toEqual({ code, reason: '' });
  });

  it('sees the server close with 1009 when a message is over the limit', async () => {
    const small = createExplorerServer({ port: 0, demos: false, log: () => {}, echo: { maxMessageSize: 1000 } });
    const { port: smallPort } = await small.listen();
    const socket = new WebSocket(`ws://127.0.0.1:${smallPort}/echo`);
    await new Promise((resolve) => socket.once('open', resolve));
    const ending = closed(socket);
    socket.send(Buffer.alloc(1001));
    expect((await ending).code).toBe(1009);
    await small.close({ timeoutMs: 500 });
  });

  it('is refused by the same-origin check when its Origin is another site', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${explorer.port}/echo`, { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)));
    expect(status).toBe(403);
    socket.on('error', () => {});
    socket.terminate();
  });
});

describe('our Dialer against a ws server', () => {
  let wss: WebSocketServer;
  let wssPort: number;

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false) });
    wss.on('connection', (socket) => {
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    wssPort = (wss.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  function collect(connection: { onMessage(h: (m: IncomingMessage) => void): void }) {
    const messages: IncomingMessage[] = [];
    const waiters: Array<() => void> = [];
    connection.onMessage((message) => {
      messages.push(message);
      waiters.splice(0).forEach((w) => w());
    });
    return async (count: number) => {
      while (messages.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return messages;
    };
  }

  it('handshakes with a subprotocol, exchanges text and binary, and closes cleanly', async () => {
    const { connection, subprotocol, response } = await dial(`ws://127.0.0.1:${wssPort}/`, { protocols: ['chat'] });
    expect(response.status).toBe(101);
    expect(subprotocol).toBe('chat');
    const received = collect(connection);
    await connection.sendText('hello ws');
    await connection.sendBinary(Uint8Array.from([9, 8, 7]));
    const messages = await received(2);
    expect(messages[0]).toEqual({ kind: 'text', text: 'hello ws' });
    expect(messages[1].kind).toBe('binary');
    expect([...(messages[1] as { data: Uint8Array }).data]).toEqual([9, 8, 7]);
    const info = new Promise<CloseInfo>((resolve) => connection.onClose(resolve));
    await connection.close(1000, 'done');
    expect(await info).toEqual({ code: 1000, reason: 'done', wasClean: true });
    expect(connection.state).toBe('CLOSED');
  });

  it('gets a pong for its ping', async () => {
    const { connection } = await dial(`ws://127.0.0.1:${wssPort}/`);
    const pong = new Promise<Uint8Array>((resolve) => connection.onPong(resolve));
    await connection.ping(new TextEncoder().encode('ping!'));
    expect(new TextDecoder().decode(await pong)).toBe('ping!');
    connection.terminate();
  });

  it('reports a server-initiated close with its code', async () => {
    const { connection } = await dial(`ws://127.0.0.1:${wssPort}/`);
    const info = new Promise<CloseInfo>((resolve) => connection.onClose(resolve));
    const [serverSide] = [...wss.clients].slice(-1);
    serverSide.close(4001, 'go away');
    expect(await info).toEqual({ code: 4001, reason: 'go away', wasClean: true });
  });
});

describe('permessage-deflate (RFC 7692) with ws, both directions, both takeover modes', () => {
  const modes = [
    ['with context takeover', { serverNoContextTakeover: false, clientNoContextTakeover: false }],
    ['without context takeover', { serverNoContextTakeover: true, clientNoContextTakeover: true }],
  ] as const;

  it.each(modes)('the ws client and our server agree on it %s, and every message round-trips', async (_name, params) => {
    const socket = new WebSocket(`ws://127.0.0.1:${explorer.port}/echo`, { perMessageDeflate: { ...params, threshold: 0 } });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    // ws names the extension only; its parameters show in what ws agreed to compress with.
    expect(socket.extensions).toBe('permessage-deflate');
    const messages = ['Hello', 'Hello', 'x'.repeat(100_000), 'héllo, wörld', ''];
    for (const message of messages) {
      const reply = nextMessage(socket);
      socket.send(message);
      expect((await reply).data.toString(), `message of ${message.length}`).toBe(message);
    }
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff));
    const reply = nextMessage(socket);
    socket.send(binary);
    expect((await reply).data).toEqual(binary);
    socket.close(1000);
    expect((await closed(socket)).code).toBe(1000);
  });

  it.each(modes)('our Dialer and a ws server agree on it %s, and every message round-trips', async (_name, params) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: { ...params, threshold: 0 } });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
    try {
      const { connection, deflate } = await dial(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`, { deflate: true });
      expect(deflate).toMatchObject({ serverNoContextTakeover: params.serverNoContextTakeover, clientNoContextTakeover: params.clientNoContextTakeover });
      const received: IncomingMessage[] = [];
      connection.onMessage((message) => received.push(message));
      const texts = ['Hello', 'Hello', 'y'.repeat(50_000)];
      for (const text of texts) await connection.sendText(text);
      for (let i = 0; i < 100 && received.length < texts.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toEqual(texts.map((text) => ({ kind: 'text', text })));
      await connection.close(1000);
    } finally {
      wss.close();
    }
  });

  it('declines compression on a server started without it (--no-deflate)', async () => {
    const plain = createExplorerServer({ port: 0, demos: false, log: () => {}, upgrader: { deflate: false } });
    const { port } = await plain.listen();
    try {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/echo`, { perMessageDeflate: true });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      expect(socket.extensions).toBe('');
      socket.send('plain');
      expect((await nextMessage(socket)).data.toString()).toBe('plain');
      socket.close();
    } finally {
      await plain.close({ timeoutMs: 500 });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import type { CloseInfo, SocketConnection } from '../../server/socket-connection';
import type { Route } from '../../server/upgrader';
import { RawClient } from '../support/raw-client';

describe('SocketConnection', () => {
  let server: ExplorerServer;
  let port: number;
  const accepted: SocketConnection[] = [];
  const probe: Route = {
    path: '/probe',
    policy: { subprotocols: ['teach.v1', 'teach.v2'] },
    accept(connection) {
      accepted.push(connection);
      connection.onMessage((message) => {
        if (message.kind === 'text' && message.text === 'throw') throw new Error('handler bug');
      });
    },
  };

  beforeAll(async () => {
    server = createExplorerServer({ port: 0, demos: false, log: () => {}, routes: [probe], upgrader: { closeTimeoutMs: 300 } });
    ({ port } = await server.listen());
  });

  afterAll(async () => {
    await server.close({ timeoutMs: 500 });
  });

  const newest = () => accepted[accepted.length - 1];

  it('knows its request, URL and negotiated subprotocol', async () => {
    const client = await RawClient.connect(port, { path: '/probe?room=7', headers: { 'Sec-WebSocket-Protocol': 'teach.v2, teach.v1' } });
    expect(client.responseHead).toMatch(/\r\nSec-WebSocket-Protocol: teach\.v1/i);
    const connection = newest();
    expect(connection.subprotocol).toBe('teach.v1');
    expect(connection.url.searchParams.get('room')).toBe('7');
    expect(connection.request.method).toBe('GET');
    expect(connection.state).toBe('OPEN');
    client.destroy();
  });

  it('closes with 1011 when a message handler throws', async () => {
    const client = await RawClient.connect(port, { path: '/probe' });
    client.sendText('throw');
    const outcome = await client.expectClose();
    expect(outcome.close?.code).toBe(1011);
    expect(outcome.tcpClosed).toBe(true);
  });

  it('close() resolves once TCP is closed, and onClose runs exactly once', async () => {
    const client = await RawClient.connect(port, { path: '/probe' });
    const connection = newest();
    const infos: CloseInfo[] = [];
    connection.onClose((info) => infos.push(info));
    const closing = connection.close(4000, 'lesson over');
    const outcome = await client.expectClose();
    await closing;
    expect(outcome.close).toEqual({ code: 4000, reason: 'lesson over' });
    expect(connection.state).toBe('CLOSED');
    await connection.close();
    connection.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // 7.1.5: the close code and reason are those of the close frame received,
    // here the client's echo of the code alone.
    expect(infos).toEqual([{ code: 4000, reason: '', wasClean: true }]);
  });

  it('drops a peer that never answers its close frame after the close timeout', async () => {
    const client = await RawClient.connect(port, { path: '/probe' });
    const connection = newest();
    const started = Date.now();
    await connection.close(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(connection.closeInfo?.wasClean).toBe(false);
    expect(await client.waitForTcpClose(1000)).toBe(true);
  });

  it('rejects sends once the connection is closed', async () => {
    const client = await RawClient.connect(port, { path: '/probe' });
    const connection = newest();
    client.destroy();
    await connection.whenClosed;
    await expect(connection.sendBinary(new Uint8Array(1))).rejects.toThrow(/CLOSED/);
    await expect(connection.ping()).rejects.toThrow(/CLOSED/);
  });

  it('reports bufferedAmount from the socket', async () => {
    const client = await RawClient.connect(port, { path: '/probe' });
    const connection = newest();
    expect(connection.bufferedAmount).toBe(0);
    client.destroy();
  });
});

describe('SocketConnection sends nobody awaits', () => {
  it('do not become unhandled rejections after the peer is gone', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let connection: SocketConnection | null = null;
    const server = createExplorerServer({
      port: 0,
      demos: false,
      log: () => {},
      routes: [{ path: '/fire', accept: (c) => (connection = c) }],
    });
    const { port } = await server.listen();
    const client = await RawClient.connect(port, { path: '/fire' });
    client.destroy();
    await connection!.whenClosed;
    void connection!.sendText('into the void');
    void connection!.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    await server.close({ timeoutMs: 200 });
  });
});

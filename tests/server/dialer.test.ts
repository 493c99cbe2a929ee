import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { encodeFrame } from '../../engine/frame';
import { DialError, dial, dialRaw, exchangeRaw } from '../../server/dialer';
import type { IncomingMessage } from '../../server/socket-connection';
import { Tap } from '../../server/tap';
import { explorerForFile } from '../support/explorer-server';

const explorer = explorerForFile();
const echoUrl = () => `ws://127.0.0.1:${explorer.port}/echo`;

const key = Uint8Array.from([1, 2, 3, 4]);
const text = (s: string) => new TextEncoder().encode(s);

describe('dial', () => {
  it('talks to /echo with masked frames and closes cleanly', async () => {
    const { connection, response, checks } = await dial(echoUrl());
    expect(response.status).toBe(101);
    expect(checks.every((c) => c.passed)).toBe(true);
    const reply = new Promise<IncomingMessage>((resolve) => connection.onMessage(resolve));
    await connection.sendText('dialed');
    expect(await reply).toEqual({ kind: 'text', text: 'dialed' });
    await connection.close(1000);
    expect(connection.closeInfo).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('rejects with the server response when the handshake is refused', async () => {
    const error = await dial(echoUrl().replace('/echo', '/nowhere')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).response?.status).toBe(404);
  });

  it('rejects a server that answers with a wrong Sec-WebSocket-Accept', async () => {
    const liar: Server = createServer((socket) => {
      socket.once('data', () => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n'));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const port = (liar.address() as AddressInfo).port;
    const error = await dial(`ws://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).message).toMatch(/accept/i);
    expect((error as DialError).checks.some((c) => !c.passed)).toBe(true);
    liar.close();
  });

  it('gives up on a server that never answers the handshake', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const error = await dial(`ws://127.0.0.1:${port}/`, { handshakeTimeoutMs: 150 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/within 150 ms/);
    silent.close();
  });

  it('records its session on a tap when given one', async () => {
    const tap = new Tap();
    const { connection } = await dial(echoUrl(), { tap });
    await connection.sendText('x');
    await connection.close();
    const [session] = tap.sessions();
    const chunks = tap.chunks(session.id);
    expect(chunks[0]).toMatchObject({ from: 'client', phase: 'handshake' });
    expect(chunks[1]).toMatchObject({ from: 'server', phase: 'handshake' });
    expect(chunks.some((c) => c.from === 'client' && c.phase === 'frames' && c.hex.startsWith('8181'))).toBe(true);
  });
});

describe('raw crafted bytes', () => {
  it('sends an invalid frame as it is and reports the close the server answered with', async () => {
    const invalid = encodeFrame({ opcode: 0x1, rsv2: true, payload: text('bad'), maskingKey: key });
    const report = await exchangeRaw(echoUrl(), invalid, { waitMs: 2000 });
    expect(report.serverClosed).toBe(true);
    const [close] = report.decoded.frames;
    expect(close.opcodeName).toMatch(/close/i);
    expect(close.close?.code).toBe(1002);
    expect(close.masked).toBe(false);
  });

  it('sends an unmasked client frame, which the server must refuse (RFC 6455 5.1)', async () => {
    const report = await exchangeRaw(echoUrl(), encodeFrame({ opcode: 0x1, payload: text('no mask') }), { waitMs: 2000 });
    expect(report.decoded.frames[0].close?.code).toBe(1002);
  });

  it('keeps a raw session open across several writes', async () => {
    const session = await dialRaw(echoUrl());
    await session.send(encodeFrame({ opcode: 0x1, payload: text('one'), maskingKey: key }));
    await session.send(encodeFrame({ opcode: 0x9, payload: text('p'), maskingKey: key }));
    await session.waitForBytes(5 + 3, 2000);
    const frames = session.decode().frames;
    expect(frames.map((f) => [f.opcodeName, f.text ?? new TextDecoder().decode(f.payload)])).toEqual([
      [expect.stringMatching(/text/i), 'one'],
      [expect.stringMatching(/pong/i), 'p'],
    ]);
    expect(session.serverClosed).toBe(false);
    session.close();
  });
});

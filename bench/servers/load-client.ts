// The one load client that drives every server: ws WebSocket clients in the
// bench's main process, permessage-deflate not offered, or, for the
// compressed echo, offered and required.

import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

/** 32 bytes of ASCII text: the echo message. */
export const ECHO_MESSAGE = 'echo 0123456789abcdef 0123456789';

export interface ConnectionOptions {
  /**
   * Offer permessage-deflate (RFC 7692) as a ws client does by default, both
   * sides keeping their context, and compress every message this client
   * sends (ws's client skips those under 1024 bytes unless told otherwise).
   * A server that does not agree to it fails the open.
   */
  deflate?: boolean;
}

/** Each connection's TCP socket, for the bytes it moved on the wire. */
const tcpSockets = new WeakMap<WebSocket, Socket>();

/**
 * Where each connection is in its list of messages: the next round goes on
 * from there, so it does not resend what the last one sent (with
 * permessage-deflate's context takeover, a resent message would still be in
 * the window and compress to almost nothing).
 */
const textCursors = new WeakMap<WebSocket, number>();

export function openConnection(url: string, options: ConnectionOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: options.deflate ? { threshold: 0 } : false });
    socket.once('upgrade', (response) => tcpSockets.set(socket, response.socket as Socket));
    socket.once('open', () => {
      if (options.deflate && !socket.extensions.includes('permessage-deflate')) {
        socket.terminate();
        reject(new Error(`${url}: the server did not agree to permessage-deflate (Sec-WebSocket-Extensions: "${socket.extensions}")`));
        return;
      }
      socket.removeAllListeners('error');
      // A connection that fails later is counted where it matters (a round that stalls).
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`${url}: HTTP ${response.statusCode} instead of 101`));
      socket.terminate();
    });
  });
}

/** Opens `count` connections, `concurrency` handshakes at a time (our upgrader allows 32 pending per address). */
export async function openMany(url: string, count: number, concurrency: number, options: ConnectionOptions = {}): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const opener = async () => {
    while (next < count) {
      next++;
      sockets.push(await openConnection(url, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, opener));
  return sockets;
}

/** Closes every socket with 1000 and waits for them to close, terminating stragglers after timeoutMs. */
export async function closeAll(sockets: WebSocket[], timeoutMs = 5000): Promise<void> {
  const closed = sockets.map((socket) =>
    socket.readyState === WebSocket.CLOSED ? Promise.resolve() : new Promise<void>((resolve) => socket.once('close', () => resolve())),
  );
  for (const socket of sockets) if (socket.readyState === WebSocket.OPEN) socket.close(1000);
  const timer = setTimeout(() => sockets.forEach((s) => s.terminate()), timeoutMs);
  await Promise.all(closed);
  clearTimeout(timer);
}

export interface EchoRound {
  /** Echoes received during the timed window. */
  messages: number;
  seconds: number;
  /** Every echo, the window's and those drained after it (for CPU per message). */
  messagesWithDrain: number;
  /** Round trips of the window's echoes, ascending, in ms. */
  roundTrips: Float64Array;
  /** TCP bytes the client sent and received over the round and its drain: frames as they went on the wire. */
  wireBytesSent: number;
  wireBytesReceived: number;
}

function wireBytes(sockets: WebSocket[]): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (const socket of sockets) {
    const tcp = tcpSockets.get(socket);
    sent += tcp?.bytesWritten ?? 0;
    received += tcp?.bytesRead ?? 0;
  }
  return { sent, received };
}

/**
 * Each connection keeps `inFlight` messages outstanding for `durationMs`:
 * every echo that comes back is timed and replaced by a new message. Then
 * sending stops and the messages still out are waited for. Each connection
 * sends `texts` in turn, from its own place in the list, going on round
 * after round.
 */
export async function echoRound(sockets: WebSocket[], inFlight: number, durationMs: number, texts: readonly string[] = [ECHO_MESSAGE]): Promise<EchoRound> {
  let running = true;
  let messagesWithDrain = 0;
  let outstanding = 0;
  let roundTrips = new Float64Array(1 << 16);
  let timed = 0;
  let drained: (() => void) | null = null;
  const wireBefore = wireBytes(sockets);
  const listeners = sockets.map((socket, index) => {
    const sentAt: number[] = [];
    const send =
      texts.length === 1
        ? () => socket.send(texts[0])
        : () => {
            const cursor = textCursors.get(socket) ?? index;
            textCursors.set(socket, (cursor + 1) % texts.length);
            socket.send(texts[cursor % texts.length]);
          };
    const onMessage = () => {
      const now = performance.now();
      const sent = sentAt.shift()!;
      messagesWithDrain++;
      outstanding--;
      if (running) {
        if (timed === roundTrips.length) {
          const grown = new Float64Array(roundTrips.length * 2);
          grown.set(roundTrips);
          roundTrips = grown;
        }
        roundTrips[timed++] = now - sent;
        sentAt.push(performance.now());
        outstanding++;
        send();
      } else if (outstanding === 0) drained?.();
    };
    socket.on('message', onMessage);
    return { socket, sentAt, onMessage, send };
  });
  const start = performance.now();
  for (const { sentAt, send } of listeners) {
    for (let i = 0; i < inFlight; i++) {
      sentAt.push(performance.now());
      outstanding++;
      send();
    }
  }
  await sleep(durationMs);
  running = false;
  const seconds = (performance.now() - start) / 1000;
  const messages = timed;
  if (outstanding > 0) {
    await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(5000)]);
  }
  for (const { socket, onMessage } of listeners) socket.off('message', onMessage);
  if (outstanding > 0) throw new Error(`${outstanding} echoes never came back`);
  const wireAfter = wireBytes(sockets);
  return {
    messages,
    seconds,
    messagesWithDrain,
    roundTrips: roundTrips.slice(0, timed).sort(),
    wireBytesSent: wireAfter.sent - wireBefore.sent,
    wireBytesReceived: wireAfter.received - wireBefore.received,
  };
}

/** Opens a connection, closes it with 1000 once open, and waits for the close to finish. */
function openAndClose(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => socket.close(1000));
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

export interface HandshakeRound {
  handshakes: number;
  failures: number;
  seconds: number;
}

/** `concurrency` loops of open + close for `durationMs` (each loop finishes the one it started). */
export async function handshakeRound(url: string, concurrency: number, durationMs: number): Promise<HandshakeRound> {
  const start = performance.now();
  const end = start + durationMs;
  let handshakes = 0;
  let failures = 0;
  const loop = async () => {
    while (performance.now() < end) {
      try {
        await openAndClose(url);
        handshakes++;
      } catch {
        failures++;
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { handshakes, failures, seconds: (performance.now() - start) / 1000 };
}

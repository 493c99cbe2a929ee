// The one load client that drives every server: ws WebSocket clients in the
// bench's main process, permessage-deflate not offered.

import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

/** 32 bytes of ASCII text: the echo message. */
export const ECHO_MESSAGE = 'echo 0123456789abcdef 0123456789';

export function openConnection(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => {
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
export async function openMany(url: string, count: number, concurrency: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const opener = async () => {
    while (next < count) {
      next++;
      sockets.push(await openConnection(url));
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
}

/**
 * Each connection keeps `inFlight` messages outstanding for `durationMs`:
 * every echo that comes back is timed and replaced by a new message. Then
 * sending stops and the messages still out are waited for.
 */
export async function echoRound(sockets: WebSocket[], inFlight: number, durationMs: number): Promise<EchoRound> {
  let running = true;
  let messagesWithDrain = 0;
  let outstanding = 0;
  let roundTrips = new Float64Array(1 << 16);
  let timed = 0;
  let drained: (() => void) | null = null;
  const listeners = sockets.map((socket) => {
    const sentAt: number[] = [];
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
        socket.send(ECHO_MESSAGE);
      } else if (outstanding === 0) drained?.();
    };
    socket.on('message', onMessage);
    return { socket, sentAt, onMessage };
  });
  const start = performance.now();
  for (const { socket, sentAt } of listeners) {
    for (let i = 0; i < inFlight; i++) {
      sentAt.push(performance.now());
      outstanding++;
      socket.send(ECHO_MESSAGE);
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
  return { messages, seconds, messagesWithDrain, roundTrips: roundTrips.slice(0, timed).sort() };
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

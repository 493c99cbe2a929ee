// The many-clients demo: gorilla/websocket's examples/bufferpool. Its point
// is what an idle connection costs: gorilla shrinks the I/O buffers to 256
// bytes and pools the write buffer, then opens 1000 clients that each send
// one message every five minutes. Here the server side (`/many`) reads and
// counts what clients send, and `runManyClients` opens N clients with our own
// dialer and reports the memory each connection costs, on the server and on
// the client, from process.memoryUsage() before and after.
//
// One addition to gorilla's server: the text message `stats` is answered
// with the server's counters and memory as JSON, so a client in another
// process (or the demo page) can read the server's side of the figure.

import { CloseCode } from '../../engine/close';
import { dial, type DialOptions } from '../dialer';
import type { SocketConnection } from '../socket-connection';
import type { Route } from '../upgrader';

/** Gorilla's client sends one message per five minutes: the connections are idle. */
export const MANY_CLIENTS_MESSAGE_INTERVAL_MS = 5 * 60_000;
/** Nothing the demo expects is larger; gorilla's 256-byte buffers do not limit messages, this does. */
export const MANY_CLIENTS_MAX_MESSAGE_SIZE = 1024;
/** Connections the route holds at once; more are refused with 1013 Try Again Later. */
export const MANY_CLIENTS_MAX_CONNECTIONS = 20_000;
/** The question a client asks to get the server's figures back. */
export const STATS_REQUEST = 'stats';


/** The parts of process.memoryUsage() that matter for a connection's cost, in bytes. */
export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export function memorySnapshot(): MemorySnapshot {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

/** What the server reports, to `stats()` and as the answer to a `stats` message. */
export interface ManyClientsStats {
  /** Lets a client tell whether the server runs in its own process (then both figures are one). */
  pid: number;
  connections: number;
  peakConnections: number;
  acceptedTotal: number;
  refusedTotal: number;
  messages: number;
  messageBytes: number;
  memory: MemorySnapshot;
}

export interface ManyClientsOptions {
  maxConnections?: number;
  maxMessageSize?: number;
  /** Ping idle clients this often. Gorilla's bufferpool server does not ping; without this the server's default keepalive applies (54 s). */
  keepalive?: { pingPeriodMs: number; pongWaitMs: number };
}

export interface ManyClientsRoute extends Route {
  stats(): ManyClientsStats;
}

/** The `/many` endpoint: gorilla's bufferpool `process()`, counting instead of logging each message. */
export function createManyClientsRoute(options: ManyClientsOptions = {}): ManyClientsRoute {
  const maxConnections = options.maxConnections ?? MANY_CLIENTS_MAX_CONNECTIONS;
  const open = new Set<SocketConnection>();
  let peakConnections = 0;
  let acceptedTotal = 0;
  let refusedTotal = 0;
  let messages = 0;
  let messageBytes = 0;
  let closing = false;

  const stats = (): ManyClientsStats => ({
    pid: process.pid,
    connections: open.size,
    peakConnections,
    acceptedTotal,
    refusedTotal,
    messages,
    messageBytes,
    memory: memorySnapshot(),
  });

  return {
    path: '/many',
    maxMessageSize: options.maxMessageSize ?? MANY_CLIENTS_MAX_MESSAGE_SIZE,
    ...(options.keepalive ? { keepalive: options.keepalive } : {}),
    stats,
    accept(connection) {
      if (closing || open.size >= maxConnections) {
        refusedTotal += 1;
        connection.close(closing ? CloseCode.GoingAway : CloseCode.TryAgainLater, closing ? 'server shutting down' : `at most ${maxConnections} connections`).catch(() => {});
        return;
      }
      open.add(connection);
      acceptedTotal += 1;
      peakConnections = Math.max(peakConnections, open.size);
      connection.onClose(() => open.delete(connection));
      connection.onMessage((message) => {
        if (message.kind === 'text' && message.text === STATS_REQUEST) {
          connection.sendText(JSON.stringify(stats())).catch(() => {});
          return;
        }
        messages += 1;
        messageBytes += message.kind === 'text' ? new TextEncoder().encode(message.text).length : message.data.length;
      });
    },
    async close() {
      closing = true;
      await Promise.allSettled([...open].map((connection) => connection.close(CloseCode.GoingAway, 'server shutting down')));
    },
  };
}

export interface ManyClientsRun {
  /** The server's many-clients endpoint, e.g. ws://127.0.0.1:8080/many. */
  url: string;
  clients: number;
  /** Each client sends the time this often (gorilla: five minutes). Staggered so they do not all fire at once. */
  messageIntervalMs?: number;
  /** How long the clients stay connected after the last one opened. */
  durationMs?: number;
  /** Handshakes in flight at once, so the listen backlog is not flooded. Default 50. */
  dialConcurrency?: number;
  dialOptions?: DialOptions;
}

/** The memory one connection costs, from two process.memoryUsage() readings. */
export interface MemoryCost {
  before: MemorySnapshot;
  after: MemorySnapshot;
  /** (heapUsed + external) growth divided by the connections open: what JavaScript and its buffers hold per connection. */
  perConnectionBytes: number;
  /** Resident set growth per connection: what the operating system sees, allocator slack included. */
  perConnectionRssBytes: number;
}

export interface ManyClientsReport {
  url: string;
  clients: number;
  connected: number;
  failed: number;
  /** Why the first failed dial failed. */
  firstError: string | null;
  messagesSent: number;
  /** Connections the server counted while all clients were open (the stats probe included). */
  serverConnections: number | null;
  /** Time to open every connection. */
  connectMs: number;
  client: MemoryCost;
  /** Null when the server did not answer `stats`. */
  server: MemoryCost | null;
  /** Server and clients ran in one process: each figure then counts both ends of every connection. */
  sameProcess: boolean;
}

/**
 * Gorilla's bufferpool client, as a measurement: open `clients` connections
 * with our dialer, keep them mostly idle (one message per interval each),
 * and report what they cost on both sides. Clients close with 1000, as
 * gorilla's do on interrupt.
 */
export async function runManyClients(run: ManyClientsRun): Promise<ManyClientsReport> {
  if (!Number.isInteger(run.clients) || run.clients < 1) throw new RangeError(`clients must be a positive integer, got ${run.clients}`);
  const messageIntervalMs = run.messageIntervalMs ?? MANY_CLIENTS_MESSAGE_INTERVAL_MS;
  const durationMs = run.durationMs ?? 0;
  const dialConcurrency = run.dialConcurrency ?? 50;
  const dialOptions: DialOptions = { keepalive: null, ...run.dialOptions };

  collectGarbageIfExposed();
  const clientBefore = memorySnapshot();
  const serverBefore = await askServerStats(run.url, dialOptions);

  const connections: SocketConnection[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const started = performance.now();
  for (let first = 0; first < run.clients; first += dialConcurrency) {
    const wave = Math.min(dialConcurrency, run.clients - first);
    const results = await Promise.allSettled(Array.from({ length: wave }, () => dial(run.url, dialOptions)));
    for (const result of results) {
      if (result.status === 'fulfilled') {
        // Gorilla's client prints what it receives; these clients expect nothing.
        result.value.connection.onMessage(() => {});
        connections.push(result.value.connection);
      } else {
        failed += 1;
        firstError ??= result.reason instanceof Error ? result.reason.message : String(result.reason);
      }
    }
  }
  const connectMs = performance.now() - started;

  let messagesSent = 0;
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  connections.forEach((connection, index) => {
    const sendTime = () => {
      if (connection.state !== 'OPEN') return;
      messagesSent += 1;
      connection.sendText(new Date().toISOString()).catch(() => {});
    };
    // Spread the first messages over one interval, as clients started at
    // different moments would.
    const offset = Math.floor((index / connections.length) * messageIntervalMs);
    timers.push(
      setTimeout(() => {
        sendTime();
        timers.push(setInterval(sendTime, messageIntervalMs));
      }, offset),
    );
  });
  if (durationMs > 0) await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const timer of timers) clearTimeout(timer);

  collectGarbageIfExposed();
  const clientAfter = memorySnapshot();
  const serverAfter = await askServerStats(run.url, dialOptions);

  await Promise.allSettled(
    connections.map((connection) => Promise.race([connection.close(CloseCode.Normal), new Promise((resolve) => setTimeout(resolve, 1_000))])),
  );
  for (const connection of connections) if (connection.state !== 'CLOSED') connection.terminate();

  const connected = connections.length;
  return {
    url: run.url,
    clients: run.clients,
    connected,
    failed,
    firstError,
    messagesSent,
    serverConnections: serverAfter?.connections ?? null,
    connectMs: Math.round(connectMs),
    client: memoryCost(clientBefore, clientAfter, connected),
    server: serverBefore && serverAfter ? memoryCost(serverBefore.memory, serverAfter.memory, connected) : null,
    sameProcess: serverAfter?.pid === process.pid,
  };
}

function memoryCost(before: MemorySnapshot, after: MemorySnapshot, connections: number): MemoryCost {
  const per = (bytes: number) => (connections > 0 ? Math.round(bytes / connections) : 0);
  return {
    before,
    after,
    perConnectionBytes: per(after.heapUsed + after.external - (before.heapUsed + before.external)),
    perConnectionRssBytes: per(after.rss - before.rss),
  };
}

/** One short connection that asks the server for its figures; null when it cannot. */
export async function askServerStats(url: string, dialOptions: DialOptions = {}, timeoutMs = 5_000): Promise<ManyClientsStats | null> {
  let connection: SocketConnection;
  try {
    ({ connection } = await dial(url, { keepalive: null, ...dialOptions }));
  } catch {
    return null;
  }
  const answer = await new Promise<ManyClientsStats | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    connection.onMessage((message) => {
      if (message.kind !== 'text') return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(message.text) as ManyClientsStats);
      } catch {
        resolve(null);
      }
    });
    connection.onClose(() => {
      clearTimeout(timer);
      resolve(null);
    });
    connection.sendText(STATS_REQUEST).catch(() => resolve(null));
  });
  await Promise.race([connection.close(CloseCode.Normal), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  if (connection.state !== 'CLOSED') connection.terminate();
  return answer;
}

/** With node --expose-gc, collect before measuring so the figures are less noisy. */
function collectGarbageIfExposed(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// The Upgrader: node:http's 'upgrade' event → the engine's handshake
// (engine/handshake.ts) → a SocketConnection, like gorilla's Upgrader.
//
// node:http finds where the request head ends and fires 'upgrade'; the
// request's exact bytes come from a HeadCapture on the socket (raw-capture.ts),
// read by the engine's own parser. Those bytes are what the tap records and
// what the engine judges as RFC 6455 4.2.1 says (method, Upgrade,
// Connection, version, key, Origin, subprotocol, extensions) before it
// builds the 101 or the refusal. What this file adds are the bounds that
// need a clock or a count:
// - handshake timeout (gorilla's HandshakeTimeout): from TCP accept to the
//   101, so a client that sends half a request (slowloris) is dropped;
// - a bound on unfinished handshakes and one on open connections (503);
// - a bound on the upgrade request head's bytes and header fields (431,
//   RFC 6585 5).

import type { IncomingMessage as HttpIncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CloseCode } from '../engine/close';
import { evaluateUpgrade, isSameOrigin, refusal, type UpgradePolicy } from '../engine/handshake';
import { DEFAULT_HEADER_LIMITS, type HttpHeader, type HttpRequest } from '../engine/http-message';
import { HeadCapture, type CapturedHead } from './raw-capture';
import { CONNECTION_DEFAULTS, SocketConnection, nextSessionId, type ConnectionLimits, type KeepaliveOptions } from './socket-connection';
import type { Tap, TapRecorder } from './tap';

export interface Route {
  /** e.g. '/chat' */
  path: string;
  /** Subprotocols, origin check, extensions (engine/handshake.ts). */
  policy?: UpgradePolicy;
  /** pingPeriod < pongWait, as in gorilla/websocket's examples/command (its pingPeriod is 9/10 of its pongWait). */
  keepalive?: { pingPeriodMs: number; pongWaitMs: number };
  maxMessageSize?: number;
  /** Called once the 101 is written; attach handlers here. */
  accept(connection: SocketConnection): void;
  /** Graceful shutdown hook. */
  close?(): Promise<void>;
}

export interface UpgraderOptions extends ConnectionLimits {
  /** From TCP accept to the 101 written. Default 10 s (gorilla's examples). */
  handshakeTimeoutMs?: number;
  /** TCP connections still in their handshake; more are dropped at once. Default 1000. */
  maxPendingHandshakes?: number;
  /** Open WebSocket connections; the next upgrade gets 503. Default 10 000. */
  maxConnections?: number;
  /** Header field lines in an upgrade request; more → 431. Default 100. */
  maxHeaderCount?: number;
  /**
   * Bytes of an upgrade request head, request line through the blank line;
   * more → 431. Also what each connection's HeadCapture keeps. Default 8 KiB.
   */
  maxHeadBytes?: number;
  /** Records every session's bytes; null for none. */
  tap?: Tap | null;
  /** Routes whose sessions are not recorded (the tap's own endpoint). */
  untappedPaths?: string[];
}

export const UPGRADER_DEFAULTS = {
  handshakeTimeoutMs: 10_000,
  maxPendingHandshakes: 1000,
  maxConnections: 10_000,
  maxHeaderCount: 100,
  maxHeadBytes: DEFAULT_HEADER_LIMITS.maxHeadBytes,
};

export class Upgrader {
  private readonly routes = new Map<string, Route>();
  private readonly open = new Set<SocketConnection>();
  private readonly handshakeTimers = new Map<Socket, NodeJS.Timeout>();
  /** One per TCP connection of the attached server, until it upgrades or closes. */
  private readonly captures = new WeakMap<Socket, HeadCapture>();
  private readonly options: Required<Omit<UpgraderOptions, 'tap' | 'untappedPaths' | 'keepalive'>> & {
    keepalive: KeepaliveOptions | null;
  };
  private readonly tap: Tap | null;
  private readonly untapped: Set<string>;
  private shuttingDown = false;

  constructor(options: UpgraderOptions = {}) {
    this.options = {
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? UPGRADER_DEFAULTS.handshakeTimeoutMs,
      maxPendingHandshakes: options.maxPendingHandshakes ?? UPGRADER_DEFAULTS.maxPendingHandshakes,
      maxConnections: options.maxConnections ?? UPGRADER_DEFAULTS.maxConnections,
      maxHeaderCount: options.maxHeaderCount ?? UPGRADER_DEFAULTS.maxHeaderCount,
      maxHeadBytes: options.maxHeadBytes ?? UPGRADER_DEFAULTS.maxHeadBytes,
      writeWaitMs: options.writeWaitMs ?? CONNECTION_DEFAULTS.writeWaitMs,
      keepalive: options.keepalive === undefined ? CONNECTION_DEFAULTS.keepalive : options.keepalive,
      maxMessageSize: options.maxMessageSize ?? CONNECTION_DEFAULTS.maxMessageSize,
      closeTimeoutMs: options.closeTimeoutMs ?? CONNECTION_DEFAULTS.closeTimeoutMs,
      maxBufferedBytes: options.maxBufferedBytes ?? CONNECTION_DEFAULTS.maxBufferedBytes,
    };
    for (const name of ['maxHeadBytes', 'maxHeaderCount'] as const) {
      const value = this.options[name];
      // Checked here, not on the first connection, where a throw would take the server down.
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
    this.tap = options.tap ?? null;
    this.untapped = new Set(options.untappedPaths ?? []);
  }

  addRoute(route: Route): void {
    if (this.routes.has(route.path)) throw new Error(`a route is already mounted at ${route.path}`);
    const keepalive = route.keepalive;
    if (keepalive && !(keepalive.pingPeriodMs < keepalive.pongWaitMs)) {
      throw new RangeError(`${route.path}: pingPeriodMs must be less than pongWaitMs`);
    }
    this.routes.set(route.path, route);
  }

  routeFor(path: string): Route | undefined {
    return this.routes.get(path);
  }

  get paths(): string[] {
    return [...this.routes.keys()];
  }

  /** Open WebSocket connections. */
  get connections(): ReadonlySet<SocketConnection> {
    return this.open;
  }

  /** TCP connections that have not finished a request head yet. */
  get pendingHandshakes(): number {
    return this.handshakeTimers.size;
  }

  /**
   * Hooks the server: every new TCP connection starts the handshake clock,
   * which stops at its first complete request ('request' or 'upgrade'), and
   * gets a HeadCapture, so an upgrade request is known by its exact bytes.
   * Must be called before the server accepts connections, and after
   * node:http's own 'connection' listener (the one createServer installs).
   */
  attach(server: HttpServer): void {
    server.on('connection', (socket: Socket) => {
      if (!this.startHandshakeClock(socket)) return;
      this.captures.set(socket, HeadCapture.attach(socket, { maxHeadBytes: this.options.maxHeadBytes, maxHeaderCount: this.options.maxHeaderCount }));
    });
    server.on('request', (request: HttpIncomingMessage) => this.stopHandshakeClock(request.socket));
    server.on('upgrade', (request: HttpIncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(request, socket as Socket, head));
  }

  /** Answers one upgrade request: a 101 and a connection for its route, or the refusal the engine explains. */
  private handleUpgrade(incoming: HttpIncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => {
      // Errors end in 'close', which is where the connection is accounted for.
    });
    const captured = this.takeCapturedHead(incoming, socket, head);
    const url = requestUrl(incoming.url ?? '/');
    if (!url) return this.writeRefusal(socket, refusal(400, `the request target ${JSON.stringify(incoming.url)} is not a URL path`).responseBytes, null);
    const route = this.routes.get(url.pathname);
    const recorder = route && !this.untapped.has(route.path) ? this.openTapSession(socket, incoming.url ?? '/', captured) : null;

    const refuse = (status: number, reason: string, extraHeaders?: HttpHeader[]) => {
      const { responseBytes } = refusal(status, reason, extraHeaders);
      this.writeRefusal(socket, responseBytes, recorder);
    };
    if (!route) return refuse(404, `no WebSocket endpoint at ${url.pathname}`);
    if (this.shuttingDown) return refuse(503, 'the server is shutting down');
    // 400 or 431 (RFC 6585 5): the engine's parser could not take the head as sent.
    if (!captured.ok) return refuse(captured.status, captured.reason);
    const request = captured.request;
    if (this.open.size >= this.options.maxConnections) {
      return refuse(503, `the server holds its maximum of ${this.options.maxConnections} connections`, [{ name: 'Retry-After', value: '5' }]);
    }
    const policy: UpgradePolicy = {
      ...route.policy,
      // Same-origin by default (RFC 6455 10.2; gorilla's checkSameOrigin):
      // a browser page from another site may not open our sockets.
      checkOrigin: route.policy?.checkOrigin ?? isSameOrigin,
      // permessage-deflate (RFC 7692) is declined until the engine speaks it.
      acceptExtensions: route.policy?.acceptExtensions ?? (() => null),
    };
    const verdict = evaluateUpgrade(request, policy);
    if (!verdict.accepted) return this.writeRefusal(socket, verdict.responseBytes, recorder);

    this.stopHandshakeClock(socket);
    if (socket.destroyed) {
      recorder?.close({ code: CloseCode.Abnormal, reason: 'the client left during the handshake', wasClean: false });
      return;
    }
    socket.write(verdict.responseBytes);
    recorder?.record('server', 'handshake', verdict.responseBytes);
    recorder?.update({ state: 'open', subprotocol: verdict.subprotocol });

    const connection = new SocketConnection({
      id: recorder?.sessionId,
      socket,
      role: 'server',
      request,
      url,
      subprotocol: verdict.subprotocol,
      leftover: head,
      tap: recorder,
      maxMessageSize: route.maxMessageSize ?? this.options.maxMessageSize,
      writeWaitMs: this.options.writeWaitMs,
      keepalive: route.keepalive ?? this.options.keepalive,
      closeTimeoutMs: this.options.closeTimeoutMs,
      maxBufferedBytes: this.options.maxBufferedBytes,
    });
    this.open.add(connection);
    connection.onClose(() => this.open.delete(connection));
    try {
      route.accept(connection);
    } catch {
      // RFC 6455 7.4.1 1011: the route could not take the connection.
      connection.start();
      void connection.close(CloseCode.InternalError, 'internal error');
      return;
    }
    connection.start();
  }

  /**
   * Graceful shutdown: refuse new upgrades, send every open connection a
   * close frame with 1001 "going away" (RFC 6455 7.4.1), run the routes'
   * close hooks, and wait for the connections to end (each is dropped by its
   * close timeout if the peer does not answer).
   */
  async shutdown(reason = 'server shutting down'): Promise<void> {
    this.shuttingDown = true;
    for (const socket of this.handshakeTimers.keys()) socket.destroy();
    const closing = [...this.open].map((connection) => connection.close(CloseCode.GoingAway, reason).catch(() => {}));
    const hooks = [...this.routes.values()].map((route) => route.close?.().catch(() => {}));
    await Promise.all([...closing, ...hooks]);
  }

  private takeCapturedHead(incoming: HttpIncomingMessage, socket: Socket, head: Buffer): CapturedHead {
    const capture = this.captures.get(socket);
    if (!capture) return { ok: false, status: 500, reason: 'the upgrade came from a server this Upgrader is not attached to' };
    this.captures.delete(socket);
    return capture.take(incoming, head);
  }

  private openTapSession(socket: Socket, target: string, captured: CapturedHead): TapRecorder | null {
    if (!this.tap) return null;
    const recorder = this.tap.openSession({
      id: nextSessionId(),
      target,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
    });
    // A head the engine could not read (over the bound, or malformed) is not
    // kept: the session shows the refusal that explains why.
    if (captured.ok) recorder.record('client', 'handshake', captured.bytes);
    return recorder;
  }

  private writeRefusal(socket: Socket, responseBytes: Uint8Array, recorder: TapRecorder | null): void {
    this.stopHandshakeClock(socket);
    recorder?.record('server', 'handshake', responseBytes);
    recorder?.update({ state: 'refused' });
    recorder?.close({ code: null, reason: 'handshake refused', wasClean: false });
    if (socket.destroyed) return;
    // A refused upgrade ends the connection: the request may have carried a
    // body we never read, so the stream is no longer in step.
    socket.end(responseBytes);
    setTimeout(() => socket.destroy(), this.options.closeTimeoutMs).unref();
  }

  /** Returns false when the connection was dropped because too many handshakes are pending. */
  private startHandshakeClock(socket: Socket): boolean {
    if (this.handshakeTimers.size >= this.options.maxPendingHandshakes) {
      socket.destroy();
      return false;
    }
    const timer = setTimeout(() => {
      this.handshakeTimers.delete(socket);
      socket.destroy();
    }, this.options.handshakeTimeoutMs);
    this.handshakeTimers.set(socket, timer);
    socket.once('close', () => this.stopHandshakeClock(socket));
    return true;
  }

  private stopHandshakeClock(socket: Socket): void {
    const timer = this.handshakeTimers.get(socket);
    if (!timer) return;
    clearTimeout(timer);
    this.handshakeTimers.delete(socket);
  }
}

/**
 * The request target as a URL, or null when it is not one. Only the path and
 * query matter for routing, so the Host header (which a client may fill with
 * anything) is never part of the parse; "//elsewhere/echo" stays a path.
 */
export function requestUrl(target: string): URL | null {
  try {
    // RFC 9112 3.2.1 origin-form, else 3.2.2 absolute-form.
    return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    return null;
  }
}

/** node:http's parsed request as the engine's HttpRequest, header order and case kept. */
export function toHttpRequest(incoming: HttpIncomingMessage): HttpRequest {
  const headers: HttpHeader[] = [];
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
    headers.push({ name: incoming.rawHeaders[i], value: incoming.rawHeaders[i + 1] });
  }
  return { method: incoming.method ?? 'GET', target: incoming.url ?? '/', version: `HTTP/${incoming.httpVersion}`, headers };
}

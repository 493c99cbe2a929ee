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
// - bounds on unfinished handshakes (the oldest is evicted for a newcomer)
//   and on open connections (503), overall and per address (429);
// - a budget for what all connections together hold of unfinished messages;
// - a bound on the upgrade request head's bytes and header fields (431,
//   RFC 6585 5).
// An upgrade to a path no route serves gets 404, unless a fallback takes
// it (wsx proxy forwards it to its target: server/proxy.ts).

import type { IncomingMessage as HttpIncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CloseCode } from '../engine/close';
import { type DeflateAgreement, negotiateDeflate } from '../engine/deflate-negotiation';
import { evaluateUpgrade, isSameOrigin, refusal, type UpgradePolicy } from '../engine/handshake';
import { DEFAULT_HEADER_LIMITS, type HttpHeader, type HttpRequest } from '../engine/http-message';
import { HeldBytesBudget } from './held-bytes-budget';
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
  /**
   * The route's own gate, after the server's and before the RFC checks:
   * a refusal (status and reason) or null. Gets the peer's address, which
   * an Origin header cannot forge.
   */
  admit?(request: HttpRequest, peerAddress: string): { status: number; reason: string } | null;
  /** Called once the 101 is written; attach handlers here. */
  accept(connection: SocketConnection): void;
  /** Graceful shutdown hook. */
  close?(): Promise<void>;
}

/** An upgrade the Upgrader hands over instead of answering it itself. */
export interface HandedOverUpgrade {
  /** The client's TCP connection; the handler answers on it and owns it from now on. */
  socket: Socket;
  /** The request as the engine read it, and its head exactly as the client sent it. */
  request: HttpRequest;
  requestBytes: Uint8Array;
  /** Bytes that arrived behind the head: the start of the client's stream. */
  leftover: Uint8Array;
  /** The session on the tap, the client's request already recorded on it; null without a tap. */
  recorder: TapRecorder | null;
}

/** Takes upgrades to paths no route serves (wsx proxy). */
export interface UpgradeFallback {
  /** Called once the server's admit check has passed; the handshake clock is stopped, so the handler keeps its own. */
  accept(upgrade: HandedOverUpgrade): void;
  /** Graceful shutdown hook. */
  close?(): Promise<void>;
}

export interface UpgraderOptions extends ConnectionLimits {
  /** From TCP accept to the 101 written. Default 10 s (gorilla's examples). */
  handshakeTimeoutMs?: number;
  /**
   * TCP connections still in their handshake. A new one beyond it evicts the
   * oldest, so idle connections cannot lock newcomers out. Default 1000.
   */
  maxPendingHandshakes?: number;
  /** The same from one address: its own oldest is evicted. Default 32. */
  maxPendingHandshakesPerAddress?: number;
  /** Open WebSocket connections; the next upgrade gets 503. Default 10 000. */
  maxConnections?: number;
  /** Open WebSocket connections from one address; the next gets 429. Default 1024 (the many-clients demo opens 1000). */
  maxConnectionsPerAddress?: number;
  /** Memory all connections together may hold for unfinished messages; past it, a growing one gets 1013. Default 128 MiB. */
  maxHeldBytes?: number;
  /** Accept permessage-deflate (RFC 7692) when a client offers it. Default true; `--no-deflate` turns it off. */
  deflate?: boolean;
  /**
   * Called for every upgrade request before its route's checks: a refusal
   * (status and reason) or null to go on. The server's host allow-list and
   * token check live here.
   */
  admit?: (request: HttpRequest, url: URL, socket: Socket) => { status: number; reason: string } | null;
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
  /** Takes every upgrade to a path no route serves, instead of the 404; its sessions are recorded. */
  fallback?: UpgradeFallback | null;
}

export const UPGRADER_DEFAULTS = {
  handshakeTimeoutMs: 10_000,
  maxPendingHandshakes: 1000,
  maxPendingHandshakesPerAddress: 32,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1024,
  maxHeldBytes: 128 * 1024 * 1024,
  maxHeaderCount: 100,
  maxHeadBytes: DEFAULT_HEADER_LIMITS.maxHeadBytes,
};

export class Upgrader {
  private readonly routes = new Map<string, Route>();
  private readonly open = new Set<SocketConnection>();
  /**
   * Sockets still in their handshake, oldest first (a Map keeps insertion
   * order), with their clocks and the address they came from (kept: a
   * closed socket forgets its remoteAddress).
   */
  private readonly pending = new Map<Socket, { timer: NodeJS.Timeout; address: string }>();
  /** Per remote address: handshakes pending, and WebSocket connections open. */
  private readonly pendingByAddress = new AddressCounter();
  private readonly openByAddress = new AddressCounter();
  /** One per TCP connection of the attached server, until it upgrades or closes. */
  private readonly captures = new WeakMap<Socket, HeadCapture>();
  private readonly options: Required<Omit<UpgraderOptions, 'tap' | 'untappedPaths' | 'keepalive' | 'admit' | 'fallback'>> & {
    keepalive: KeepaliveOptions | null;
  };
  private readonly admit: UpgraderOptions['admit'] | null;
  private readonly heldBytesBudget: HeldBytesBudget;
  private readonly tap: Tap | null;
  private readonly untapped: Set<string>;
  private readonly fallback: UpgradeFallback | null;
  private shuttingDown = false;

  constructor(options: UpgraderOptions = {}) {
    this.options = {
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? UPGRADER_DEFAULTS.handshakeTimeoutMs,
      maxPendingHandshakes: options.maxPendingHandshakes ?? UPGRADER_DEFAULTS.maxPendingHandshakes,
      maxPendingHandshakesPerAddress: options.maxPendingHandshakesPerAddress ?? UPGRADER_DEFAULTS.maxPendingHandshakesPerAddress,
      maxConnections: options.maxConnections ?? UPGRADER_DEFAULTS.maxConnections,
      maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? UPGRADER_DEFAULTS.maxConnectionsPerAddress,
      maxHeldBytes: options.maxHeldBytes ?? UPGRADER_DEFAULTS.maxHeldBytes,
      deflate: options.deflate ?? true,
      maxHeaderCount: options.maxHeaderCount ?? UPGRADER_DEFAULTS.maxHeaderCount,
      maxHeadBytes: options.maxHeadBytes ?? UPGRADER_DEFAULTS.maxHeadBytes,
      writeWaitMs: options.writeWaitMs ?? CONNECTION_DEFAULTS.writeWaitMs,
      keepalive: options.keepalive === undefined ? CONNECTION_DEFAULTS.keepalive : options.keepalive,
      maxMessageSize: options.maxMessageSize ?? CONNECTION_DEFAULTS.maxMessageSize,
      closeTimeoutMs: options.closeTimeoutMs ?? CONNECTION_DEFAULTS.closeTimeoutMs,
      maxBufferedBytes: options.maxBufferedBytes ?? CONNECTION_DEFAULTS.maxBufferedBytes,
      messageStallMs: options.messageStallMs ?? CONNECTION_DEFAULTS.messageStallMs,
    };
    this.admit = options.admit ?? null;
    this.heldBytesBudget = new HeldBytesBudget(this.options.maxHeldBytes);
    for (const name of ['maxHeadBytes', 'maxHeaderCount'] as const) {
      const value = this.options[name];
      // Checked here, not on the first connection, where a throw would take the server down.
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
    this.tap = options.tap ?? null;
    this.untapped = new Set(options.untappedPaths ?? []);
    this.fallback = options.fallback ?? null;
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
    return this.pending.size;
  }

  /** Memory the open connections hold together for unfinished messages. */
  get heldBytes(): number {
    return this.heldBytesBudget.used;
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
    const fallback = route ? null : this.fallback;
    const tapped = route ? !this.untapped.has(route.path) : fallback !== null;
    const recorder = tapped ? this.openTapSession(socket, incoming.url ?? '/', captured) : null;

    const refuse = (status: number, reason: string, extraHeaders?: HttpHeader[]) => {
      const { responseBytes } = refusal(status, reason, extraHeaders);
      this.writeRefusal(socket, responseBytes, recorder);
    };
    if (!route && !fallback) return refuse(404, `no WebSocket endpoint at ${url.pathname}`);
    if (this.shuttingDown) return refuse(503, 'the server is shutting down');
    // 400 or 431 (RFC 6585 5): the engine's parser could not take the head as sent.
    if (!captured.ok) return refuse(captured.status, captured.reason);
    const request = captured.request;
    const address = addressOf(socket);
    const admitted = this.admit?.(request, url, socket) ?? route?.admit?.(request, address) ?? null;
    if (admitted) return refuse(admitted.status, admitted.reason);
    if (!route) {
      this.stopHandshakeClock(socket);
      // The fallback is there: a path without one was refused with 404 above.
      return fallback!.accept({ socket, request, requestBytes: captured.bytes, leftover: head, recorder });
    }
    if (this.open.size >= this.options.maxConnections) {
      return refuse(503, `the server holds its maximum of ${this.options.maxConnections} connections`, [{ name: 'Retry-After', value: '5' }]);
    }
    if (this.openByAddress.count(address) >= this.options.maxConnectionsPerAddress) {
      // RFC 6585 4: one client asked for more than its share; everyone else still gets in.
      return refuse(429, `${address} already holds ${this.options.maxConnectionsPerAddress} connections`, [{ name: 'Retry-After', value: '5' }]);
    }
    const policy: UpgradePolicy = {
      ...route.policy,
      // Same-origin by default (RFC 6455 10.2; gorilla's checkSameOrigin):
      // a browser page from another site may not open our sockets.
      checkOrigin: route.policy?.checkOrigin ?? isSameOrigin,
      // permessage-deflate (RFC 7692), unless the server or the route turned it off.
      acceptExtensions: route.policy?.acceptExtensions ?? ((offers) => {
        if (!this.options.deflate) return null;
        const negotiation = negotiateDeflate(offers);
        deflate = negotiation.agreement;
        return negotiation.response;
      }),
    };
    let deflate: DeflateAgreement | null = null;
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
      deflate,
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
      messageStallMs: this.options.messageStallMs,
      heldBytesBudget: this.heldBytesBudget,
    });
    this.open.add(connection);
    this.openByAddress.add(address);
    connection.onClose(() => {
      this.open.delete(connection);
      this.openByAddress.remove(address);
    });
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
    for (const socket of this.pending.keys()) socket.destroy();
    const closing = [...this.open].map((connection) => connection.close(CloseCode.GoingAway, reason).catch(() => {}));
    const hooks = [...this.routes.values(), this.fallback].map((handler) => handler?.close?.().catch(() => {}));
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

  /**
   * Starts the handshake clock of a new TCP connection. When the pending
   * pool is full, for this address or overall, the oldest waiting
   * connection is dropped to make room: a newcomer is never the one refused,
   * so connections that never send a request cannot lock others out.
   * Returns false when the socket is already gone.
   */
  private startHandshakeClock(socket: Socket): boolean {
    if (socket.destroyed) return false;
    const address = addressOf(socket);
    if (this.pendingByAddress.count(address) >= this.options.maxPendingHandshakesPerAddress) this.evictOldestPending(address);
    if (this.pending.size >= this.options.maxPendingHandshakes) this.evictOldestPending(null);
    const timer = setTimeout(() => {
      this.stopHandshakeClock(socket);
      socket.destroy();
    }, this.options.handshakeTimeoutMs);
    this.pending.set(socket, { timer, address });
    this.pendingByAddress.add(address);
    socket.once('close', () => this.stopHandshakeClock(socket));
    return true;
  }

  /** Drops the connection that has waited longest (from `address`, or from anywhere when null). */
  private evictOldestPending(address: string | null): void {
    for (const [socket, waiting] of this.pending) {
      if (address !== null && waiting.address !== address) continue;
      this.stopHandshakeClock(socket);
      socket.destroy();
      return;
    }
  }

  private stopHandshakeClock(socket: Socket): void {
    const waiting = this.pending.get(socket);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(socket);
    this.pendingByAddress.remove(waiting.address);
  }
}

/** The peer's IP address, as the per-address limits count it ('?' when the socket no longer knows). */
function addressOf(socket: Socket): string {
  return socket.remoteAddress ?? '?';
}

/** How many of something each remote address has; addresses with none are forgotten. */
class AddressCounter {
  private readonly counts = new Map<string, number>();

  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  add(address: string): void {
    this.counts.set(address, this.count(address) + 1);
  }

  remove(address: string): void {
    const left = this.count(address) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
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

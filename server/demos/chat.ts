// The chat demo: gorilla/websocket's examples/chat on our own server.
//
// Gorilla runs one goroutine for the Hub and two per Client (readPump and
// writePump), talking over channels. Node runs all of this on one thread, so
// the Hub's `run()` loop becomes plain method calls (register, unregister,
// broadcast) that can never interleave, and the Client's buffered `send`
// channel becomes a bounded queue that fills while a write waits for the
// socket. What gorilla's chat example does stays the same: the hub never
// waits for a client. When a client's send queue is full, the hub assumes the
// client is dead or stuck, drops it and closes its connection.

import { CloseCode } from '../../engine/close';
import type { IncomingMessage, SocketConnection } from '../socket-connection';
import type { Route } from '../upgrader';

/** Gorilla's chat constants (examples/chat/client.go), under the same names. */
export const CHAT_MAX_MESSAGE_SIZE = 512;
/** `send: make(chan []byte, 256)`: how many messages may wait for a slow client. */
export const CHAT_SEND_QUEUE_CAPACITY = 256;
/** Time allowed to read the next pong from the peer. */
export const CHAT_PONG_WAIT_MS = 60_000;
/** Send pings with this period; it must be less than the pong wait. */
export const CHAT_PING_PERIOD_MS = (CHAT_PONG_WAIT_MS * 9) / 10;
/**
 * An evicted client is, by definition, not reading: its close frame sits
 * behind a full socket buffer. Gorilla drops the TCP connection when the
 * blocked write hits its deadline; we give the close handshake this long.
 */
export const CHAT_EVICTION_GRACE_MS = 1_000;


export interface ChatOptions {
  /** Messages a client may have waiting before it is evicted (default 256). */
  sendQueueCapacity?: number;
  /** Largest message accepted from a client, in bytes (default 512; larger → 1009). */
  maxMessageSize?: number;
  pingPeriodMs?: number;
  pongWaitMs?: number;
  /** How long an evicted client's close handshake may take before the TCP connection is dropped. */
  evictionGraceMs?: number;
}

/** Why the hub let go of a member; decides how its connection ends. */
export type DropReason =
  /** The member left (its connection closed); the hub only forgets it. */
  | 'unregistered'
  /** Its send queue was full when a broadcast came. */
  | 'evicted'
  /** The hub is shutting down with the server. */
  | 'stopped';

/** What the hub needs of a member: a non-blocking offer, and word when it is dropped. */
export interface HubMember {
  /** Queue a message without waiting; false when the queue is full (or closed). */
  offer(message: string): boolean;
  /** The hub forgot this member and will send it nothing more. Called exactly once. */
  dropped(reason: DropReason): void;
}

export interface BroadcastOutcome {
  delivered: number;
  evicted: number;
}

/**
 * Hub maintains the set of active members and broadcasts messages to them
 * (gorilla's `Hub`). Each method is one arm of gorilla's `run()` select.
 */
export class Hub<Member extends HubMember = HubMember> {
  readonly #members = new Set<Member>();
  #stopped = false;

  get size(): number {
    return this.#members.size;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  has(member: Member): boolean {
    return this.#members.has(member);
  }

  /** `case client := <-h.register`. A stopped hub turns newcomers away at once. */
  register(member: Member): void {
    if (this.#stopped) {
      member.dropped('stopped');
      return;
    }
    this.#members.add(member);
  }

  /** `case client := <-h.unregister`: forget it, and close its send queue, once. */
  unregister(member: Member): void {
    if (this.#members.delete(member)) member.dropped('unregistered');
  }

  /**
   * `case message := <-h.broadcast`: offer the message to every member
   * without waiting. A member whose queue is full is evicted on the spot,
   * so one stuck reader can never hold up the room.
   */
  broadcast(message: string): BroadcastOutcome {
    let delivered = 0;
    let evicted = 0;
    for (const member of [...this.#members]) {
      if (member.offer(message)) {
        delivered += 1;
        continue;
      }
      this.#members.delete(member);
      member.dropped('evicted');
      evicted += 1;
    }
    return { delivered, evicted };
  }

  /** Shutdown: drop every member and refuse new ones. */
  stop(): void {
    this.#stopped = true;
    const members = [...this.#members];
    this.#members.clear();
    for (const member of members) member.dropped('stopped');
  }
}

interface ChatClientSettings {
  sendQueueCapacity: number;
  evictionGraceMs: number;
}

/**
 * ChatClient is the middleman between one connection and the hub (gorilla's
 * `Client`). Its readPump is the connection's message handler. Its
 * writePump is split in two, because a Node socket write never blocks:
 * while the socket keeps up, a message is written at once; once a write is
 * left waiting for the kernel (the peer is not reading fast enough), that is
 * gorilla's writePump blocked in `Write`, and messages wait in the bounded
 * send queue until it completes.
 */
export class ChatClient implements HubMember {
  readonly connection: SocketConnection;
  readonly #hub: Hub<ChatClient>;
  readonly #settings: ChatClientSettings;
  /** Gorilla's buffered `send` channel: bounded, never blocks the hub. */
  readonly #sendQueue: string[] = [];
  #dropReason: DropReason | null = null;
  /** A write is waiting for the socket; new messages queue behind it. */
  #writeBlocked = false;

  constructor(hub: Hub<ChatClient>, connection: SocketConnection, settings: ChatClientSettings) {
    this.#hub = hub;
    this.connection = connection;
    this.#settings = settings;
  }

  get queuedMessages(): number {
    return this.#sendQueue.length;
  }

  get dropReason(): DropReason | null {
    return this.#dropReason;
  }

  /** Register with the hub and start reading (gorilla's `serveWs`). */
  start(): void {
    this.connection.onMessage((message) => this.#readPump(message));
    // readPump's deferred `c.hub.unregister <- c`: whatever ended the
    // connection (peer close, 1009, missed pong), the hub forgets the client.
    this.connection.onClose(() => this.#hub.unregister(this));
    this.#hub.register(this);
  }

  offer(message: string): boolean {
    if (this.#dropReason !== null) return false;
    if (!this.#writeBlocked) {
      this.#write(message);
      return true;
    }
    if (this.#sendQueue.length >= this.#settings.sendQueueCapacity) return false;
    this.#sendQueue.push(message);
    return true;
  }

  dropped(reason: DropReason): void {
    if (this.#dropReason !== null) return;
    this.#dropReason = reason;
    this.#sendQueue.length = 0;
    if (reason === 'evicted') this.#closeEvicted();
    else if (reason === 'stopped') this.#closeQuietly(CloseCode.GoingAway, 'server shutting down');
  }

  /**
   * Gorilla's readPump body: newlines become spaces (a newline is the
   * writePump's separator between batched messages), surrounding whitespace
   * is trimmed, and the result goes to every member of the room.
   */
  #readPump(message: IncomingMessage): void {
    if (this.#dropReason !== null) return;
    const text = message.kind === 'text' ? message.text : new TextDecoder().decode(message.data);
    this.#hub.broadcast(text.replaceAll('\n', ' ').trim());
  }

  /**
   * Gorilla's writePump: write one text message. If the socket could not
   * take it all, wait for it, then send everything queued meanwhile as one
   * message, separated by newlines ("Add queued chat messages to the
   * current websocket message").
   */
  #write(text: string): void {
    const sent = this.connection.sendText(text);
    if (this.connection.bufferedAmount === 0) {
      // Handed to the kernel already; a failure means the connection is
      // gone, and its onClose unregisters this client.
      sent.catch(() => {});
      return;
    }
    this.#writeBlocked = true;
    sent.then(
      () => {
        this.#writeBlocked = false;
        if (this.#dropReason === null && this.#sendQueue.length > 0) this.#write(this.#sendQueue.splice(0).join('\n'));
      },
      () => {
        // Write deadline or closed connection: onClose unregisters.
      },
    );
  }

  #closeEvicted(): void {
    // 1008 Policy Violation: the room's one policy is keeping up.
    this.#closeQuietly(CloseCode.PolicyViolation, 'send queue full: client too slow');
    const timer = setTimeout(() => {
      if (this.connection.state !== 'CLOSED') this.connection.terminate();
    }, this.#settings.evictionGraceMs);
    timer.unref();
  }

  #closeQuietly(code: number, reason: string): void {
    if (this.connection.state === 'CLOSING' || this.connection.state === 'CLOSED') return;
    this.connection.close(code, reason).catch(() => {
      // Already closing or gone: nothing left to tell the peer.
    });
  }
}

export interface ChatRoute extends Route {
  readonly hub: Hub<ChatClient>;
}

/** The `/chat` endpoint: one hub for everyone who connects. */
export function createChatRoute(options: ChatOptions = {}): ChatRoute {
  const settings: ChatClientSettings = {
    sendQueueCapacity: positiveInteger(options.sendQueueCapacity ?? CHAT_SEND_QUEUE_CAPACITY, 'sendQueueCapacity'),
    evictionGraceMs: options.evictionGraceMs ?? CHAT_EVICTION_GRACE_MS,
  };
  const pingPeriodMs = options.pingPeriodMs ?? CHAT_PING_PERIOD_MS;
  const pongWaitMs = options.pongWaitMs ?? Math.max(CHAT_PONG_WAIT_MS, Math.ceil((pingPeriodMs * 10) / 9));
  if (pingPeriodMs >= pongWaitMs) throw new RangeError(`pingPeriodMs (${pingPeriodMs}) must be less than pongWaitMs (${pongWaitMs})`);
  const hub = new Hub<ChatClient>();
  return {
    path: '/chat',
    keepalive: { pingPeriodMs, pongWaitMs },
    maxMessageSize: positiveInteger(options.maxMessageSize ?? CHAT_MAX_MESSAGE_SIZE, 'maxMessageSize'),
    hub,
    accept(connection) {
      new ChatClient(hub, connection, settings).start();
    },
    async close() {
      hub.stop();
    },
  };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

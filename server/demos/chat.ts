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
//
// Two things gorilla's example gets from Go and we must do ourselves, or one
// flooder stalls the whole server (every other endpoint shares this thread):
// - The hub's goroutine is preempted; a loop over the room is not. So the hub
//   queues broadcasts and delivers them at most `offersPerTurn` offers per
//   event-loop turn, continuing with setImmediate, so I/O for everyone else
//   runs in between.
// - Gorilla's readPump blocks on `hub.broadcast <- message` until the hub
//   takes it, which paces a sender. Here each client has a token bucket
//   (`rateLimit`): a client that sends faster than it allows is closed with
//   1008 and a reason that says so, which the chat page shows, and its TCP
//   connection is dropped soon after (rateLimitGraceMs), so what it keeps
//   sending is not read for long. Closing, not silently dropping, because a
//   close frame's reason cannot be forged by another member, while a chat
//   line saying "slow down" could be.

import { type RateLimit, TokenBucket } from '../token-bucket';
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
 * A client the room lets go of (evicted, rate-limited) may not be reading:
 * its close frame can sit behind a full socket buffer. Gorilla drops the TCP
 * connection when the blocked write hits its deadline; we give the close
 * handshake this long.
 */
export const CHAT_EVICTION_GRACE_MS = 1_000;
/**
 * A rate-limited client's close handshake gets less: a browser answers our
 * close frame within one round trip, while a flooder never does, and every
 * byte it sends meanwhile must still be read (and dropped, RFC 6455 5.5.1).
 */
export const CHAT_RATE_LIMIT_GRACE_MS = 50;
/**
 * How fast one client may talk. A person types well under one message a
 * second; the burst lets a few quick lines through. Anything faster is a
 * script, and in a room of 50 every message costs 50 writes.
 */
export const CHAT_RATE_LIMIT: Readonly<ChatRateLimit> = { messagesPerSecond: 5, burst: 20 };
/**
 * Member offers the hub makes per event-loop turn before it lets other I/O
 * run: at most this many writes, a few milliseconds.
 */
export const CHAT_OFFERS_PER_TURN = 256;
/** Broadcasts waiting for delivery; a message beyond this closes its sender with 1013. */
export const CHAT_MAX_PENDING_BROADCASTS = 4096;

/** A token bucket: `burst` messages at once, refilled at `messagesPerSecond`. */
export type ChatRateLimit = RateLimit;

export interface ChatOptions {
  /** Messages a client may have waiting before it is evicted (default 256). */
  sendQueueCapacity?: number;
  /** Largest message accepted from a client, in bytes (default 512; larger → 1009). */
  maxMessageSize?: number;
  pingPeriodMs?: number;
  pongWaitMs?: number;
  /** How long the close handshake of a client the room lets go of may take before its TCP connection is dropped. */
  evictionGraceMs?: number;
  /**
   * Per-client token bucket (default 20 at once, 5 a second). A message past
   * it closes the client with 1008 "rate limit: …". null: no limit, for
   * tests that measure something else.
   */
  rateLimit?: ChatRateLimit | null;
  /** How long a rate-limited client's close handshake may take before its TCP connection is dropped (default 50 ms). */
  rateLimitGraceMs?: number;
  /** Offers the hub makes per event-loop turn (default 256). */
  offersPerTurn?: number;
  /** Broadcasts the hub lets wait (default 4096); one more closes its sender with 1013. */
  maxPendingBroadcasts?: number;
}

/** Why the hub let go of a member; decides how its connection ends. */
export type DropReason =
  /** The member left (its connection closed); the hub only forgets it. */
  | 'unregistered'
  /** Its send queue was full when a broadcast came. */
  | 'evicted'
  /** It sent faster than its rate limit allows. */
  | 'rate-limited'
  /** It spoke while the hub already had its maximum of broadcasts waiting. */
  | 'room-busy'
  /** The hub is shutting down with the server. */
  | 'stopped';

/** What the hub needs of a member: a non-blocking offer, and word when it is dropped. */
export interface HubMember {
  /** Queue a message without waiting; false when the queue is full (or closed). */
  offer(message: string): boolean;
  /** The hub forgot this member and will send it nothing more. Called exactly once. */
  dropped(reason: DropReason): void;
}

export interface HubOptions {
  /** Member offers per event-loop turn before the rest waits for the next turn. */
  offersPerTurn?: number;
  /** Broadcasts waiting for delivery; broadcast() refuses one more. */
  maxPendingBroadcasts?: number;
  /** Runs the next turn; setImmediate by default, so pending I/O runs first. Tests pass their own. */
  scheduleTurn?: (turn: () => void) => void;
}

/** A message on its way through the room: who it is for, and how far it got. */
interface Delivery<Member> {
  message: string;
  /** The members when delivery started; null until then. */
  recipients: Member[] | null;
  next: number;
}

/**
 * Hub maintains the set of active members and broadcasts messages to them
 * (gorilla's `Hub`). Each method is one arm of gorilla's `run()` select;
 * broadcasts are delivered in bounded turns (see the top of this file).
 */
export class Hub<Member extends HubMember = HubMember> {
  readonly #members = new Set<Member>();
  readonly #pending: Array<Delivery<Member>> = [];
  readonly #offersPerTurn: number;
  readonly #maxPendingBroadcasts: number;
  readonly #scheduleTurn: (turn: () => void) => void;
  #turnScheduled = false;
  #stopped = false;

  constructor(options: HubOptions = {}) {
    this.#offersPerTurn = positiveInteger(options.offersPerTurn ?? CHAT_OFFERS_PER_TURN, 'offersPerTurn');
    this.#maxPendingBroadcasts = positiveInteger(options.maxPendingBroadcasts ?? CHAT_MAX_PENDING_BROADCASTS, 'maxPendingBroadcasts');
    this.#scheduleTurn = options.scheduleTurn ?? ((turn) => void setImmediate(turn));
  }

  get size(): number {
    return this.#members.size;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Broadcasts not yet offered to every member. */
  get pendingBroadcasts(): number {
    return this.#pending.length;
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

  /**
   * `case client := <-h.unregister`: forget it, and close its send queue,
   * once. The reason says why (the member left, or broke a room rule).
   */
  unregister(member: Member, reason: DropReason = 'unregistered'): void {
    if (this.#members.delete(member)) member.dropped(reason);
  }

  /**
   * `case message := <-h.broadcast`: queue the message for every member; it
   * is offered to them, in order, over the next turns. False when the hub
   * is stopped or already has its maximum of broadcasts waiting.
   */
  broadcast(message: string): boolean {
    if (this.#stopped || this.#pending.length >= this.#maxPendingBroadcasts) return false;
    this.#pending.push({ message, recipients: null, next: 0 });
    this.#scheduleNextTurn();
    return true;
  }

  /** Shutdown: drop every member, forget what was waiting, and refuse new members. */
  stop(): void {
    this.#stopped = true;
    this.#pending.length = 0;
    const members = [...this.#members];
    this.#members.clear();
    for (const member of members) member.dropped('stopped');
  }

  #scheduleNextTurn(): void {
    if (this.#turnScheduled || this.#pending.length === 0) return;
    this.#turnScheduled = true;
    this.#scheduleTurn(() => {
      this.#turnScheduled = false;
      this.#deliverOneTurn();
      this.#scheduleNextTurn();
    });
  }

  /** At most offersPerTurn offers, oldest broadcast first. */
  #deliverOneTurn(): void {
    let budget = this.#offersPerTurn;
    while (budget > 0 && this.#pending.length > 0) {
      const delivery = this.#pending[0];
      delivery.recipients ??= [...this.#members];
      while (budget > 0 && delivery.next < delivery.recipients.length) {
        const member = delivery.recipients[delivery.next++];
        budget -= 1;
        this.#offer(member, delivery.message);
      }
      if (delivery.next === delivery.recipients.length) this.#pending.shift();
    }
  }

  /**
   * Offer without waiting. A member whose queue is full is evicted on the
   * spot, so one stuck reader can never hold up the room. A member that
   * left since the broadcast started is skipped.
   */
  #offer(member: Member, message: string): void {
    if (!this.#members.has(member) || member.offer(message)) return;
    this.#members.delete(member);
    member.dropped('evicted');
  }
}

/** The close reason a rate-limited client reads (within a close frame's 123 bytes, RFC 6455 5.5). */
export function rateLimitReason(limit: ChatRateLimit): string {
  return `rate limit: more than ${limit.burst} messages at once or ${limit.messagesPerSecond} a second`;
}

interface ChatClientSettings {
  sendQueueCapacity: number;
  evictionGraceMs: number;
  rateLimit: ChatRateLimit | null;
  rateLimitGraceMs: number;
}

/**
 * ChatClient is the middleman between one connection and the hub (gorilla's
 * `Client`). Its readPump is the connection's message handler. Its
 * writePump is split in two, because a Node socket write never blocks:
 * while the socket keeps up, the messages the hub offers in one turn are
 * written together at the end of the turn, one WebSocket message separated
 * by newlines (gorilla's writePump sends whatever its channel holds the
 * same way), so a room of 50 costs 50 writes a turn, not 50 per message;
 * once a write is left waiting for the kernel (the peer is not reading fast
 * enough), that is gorilla's writePump blocked in `Write`, and messages wait
 * in the bounded send queue until it completes.
 */
export class ChatClient implements HubMember {
  readonly connection: SocketConnection;
  readonly #hub: Hub<ChatClient>;
  readonly #settings: ChatClientSettings;
  /** Gorilla's buffered `send` channel: bounded, never blocks the hub. */
  readonly #sendQueue: string[] = [];
  /** Messages offered this turn while the socket keeps up; written as one at the end of the turn. */
  readonly #batch: string[] = [];
  #batchScheduled = false;
  #dropReason: DropReason | null = null;
  /** A write is waiting for the socket; new messages queue behind it. */
  #writeBlocked = false;
  /** Paces this client's messages; null when the room has no limit. */
  readonly #bucket: TokenBucket | null;

  constructor(hub: Hub<ChatClient>, connection: SocketConnection, settings: ChatClientSettings) {
    this.#hub = hub;
    this.connection = connection;
    this.#settings = settings;
    this.#bucket = settings.rateLimit ? new TokenBucket(settings.rateLimit) : null;
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

  /**
   * Takes a message without waiting. While the socket keeps up, gorilla's
   * writePump would drain the channel as fast as the hub fills it, so only
   * messages that arrive while a write is blocked count against the queue's
   * capacity; false when that queue is full.
   */
  offer(message: string): boolean {
    if (this.#dropReason !== null) return false;
    if (!this.#writeBlocked) {
      this.#batch.push(message);
      this.#scheduleBatch();
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
    this.#batch.length = 0;
    switch (reason) {
      case 'evicted':
        // 1008 Policy Violation: the room's first policy is keeping up.
        this.connection.closeAndLetGo(CloseCode.PolicyViolation, 'send queue full: client too slow', this.#settings.evictionGraceMs);
        break;
      case 'rate-limited':
        // 1008 again: its second is not talking over everyone. (Only a
        // client with a limit is ever rate-limited.)
        this.connection.closeAndLetGo(CloseCode.PolicyViolation, rateLimitReason(this.#settings.rateLimit ?? CHAT_RATE_LIMIT), this.#settings.rateLimitGraceMs);
        break;
      case 'room-busy':
        // 1013 Try Again Later (IANA registry): the room, not this client, is over its bound.
        this.connection.closeAndLetGo(CloseCode.TryAgainLater, 'the room is too busy; try again later', this.#settings.evictionGraceMs);
        break;
      case 'stopped':
        this.#closeQuietly(CloseCode.GoingAway, 'server shutting down');
        break;
      case 'unregistered':
        // The connection is already closed or closing.
        break;
    }
  }

  /**
   * Gorilla's readPump body: newlines become spaces (a newline is the
   * writePump's separator between batched messages), surrounding whitespace
   * is trimmed, and the result goes to every member of the room. A message
   * over the rate limit is not broadcast: its sender leaves the room, and
   * the engine drops whatever data it sends after our close frame.
   */
  #readPump(message: IncomingMessage): void {
    if (this.#dropReason !== null) return;
    if (this.#bucket && !this.#bucket.take()) {
      this.#hub.unregister(this, 'rate-limited');
      return;
    }
    const text = message.kind === 'text' ? message.text : new TextDecoder().decode(message.data);
    if (!this.#hub.broadcast(text.replaceAll('\n', ' ').trim())) this.#hub.unregister(this, 'room-busy');
  }

  /** Once the hub's current turn is over (a microtask), write what it offered as one message. */
  #scheduleBatch(): void {
    if (this.#batchScheduled) return;
    this.#batchScheduled = true;
    queueMicrotask(() => {
      this.#batchScheduled = false;
      if (this.#dropReason === null && this.#batch.length > 0) this.#write(this.#batch.splice(0).join('\n'));
    });
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
    rateLimit: options.rateLimit === undefined ? CHAT_RATE_LIMIT : options.rateLimit,
    rateLimitGraceMs: options.rateLimitGraceMs ?? CHAT_RATE_LIMIT_GRACE_MS,
  };
  if (settings.rateLimit) new TokenBucket(settings.rateLimit); // validates the limit now, not on the first connection
  const pingPeriodMs = options.pingPeriodMs ?? CHAT_PING_PERIOD_MS;
  const pongWaitMs = options.pongWaitMs ?? Math.max(CHAT_PONG_WAIT_MS, Math.ceil((pingPeriodMs * 10) / 9));
  if (pingPeriodMs >= pongWaitMs) throw new RangeError(`pingPeriodMs (${pingPeriodMs}) must be less than pongWaitMs (${pongWaitMs})`);
  const hub = new Hub<ChatClient>({ offersPerTurn: options.offersPerTurn, maxPendingBroadcasts: options.maxPendingBroadcasts });
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

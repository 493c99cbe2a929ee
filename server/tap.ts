// The tap: every byte of every WebSocket session, handshake included, kept in
// a bounded ring per session and streamed to subscribers (the explorer UI's
// live-sessions view, through the /tap endpoint). Messages are the types in
// engine/tap-messages.ts.
//
// Its promises:
// - memory: the bounds count what is really held, not just payload. A
//   session's chunks live in a few large slabs (one allocation for many
//   chunks, no object per chunk), each chunk a 33-byte record plus its bytes;
//   a slab is charged its whole capacity and a measured allowance for its
//   objects, a session an allowance for its own. A session's slabs stay
//   under `ringBytesPerSession`, everything under `maxTotalBytes`, and what
//   the process really holds is within 10% of the charge
//   (tests/server/tap.test.ts measures it: heap plus ArrayBuffers). Only
//   `maxClosedSessions` finished sessions stay for late viewers;
// - no credentials: the values of Cookie, Authorization and their kin in a
//   handshake (and in a proxied session's upstream request) are starred
//   before anything is kept or sent (engine/redact-credentials.ts);
// - a slow viewer never stalls a session: delivery never waits, and a
//   subscriber whose queue is over `subscriberQueueBytes` is dropped;
// - a viewer costs what it is sent: its replay is chosen by size before any
//   of it is serialised, and sent in small batches over event-loop turns, so
//   other sockets are served meanwhile; and there are at most
//   `maxSubscribers` viewers, `maxSubscribersPerAddress` from one address.

import { CloseCode } from '../engine/close';
import { redactCredentials } from '../engine/redact-credentials';
import type {
  TapChunk,
  TapClose,
  TapMessage,
  TapPhase,
  TapSender,
  TapSessionState,
  TapSessionSummary,
} from '../engine/tap-messages';

export interface TapOptions {
  /** Memory one session's ring may hold (record headers and slabs included); older chunks go first. Default 1 MiB, at least 4 KiB. */
  ringBytesPerSession?: number;
  /** Memory all sessions may hold together. Default 64 MiB, at least 4 KiB. */
  maxTotalBytes?: number;
  /** Finished sessions kept for viewers who arrive later. Default 200. */
  maxClosedSessions?: number;
  /** A subscriber with more than this queued (JSON characters) is dropped. Default 4 MiB (32 subscribers: 128 MiB at worst). */
  subscriberQueueBytes?: number;
  /** Subscribers at once; more are refused with 1013. Default 32. */
  maxSubscribers?: number;
  /** Subscribers at once from one address; more are refused with 1013. Default 4. */
  maxSubscribersPerAddress?: number;
  /** The clock, injectable for tests. Default Date.now. */
  now?: () => number;
}

/** Where a subscription delivers: in the server, a /tap WebSocket connection. */
export interface TapSubscriber {
  /** Queue one JSON message; must not block. */
  deliver(json: string): void;
  /** What is queued and not yet written (bytes or characters). */
  queuedBytes(): number;
  /**
   * Called once when the tap refuses or gives up on this subscriber, with the
   * close code to end it with (RFC 6455 7.4.1): 1013 Try Again Later when the
   * tap has no room for another viewer, 1008 Policy Violation when the viewer
   * did not keep up, 1011 Internal Error when delivery failed.
   */
  drop(reason: string, code: number): void;
}

export interface SubscribeOptions {
  /** Replay the retained history first (default true). */
  replay?: boolean;
  /** Where the viewer connects from, for `maxSubscribersPerAddress`; not counted when absent. */
  address?: string;
}

export interface SessionStart {
  id: string;
  target: string;
  remote: string;
}

/** What a session's recorder may change in its summary. */
export interface SessionChange {
  state?: TapSessionState;
  subprotocol?: string | null;
  /** wsx proxy: the target's URL and the upgrade request as sent there (summary.upstream; credentials starred here). */
  upstream?: { url: string; request: Uint8Array };
}

const DEFAULTS = {
  ringBytesPerSession: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxClosedSessions: 200,
  subscriberQueueBytes: 4 * 1024 * 1024,
  maxSubscribers: 32,
  maxSubscribersPerAddress: 4,
};

/** The smallest ring or total budget: a few slabs, so a handshake and some frames fit. */
const MIN_BUDGET_BYTES = 4 * 1024;

/**
 * What a slab costs beyond its bytes: the Slab object, the Buffer, its
 * ArrayBuffer and the allocator's bookkeeping. Measured on Node 20 at about
 * 360 bytes of heap (process.memoryUsage(), 50 000 slabs) plus the native
 * backing-store record the heap figures do not show; charged generously.
 */
const SLAB_OVERHEAD_BYTES = 512;

/**
 * What a session costs beyond its slabs and its strings (charged by their
 * length): the record, its summary, its ring and recorder. Measured on
 * Node 20 at about 360 bytes (50 000 sessions); charged generously.
 */
const SESSION_OVERHEAD_BYTES = 512;

/** A new session's first slab: a handshake's request and response fit. */
const MIN_SLAB_BYTES = 1024;
/** Slabs double up to this, so a busy session makes few allocations, and eviction frees at most this at once. */
const MAX_SLAB_BYTES = 64 * 1024;

/**
 * Replay work one event-loop turn may do over all subscribers, in JSON
 * characters serialised and handed over; then the loop serves every other
 * socket before the next turn.
 */
const REPLAY_TURN_CHARS = 64 * 1024;
/** One subscriber's share of a turn before the next replaying subscriber gets its own (round robin). */
const REPLAY_SLICE_CHARS = 16 * 1024;
/** Choosing one chunk for a replay, priced in JSON characters for the turn budget (about the same time as serialising that many). */
const PLAN_STEP_CHARS = 32;
/** Chunks chosen between two looks at the turn budget. */
const PLAN_STEPS_PER_CHECK = 256;

// One chunk's record in a slab, little-endian: the fields, the bytes, and the
// kept length once more after the bytes, so the ring can be walked backwards
// (newest first) as well as forwards.
const AT = 0; // float64: milliseconds since the epoch
const OFFSET = 8; // float64: where the chunk starts in its sender's stream
const LENGTH = 16; // float64: bytes the chunk had on the wire
const KEPT = 24; // uint32: bytes kept (fewer when the chunk was truncated)
const FLAGS = 28; // uint8: FROM_SERVER | PHASE_FRAMES
const BYTES = 29;
const TRAILER = 4; // uint32: the kept length again
/** Bytes a record takes besides the chunk's own. */
const RECORD_OVERHEAD = BYTES + TRAILER;

const FROM_SERVER = 1;
const PHASE_FRAMES = 2;

/** A chunk's fields as kept, without its session and bytes. */
type ChunkFields = Omit<TapChunk, 'session' | 'hex' | 'truncated'>;

/** One record read from a slab. */
interface StoredRecord extends Omit<ChunkFields, 'seq'> {
  /** Where its bytes start in the slab. */
  bytesAt: number;
  kept: number;
}

/**
 * A block of one session's records. Records are only appended; the whole
 * slab goes when the ring needs room, which is why eviction never leaves a
 * hole inside a session's history.
 */
class Slab {
  private data: Buffer | null;
  /** Bytes written so far. */
  used = 0;
  chunkCount = 0;
  /** The slab after this one in its session; followed by a replay still reading an evicted slab. */
  next: Slab | null = null;

  constructor(
    readonly capacity: number,
    /** Seq of its first record. */
    readonly firstSeq: number,
  ) {
    this.data = Buffer.alloc(capacity);
  }

  /** Memory it holds while retained. */
  get cost(): number {
    return this.capacity + SLAB_OVERHEAD_BYTES;
  }

  /** Evicted: its memory is given back and its records are gone. */
  get released(): boolean {
    return this.data === null;
  }

  get lastSeq(): number {
    return this.firstSeq + this.chunkCount - 1;
  }

  hasRoomFor(recordBytes: number): boolean {
    return this.used + recordBytes <= this.capacity;
  }

  append(chunk: Omit<ChunkFields, 'seq'>, kept: Uint8Array): void {
    const data = this.data!;
    const at = this.used;
    data.writeDoubleLE(chunk.at, at + AT);
    data.writeDoubleLE(chunk.offset, at + OFFSET);
    data.writeDoubleLE(chunk.length, at + LENGTH);
    data.writeUInt32LE(kept.length, at + KEPT);
    data[at + FLAGS] = (chunk.from === 'server' ? FROM_SERVER : 0) | (chunk.phase === 'frames' ? PHASE_FRAMES : 0);
    data.set(kept, at + BYTES);
    data.writeUInt32LE(kept.length, at + BYTES + kept.length);
    this.used += RECORD_OVERHEAD + kept.length;
    this.chunkCount++;
  }

  /** The record that starts at `position`. */
  read(position: number): StoredRecord {
    const data = this.data!;
    const flags = data[position + FLAGS];
    return {
      from: flags & FROM_SERVER ? 'server' : 'client',
      phase: flags & PHASE_FRAMES ? 'frames' : 'handshake',
      at: data.readDoubleLE(position + AT),
      offset: data.readDoubleLE(position + OFFSET),
      length: data.readDoubleLE(position + LENGTH),
      kept: data.readUInt32LE(position + KEPT),
      bytesAt: position + BYTES,
    };
  }

  /** Where the record that ends at `end` starts. */
  recordBefore(end: number): number {
    return end - RECORD_OVERHEAD - this.data!.readUInt32LE(end - TRAILER);
  }

  hex(record: StoredRecord): string {
    return this.data!.toString('hex', record.bytesAt, record.bytesAt + record.kept);
  }

  release(): void {
    this.data = null;
  }
}

/** Where one chunk is: its slab, where its record starts there, and its seq. */
interface ChunkPlace {
  slab: Slab;
  position: number;
  seq: number;
}

/** One session's chunks, oldest evicted first, a whole slab at a time. */
class SessionRing {
  private readonly slabs: Slab[] = [];
  /** Memory the slabs hold. */
  cost = 0;
  nextSeq = 0;

  constructor(private readonly ringBytes: number) {}

  get firstSeq(): number {
    return this.slabs[0]?.firstSeq ?? this.nextSeq;
  }

  get chunkCount(): number {
    return this.nextSeq - this.firstSeq;
  }

  get isEmpty(): boolean {
    return this.slabs.length === 0;
  }

  /** Keeps one chunk; returns how much the ring's memory changed (slabs freed to make room included). */
  append(chunk: Omit<ChunkFields, 'seq'>, kept: Uint8Array): number {
    const recordBytes = RECORD_OVERHEAD + kept.length;
    const tail = this.slabs.at(-1);
    if (tail?.hasRoomFor(recordBytes)) {
      tail.append(chunk, kept);
      this.nextSeq++;
      return 0;
    }
    const capacity = this.newSlabCapacity(recordBytes);
    let change = 0;
    // Room first, so the ring's bound holds with the new slab in it.
    while (this.slabs.length > 0 && this.cost + capacity + SLAB_OVERHEAD_BYTES > this.ringBytes) change -= this.dropOldestSlab();
    const slab = new Slab(capacity, this.nextSeq);
    if (tail) tail.next = slab;
    this.slabs.push(slab);
    this.cost += slab.cost;
    slab.append(chunk, kept);
    this.nextSeq++;
    return change + slab.cost;
  }

  /** Frees the oldest slab and every chunk in it; returns the memory freed (0 when empty). */
  dropOldestSlab(): number {
    const slab = this.slabs.shift();
    if (!slab) return 0;
    slab.release();
    this.cost -= slab.cost;
    return slab.cost;
  }

  /** Frees everything; returns the memory freed. */
  dropAll(): number {
    let freed = 0;
    while (!this.isEmpty) freed += this.dropOldestSlab();
    return freed;
  }

  /** Every retained chunk, oldest first. */
  *chunks(): Generator<{ seq: number; record: StoredRecord; slab: Slab }> {
    let seq = this.firstSeq;
    for (const slab of this.slabs) {
      for (let position = 0; position < slab.used; seq++) {
        const record = slab.read(position);
        yield { seq, record, slab };
        position = record.bytesAt + record.kept + TRAILER;
      }
    }
  }

  /** The newest chunk, or null when the ring is empty. */
  newest(): ChunkPlace | null {
    const slab = this.slabs.at(-1);
    return slab ? { slab, position: slab.recordBefore(slab.used), seq: this.nextSeq - 1 } : null;
  }

  /** The chunk just before `place`, or null when it is the oldest retained (or `place` itself was evicted). */
  older(place: ChunkPlace): ChunkPlace | null {
    if (place.slab.released) return null;
    if (place.position > 0) return { slab: place.slab, position: place.slab.recordBefore(place.position), seq: place.seq - 1 };
    const index = this.slabs.indexOf(place.slab);
    const previous = index > 0 ? this.slabs[index - 1] : null;
    return previous ? { slab: previous, position: previous.recordBefore(previous.used), seq: place.seq - 1 } : null;
  }

  /**
   * Slabs start small, for the many sessions that are a handshake and a few
   * frames, and double up to MAX_SLAB_BYTES (an eighth of the ring at most,
   * so eviction takes a small part of it); a record larger than that gets a
   * slab of its own size.
   */
  private newSlabCapacity(recordBytes: number): number {
    const largest = Math.max(MIN_SLAB_BYTES, Math.min(MAX_SLAB_BYTES, Math.floor(this.ringBytes / 8)));
    const previous = this.slabs.at(-1)?.capacity ?? 0;
    return Math.max(recordBytes, Math.min(largest, Math.max(MIN_SLAB_BYTES, previous * 2)));
  }
}

class SessionRecord {
  readonly ring: SessionRing;
  readonly streamOffset: Record<TapSender, number> = { client: 0, server: 0 };
  close: TapClose | null = null;
  /** What the record costs besides its ring: its objects and its strings (a proxied session's upstream request added when it comes). */
  fixedCost: number;

  constructor(
    readonly summary: TapSessionSummary,
    ringBytes: number,
  ) {
    this.ring = new SessionRing(ringBytes);
    this.fixedCost = SESSION_OVERHEAD_BYTES + summary.id.length + summary.target.length + summary.remote.length;
  }

  get cost(): number {
    return this.fixedCost + this.ring.cost;
  }
}

/**
 * What a replay produces, one step at a time: a JSON message to deliver, or
 * a number, the work done (in JSON characters) while choosing what to send.
 */
type ReplayStep = string | number;

/** One viewer: while its replay runs, live messages wait behind it. */
class Subscription {
  /** Live messages held back until the replay is done; null once it is. */
  held: string[] | null = null;
  heldChars = 0;
  /** The replay still to run; null once it is done (or when there was none). */
  replay: Generator<ReplayStep, void, undefined> | null = null;

  constructor(
    readonly subscriber: TapSubscriber,
    readonly address: string | null,
  ) {}

  /** What this viewer has waiting: in its socket, and held back behind the replay. */
  get queuedChars(): number {
    return this.subscriber.queuedBytes() + this.heldChars;
  }
}

/**
 * One session as a replay shows it: taken when the subscription starts, so
 * everything after that arrives once, as a live message.
 */
interface SessionReplay {
  record: SessionRecord;
  /** Characters its id takes in JSON, for pricing its chunks. */
  idChars: number;
  /** The state and subprotocol the session had then; later changes follow as live messages. */
  state: TapSessionState;
  subprotocol: string | null;
  /** Sent at the end when the session had ended by then. */
  close: TapClose | null;
  /** Its newest chunk then, or null; newer ones are live messages. */
  newest: ChunkPlace | null;
  /** Chunks it held then. */
  retained: number;
  /** The oldest chunk chosen to send, or null for none; from it to `newest` the chunks are contiguous. */
  first: ChunkPlace | null;
}

interface ReplayPlan {
  sessions: SessionReplay[];
  omittedChunks: number;
}

export class Tap {
  readonly ringBytesPerSession: number;
  private readonly maxTotalBytes: number;
  private readonly maxClosedSessions: number;
  private readonly subscriberQueueBytes: number;
  private readonly maxSubscribers: number;
  private readonly maxSubscribersPerAddress: number;
  private readonly now: () => number;
  /** Insertion order is opening order, which eviction relies on. */
  private readonly records = new Map<string, SessionRecord>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly subscriptionsByAddress = new Map<string, number>();
  /** Subscriptions whose replay is still running, served in turn. */
  private readonly replaying: Subscription[] = [];
  private replayTurn: NodeJS.Immediate | null = null;
  private totalBytes = 0;
  private closedCount = 0;

  constructor(options: TapOptions = {}) {
    this.ringBytesPerSession = atLeast(options.ringBytesPerSession ?? DEFAULTS.ringBytesPerSession, MIN_BUDGET_BYTES, 'ringBytesPerSession');
    this.maxTotalBytes = atLeast(options.maxTotalBytes ?? DEFAULTS.maxTotalBytes, MIN_BUDGET_BYTES, 'maxTotalBytes');
    this.maxClosedSessions = Math.max(0, options.maxClosedSessions ?? DEFAULTS.maxClosedSessions);
    this.subscriberQueueBytes = atLeast(options.subscriberQueueBytes ?? DEFAULTS.subscriberQueueBytes, 1, 'subscriberQueueBytes');
    this.maxSubscribers = atLeast(options.maxSubscribers ?? DEFAULTS.maxSubscribers, 1, 'maxSubscribers');
    this.maxSubscribersPerAddress = atLeast(options.maxSubscribersPerAddress ?? DEFAULTS.maxSubscribersPerAddress, 1, 'maxSubscribersPerAddress');
    this.now = options.now ?? Date.now;
  }

  /** Starts recording a session; the recorder is how the connection reports its bytes. */
  openSession(start: SessionStart): TapRecorder {
    if (this.records.has(start.id)) throw new Error(`tap session ${start.id} is already open`);
    const summary: TapSessionSummary = {
      id: start.id,
      target: start.target,
      remote: start.remote,
      openedAt: this.now(),
      state: 'handshake',
      subprotocol: null,
    };
    const record = new SessionRecord(summary, this.ringBytesPerSession);
    this.records.set(start.id, record);
    this.totalBytes += record.cost;
    this.enforceTotalBudget();
    this.publish({ type: 'session-opened', session: { ...summary } });
    return new TapRecorder(this, start.id);
  }

  /** Summaries of the retained sessions, oldest first. */
  sessions(): TapSessionSummary[] {
    return [...this.records.values()].map((record) => ({ ...record.summary }));
  }

  /** The retained chunks of one session, oldest first (empty when unknown). */
  chunks(sessionId: string): TapChunk[] {
    const record = this.records.get(sessionId);
    if (!record) return [];
    return [...record.ring.chunks()].map(({ seq, record: stored, slab }) => wireChunk(sessionId, seq, stored, slab.hex(stored)));
  }

  /** How a session ended, or null while it is open (or unknown). */
  closeOf(sessionId: string): TapClose | null {
    return this.records.get(sessionId)?.close ?? null;
  }

  /** Memory currently held over all sessions: slabs, and each slab's and session's allowance. */
  get retainedBytes(): number {
    return this.totalBytes;
  }

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  /**
   * Adds a subscriber: "hello", then (unless `replay` is false) the retained
   * history as far as it fits in half the subscriber's queue, then
   * "replay-done", then live messages. "hello" goes out now; the replay
   * starts on a later event-loop turn and is sent in bounded batches, and
   * live messages that come meanwhile follow it, in order.
   *
   * Returns the unsubscribe function, or null when the tap already has as
   * many subscribers as it takes (in all, or from `address`): then the
   * subscriber is not added, and is told so through drop(reason, 1013).
   */
  subscribe(subscriber: TapSubscriber, options: SubscribeOptions = {}): (() => void) | null {
    const address = options.address ?? null;
    const refusal = this.refusalFor(address);
    if (refusal) {
      subscriber.drop(refusal, CloseCode.TryAgainLater);
      return null;
    }
    const subscription = this.add(subscriber, address);
    const unsubscribe = () => this.remove(subscription);
    if (!this.deliver(subscription, json({ type: 'hello', protocol: 1, ringBytesPerSession: this.ringBytesPerSession }))) return unsubscribe;
    if (options.replay ?? true) this.startReplay(subscription);
    else this.deliver(subscription, json({ type: 'replay-done', omittedChunks: 0 }));
    return unsubscribe;
  }

  /** @internal TapRecorder's entry points. */
  record(sessionId: string, from: TapSender, phase: TapPhase, bytes: Uint8Array): void {
    const record = this.records.get(sessionId);
    if (!record || record.close) return;
    // Before anything is kept or sent: a viewer never sees a credential.
    const shown = phase === 'handshake' ? redactCredentials(bytes) : bytes;
    const kept = shown.subarray(0, this.maxKeptPerChunk);
    const chunk: ChunkFields = { seq: record.ring.nextSeq, from, phase, at: this.now(), offset: record.streamOffset[from], length: bytes.length };
    record.streamOffset[from] += bytes.length;
    // The ring copies the bytes: the caller's buffer may be reused or masked in place later.
    this.totalBytes += record.ring.append(chunk, kept);
    this.enforceTotalBudget();
    if (this.subscriptions.size > 0) {
      const hex = Buffer.from(kept.buffer, kept.byteOffset, kept.length).toString('hex');
      this.publish({ type: 'bytes', chunk: { session: sessionId, ...chunk, hex, truncated: kept.length < bytes.length } });
    }
  }

  /** @internal */
  update(sessionId: string, change: SessionChange): void {
    const record = this.records.get(sessionId);
    if (!record || record.close) return;
    if (change.state !== undefined) record.summary.state = change.state;
    if (change.subprotocol !== undefined) record.summary.subprotocol = change.subprotocol;
    if (change.upstream !== undefined) {
      const { url, request } = change.upstream;
      const requestHex = Buffer.from(redactCredentials(request)).toString('hex');
      const added = url.length + requestHex.length - (record.summary.upstream ? record.summary.upstream.url.length + record.summary.upstream.requestHex.length : 0);
      record.summary.upstream = { url, requestHex };
      record.fixedCost += added;
      this.totalBytes += added;
      this.enforceTotalBudget();
    }
    this.publish({ type: 'session-updated', session: { ...record.summary } });
  }

  /** @internal */
  close(sessionId: string, ending: { code: number | null; reason: string; wasClean: boolean }): void {
    const record = this.records.get(sessionId);
    if (!record || record.close) return;
    record.close = { session: sessionId, at: this.now(), ...ending };
    if (record.summary.state !== 'refused') record.summary.state = 'closed';
    this.closedCount++;
    this.publish({ type: 'session-closed', close: record.close });
    this.evictClosedSessions(this.maxClosedSessions);
  }

  /** The most of one chunk a ring can hold: its slab's allowance and the record header take the rest. */
  private get maxKeptPerChunk(): number {
    return this.ringBytesPerSession - SLAB_OVERHEAD_BYTES - RECORD_OVERHEAD;
  }

  private refusalFor(address: string | null): string | null {
    if (this.subscriptions.size >= this.maxSubscribers) return `the tap has its maximum of ${this.maxSubscribers} viewers; try again later`;
    if (address !== null && (this.subscriptionsByAddress.get(address) ?? 0) >= this.maxSubscribersPerAddress) {
      return `${address} already has ${this.maxSubscribersPerAddress} tap viewers, the most one address may; try again later`;
    }
    return null;
  }

  private add(subscriber: TapSubscriber, address: string | null): Subscription {
    const subscription = new Subscription(subscriber, address);
    this.subscriptions.add(subscription);
    if (address !== null) this.subscriptionsByAddress.set(address, (this.subscriptionsByAddress.get(address) ?? 0) + 1);
    return subscription;
  }

  /** Forgets a subscription and stops its replay. Idempotent. */
  private remove(subscription: Subscription): void {
    if (!this.subscriptions.delete(subscription)) return;
    const waiting = this.replaying.indexOf(subscription);
    if (waiting !== -1) this.replaying.splice(waiting, 1);
    subscription.replay = null;
    subscription.held = null;
    subscription.heldChars = 0;
    const address = subscription.address;
    if (address === null) return;
    const left = (this.subscriptionsByAddress.get(address) ?? 1) - 1;
    if (left > 0) this.subscriptionsByAddress.set(address, left);
    else this.subscriptionsByAddress.delete(address);
  }

  private dropSubscription(subscription: Subscription, reason: string, code: number): void {
    this.remove(subscription);
    subscription.subscriber.drop(reason, code);
  }

  /**
   * Takes the sessions as they are now and queues the replay: choosing what
   * fits in half the subscriber's queue and sending it happen in later
   * turns, a bounded amount each (REPLAY_TURN_CHARS).
   */
  private startReplay(subscription: Subscription): void {
    const sessions = [...this.records.values()].map(sessionReplayOf);
    subscription.held = [];
    subscription.replay = replaySteps(sessions, this.subscriberQueueBytes / 2);
    this.replaying.push(subscription);
    this.replayTurn ??= setImmediate(() => this.runReplayTurn());
  }

  /** One turn of replay work over all replaying subscribers, a slice each in turn, then the event loop goes on. */
  private runReplayTurn(): void {
    this.replayTurn = null;
    for (let spent = 0; spent < REPLAY_TURN_CHARS && this.replaying.length > 0; ) {
      const subscription = this.replaying.shift()!;
      const { used, over } = this.advanceReplay(subscription, REPLAY_SLICE_CHARS);
      spent += used;
      if (!over) this.replaying.push(subscription);
    }
    if (this.replaying.length > 0) this.replayTurn = setImmediate(() => this.runReplayTurn());
  }

  /** Runs a replay for about `slice` characters of work; `over` once it finished or its subscriber was dropped. */
  private advanceReplay(subscription: Subscription, slice: number): { used: number; over: boolean } {
    let used = 0;
    while (used < slice) {
      const replay = subscription.replay;
      if (!replay) return { used, over: true };
      const step = replay.next();
      if (step.done) {
        this.finishReplay(subscription);
        return { used, over: true };
      }
      if (typeof step.value === 'number') {
        used += step.value;
        continue;
      }
      used += step.value.length;
      if (!this.deliver(subscription, step.value)) return { used, over: true };
    }
    return { used, over: false };
  }

  /** The replay is out ("replay-done" included): the live messages that waited behind it follow. */
  private finishReplay(subscription: Subscription): void {
    const held = subscription.held ?? [];
    subscription.replay = null;
    subscription.held = null;
    subscription.heldChars = 0;
    for (const text of held) if (!this.deliver(subscription, text)) return;
  }

  private publish(message: TapMessage): void {
    if (this.subscriptions.size === 0) return;
    const text = json(message);
    for (const subscription of [...this.subscriptions]) {
      if (subscription.held) this.hold(subscription, text);
      else this.deliver(subscription, text);
    }
  }

  /** Delivers or drops; returns false when the subscriber was dropped. */
  private deliver(subscription: Subscription, text: string): boolean {
    if (!this.subscriptions.has(subscription)) return false;
    if (!this.hasRoomFor(subscription, text)) return false;
    try {
      subscription.subscriber.deliver(text);
      return true;
    } catch (error) {
      this.dropSubscription(subscription, `delivery failed: ${error instanceof Error ? error.message : String(error)}`, CloseCode.InternalError);
      return false;
    }
  }

  /** Keeps a live message behind a running replay, within the same queue bound. */
  private hold(subscription: Subscription, text: string): void {
    if (!this.hasRoomFor(subscription, text)) return;
    subscription.held!.push(text);
    subscription.heldChars += text.length;
  }

  /** Drops the subscriber when `text` would put it over its queue bound. */
  private hasRoomFor(subscription: Subscription, text: string): boolean {
    if (subscription.queuedChars + text.length <= this.subscriberQueueBytes) return true;
    this.dropSubscription(subscription, `subscriber queue over ${this.subscriberQueueBytes} bytes: too slow`, CloseCode.PolicyViolation);
    return false;
  }

  private evictClosedSessions(keep: number): void {
    if (this.closedCount <= keep) return;
    for (const [id, record] of this.records) {
      if (this.closedCount <= keep) break;
      if (record.close) this.forget(id, record);
    }
  }

  private enforceTotalBudget(): void {
    if (this.totalBytes <= this.maxTotalBytes) return;
    // Finished sessions go first, oldest first; then the biggest live ring
    // gives up its oldest slab.
    for (const [id, record] of this.records) {
      if (this.totalBytes <= this.maxTotalBytes) return;
      if (record.close) this.forget(id, record);
    }
    while (this.totalBytes > this.maxTotalBytes) {
      let biggest: SessionRecord | null = null;
      for (const record of this.records.values()) if (!biggest || record.ring.cost > biggest.ring.cost) biggest = record;
      if (!biggest || biggest.ring.isEmpty) return;
      this.totalBytes -= biggest.ring.dropOldestSlab();
    }
  }

  /** Removes a finished session; a replay still reading it counts its chunks as omitted. */
  private forget(id: string, record: SessionRecord): void {
    this.records.delete(id);
    this.totalBytes -= record.fixedCost + record.ring.dropAll();
    this.closedCount--;
  }
}

/** A session's handle on the tap: what the connection calls as bytes cross the wire. */
export class TapRecorder {
  constructor(
    private readonly tap: Tap,
    readonly sessionId: string,
  ) {}

  /** `bytes` exactly as they crossed the wire; the tap keeps a copy (credentials starred in the handshake). */
  record(from: TapSender, phase: TapPhase, bytes: Uint8Array): void {
    this.tap.record(this.sessionId, from, phase, bytes);
  }

  update(change: SessionChange): void {
    this.tap.update(this.sessionId, change);
  }

  /** Ends the session; later records are ignored. Idempotent. */
  close(ending: { code: number | null; reason: string; wasClean: boolean }): void {
    this.tap.close(this.sessionId, ending);
  }
}

function sessionReplayOf(record: SessionRecord): SessionReplay {
  const { state, subprotocol } = record.summary;
  return {
    record,
    idChars: jsonStringChars(record.summary.id),
    state,
    subprotocol,
    close: record.close,
    newest: record.ring.newest(),
    retained: record.ring.chunkCount,
    first: null,
  };
}

/** A whole replay: choose, then send; it ends with "replay-done". */
function* replaySteps(sessions: SessionReplay[], budget: number): Generator<ReplayStep, void, undefined> {
  const plan = yield* planReplay(sessions, budget);
  yield* replayMessages(plan);
}

/**
 * What to replay, chosen before anything is serialised: every session's
 * opening and ending, and chunks newest first over all sessions, priced by
 * the exact length of their JSON, while they fit in `budget`. A session
 * whose next older chunk does not fit stops there, so each session sends its
 * newest chunks and they are contiguous (a viewer decodes frames only from
 * contiguous bytes). The work is proportional to what is chosen, not to what
 * is retained, and it yields now and then so a turn stays short; a chunk
 * evicted meanwhile ends its session's choice, as its older ones are gone too.
 */
function* planReplay(sessions: SessionReplay[], budget: number): Generator<number, ReplayPlan, undefined> {
  const newestFirst = new NewestFirstQueue();
  let spent = 0;
  let chosenChunks = 0;
  sessions.forEach((session, order) => {
    spent += sessionMessagesChars(session);
    if (session.newest && !session.newest.slab.released) newestFirst.push(candidate(session, session.newest, order));
  });
  for (let next = newestFirst.pop(), steps = 1; next; next = newestFirst.pop(), steps++) {
    if (steps % PLAN_STEPS_PER_CHECK === 0) yield PLAN_STEPS_PER_CHECK * PLAN_STEP_CHARS;
    const chars = bytesMessageChars(next.session.idChars, next.place.seq, next.stored);
    if (spent + chars > budget) continue;
    spent += chars;
    chosenChunks++;
    next.session.first = next.place;
    const older = next.session.record.ring.older(next.place);
    if (older) newestFirst.push(candidate(next.session, older, next.order));
  }
  const retainedChunks = sessions.reduce((sum, session) => sum + session.retained, 0);
  return { sessions, omittedChunks: retainedChunks - chosenChunks };
}

/**
 * The replay's messages, serialised one at a time as the subscriber takes
 * them. Chunks evicted after they were chosen are skipped and counted as
 * omitted; eviction takes a session's oldest chunks, so what is sent of a
 * session stays its newest.
 */
function* replayMessages(plan: ReplayPlan): Generator<string, void, undefined> {
  for (const session of plan.sessions) {
    const { summary } = session.record;
    yield json({ type: 'session-opened', session: { ...summary, state: session.state, subprotocol: session.subprotocol } });
    const lastSeq = session.newest?.seq ?? -1;
    for (let place = session.first; place && place.seq <= lastSeq; ) {
      if (place.slab.released) {
        plan.omittedChunks += Math.min(lastSeq, place.slab.lastSeq) - place.seq + 1;
        place = nextSlab(place, place.slab.lastSeq + 1);
        continue;
      }
      const stored = place.slab.read(place.position);
      yield json({ type: 'bytes', chunk: wireChunk(summary.id, place.seq, stored, place.slab.hex(stored)) });
      const end = stored.bytesAt + stored.kept + TRAILER;
      place = end < place.slab.used ? { slab: place.slab, position: end, seq: place.seq + 1 } : nextSlab(place, place.seq + 1);
    }
    if (session.close) yield json({ type: 'session-closed', close: session.close });
  }
  yield json({ type: 'replay-done', omittedChunks: plan.omittedChunks });
}

function nextSlab(place: ChunkPlace, seq: number): ChunkPlace | null {
  const slab = place.slab.next;
  return slab ? { slab, position: 0, seq } : null;
}

interface ReplayCandidate {
  session: SessionReplay;
  place: ChunkPlace;
  stored: StoredRecord;
  /** The session's place in opening order: the later-opened session's chunk goes first on a tie. */
  order: number;
}

function candidate(session: SessionReplay, place: ChunkPlace, order: number): ReplayCandidate {
  return { session, place, stored: place.slab.read(place.position), order };
}

function isNewer(a: ReplayCandidate, b: ReplayCandidate): boolean {
  return a.stored.at !== b.stored.at ? a.stored.at > b.stored.at : a.order > b.order;
}

/** A binary heap of one candidate per session: the newest chunk over all sessions on top. */
class NewestFirstQueue {
  private readonly heap: ReplayCandidate[] = [];

  push(item: ReplayCandidate): void {
    const heap = this.heap;
    heap.push(item);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!isNewer(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): ReplayCandidate | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let newest = i;
      if (left < heap.length && isNewer(heap[left], heap[newest])) newest = left;
      if (right < heap.length && isNewer(heap[right], heap[newest])) newest = right;
      if (newest === i) break;
      [heap[i], heap[newest]] = [heap[newest], heap[i]];
      i = newest;
    }
    return top;
  }
}

function wireChunk(session: string, seq: number, stored: StoredRecord, hex: string): TapChunk {
  const { from, phase, at, offset, length } = stored;
  return { session, seq, from, phase, at, offset, length, hex, truncated: stored.kept < length };
}

/** A "bytes" message with empty strings and one-digit numbers: what every such message has besides its values. */
const BYTES_MESSAGE_SKELETON_CHARS = json({
  type: 'bytes',
  chunk: { session: '', seq: 0, from: 'client', phase: 'frames', at: 0, offset: 0, length: 0, hex: '', truncated: true },
}).length - 'client'.length - 'frames'.length - 4 - 'true'.length;

/**
 * The exact length of a chunk's "bytes" message, computed without building
 * it: hex is two characters a byte, the rest is the skeleton and the values.
 */
function bytesMessageChars(idChars: number, seq: number, stored: StoredRecord): number {
  const values = numberChars(seq) + numberChars(stored.at) + numberChars(stored.offset) + numberChars(stored.length);
  const words = stored.from.length + stored.phase.length + (stored.kept < stored.length ? 'true' : 'false').length;
  return BYTES_MESSAGE_SKELETON_CHARS + idChars + values + words + 2 * stored.kept;
}

/** Characters JSON writes for a number: counted for the small integers a chunk mostly has, asked for otherwise. */
function numberChars(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1e21) return String(value).length;
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/**
 * A generous estimate of a session's "session-opened" and "session-closed"
 * messages: their names, punctuation and numbers fit in 400 characters; the
 * id, target, remote address and subprotocol are visible ASCII (the request
 * parser takes nothing else), at most two JSON characters each; a close
 * reason is any text, at most six (\u00XX).
 */
function sessionMessagesChars(session: SessionReplay): number {
  const { id, target, remote, upstream } = session.record.summary;
  const ascii = 2 * id.length + target.length + remote.length + (session.subprotocol?.length ?? 0);
  // A proxied session's upstream: its field names in 100, its URL as the other strings, its hex as it is.
  const upstreamChars = upstream ? 100 + 2 * upstream.url.length + upstream.requestHex.length : 0;
  return 400 + 2 * ascii + upstreamChars + 6 * (session.close?.reason.length ?? 0);
}

/** Characters a string takes inside JSON quotes. */
function jsonStringChars(text: string): number {
  return JSON.stringify(text).length - 2;
}

function json(message: TapMessage): string {
  return JSON.stringify(message);
}

function atLeast(value: number, minimum: number, name: string): number {
  if (!(value >= minimum)) throw new RangeError(`${name} must be at least ${minimum}, not ${value}`);
  return value;
}

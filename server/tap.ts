// The tap: every byte of every WebSocket session, handshake included, kept in
// a bounded ring per session and streamed to subscribers (the explorer UI's
// live-sessions view, through the /tap endpoint). Messages are the types in
// engine/tap-messages.ts.
//
// Two promises, both about bounds:
// - memory: each session keeps at most `ringBytesPerSession`, all sessions
//   together at most `maxTotalBytes`, and only `maxClosedSessions` finished
//   sessions stay for late viewers;
// - a slow viewer never stalls a session: delivery never waits, and a
//   subscriber whose queue is over `subscriberQueueBytes` is dropped.

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
  /** Bytes kept per session; older chunks are evicted first. Default 1 MiB. */
  ringBytesPerSession?: number;
  /** Bytes kept over all sessions. Default 64 MiB. */
  maxTotalBytes?: number;
  /** Finished sessions kept for viewers who arrive later. Default 200. */
  maxClosedSessions?: number;
  /** A subscriber with more than this queued (JSON characters) is dropped. Default 8 MiB. */
  subscriberQueueBytes?: number;
  /** The clock, injectable for tests. Default Date.now. */
  now?: () => number;
}

/** Where a subscription delivers: in the server, a /tap WebSocket connection. */
export interface TapSubscriber {
  /** Queue one JSON message; must not block. */
  deliver(json: string): void;
  /** What is queued and not yet written (bytes or characters). */
  queuedBytes(): number;
  /** Called once when the tap gives up on this subscriber. */
  drop(reason: string): void;
}

export interface SubscribeOptions {
  /** Replay the retained history first (default true). */
  replay?: boolean;
}

export interface SessionStart {
  id: string;
  target: string;
  remote: string;
}

const DEFAULTS = {
  ringBytesPerSession: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxClosedSessions: 200,
  subscriberQueueBytes: 8 * 1024 * 1024,
};

/** A TapChunk as the ring keeps it: the bytes themselves; the session and the hex are added on the way out. */
type StoredChunk = Omit<TapChunk, 'session' | 'hex' | 'truncated'> & { bytes: Uint8Array };

/** One session's ring: chunks in order, oldest evicted first. */
class SessionRecord {
  readonly chunks: StoredChunk[] = [];
  private head = 0;
  bytes = 0;
  nextSeq = 0;
  readonly streamOffset: Record<TapSender, number> = { client: 0, server: 0 };
  close: TapClose | null = null;

  constructor(readonly summary: TapSessionSummary) {}

  get retained(): StoredChunk[] {
    return this.head === 0 ? this.chunks : this.chunks.slice(this.head);
  }

  push(chunk: StoredChunk): void {
    this.chunks.push(chunk);
    this.bytes += chunk.bytes.length;
  }

  /** Drops the oldest chunk; returns the bytes freed (0 when empty). */
  evictOldest(): number {
    if (this.head >= this.chunks.length) return 0;
    const freed = this.chunks[this.head].bytes.length;
    this.head++;
    this.bytes -= freed;
    // Compact now and then so eviction stays O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
    return freed;
  }
}

export class Tap {
  readonly ringBytesPerSession: number;
  private readonly maxTotalBytes: number;
  private readonly maxClosedSessions: number;
  private readonly subscriberQueueBytes: number;
  private readonly now: () => number;
  /** Insertion order is opening order, which eviction relies on. */
  private readonly records = new Map<string, SessionRecord>();
  private readonly subscribers = new Set<TapSubscriber>();
  private totalBytes = 0;
  private closedCount = 0;

  constructor(options: TapOptions = {}) {
    this.ringBytesPerSession = positive(options.ringBytesPerSession ?? DEFAULTS.ringBytesPerSession, 'ringBytesPerSession');
    this.maxTotalBytes = positive(options.maxTotalBytes ?? DEFAULTS.maxTotalBytes, 'maxTotalBytes');
    this.maxClosedSessions = Math.max(0, options.maxClosedSessions ?? DEFAULTS.maxClosedSessions);
    this.subscriberQueueBytes = positive(options.subscriberQueueBytes ?? DEFAULTS.subscriberQueueBytes, 'subscriberQueueBytes');
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
    this.records.set(start.id, new SessionRecord(summary));
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
    return record ? record.retained.map((chunk) => toWire(sessionId, chunk)) : [];
  }

  /** How a session ended, or null while it is open (or unknown). */
  closeOf(sessionId: string): TapClose | null {
    return this.records.get(sessionId)?.close ?? null;
  }

  /** Bytes currently held over all sessions. */
  get retainedBytes(): number {
    return this.totalBytes;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a subscriber: "hello", then (unless `replay` is false) the retained
   * history as far as it fits in half the subscriber's queue, then
   * "replay-done", then live messages. Returns the unsubscribe function.
   */
  subscribe(subscriber: TapSubscriber, options: SubscribeOptions = {}): () => void {
    this.subscribers.add(subscriber);
    const unsubscribe = () => {
      this.subscribers.delete(subscriber);
    };
    if (!this.offer(subscriber, json({ type: 'hello', protocol: 1, ringBytesPerSession: this.ringBytesPerSession }))) return unsubscribe;
    let omittedChunks = 0;
    if (options.replay ?? true) {
      const budget = this.subscriberQueueBytes / 2;
      let spent = 0;
      for (const record of this.records.values()) {
        const opened = json({ type: 'session-opened', session: { ...record.summary } });
        spent += opened.length;
        if (!this.offer(subscriber, opened)) return unsubscribe;
        for (const chunk of record.retained) {
          // History is a courtesy; a viewer that cannot take it all gets the
          // sessions and their endings, and is told how much was left out.
          const text = json({ type: 'bytes', chunk: toWire(record.summary.id, chunk) });
          if (spent + text.length > budget) {
            omittedChunks++;
            continue;
          }
          spent += text.length;
          if (!this.offer(subscriber, text)) return unsubscribe;
        }
        if (record.close && !this.offer(subscriber, json({ type: 'session-closed', close: record.close }))) return unsubscribe;
      }
    }
    this.offer(subscriber, json({ type: 'replay-done', omittedChunks }));
    return unsubscribe;
  }

  /** @internal TapRecorder's entry points. */
  record(sessionId: string, from: TapSender, phase: TapPhase, bytes: Uint8Array): void {
    const record = this.records.get(sessionId);
    if (!record || record.close) return;
    const kept = bytes.length > this.ringBytesPerSession ? bytes.subarray(0, this.ringBytesPerSession) : bytes;
    const chunk: StoredChunk = {
      seq: record.nextSeq++,
      from,
      phase,
      at: this.now(),
      offset: record.streamOffset[from],
      length: bytes.length,
      // A copy: the caller's buffer may be reused or masked in place later.
      bytes: kept.slice(),
    };
    record.streamOffset[from] += bytes.length;
    record.push(chunk);
    this.totalBytes += chunk.bytes.length;
    while (record.bytes > this.ringBytesPerSession) this.totalBytes -= record.evictOldest();
    this.enforceTotalBudget();
    this.publish({ type: 'bytes', chunk: toWire(sessionId, chunk) });
  }

  /** @internal */
  update(sessionId: string, change: { state?: TapSessionState; subprotocol?: string | null }): void {
    const record = this.records.get(sessionId);
    if (!record || record.close) return;
    if (change.state !== undefined) record.summary.state = change.state;
    if (change.subprotocol !== undefined) record.summary.subprotocol = change.subprotocol;
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

  private publish(message: TapMessage): void {
    if (this.subscribers.size === 0) return;
    const text = json(message);
    for (const subscriber of [...this.subscribers]) this.offer(subscriber, text);
  }

  /** Delivers or drops; returns false when the subscriber was dropped. */
  private offer(subscriber: TapSubscriber, text: string): boolean {
    if (!this.subscribers.has(subscriber)) return false;
    let reason: string | null = null;
    if (subscriber.queuedBytes() + text.length > this.subscriberQueueBytes) {
      reason = `subscriber queue over ${this.subscriberQueueBytes} bytes: too slow`;
    } else {
      try {
        subscriber.deliver(text);
        return true;
      } catch (error) {
        reason = `delivery failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    this.subscribers.delete(subscriber);
    subscriber.drop(reason);
    return false;
  }

  private evictClosedSessions(keep: number): void {
    if (this.closedCount <= keep) return;
    for (const [id, record] of this.records) {
      if (this.closedCount <= keep) break;
      if (!record.close) continue;
      this.records.delete(id);
      this.totalBytes -= record.bytes;
      this.closedCount--;
    }
  }

  private enforceTotalBudget(): void {
    if (this.totalBytes <= this.maxTotalBytes) return;
    // Finished sessions go first, oldest first; then the biggest live ring
    // gives up its oldest chunks.
    for (const [id, record] of this.records) {
      if (this.totalBytes <= this.maxTotalBytes) return;
      if (!record.close) continue;
      this.records.delete(id);
      this.totalBytes -= record.bytes;
      this.closedCount--;
    }
    while (this.totalBytes > this.maxTotalBytes) {
      let biggest: SessionRecord | null = null;
      for (const record of this.records.values()) if (!biggest || record.bytes > biggest.bytes) biggest = record;
      if (!biggest || biggest.bytes === 0) return;
      this.totalBytes -= biggest.evictOldest();
    }
  }
}

/** A session's handle on the tap: what the connection calls as bytes cross the wire. */
export class TapRecorder {
  constructor(
    private readonly tap: Tap,
    readonly sessionId: string,
  ) {}

  /** `bytes` exactly as they crossed the wire; the tap keeps a copy. */
  record(from: TapSender, phase: TapPhase, bytes: Uint8Array): void {
    this.tap.record(this.sessionId, from, phase, bytes);
  }

  update(change: { state?: TapSessionState; subprotocol?: string | null }): void {
    this.tap.update(this.sessionId, change);
  }

  /** Ends the session; later records are ignored. Idempotent. */
  close(ending: { code: number | null; reason: string; wasClean: boolean }): void {
    this.tap.close(this.sessionId, ending);
  }
}

function toWire(session: string, chunk: StoredChunk): TapChunk {
  const { bytes, ...fields } = chunk;
  return {
    session,
    ...fields,
    hex: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'),
    truncated: bytes.length < chunk.length,
  };
}

function json(message: TapMessage): string {
  return JSON.stringify(message);
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new RangeError(`${name} must be positive, not ${value}`);
  return value;
}

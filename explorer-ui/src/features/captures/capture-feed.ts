// The Captures view's one source of truth in the page: the opened file's
// listing (from the capture worker), the reading's progress, and the session
// shown, which is built as the Live view builds a live one: the worker hands
// its tap messages, and the Live view's own model (live-model.ts) reads them
// in slices (ingest-queue.ts), so the Live view's timeline, frame detail and
// handshake stepper show it unchanged. It outlives the view, so switching
// to the decoder and back keeps the capture open, and tells React when to
// draw again, at most every REDRAW_INTERVAL_MS.

import { useSyncExternalStore } from 'react';
import type { Direction } from '../../../../engine/frame-model';
import { IngestQueue, type SliceHost, browserSliceHost } from '../live/ingest-queue';
import { LiveModel, type LiveSession } from '../live/live-model';
import type { CaptureListing, ConversationSummary } from './capture-listing';
import { CaptureClient, type ProgressReply } from './capture-client';
import { saveFile } from './save-file';

const REDRAW_INTERVAL_MS = 100;
/** While a session's messages wait to be read, redraws (the timeline's list grows each time) make way for reading them. */
const BUSY_REDRAW_INTERVAL_MS = 300;
/** A session's tap messages are all held before they are read: no unread chunk is let go, up to this many characters. */
const MAX_QUEUED_CHARS = 512 * 1024 * 1024;

export type CaptureStatus =
  | { kind: 'empty' }
  | { kind: 'reading'; name: string; size: number; bytesRead: number; packets: number; stage: 'reading' | 'decoding'; startedAt: number }
  | { kind: 'ready' }
  | { kind: 'failed'; name: string; reason: string };

export interface ShownSession {
  conversation: string;
  /** The session, once its opening message has been read. */
  model: LiveModel;
  queue: IngestQueue;
  /** Tap messages the worker has sent for it so far. */
  messages: number;
}

export class CaptureFeed {
  readonly client = new CaptureClient();
  status: CaptureStatus = { kind: 'empty' };
  listing: CaptureListing | null = null;
  shown: ShownSession | null = null;
  /** The conversation picked in the list (a session or not). */
  chosen: string | null = null;
  /** The conversation whose session is on its way from the worker. */
  loading: string | null = null;
  /** A request that failed (a save, frames placed where none start), said once. */
  problem: string | null = null;
  version = 0;
  private readonly listeners = new Set<() => void>();
  private redrawPending = false;
  private lastRedraw = 0;
  private generation = 0;

  constructor(private readonly host: SliceHost = browserSliceHost()) {}

  /** Reads a pcap, pcapng, HAR or saved-session file; it replaces the one open. */
  async open(file: File): Promise<void> {
    const generation = ++this.generation;
    this.listing = null;
    this.chosen = null;
    this.shown?.queue.discard();
    this.shown = null;
    this.loading = null;
    this.problem = null;
    this.status = { kind: 'reading', name: file.name, size: file.size, bytesRead: 0, packets: 0, stage: 'reading', startedAt: performance.now() };
    this.changed(true);
    const answer = await this.client.ask({ type: 'open', file, name: file.name }, (progress: ProgressReply) => {
      if (generation !== this.generation || this.status.kind !== 'reading' || progress.type !== 'progress') return;
      this.status = { ...this.status, bytesRead: progress.bytesRead, packets: progress.packets, stage: progress.stage };
      this.changed();
    });
    if (generation !== this.generation) return;
    if (answer.type !== 'listing') {
      this.status = { kind: 'failed', name: file.name, reason: answer.type === 'failed' ? answer.reason : 'the capture reader gave no listing' };
      this.changed(true);
      return;
    }
    this.listing = answer.listing;
    this.status = { kind: 'ready' };
    this.changed(true);
    // The first session is shown at once: often it is the only one.
    const first = answer.listing.conversations.find((c) => c.session);
    if (first) void this.show(first.id);
  }

  /** Shows a conversation's session: its tap messages, read into a model of its own. */
  async show(conversation: string): Promise<void> {
    const generation = this.generation;
    this.shown?.queue.discard();
    this.shown = null;
    this.problem = null;
    this.chosen = conversation;
    const summary = this.conversation(conversation);
    if (!summary?.session) {
      this.loading = null;
      this.changed(true);
      return;
    }
    this.loading = conversation;
    // The session's messages arrive in parts and are read as they come: its first frames show while the rest is on its way.
    const model = new LiveModel();
    const queue = new IngestQueue(model, this.host, { onProgress: () => this.changed(), maxQueuedChars: MAX_QUEUED_CHARS });
    const shown: ShownSession = { conversation, model, queue, messages: 0 };
    this.shown = shown;
    this.changed(true);
    const answer = await this.client.ask({ type: 'session', conversation }, (part: ProgressReply) => {
      if (part.type !== 'session-part' || this.shown !== shown) return;
      for (const message of part.messages) queue.enqueue(message);
      shown.messages += part.messages.length;
    });
    if (generation !== this.generation || this.shown !== shown) return;
    this.loading = null;
    if (answer.type !== 'session') {
      this.shown = null;
      queue.discard();
      this.problem = answer.type === 'failed' ? answer.reason : 'the capture reader sent no session';
    }
    this.changed(true);
  }

  /** The shown session as the Live view's model has it, once its opening is read. */
  shownSession(): LiveSession | null {
    return this.shown?.model.sessions()[0] ?? null;
  }

  /** Frames start at `offset` of `direction`'s stream (and `client` is the client, when named); the conversation is read again. */
  async framesFrom(conversation: string, direction: Direction, offset: number, client?: string): Promise<void> {
    const generation = this.generation;
    this.problem = null;
    const answer = await this.client.ask({ type: 'frames-from', conversation, direction, offset, ...(client ? { client } : {}) });
    if (generation !== this.generation || !this.listing) return;
    if (answer.type !== 'conversation') {
      this.problem = answer.type === 'failed' ? answer.reason : 'the capture reader did not read the conversation again';
      this.changed(true);
      return;
    }
    this.listing = { ...this.listing, conversations: this.listing.conversations.map((c) => (c.id === conversation ? answer.conversation : c)) };
    await this.show(conversation);
  }

  /** Saves a session of the open file as a file of its own. */
  async save(conversation: string, as: 'json' | 'pcap'): Promise<void> {
    const answer = await this.client.ask({ type: 'save', conversation, as });
    if (answer.type !== 'saved') {
      this.problem = answer.type === 'failed' ? answer.reason : 'the capture reader saved nothing';
      this.changed(true);
      return;
    }
    saveFile(answer.bytes, answer.fileName, answer.mediaType);
  }

  conversation(id: string): ConversationSummary | null {
    return this.listing?.conversations.find((c) => c.id === id) ?? null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Redraws soon; `now` for a change a person just made (a click), at once. */
  private changed(now = false): void {
    if (now) {
      this.redrawPending = false;
      this.redraw();
      return;
    }
    if (this.redrawPending) return;
    this.redrawPending = true;
    const interval = (this.shown?.queue.pending ?? 0) > 0 ? BUSY_REDRAW_INTERVAL_MS : REDRAW_INTERVAL_MS;
    const wait = Math.max(0, this.lastRedraw + interval - performance.now());
    setTimeout(() => {
      if (!this.redrawPending) return;
      this.redrawPending = false;
      this.redraw();
    }, wait);
  }

  private redraw(): void {
    this.lastRedraw = performance.now();
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

let feed: CaptureFeed | null = null;

export function captureFeed(): CaptureFeed {
  feed ??= new CaptureFeed();
  return feed;
}

export function useCaptureFeed(): CaptureFeed {
  const current = captureFeed();
  useSyncExternalStore(current.subscribe, current.getVersion);
  return current;
}

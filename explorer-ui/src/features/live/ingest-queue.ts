// The tap's messages are taken in slices of a few milliseconds, so a replay
// of megabytes (tens of thousands of frames) never holds the page's main
// thread for long: typing, scrolling and clicking stay quick while it is
// read. The queue only holds the messages' text, which is cheap to receive;
// reading them (JSON, hex, frames) happens in the slices.

import type { LiveModel, ModelWork } from './live-model';
import { readTapMessage, type ReadTapMessage } from './tap-message-reader';

export interface SliceHost {
  now(): number;
  /** Runs `callback` soon, after the browser has had a chance to do other work. */
  schedule(callback: () => void): void;
}

export interface IngestOptions {
  /** Longest a slice runs before yielding. */
  sliceMs?: number;
  /** Unread characters held before the oldest chunks are let go. */
  maxQueuedChars?: number;
  /** Called after each slice that changed the model. */
  onProgress?: () => void;
}

export const DEFAULT_SLICE_MS = 8;
/**
 * Characters of unread messages the queue holds (about 64 MB). Past it, the
 * oldest unread "bytes" messages are let go: the sessions' streams then jump,
 * and the model shows the hole as a gap, as it does for history the tap did
 * not keep. Openings, endings and handshakes are never let go.
 */
export const MAX_QUEUED_CHARS = 32 * 1024 * 1024;
const BYTES_MESSAGE = '{"type":"bytes"';
const HANDSHAKE_PHASE = '"phase":"handshake"';

/** A chunk of frames: cheap to recognise from the text's start, without parsing it. */
function isFrameChunk(item: string | ReadTapMessage): boolean {
  if (typeof item !== 'string') return item.type === 'bytes' && item.chunk.phase === 'frames';
  return item.startsWith(BYTES_MESSAGE) && !item.slice(0, 300).includes(HANDSHAKE_PHASE);
}

/** What an item weighs in the queue's bound: a text's characters, a read chunk's bytes as the hex they would be. */
function charsOf(item: string | ReadTapMessage): number {
  if (typeof item === 'string') return item.length;
  return item.type === 'bytes' ? 2 * (item.chunk.bytes?.length ?? item.chunk.hex.length / 2) : 0;
}

export class IngestQueue {
  /** Messages as received (text), or already read (a capture's, from the capture worker). */
  private readonly texts: (string | ReadTapMessage)[] = [];
  private head = 0;
  private work: ModelWork | null = null;
  private scheduled = false;
  private readonly sliceMs: number;
  private readonly maxQueuedChars: number;
  private queuedChars = 0;
  /** Unread chunks let go to stay within maxQueuedChars. */
  droppedUnread = 0;
  private readonly onProgress: () => void;

  constructor(
    private readonly model: LiveModel,
    private readonly host: SliceHost,
    options: IngestOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.maxQueuedChars = options.maxQueuedChars ?? MAX_QUEUED_CHARS;
    this.onProgress = options.onProgress ?? (() => {});
  }

  /** Messages received and not yet read. */
  get pending(): number {
    return this.texts.length - this.head + (this.work ? 1 : 0);
  }

  enqueue(text: string | ReadTapMessage): void {
    this.texts.push(text);
    this.queuedChars += charsOf(text);
    if (this.queuedChars > this.maxQueuedChars) this.letGoOfOldChunks();
    this.wake();
  }

  /** The page reads slower than the tap sends: the oldest unread frame chunks go, everything else stays. */
  private letGoOfOldChunks(): void {
    const kept: (string | ReadTapMessage)[] = [];
    for (let i = this.head; i < this.texts.length; i++) {
      const text = this.texts[i];
      if (this.queuedChars > this.maxQueuedChars / 2 && isFrameChunk(text)) {
        this.queuedChars -= charsOf(text);
        this.droppedUnread++;
      } else {
        kept.push(text);
      }
    }
    this.texts.length = 0;
    this.texts.push(...kept);
    this.head = 0;
  }

  /** Forgets what is waiting (the model is being cleared or replaced). */
  discard(): void {
    this.texts.length = 0;
    this.head = 0;
    this.queuedChars = 0;
    this.work = null;
  }

  /** Reads for one slice; public so tests can drive it without a scheduler. */
  runSlice(): void {
    this.scheduled = false;
    const deadline = this.host.now() + this.sliceMs;
    let progressed = false;
    do {
      if (this.work) {
        if (this.work.run()) this.work = null;
      } else if (this.head < this.texts.length) {
        const text = this.texts[this.head++];
        this.queuedChars -= charsOf(text);
        this.work = this.model.apply(typeof text === 'string' ? readTapMessage(text) : text);
      } else {
        break;
      }
      progressed = true;
    } while (this.host.now() < deadline);
    if (this.head > 1024 && this.head * 2 > this.texts.length) {
      this.texts.splice(0, this.head);
      this.head = 0;
    }
    if (progressed) this.onProgress();
    if (this.pending > 0) this.wake();
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.schedule(() => this.runSlice());
  }
}

/** Slices are run as tasks of their own (a MessageChannel message), so input and drawing get their turn between them. */
export function browserSliceHost(): SliceHost {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    now: () => performance.now(),
    schedule: (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    },
  };
}

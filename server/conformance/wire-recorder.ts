// The wire log of one case, as it happens: every HTTP head, frame and event
// in both directions, timestamped from the case's start. Bounded, as
// Autobahn bounds its own (it turns the log off for its large cases): the
// first entries and the last ones are kept, the ones between are counted
// (the opening and how the connection ended are what a reader looks for);
// a frame longer than maxBytesPerEntry keeps its first bytes (the header
// and the start of the payload, which is what the decoder explains), and
// past maxKeptBytes in all, entries keep only their first few bytes.

import { bytesToHex } from '../../engine/hex';
import type { WireDirection, WireEntry, WireLog } from './report';

export interface WireBounds {
  /** Entries kept from the start, and as many from the end. */
  maxEntriesEachEnd: number;
  maxKeptBytes: number;
  maxBytesPerEntry: number;
}

/** A summary, or a function that writes it: most entries of a large case are evicted before anyone reads them. */
export type Summary = string | (() => string);

/** An entry as kept until the log is read: bytes and summary are turned into text only then. */
interface PendingEntry {
  t: number;
  direction: WireDirection;
  kind: WireEntry['kind'];
  bytes: Uint8Array;
  length: number;
  summary: Summary;
  chopSize?: number;
}

export const DEFAULT_WIRE_BOUNDS: WireBounds = { maxEntriesEachEnd: 40, maxKeptBytes: 32 * 1024, maxBytesPerEntry: 8 * 1024 };

/** What an entry keeps once the log's bytes are spent: a frame's longest header. */
const MIN_KEPT_BYTES = 14;

export class WireRecorder {
  private readonly head: PendingEntry[] = [];
  /** The latest entries past the head, oldest first; trimmed to maxEntriesEachEnd when read. */
  private tail: PendingEntry[] = [];
  private keptBytes = 0;
  private omittedEntries = 0;
  private omittedBytes = 0;

  constructor(
    private readonly now: () => number,
    private readonly bounds: WireBounds = DEFAULT_WIRE_BOUNDS,
  ) {}

  http(direction: WireDirection, bytes: Uint8Array, summary: Summary): void {
    this.add(direction, 'http', bytes, summary);
  }

  /** `length` is the frame's whole size when `bytes` holds only its start (a reader that kept the first bytes of a large frame). */
  frame(direction: WireDirection, bytes: Uint8Array, summary: Summary, options: { chopSize?: number; length?: number } = {}): void {
    this.add(direction, 'frame', bytes, summary, options.chopSize, options.length);
  }

  /** Bytes that are not one whole frame: part of a frame, or what followed a frame the reader could not follow. */
  bytes(direction: WireDirection, bytes: Uint8Array, summary: Summary): void {
    this.add(direction, 'bytes', bytes, summary);
  }

  event(direction: WireDirection, summary: string): void {
    this.add(direction, 'event', new Uint8Array(0), summary);
  }

  toLog(): WireLog {
    const dropped = this.tail.slice(0, Math.max(0, this.tail.length - this.bounds.maxEntriesEachEnd));
    return {
      entries: [...this.head, ...this.tail.slice(dropped.length)].map(toEntry),
      omittedEntries: this.omittedEntries + dropped.length,
      omittedBytes: this.omittedBytes + dropped.reduce((sum, e) => sum + e.bytes.length, 0),
    };
  }

  private add(direction: WireDirection, kind: WireEntry['kind'], bytes: Uint8Array, summary: Summary, chopSize?: number, length = bytes.length): void {
    const { maxEntriesEachEnd, maxKeptBytes, maxBytesPerEntry } = this.bounds;
    const room = Math.max(MIN_KEPT_BYTES, maxKeptBytes - this.keptBytes);
    const keep = Math.min(bytes.length, maxBytesPerEntry, room);
    const entry: PendingEntry = { t: Math.round(this.now() * 10) / 10, direction, kind, bytes: bytes.subarray(0, keep), length, summary, chopSize };
    this.keptBytes += keep;
    this.omittedBytes += length - keep;
    if (this.head.length < maxEntriesEachEnd) {
      this.head.push(entry);
      return;
    }
    this.tail.push(entry);
    if (this.tail.length > maxEntriesEachEnd * 2) {
      // Evicted in batches, so a million frames cost a million pushes, not a million shifts.
      const evicted = this.tail.splice(0, this.tail.length - maxEntriesEachEnd);
      for (const old of evicted) {
        this.omittedEntries++;
        this.omittedBytes += old.bytes.length;
        this.keptBytes -= old.bytes.length;
      }
    }
  }
}

function toEntry(pending: PendingEntry): WireEntry {
  const entry: WireEntry = {
    t: pending.t,
    direction: pending.direction,
    kind: pending.kind,
    hex: bytesToHex(pending.bytes),
    length: pending.length,
    summary: typeof pending.summary === 'string' ? pending.summary : pending.summary(),
  };
  if (pending.bytes.length < pending.length) entry.truncated = true;
  if (pending.chopSize !== undefined) entry.chopSize = pending.chopSize;
  return entry;
}

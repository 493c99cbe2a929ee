// permessage-deflate's per-message transform, RFC 7692 section 7.2, on
// pako's DEFLATE (zlib ported to pure JavaScript: the same in Node and the
// browser, and a true sync flush, which 7.2.1 is built on).
//
// Sending (7.2.1): compress the message, end it with a sync flush, and
// remove the flush's last 4 bytes, 00 00 ff ff. Receiving (7.2.2): put those
// 4 bytes back and inflate. With context takeover both sides keep their
// LZ77 window between messages, so a message may refer to the one before;
// without it each message starts from nothing.
//
// Inflating is bounded: the compressed bytes are fed in small slices and the
// output counted after each, so a small frame that would inflate past the
// message limit fails as soon as the limit is crossed, without the rest
// being inflated (a zip bomb costs the limit, not its claimed size).

import { Deflate, Inflate, constants } from 'pako';
import { concatBytes } from './concat-bytes';

/** The end of a sync flush (RFC 1951 3.2.4's empty stored block), stripped from each message and put back (7.2.1, 7.2.2). */
export const DEFLATE_TAIL = Uint8Array.of(0x00, 0x00, 0xff, 0xff);

/** An empty message, compressed: a stored block's header, to which the tail adds LEN 0 and NLEN. */
const EMPTY_MESSAGE = Uint8Array.of(0x00);

/** At most this many compressed bytes per inflate step: DEFLATE expands at most ~1032×, so one step yields ~264 KiB at most. */
const INFLATE_SLICE = 256;

export class MessageDeflater {
  private stream: Deflate | null = null;
  private output: Uint8Array[] = [];

  /**
   * `noContextTakeover`: start every message with an empty window (7.1.1);
   * `windowBits`: the window this side agreed to compress with (9–15; zlib
   * cannot compress with 8, so an agreement of 8 is never made).
   */
  constructor(
    private readonly noContextTakeover: boolean,
    private readonly windowBits = 15,
  ) {}

  /** The compressed payload of one message, without the 4-byte tail. */
  compress(message: Uint8Array): Uint8Array {
    if (!this.stream || this.noContextTakeover) {
      this.stream = new Deflate({ raw: true, windowBits: this.windowBits, level: 6, memLevel: 8 });
      this.stream.onData = (chunk) => this.output.push(chunk as Uint8Array);
    }
    this.stream.push(message, constants.Z_SYNC_FLUSH);
    const compressed = concatBytes(this.output);
    this.output = [];
    // zlib writes nothing for an empty message on a byte-aligned stream; the
    // receiver adds 00 00 ff ff, which needs a stored block's header before
    // it: so an empty message is the single byte 0x00 (RFC 7692 7.2.3.6).
    if (compressed.length === 0) return EMPTY_MESSAGE.slice();
    return endsWithTail(compressed) ? compressed.subarray(0, compressed.length - DEFLATE_TAIL.length) : compressed;
  }
}

export type InflateStep = { ok: true } | { ok: false; reason: 'too-big' | 'corrupt'; detail: string };

/** The LZ77 window: how far back DEFLATE may refer (RFC 1951 2). */
const WINDOW_BYTES = 32 * 1024;

/**
 * Inflates the messages of one direction, frame by frame: push() each
 * frame's payload as it completes, then end() when the message's last frame
 * did. Output is handed to `onData` as it is produced.
 *
 * Each message gets a fresh inflate stream; with context takeover it starts
 * from the last 32 KiB the previous messages inflated to, which is exactly
 * the window the sender compressed against. That also covers a sender that
 * ends a message's DEFLATE stream with a BFINAL block (RFC 7692 7.2.3.4).
 */
export class MessageInflater {
  private stream: Inflate | null = null;
  private produced = 0;
  private failure: string | null = null;
  /** The last 32 KiB of inflated output, kept between messages with context takeover. */
  private recent: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly noContextTakeover: boolean,
    private readonly maxMessageSize: number,
    private onData: (bytes: Uint8Array) => void = () => {},
  ) {}

  /** Bytes the current message has inflated to so far. */
  get inflatedSoFar(): number {
    return this.produced;
  }

  push(compressed: Uint8Array): InflateStep {
    if (!this.stream) this.stream = this.newStream();
    for (let at = 0; at < compressed.length; at += INFLATE_SLICE) {
      this.stream.push(compressed.subarray(at, at + INFLATE_SLICE), constants.Z_SYNC_FLUSH);
      if (this.stream.err) return this.failed({ ok: false, reason: 'corrupt', detail: `the compressed data is not valid DEFLATE (${this.stream.msg})` });
      if (this.failure) return this.failed({ ok: false, reason: 'too-big', detail: this.failure });
    }
    return { ok: true };
  }

  /** One whole message at once (the decoder's case): its inflated bytes go to `onChunk`. */
  inflate(compressed: Uint8Array, onChunk: (bytes: Uint8Array) => void): InflateStep {
    const sink = this.onData;
    this.onData = onChunk;
    try {
      const step = this.push(compressed);
      return step.ok ? this.end() : step;
    } finally {
      this.onData = sink;
    }
  }

  /** The message's last frame arrived: the tail goes back on (7.2.2), and the next message starts a new stream. */
  end(): InflateStep {
    const step = this.push(DEFLATE_TAIL);
    this.produced = 0;
    this.stream = null;
    if (this.noContextTakeover) this.recent = new Uint8Array(0);
    return step;
  }

  private newStream(): Inflate {
    const dictionary = this.noContextTakeover || this.recent.length === 0 ? undefined : this.recent;
    const stream = new Inflate({ raw: true, windowBits: 15, dictionary });
    stream.onData = (data) => {
      const chunk = data as Uint8Array;
      if (this.failure) return;
      this.produced += chunk.length;
      if (this.produced > this.maxMessageSize) {
        this.failure = `the message inflates past the ${this.maxMessageSize}-byte limit`;
        return;
      }
      if (!this.noContextTakeover) this.slideWindow(chunk);
      this.onData(chunk);
    };
    return stream;
  }

  private slideWindow(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (chunk.length >= WINDOW_BYTES) {
      this.recent = chunk.slice(chunk.length - WINDOW_BYTES);
      return;
    }
    const kept = this.recent.subarray(Math.max(0, this.recent.length + chunk.length - WINDOW_BYTES));
    const next = new Uint8Array(kept.length + chunk.length);
    next.set(kept);
    next.set(chunk, kept.length);
    this.recent = next;
  }

  /** After a failed message nothing of it is kept, its window included: what follows starts afresh. */
  private failed(step: InflateStep): InflateStep {
    this.stream = null;
    this.produced = 0;
    this.failure = null;
    this.recent = new Uint8Array(0);
    return step;
  }
}

/** The block type in the first 3 bits of a DEFLATE stream (RFC 1951 3.2.3), for people. */
export function firstDeflateBlock(compressed: Uint8Array): { final: boolean; type: 'stored' | 'fixed Huffman' | 'dynamic Huffman' | 'reserved' } | null {
  if (compressed.length === 0) return null;
  const byte = compressed[0];
  const type = (['stored', 'fixed Huffman', 'dynamic Huffman', 'reserved'] as const)[(byte >> 1) & 0b11];
  return { final: (byte & 1) === 1, type };
}

function endsWithTail(bytes: Uint8Array): boolean {
  const start = bytes.length - DEFLATE_TAIL.length;
  return start >= 0 && DEFLATE_TAIL.every((b, i) => bytes[start + i] === b);
}

// One direction of one session, cut into frames. The tap sends bytes in the
// chunks they crossed the wire in, and those do not line up with frames: a
// frame can span chunks, a chunk can hold thousands of frames. So each
// direction has its own engine FrameParser (engine/frame-parser.ts), told
// who sends (RFC 6455 5.1: the client's frames must be masked, the server's
// must not be), fed the chunks in stream order.
//
// A chunk whose offset is not where the previous one ended means the tap
// did not keep, or did not replay, the bytes between (tap-messages.ts: "a
// jump means bytes were not kept"). Parsing cannot go on across the hole:
// the parser is dropped, a gap is reported, and a frame boundary is looked
// for again. A chunk's first byte is the only candidate (the server writes
// whole frames; a client's chunks are TCP reads and may start anywhere), and
// it is trusted only once the bytes from it parse without breaking a rule
// up to the end of a chunk that is also the end of a frame. Until then the
// frames found are held back, so bytes from the middle of a frame are not
// shown as frames: random bytes pass one header's checks now and then, but
// rarely a run of frames that ends exactly where a chunk ends. Each chunk
// start is a candidate of its own, parsed side by side with the earlier
// ones, so one that claims a long length does not hold the others up.

import type { Direction } from '../../../../engine/frame-model';
import { FrameParser, type ParsedFrame, type ParserFailure } from '../../../../engine/frame-parser';

export interface StreamChunk {
  /** Where the chunk starts in its sender's stream (the handshake's first byte is 0). */
  offset: number;
  /** Bytes the chunk had on the wire. */
  length: number;
  /** The bytes the tap sent: all of them, or the first ones when `truncated`. */
  bytes: Uint8Array;
  /** When it crossed, ms since the epoch. */
  at: number;
}

export type GapCause =
  /** The direction's first frame bytes came without what preceded them. */
  | 'start-missing'
  /** A chunk started past where the previous one ended. */
  | 'jump'
  /** A chunk larger than the tap keeps came with only its first bytes. */
  | 'truncated';

export type StreamEvent =
  | { kind: 'frame'; frame: ParsedFrame; offset: number; at: number }
  | { kind: 'gap'; cause: GapCause; missingBytes: number; offset: number; at: number }
  /** Bytes given up on while looking for a frame boundary after a gap. */
  | { kind: 'skipped'; bytes: number; offset: number; at: number }
  | { kind: 'failure'; failure: ParserFailure; offset: number; at: number };

export interface DirectionStreamOptions {
  from: Direction;
  /** permessage-deflate was agreed: RSV1 marks compressed messages (RFC 7692 6.1); asked when a parser starts. */
  compressed?: () => boolean;
}

/** Frames handed out per step of a chunk's work, so one chunk of thousands of frames is cut over many slices. */
export const FRAMES_PER_STEP = 256;
/**
 * Bytes a boundary candidate may run on without reaching a frame's end at a
 * chunk's end before it is trusted anyway: a long message spans many chunks.
 */
const MAX_UNCONFIRMED_BYTES = 1024 * 1024;

type Mode = 'synced' | 'resyncing' | 'failed';

/** Candidate boundaries followed at once; an older one beyond this is given up. */
const MAX_CANDIDATES = 8;

/** A candidate frame boundary after a gap: where it starts, its own parser, and what it found so far. */
interface Candidate {
  offset: number;
  parser: FrameParser;
  bytes: number;
  held: StreamEvent[];
}

export class DirectionStream {
  private readonly from: Direction;
  private readonly compressed: () => boolean;
  private parser: FrameParser | null = null;
  /** Where the parser's stream starts in the direction's stream. */
  private parserBase = 0;
  /** Where the next chunk should start; null until the direction's first bytes. */
  private expected: number | null = null;
  private mode: Mode = 'synced';
  /** While resyncing: the candidate boundaries still standing, oldest first. */
  private candidates: Candidate[] = [];
  /** Where the bytes not yet shown as frames (or skipped) start, while resyncing. */
  private unplacedFrom = 0;

  constructor(options: DirectionStreamOptions) {
    this.from = options.from;
    this.compressed = options.compressed ?? (() => false);
  }

  /** True once the stream broke a rule: like a real receiver, it reads no further (RFC 6455 7.1.7). */
  get failed(): boolean {
    return this.mode === 'failed';
  }

  /** Handshake bytes of this direction: frames start where they end (RFC 6455 4.1, 4.2.2). */
  handshakeBytes(offset: number, length: number): void {
    this.expected = offset + length;
  }

  /** Starts a chunk; run() the returned work until it says it is done. */
  push(chunk: StreamChunk): ChunkWork {
    return new ChunkWork(this, chunk);
  }

  /** @internal ChunkWork's steps. */
  begin(chunk: StreamChunk, out: StreamEvent[]): void {
    const expected = this.expected;
    if (expected === null || chunk.offset !== expected) {
      // No handshake seen: the history starts inside the stream. A jump: bytes were lost.
      this.restart(out, expected ?? 0, chunk.at);
      const cause: GapCause = expected === null ? 'start-missing' : 'jump';
      out.push({ kind: 'gap', cause, missingBytes: expected === null ? chunk.offset : chunk.offset - expected, offset: chunk.offset, at: chunk.at });
      this.unplacedFrom = chunk.offset;
    }
    this.expected = chunk.offset + chunk.length;
    if (this.mode === 'synced' && !this.parser) {
      this.parser = this.newParser();
      this.parserBase = chunk.offset;
    }
  }

  /** @internal */
  get resyncing(): boolean {
    return this.mode === 'resyncing';
  }

  /** @internal Parses from `position` of the chunk with the stream's parser; returns the new position. */
  step(chunk: StreamChunk, position: number, maxFrames: number, out: StreamEvent[]): number {
    const parser = this.parser;
    if (!parser || this.mode !== 'synced') return chunk.bytes.length;
    const next = parseInto(parser, this.parserBase, chunk, position, maxFrames, out);
    if (!parser.failure) return next;
    out.push({ kind: 'failure', failure: parser.failure, offset: this.parserBase + parser.failure.offset, at: chunk.at });
    this.parser = null;
    this.mode = 'failed';
    return chunk.bytes.length;
  }

  /** @internal A whole chunk while resyncing: its first byte becomes a candidate, and every candidate reads it. */
  resync(chunk: StreamChunk, out: StreamEvent[]): void {
    this.candidates.push({ offset: chunk.offset, parser: this.newParser(), bytes: 0, held: [] });
    if (this.candidates.length > MAX_CANDIDATES) this.candidates.shift();
    for (const candidate of this.candidates) {
      for (let position = 0; position < chunk.bytes.length && !candidate.parser.failure; ) {
        position = parseInto(candidate.parser, candidate.offset, chunk, position, Infinity, candidate.held);
      }
      candidate.bytes += chunk.bytes.length;
    }
    // Those that broke a rule were not boundaries.
    this.candidates = this.candidates.filter((candidate) => !candidate.parser.failure);
    // The oldest that reached the end of a frame at the end of this chunk (or ran on long enough) is trusted.
    const trusted = this.candidates.find((candidate) => {
      const { name, needed } = candidate.parser.state;
      return (name === 'header' && needed === 2 && candidate.held.length > 0) || candidate.bytes > MAX_UNCONFIRMED_BYTES;
    });
    if (!trusted) return;
    if (trusted.offset > this.unplacedFrom) out.push({ kind: 'skipped', bytes: trusted.offset - this.unplacedFrom, offset: this.unplacedFrom, at: chunk.at });
    out.push(...trusted.held);
    this.parser = trusted.parser;
    this.parserBase = trusted.offset;
    this.candidates = [];
    this.mode = 'synced';
  }

  /** @internal The chunk is parsed; a chunk cut short by the tap is a gap. */
  end(chunk: StreamChunk, out: StreamEvent[]): void {
    if (chunk.bytes.length < chunk.length) {
      const offset = chunk.offset + chunk.bytes.length;
      this.restart(out, offset, chunk.at);
      out.push({ kind: 'gap', cause: 'truncated', missingBytes: chunk.length - chunk.bytes.length, offset, at: chunk.at });
      this.unplacedFrom = chunk.offset + chunk.length;
    }
  }

  /** Drops the parser at a hole at `offset`; bytes before it never placed as frames are reported skipped. */
  private restart(out: StreamEvent[], offset: number, at: number): void {
    if (this.mode === 'resyncing' && offset > this.unplacedFrom) out.push({ kind: 'skipped', bytes: offset - this.unplacedFrom, offset: this.unplacedFrom, at });
    this.candidates = [];
    this.parser = null;
    // A failed stream stays failed until a gap: after one, there is a new stretch to read.
    this.mode = 'resyncing';
  }

  private newParser(): FrameParser {
    return new FrameParser({ from: this.from, compressedMessages: this.compressed() });
  }
}

/** Pushes the chunk from `position` into a parser; its frames go to `out`; returns the new position. */
function parseInto(parser: FrameParser, base: number, chunk: StreamChunk, position: number, maxFrames: number, out: StreamEvent[]): number {
  const frames = parser.push(chunk.bytes.subarray(position), maxFrames);
  for (const frame of frames) out.push({ kind: 'frame', frame, offset: base + frame.offset, at: chunk.at });
  return parser.failure ? chunk.bytes.length : position + parser.consumedByLastPush;
}

/**
 * One chunk's parsing, done a few hundred frames at a time so a scheduler
 * can stop between steps. While looking for a frame boundary, the chunk is
 * parsed at once (DirectionStream.resync).
 */
export class ChunkWork {
  private position = 0;
  private begun = false;
  private finished = false;

  constructor(
    private readonly stream: DirectionStream,
    private readonly chunk: StreamChunk,
  ) {}

  /** Does one step; appends what it found to `out`; returns true when the chunk is done. */
  run(out: StreamEvent[], maxFrames = FRAMES_PER_STEP): boolean {
    if (this.finished) return true;
    if (!this.begun) {
      this.begun = true;
      this.stream.begin(this.chunk, out);
      if (this.stream.resyncing) {
        this.stream.resync(this.chunk, out);
        return this.finish(out);
      }
    }
    this.position = this.stream.step(this.chunk, this.position, maxFrames, out);
    if (this.position < this.chunk.bytes.length) return false;
    return this.finish(out);
  }

  private finish(out: StreamEvent[]): boolean {
    this.stream.end(this.chunk, out);
    this.finished = true;
    return true;
  }
}

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
// the parser is dropped, a gap is reported, and the next chunk that parses
// cleanly from its first byte is taken as a frame boundary again. Frames
// found while looking for that boundary are held back until the chunk
// parses to its end without breaking a rule, so bytes from the middle of a
// frame are not shown as frames.

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
  | { kind: 'frame'; frame: ParsedFrame; wire: Uint8Array; offset: number; at: number }
  | { kind: 'gap'; cause: GapCause; missingBytes: number; offset: number; at: number }
  /** Bytes given up on while looking for a frame boundary after a gap. */
  | { kind: 'skipped'; bytes: number; offset: number; at: number }
  | { kind: 'failure'; failure: ParserFailure; offset: number; at: number };

export interface DirectionStreamOptions {
  from: Direction;
  /** RSV bits the session's extensions gave meaning to (RFC 6455 5.2, 9), asked when a parser starts. */
  negotiatedRsv?: () => { rsv1?: boolean; rsv2?: boolean; rsv3?: boolean } | undefined;
}

/** Frames handed out per step of a chunk's work, so one chunk of thousands of frames is cut over many slices. */
export const FRAMES_PER_STEP = 256;

type Mode = 'synced' | 'resyncing' | 'failed';

export class DirectionStream {
  private readonly from: Direction;
  private readonly negotiatedRsv: DirectionStreamOptions['negotiatedRsv'];
  private parser: FrameParser | null = null;
  /** Where the parser's stream starts in the direction's stream. */
  private parserBase = 0;
  /** Where the next chunk should start; null until the direction's first bytes. */
  private expected: number | null = null;
  private mode: Mode = 'synced';

  constructor(options: DirectionStreamOptions) {
    this.from = options.from;
    this.negotiatedRsv = options.negotiatedRsv;
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
      const cause: GapCause = expected === null ? 'start-missing' : 'jump';
      out.push({ kind: 'gap', cause, missingBytes: expected === null ? chunk.offset : chunk.offset - expected, offset: chunk.offset, at: chunk.at });
      this.restart();
    }
    this.expected = chunk.offset + chunk.length;
    if (this.mode === 'resyncing' || (this.mode === 'synced' && !this.parser)) this.startParser(chunk.offset);
  }

  /** @internal */
  get resyncing(): boolean {
    return this.mode === 'resyncing';
  }

  /**
   * @internal Parses from `position` of the chunk. Returns the new position,
   * and whether a parser looking for a frame boundary gave up on the chunk.
   */
  step(chunk: StreamChunk, position: number, maxFrames: number, out: StreamEvent[]): { position: number; gaveUp: boolean } {
    const parser = this.parser;
    if (!parser || this.mode === 'failed') return { position: chunk.bytes.length, gaveUp: false };
    const frames = parser.push(chunk.bytes.subarray(position), maxFrames);
    for (const frame of frames) {
      out.push({ kind: 'frame', frame, wire: frame.wire!, offset: this.parserBase + frame.offset, at: chunk.at });
    }
    const failure = parser.failure;
    if (!failure) return { position: position + parser.consumedByLastPush, gaveUp: false };
    this.parser = null;
    if (this.mode === 'resyncing') return { position: chunk.bytes.length, gaveUp: true };
    out.push({ kind: 'failure', failure, offset: this.parserBase + failure.offset, at: chunk.at });
    this.mode = 'failed';
    return { position: chunk.bytes.length, gaveUp: false };
  }

  /** @internal The chunk is parsed: a resync that survived it is a sync; a cut-short chunk is a gap. */
  end(chunk: StreamChunk, resyncFailed: boolean, out: StreamEvent[]): void {
    if (this.mode === 'resyncing' && !resyncFailed) this.mode = 'synced';
    if (chunk.bytes.length < chunk.length) {
      const offset = chunk.offset + chunk.bytes.length;
      out.push({ kind: 'gap', cause: 'truncated', missingBytes: chunk.length - chunk.bytes.length, offset, at: chunk.at });
      this.restart();
    }
  }

  private restart(): void {
    this.parser = null;
    // A failed stream stays failed until a gap: after one, there is a new stretch to read.
    this.mode = 'resyncing';
  }

  private startParser(base: number): void {
    this.parser = new FrameParser({ from: this.from, keepWireBytes: true, negotiatedRsv: this.negotiatedRsv?.() });
    this.parserBase = base;
  }
}

/**
 * One chunk's parsing, done a few hundred frames at a time so a scheduler
 * can stop between steps. While resyncing, the chunk is parsed at once and
 * its frames count only when it parsed to its end without breaking a rule.
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
      if (this.stream.resyncing) return this.resync(out);
    }
    this.position = this.stream.step(this.chunk, this.position, maxFrames, out).position;
    if (this.position < this.chunk.bytes.length) return false;
    return this.finish(false, out);
  }

  private resync(out: StreamEvent[]): boolean {
    const found: StreamEvent[] = [];
    let gaveUp = false;
    while (this.position < this.chunk.bytes.length && !gaveUp) {
      ({ position: this.position, gaveUp } = this.stream.step(this.chunk, this.position, Infinity, found));
    }
    if (gaveUp) out.push({ kind: 'skipped', bytes: this.chunk.bytes.length, offset: this.chunk.offset, at: this.chunk.at });
    else out.push(...found);
    return this.finish(gaveUp, out);
  }

  private finish(gaveUp: boolean, out: StreamEvent[]): boolean {
    this.stream.end(this.chunk, gaveUp, out);
    this.finished = true;
    return true;
  }
}

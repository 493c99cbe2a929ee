// Watching one direction of a WebSocket stream someone else speaks: the
// proxy forwards bytes as they are and needs to know only two things about
// them, whether a close frame went by (to say how the session ended) and
// whether the stream is between frames (the only place the proxy's own
// close frame may go in at shutdown without cutting a frame in two).
//
// The engine's FrameParser reads a copy: it unmasks into its own buffer and
// never writes to the chunk it is given (engine/frame-parser.ts), so the
// bytes forwarded are never changed. It judges only what it must to find
// frame boundaries; whether the frames are valid is the endpoints' business
// (RFC 6455 7.1.7), so masking is not judged and any RSV bit is let through
// (an extension such as permessage-deflate, RFC 7692, may have been
// negotiated between client and target). What it does refuse (a reserved
// opcode, a frame over the size bound) ends the watch: forwarding goes on,
// the watch knows nothing more. The parser holds the frame whose payload is
// arriving; what all watches hold together is charged to one budget, and a
// watch that would take it over its limit stops following instead, so peers
// that each start a large frame and stall cannot make the proxy hold more.

import { readClosePayload, type ClosePayload } from '../engine/close';
import { FrameParser } from '../engine/frame-parser';
import { Opcode } from '../engine/opcode';
import type { HeldBytesBudget } from './held-bytes-budget';

export class FrameWatch {
  /** Null once the watch has stopped following the stream. */
  private parser: FrameParser | null;
  private stoppedBecause: string | null = null;
  /** What this watch has charged to the budget. */
  private charged = 0;
  /** The first close frame seen in this direction, or null. */
  close: ClosePayload | null = null;

  constructor(
    /**
     * The largest frame (and message) it follows. The parser holds the
     * frame whose payload is arriving, so this bounds its memory; a larger
     * one ends the watch.
     */
    maxFrameBytes: number,
    /** Shared by every watch of the proxy. */
    private readonly budget: HeldBytesBudget,
  ) {
    this.parser = new FrameParser({
      maxFrameSize: maxFrameBytes,
      maxMessageSize: Number.MAX_SAFE_INTEGER,
      negotiatedRsv: { rsv1: true, rsv2: true, rsv3: true },
    });
  }

  /** Reads bytes that crossed (or are crossing) the proxy; returns the close frame when this chunk held the first one. */
  observe(chunk: Uint8Array): ClosePayload | null {
    const parser = this.parser;
    if (!parser) return null;
    let first: ClosePayload | null = null;
    for (const frame of parser.push(chunk)) {
      if (frame.opcode !== Opcode.Close || this.close) continue;
      this.close = readClosePayload(frame.payload);
      first = this.close;
    }
    if (parser.failure) this.stop(parser.failure.problem.message);
    else this.charge(parser.bufferedBytes);
    return first;
  }

  /** Why the watch stopped following the stream, or null while it follows it. */
  get lostTrack(): string | null {
    return this.stoppedBecause;
  }

  /** True between two frames: a frame of the proxy's own fits here. */
  get atFrameBoundary(): boolean {
    const state = this.parser?.state;
    return state !== undefined && state.name === 'header' && state.needed === 2;
  }

  /** Gives back what it holds; the session is over. */
  release(): void {
    this.charge(0);
    this.parser = null;
  }

  private charge(bytes: number): void {
    this.budget.change(bytes - this.charged);
    this.charged = bytes;
    if (this.budget.exceeded) this.stop(`the proxy's budget of ${this.budget.limit} bytes for following unfinished frames is spent`);
  }

  private stop(reason: string): void {
    this.stoppedBecause ??= reason;
    this.parser = null;
    this.budget.change(-this.charged);
    this.charged = 0;
  }
}

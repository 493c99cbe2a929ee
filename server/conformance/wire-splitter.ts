// Cuts the server's byte stream into frames for the wire log, whatever they
// say: a masked frame, a reserved opcode or RSV bits are logged as frames
// like any other, because the log shows what came, and the judge (the
// engine's FrameParser, in server-reader.ts) says what is wrong with it. It
// reads headers with the engine's frame-header.ts and keeps only the first
// bytes of each payload, so a 16 MiB echo costs the log a few kilobytes.

import { type HeaderFacts, emptyHeaderFacts, readHeaderByte } from '../../engine/frame-header';
import { maskInPlace } from '../../engine/mask';

export interface SplitFrame {
  header: HeaderFacts;
  /** The frame's first bytes as received (header, then the payload's start). */
  bytes: Uint8Array;
  /** The frame's whole length, header included. */
  length: number;
  /** The payload's first bytes, unmasked. */
  payloadHead: Uint8Array;
}

const MAX_HEADER = 14;
/** Payload bytes kept per frame for the log: what the recorder keeps at most. */
const KEPT_PAYLOAD = 8 * 1024;

export class WireFrameSplitter {
  private header = emptyHeaderFacts();
  private readonly headerBytes = new Uint8Array(MAX_HEADER);
  private kept: Uint8Array = new Uint8Array(0);
  private keptLength = 0;
  private payloadSeen = 0;
  private lost = false;

  constructor(
    private readonly onFrame: (frame: SplitFrame) => void,
    /** Bytes the splitter cannot follow (a length past 2^53): reported once, with the rest of the chunk. */
    private readonly onUnfollowable: (bytes: Uint8Array) => void,
  ) {}

  /** Bytes of an unfinished frame when the stream ends, for the log. */
  get pending(): Uint8Array {
    if (this.header.bytesRead === 0) return new Uint8Array(0);
    const headerPart = this.headerBytes.subarray(0, Math.min(this.header.bytesRead, this.header.headerLength));
    const out = new Uint8Array(headerPart.length + this.keptLength);
    out.set(headerPart);
    out.set(this.kept.subarray(0, this.keptLength), headerPart.length);
    return out;
  }

  push(chunk: Uint8Array): void {
    if (this.lost) return this.onUnfollowable(chunk);
    let i = 0;
    while (i < chunk.length) {
      const h = this.header;
      if (h.bytesRead < 2 || h.bytesRead < h.headerLength) {
        const index = h.bytesRead;
        this.headerBytes[index] = chunk[i++];
        readHeaderByte(h, this.headerBytes, index);
        if (h.lengthBeyondSafeInteger || h.lengthMostSignificantBitSet) {
          this.lost = true;
          return this.onUnfollowable(concat(this.headerBytes.subarray(0, h.bytesRead), chunk.subarray(i)));
        }
        if (h.bytesRead >= 2 && h.bytesRead === h.headerLength) this.startPayload();
        continue;
      }
      const take = Math.min(chunk.length - i, h.payloadLength! - this.payloadSeen);
      const room = Math.min(take, this.kept.length - this.keptLength);
      if (room > 0) this.kept.set(chunk.subarray(i, i + room), this.keptLength);
      this.keptLength += Math.max(0, room);
      this.payloadSeen += take;
      i += take;
      if (this.payloadSeen === h.payloadLength) this.finishFrame();
    }
  }

  private startPayload(): void {
    const length = this.header.payloadLength!;
    this.kept = new Uint8Array(Math.min(length, KEPT_PAYLOAD));
    this.keptLength = 0;
    this.payloadSeen = 0;
    if (length === 0) this.finishFrame();
  }

  private finishFrame(): void {
    const h = this.header;
    const headerLength = h.headerLength;
    const bytes = concat(this.headerBytes.subarray(0, headerLength), this.kept.subarray(0, this.keptLength));
    const payloadHead = this.kept.slice(0, Math.min(this.keptLength, 256));
    if (h.masked) maskInPlace(payloadHead, this.headerBytes.slice(headerLength - 4, headerLength));
    this.onFrame({ header: { ...h }, bytes, length: headerLength + h.payloadLength!, payloadHead });
    this.header = emptyHeaderFacts();
    this.kept = new Uint8Array(0);
    this.keptLength = 0;
    this.payloadSeen = 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

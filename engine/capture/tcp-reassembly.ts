// One direction of a TCP connection put back together by sequence number,
// as the receiver's TCP does (RFC 9293 3.4 "Sequence Numbers", 3.10.7.4
// "SEGMENT ARRIVES", fifth step: "place it in the receive buffer in sequence
// order"). Segments are fed in the order the capture saw them:
//
//   - the SYN takes one sequence number, so the stream's byte 0 is ISN+1
//     (3.4); a FIN takes one after the last byte (its offset is kept);
//   - sequence numbers are unwrapped as they go, each read as the nearest
//     value to the one before (32-bit arithmetic, 3.4), so a stream may
//     cross 2^32 any number of times;
//   - a segment ahead of what is in order waits until the bytes before it
//     come; one that repeats bytes already in place is compared with them:
//     identical bytes are a retransmission, counted once; different bytes
//     are reported with both packets, and the first ones are kept (a
//     receiver keeps what it already passed on; nothing is guessed);
//   - bytes no packet carried are a gap, reported where it is and how long
//     when the capture ends; the bytes after it start a new run.
//
// Work is linear in the bytes plus a binary search per segment that
// arrives out of order; the stream is held once, in growing buffers.

import type { CaptureNote, CaptureStream, Endpoint, StreamChunk, StreamRun } from './capture-model';
import type { Direction } from '../frame-model';

export interface TcpSegmentInput {
  /** Unsigned 32-bit, as the header carries it. */
  sequenceNumber: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  /** The payload the capture holds. */
  payload: Uint8Array;
  /** The payload's length on the wire (more than payload.length when the capture cut the packet short). */
  payloadLength: number;
  time: number | null;
  packet: number | null;
}

interface WaitingSegment {
  start: number;
  bytes: Uint8Array;
  time: number | null;
  packet: number | null;
}

type StreamNote = Omit<CaptureNote, 'direction'>;

/** Conflicting retransmissions reported one by one; past this they are counted. */
const MAX_CONFLICT_NOTES = 50;
const INITIAL_BUFFER_BYTES = 4096;

export class TcpStreamAssembler {
  private baseSequence: number | null = null;
  private synSeen = false;
  private lastSequence = 0;
  private lastUnwrapped = 0;

  private readonly runs: StreamRun[] = [];
  private runStart = 0;
  private buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
  private runLength = 0;
  private readonly chunks: StreamChunk[] = [];

  /** Out-of-order segments, sorted by start; the ones before `waitingHead` are taken. */
  private waiting: WaitingSegment[] = [];
  private waitingHead = 0;

  private knownEnd = 0;
  private finOffset: number | null = null;
  private endedAt: number | null = null;
  private reset = false;
  private firstDataSequence: number | null = null;
  /** Where a packet cut short by the snap length stopped: offset → packet. */
  private readonly cutShortAt = new Map<number, number | null>();

  private retransmittedSegments = 0;
  private retransmittedBytes = 0;
  private conflicts = 0;
  private beforeStartBytes = 0;
  private readonly notes: StreamNote[] = [];

  constructor(private readonly sender: Endpoint) {}

  add(segment: TcpSegmentInput): void {
    let sequence = segment.sequenceNumber >>> 0;
    if (segment.syn) {
      const dataStart = (sequence + 1) >>> 0;
      if (this.baseSequence === null || (!this.synSeen && dataStart === this.baseSequence)) this.startAt(dataStart);
      else if (dataStart !== this.baseSequence) {
        this.notes.push({ kind: 'tcp-ending', message: `${packetName(segment.packet)} is a SYN with another initial sequence number (${sequence}) in the same connection: ignored`, packet: segment.packet ?? undefined, time: segment.time ?? undefined });
        return;
      }
      this.synSeen = true;
      sequence = dataStart;
    }
    if (this.baseSequence === null) this.startAt(sequence);
    const start = this.unwrap(sequence);
    if (segment.fin && this.finOffset === null) {
      this.finOffset = start + segment.payloadLength;
      this.endedAt = segment.time;
    }
    if (segment.rst) {
      this.reset = true;
      this.endedAt = segment.time;
    }
    if (segment.payloadLength === 0 && segment.payload.length === 0) return;
    if (this.firstDataSequence === null) this.firstDataSequence = sequence;
    this.knownEnd = Math.max(this.knownEnd, start + segment.payloadLength);
    if (segment.payload.length < segment.payloadLength) this.cutShortAt.set(start + segment.payload.length, segment.packet);
    let bytes = segment.payload;
    let at = start;
    if (at < 0) {
      // Before byte 0: older than the SYN, or (with no SYN captured) older than the first byte the capture saw.
      const skipped = Math.min(-at, bytes.length);
      this.beforeStartBytes += skipped;
      bytes = bytes.subarray(skipped);
      at += skipped;
    }
    if (bytes.length > 0) this.place({ start: at, bytes, time: segment.time, packet: segment.packet });
  }

  /** The capture is over: the stream, and what is known about what it lacks. */
  finish(direction: Direction): { stream: CaptureStream; notes: CaptureNote[] } {
    while (this.waitingHead < this.waiting.length) {
      const next = this.waiting[this.waitingHead];
      if (next.start > this.deliveredEnd) this.gapBefore(next);
      this.waitingHead++;
      this.place(next);
    }
    if (this.knownEnd > this.deliveredEnd) {
      const missing = this.knownEnd - this.deliveredEnd;
      const cutBy = this.cutShortAt.get(this.deliveredEnd);
      this.notes.push({
        kind: 'gap',
        message: `the last ${missing} byte${missing === 1 ? '' : 's'} (offset ${this.deliveredEnd} to ${this.knownEnd - 1}) were sent but not captured${cutBy !== undefined ? ` (packet #${cutBy} was cut short by the capture's snap length)` : ''}`,
        streamOffset: this.deliveredEnd,
        length: missing,
      });
    }
    this.closeRun();
    this.summarise();
    const stream: CaptureStream = {
      sender: this.sender,
      runs: this.runs,
      chunks: this.chunks,
      length: Math.max(this.knownEnd, this.deliveredEnd),
      synSeen: this.synSeen,
      finOffset: this.finOffset,
      endedAt: this.endedAt,
      reset: this.reset,
    };
    return { stream, notes: this.notes.map((note) => ({ ...note, direction })) };
  }

  private startAt(sequence: number): void {
    this.baseSequence = sequence;
    this.lastSequence = sequence;
    this.lastUnwrapped = 0;
  }

  /** RFC 9293 3.4: sequence space is modulo 2^32; the nearest value to the last one is the one meant. */
  private unwrap(sequence: number): number {
    const difference = (sequence - this.lastSequence) | 0;
    this.lastSequence = sequence;
    this.lastUnwrapped += difference;
    return this.lastUnwrapped;
  }

  private get deliveredEnd(): number {
    return this.runStart + this.runLength;
  }

  /** Puts a segment where it belongs, then takes the waiting ones it makes contiguous. */
  private place(segment: WaitingSegment): void {
    if (this.placeOne(segment)) this.takeWaiting();
  }

  /** Compares a segment with the bytes already in place, appends what is new, or keeps it waiting; true when bytes were appended. */
  private placeOne(segment: WaitingSegment): boolean {
    const end = segment.start + segment.bytes.length;
    const delivered = this.deliveredEnd;
    if (segment.start > delivered) {
      this.wait(segment);
      return false;
    }
    const repeated = Math.min(end, delivered) - segment.start;
    if (repeated > 0) this.compareRepeated(segment, repeated);
    if (end <= delivered) return false;
    this.append(segment.bytes.subarray(delivered - segment.start), segment.time, segment.packet);
    return true;
  }

  private wait(segment: WaitingSegment): void {
    // Binary search among the untaken; in-order arrival after a hole appends at the end.
    let low = this.waitingHead;
    let high = this.waiting.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.waiting[middle].start <= segment.start) low = middle + 1;
      else high = middle;
    }
    if (low === this.waiting.length) this.waiting.push(segment);
    else this.waiting.splice(low, 0, segment);
  }

  private takeWaiting(): void {
    while (this.waitingHead < this.waiting.length && this.waiting[this.waitingHead].start <= this.deliveredEnd) {
      this.placeOne(this.waiting[this.waitingHead++]);
    }
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
  }

  /** Bytes already in place came again: the same (a retransmission) or not (reported, the first kept). */
  private compareRepeated(segment: WaitingSegment, count: number): void {
    const from = segment.start - this.runStart;
    let differing = 0;
    let firstDifference = -1;
    for (let i = 0; i < count; i++) {
      if (this.buffer[from + i] !== segment.bytes[i]) {
        if (firstDifference < 0) firstDifference = i;
        differing++;
      }
    }
    if (differing === 0) {
      this.retransmittedSegments++;
      this.retransmittedBytes += count;
      return;
    }
    this.conflicts++;
    if (this.conflicts > MAX_CONFLICT_NOTES) return;
    const offset = segment.start + firstDifference;
    const first = this.chunkAt(offset);
    this.notes.push({
      kind: 'conflict',
      message: `${packetName(segment.packet)} carries offset ${segment.start} to ${segment.start + count - 1} again, and ${differing} of those ${count} bytes differ from the ones ${first?.packet ? `packet #${first.packet}` : 'an earlier packet'} carried (first at offset ${offset}): the first ones are kept, the others shown nowhere`,
      streamOffset: segment.start,
      length: count,
      packet: segment.packet ?? undefined,
      time: segment.time ?? undefined,
    });
  }

  private append(bytes: Uint8Array, time: number | null, packet: number | null): void {
    const needed = this.runLength + bytes.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, Math.floor(this.buffer.length * 1.5)));
      grown.set(this.buffer.subarray(0, this.runLength));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.runLength);
    this.chunks.push({ offset: this.deliveredEnd, length: bytes.length, time, packet });
    this.runLength = needed;
  }

  private gapBefore(next: WaitingSegment): void {
    const from = this.deliveredEnd;
    const missing = next.start - from;
    const before = this.chunks.length > 0 ? this.chunks[this.chunks.length - 1].packet : null;
    const cutBy = this.cutShortAt.get(from);
    const between = before !== null && next.packet !== null ? ` (between packet #${before} and packet #${next.packet})` : next.packet !== null ? ` (before packet #${next.packet})` : '';
    this.notes.push({
      kind: 'gap',
      message: `${missing} byte${missing === 1 ? '' : 's'} missing at offset ${from} to ${next.start - 1}: no captured packet carried them${between}${cutBy !== undefined ? `; packet #${cutBy} was cut short by the capture's snap length` : ''}`,
      streamOffset: from,
      length: missing,
      packet: next.packet ?? undefined,
      time: next.time ?? undefined,
    });
    this.closeRun();
    this.runStart = next.start;
    this.buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
    this.runLength = 0;
  }

  private closeRun(): void {
    if (this.runLength > 0) this.runs.push({ offset: this.runStart, bytes: this.buffer.subarray(0, this.runLength) });
  }

  /** The chunk holding `offset`, by binary search (chunks are in stream order). */
  private chunkAt(offset: number): StreamChunk | null {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const chunk = this.chunks[middle];
      if (offset < chunk.offset) high = middle - 1;
      else if (offset >= chunk.offset + chunk.length) low = middle + 1;
      else return chunk;
    }
    return null;
  }

  private summarise(): void {
    if (this.retransmittedSegments > 0) {
      this.notes.push({
        kind: 'retransmission',
        message: `${this.retransmittedSegments} segment${this.retransmittedSegments === 1 ? '' : 's'} repeated ${this.retransmittedBytes} byte${this.retransmittedBytes === 1 ? '' : 's'} already received, identically: each byte is kept once`,
        length: this.retransmittedBytes,
      });
    }
    if (this.conflicts > MAX_CONFLICT_NOTES) {
      this.notes.push({ kind: 'conflict', message: `${this.conflicts - MAX_CONFLICT_NOTES} more segments repeated bytes with different values (not listed one by one); the first ones are kept` });
    }
    if (!this.synSeen && this.firstDataSequence !== null) {
      this.notes.push({
        kind: 'start-missing',
        message: `no SYN from ${this.sender.address} port ${this.sender.port} was captured: its offsets count from the first byte the capture saw (sequence number ${this.firstDataSequence}), which may be in the middle of something`,
        streamOffset: 0,
      });
    }
    if (this.beforeStartBytes > 0) {
      this.notes.push({ kind: 'gap', message: `${this.beforeStartBytes} byte${this.beforeStartBytes === 1 ? '' : 's'} came with sequence numbers before the stream's first byte and are left out`, length: this.beforeStartBytes });
    }
    if (this.finOffset !== null && this.knownEnd > this.finOffset) {
      this.notes.push({ kind: 'tcp-ending', message: `${this.knownEnd - this.finOffset} bytes came after the FIN's place in the stream (offset ${this.finOffset}); RFC 9293 3.10.7.4 has a receiver ignore them`, streamOffset: this.finOffset });
    }
  }
}

function packetName(packet: number | null): string {
  return packet === null ? 'a packet' : `packet #${packet}`;
}

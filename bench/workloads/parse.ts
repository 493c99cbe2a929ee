// parse: masked binary client frames, as a server parses them. Ours is the
// engine's streaming FrameParser (copying, and borrowing the chunks as our
// server runs it); theirs is ws's Receiver. Binary frames with UTF-8
// validation off on both sides, so the cell measures framing and unmasking.
//
// Both ws's Receiver and our borrowing parser unmask a payload that lies
// whole in one chunk where it lies, in the caller's buffer. Every round feeds
// them the same chunks again, so those payload bytes flip between masked and
// unmasked from one op to the next: the XOR work is the same either way, and
// binary frames without validation never look at the bytes. Neither side is
// given a fresh copy, so neither pays for one. The copying parser never
// writes to a chunk.

import { encodeFrame } from '../../engine/frame';
import { headerLength } from '../../engine/frame-format';
import { FrameParser } from '../../engine/frame-parser';
import { Opcode } from '../../engine/opcode';
import { Receiver } from '../../tests/support/ws-internals';
import type { Workload } from '../measure';
import { type ContenderId, type Feed, MASKING_KEY, patternBytes, unknownContender } from './cells';

/** Each op parses at least this much (at least one frame), so per-op overheads weigh the same at every size. */
export const CHUNKED_VOLUME = 1 << 20;
/** Fed a byte at a time, an op is smaller: a push per byte is a thousand times the calls. */
export const BYTEWISE_VOLUME = 64 * 1024;

/** How often a byte-at-a-time op looks at the clock to give up past its deadline. */
const DEADLINE_CHECK_BYTES = 4096;

/** Where the last payload byte of each frame goes, so payloads are really read. */
let lastByte = 0;

export interface ClientStream {
  /** count frames back to back, as a client sends them. */
  stream: Buffer;
  frameLength: number;
  count: number;
}

/** Frames per op: enough for the op's volume, at least one. */
function framesPerOp(frameLength: number, feed: Feed): number {
  return Math.max(1, Math.ceil((feed === 1 ? BYTEWISE_VOLUME : CHUNKED_VOLUME) / frameLength));
}

/** Payload bytes one op of this cell parses. */
export function parseUnitsPerOp(size: number, feed: Feed): number {
  return framesPerOp(headerLength(size, true) + size, feed) * size;
}

export function clientStream(size: number, feed: Feed): ClientStream {
  const frame = encodeFrame({ opcode: Opcode.Binary, payload: patternBytes(size), maskingKey: MASKING_KEY });
  const count = framesPerOp(frame.length, feed);
  // Its own ArrayBuffer (not Node's shared pool), as a large socket read is.
  const stream = Buffer.allocUnsafeSlow(count * frame.length);
  for (let i = 0; i < count; i++) stream.set(frame, i * frame.length);
  return { stream, frameLength: frame.length, count };
}

/** The stream cut as it arrives: one frame per chunk, or fixed-size chunks that cut across frames. Byte-at-a-time views are made as they are pushed. */
export function chunksOf({ stream, frameLength }: ClientStream, feed: Feed): Buffer[] {
  const step = feed === 'whole' ? frameLength : feed;
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += step) chunks.push(stream.subarray(at, Math.min(stream.length, at + step)));
  return chunks;
}

export function parseWorkload(size: number, feed: Feed, contender: ContenderId): Workload {
  const input = clientStream(size, feed);
  const unitsPerOp = input.count * size;
  const chunks = feed === 1 ? [] : chunksOf(input, feed);
  switch (contender) {
    case 'ours':
    case 'ours-borrowing': {
      const parser = new FrameParser({ from: 'client', borrowChunks: contender === 'ours-borrowing' });
      const pushOne = (chunk: Uint8Array): number => {
        let units = 0;
        for (const frame of parser.push(chunk)) {
          units += frame.payload.length;
          lastByte ^= frame.payload[frame.payload.length - 1];
        }
        return units;
      };
      return feed === 1 ? bytewise(input.stream, unitsPerOp, pushOne) : chunked(chunks, unitsPerOp, pushOne);
    }
    case 'ws': {
      const receiver = new Receiver({ isServer: true, maxPayload: 0, skipUTF8Validation: true });
      let units = 0;
      receiver.on('message', (data: Buffer) => {
        units += data.length;
        lastByte ^= data[data.length - 1];
      });
      receiver.on('error', (error: Error) => {
        throw error;
      });
      const pushOne = (chunk: Buffer): number => {
        units = 0;
        receiver.write(chunk);
        return units;
      };
      return feed === 1 ? bytewise(input.stream, unitsPerOp, pushOne) : chunked(chunks, unitsPerOp, pushOne);
    }
    default:
      return unknownContender('parse', contender);
  }
}

function chunked(chunks: Buffer[], unitsPerOp: number, pushOne: (chunk: Buffer) => number): Workload {
  return {
    unitsPerOp,
    op() {
      let units = 0;
      for (let i = 0; i < chunks.length; i++) units += pushOne(chunks[i]);
      return units;
    },
  };
}

/** One byte per push, each in a view made as it is pushed: a socket hands out a new Buffer for every read. */
function bytewise(stream: Buffer, unitsPerOp: number, pushOne: (chunk: Buffer) => number): Workload {
  return {
    unitsPerOp,
    op(deadline) {
      let units = 0;
      for (let i = 0; i < stream.length; i++) {
        units += pushOne(stream.subarray(i, i + 1));
        if (i % DEADLINE_CHECK_BYTES === 0 && performance.now() > deadline) return -1;
      }
      return units;
    },
  };
}


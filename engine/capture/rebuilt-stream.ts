// A stream for bytes that were described rather than captured (a HAR
// file's handshake and messages): the pieces laid end to end, each with
// its time, in the same shape reassembly gives a captured direction, so
// everything downstream (session finding, frames, the Live view) treats
// both alike. No packet numbers: nothing here was a packet.

import { concatBytes } from '../concat-bytes';
import type { CaptureStream, Endpoint, StreamChunk } from './capture-model';

export interface TimedBytes {
  bytes: Uint8Array;
  /** Milliseconds since the epoch. */
  time: number | null;
}

export function rebuiltStream(sender: Endpoint, pieces: readonly TimedBytes[]): CaptureStream {
  const chunks: StreamChunk[] = [];
  let offset = 0;
  for (const piece of pieces) {
    if (piece.bytes.length === 0) continue;
    chunks.push({ offset, length: piece.bytes.length, time: piece.time, packet: null });
    offset += piece.bytes.length;
  }
  const bytes = concatBytes(pieces.map((piece) => piece.bytes));
  return {
    sender,
    runs: bytes.length > 0 ? [{ offset: 0, bytes }] : [],
    chunks,
    length: bytes.length,
    synSeen: true,
    finOffset: null,
    endedAt: null,
    reset: false,
  };
}

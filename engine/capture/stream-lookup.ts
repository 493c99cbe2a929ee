// Finding things in a reassembled stream by offset: the run that holds a
// byte, and the chunk (the packet) that carried it. Both lists are in
// stream order, so a binary search answers in log time.

import type { CaptureStream, StreamChunk, StreamRun } from './capture-model';

export function runAt(stream: CaptureStream, offset: number): StreamRun | null {
  const { runs } = stream;
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const run = runs[middle];
    if (offset < run.offset) high = middle - 1;
    else if (offset >= run.offset + run.bytes.length) low = middle + 1;
    else return run;
  }
  return null;
}

export function chunkAt(stream: CaptureStream, offset: number): StreamChunk | null {
  const { chunks } = stream;
  let low = 0;
  let high = chunks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const chunk = chunks[middle];
    if (offset < chunk.offset) high = middle - 1;
    else if (offset >= chunk.offset + chunk.length) low = middle + 1;
    else return chunk;
  }
  return null;
}

/** The bytes from `offset` to the end of the run holding it (empty when no run does). */
export function bytesFrom(stream: CaptureStream, offset: number): Uint8Array {
  const run = runAt(stream, offset);
  return run ? run.bytes.subarray(offset - run.offset) : new Uint8Array(0);
}

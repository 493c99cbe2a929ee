// The micro-benchmark cells, as plain data: the main process and the ws
// worker (a child process, bench/ws-worker.ts) both build a cell's workload
// from this description, from the same deterministic bytes.

import type { Workload } from '../measure';
import { acceptWorkload } from './accept';
import { buildWorkload } from './build';
import { parseWorkload } from './parse';
import { unmaskWorkload } from './unmask';
import { utf8Workload } from './utf8';

/** 16 B and 125 B fit the 7-bit length, 1 KiB the 16-bit one, 64 KiB and 1 MiB the 64-bit one (RFC 6455 5.2). */
export const FRAME_SIZES = [16, 125, 1024, 64 * 1024, 1024 * 1024] as const;
export const UNMASK_SIZES = [125, 1024, 64 * 1024, 1024 * 1024] as const;

/** How a parse cell's bytes arrive: the whole frame per push, fixed-size chunks cut across frames, or one byte at a time. */
export type Feed = 'whole' | 1400 | 65536 | 1;
export const FEEDS: readonly Feed[] = ['whole', 1400, 65536, 1];

export type MicroCell =
  | { group: 'parse'; size: number; feed: Feed }
  | { group: 'build'; size: number; masked: boolean }
  | { group: 'unmask'; size: number }
  | { group: 'utf8'; text: 'ascii' | 'mixed' }
  | { group: 'accept' };

/**
 * Who does the work. 'ours-borrowing' is the parser borrowing its chunks
 * (as our server runs it), 'ours-parts' the engine's gather API for frames,
 * 'ours-native' the engine's UTF-8 validator with Node's native check.
 * 'ws' is whichever ws the process loaded (with or
 * without bufferutil); 'ws-concat' is ws's frame parts joined into one
 * buffer; 'memcpy' a plain copy; 'node' Node's own native code.
 */
export type ContenderId = 'ours' | 'ours-borrowing' | 'ours-parts' | 'ours-native' | 'ws' | 'ws-concat' | 'memcpy' | 'node';

/** The RFC's sample masking key (RFC 6455 5.7), used by every contender so the work is identical. */
export const MASKING_KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

export function createWorkload(cell: MicroCell, contender: ContenderId): Workload {
  switch (cell.group) {
    case 'parse':
      return parseWorkload(cell.size, cell.feed, contender);
    case 'build':
      return buildWorkload(cell.size, cell.masked, contender);
    case 'unmask':
      return unmaskWorkload(cell.size, contender);
    case 'utf8':
      return utf8Workload(cell.text, contender);
    case 'accept':
      return acceptWorkload(contender);
  }
}

/** The same bytes in every process: a xorshift stream, not crypto, so a payload is never all zeros or all one value. */
export function patternBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

export function unknownContender(group: string, contender: string): never {
  throw new Error(`no ${contender} contender for ${group}`);
}

/** "16 B", "1 KiB", "64 KiB", "1 MiB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

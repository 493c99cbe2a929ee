// A 100 MB capture (generated here, then deleted) parses in bounded time and
// memory: read from disk 1 MiB at a time as the CLI reads it, in a process
// of its own so the figures are the parse's alone. A quarter of it takes
// about a quarter of the time: nothing grows quadratically.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';
import { writeLargeCapture } from '../support/large-capture';

const directory = mkdtempSync(join(tmpdir(), 'wsx-large-capture-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface ProbeResult {
  parseMs: number;
  maxRssMB: number;
  peakHeapPlusBuffersMB: number;
  progressReports: number;
  packets: number;
  sessions: number;
  frames: number;
  problems: number;
  gapsOrConflicts: number;
}

function probe(file: string): ProbeResult {
  const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoRoot, 'tests', 'support', 'capture-parse-probe.ts'), file], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the probe failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ProbeResult;
}

describe('a 100 MB capture', () => {
  it('parses in bounded time and memory, linearly', () => {
    const MB = 1024 * 1024;
    const large = join(directory, '100mb.pcap');
    const small = join(directory, '25mb.pcap');
    const written = writeLargeCapture(large, 100 * MB);
    const writtenSmall = writeLargeCapture(small, 25 * MB);
    const result = probe(large);
    rmSync(large);
    const smaller = probe(small);
    console.log(`100 MB capture (${written.packets} packets, ${result.frames} frames in ${result.sessions} sessions): parsed in ${result.parseMs} ms, peak RSS ${result.maxRssMB} MB, heap + buffers ${result.peakHeapPlusBuffersMB} MB, ${result.progressReports} progress reports; 25 MB: ${smaller.parseMs} ms, peak RSS ${smaller.maxRssMB} MB`);

    expect(written.bytes).toBeGreaterThanOrEqual(100 * MB);
    expect(result).toMatchObject({ packets: written.packets, sessions: 4, frames: 4 * 2 * written.framesPerDirection, problems: 0, gapsOrConflicts: 0 });
    expect(smaller).toMatchObject({ packets: writtenSmall.packets, sessions: 4, problems: 0 });
    // Progress comes about once a megabyte, so a page can show it from a worker.
    expect(result.progressReports).toBeGreaterThanOrEqual(50);
    // Bounded: well under a minute on a 2-core machine, and memory a small multiple of the capture (its streams are kept).
    expect(result.parseMs).toBeLessThan(60_000);
    expect(result.maxRssMB).toBeLessThan(1024);
    // Linear: four times the bytes take nowhere near sixteen times as long.
    expect(result.parseMs / Math.max(smaller.parseMs, 1)).toBeLessThan(8);
  }, 240_000);
});

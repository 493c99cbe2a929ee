// npm run bench in its quickest form: not its figures (a smoke run's are
// rough, and nothing in the bench asserts a speed), but the shape scripts
// rely on: every comparison carries positive figures for ours and theirs,
// and its ratio is ours ÷ theirs.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/cli';

interface Figure {
  label: string;
  value: number;
}

interface BenchReport {
  meta: { node: string; quick: boolean; groups: string[] };
  groups: Array<{
    id: string;
    comparisons: Array<{ case: string; metric: string; unit: string; better: string; ours: Figure; theirs: Figure; ratio: number }>;
    unfinished: Array<{ case: string; ours: Figure | { didNotFinishInSeconds: number }; theirs: Figure | { didNotFinishInSeconds: number } }>;
  }>;
  targets: Array<{ target: string; met: boolean | null; figure: string }>;
}

/** Well past a quick run on an idle 2-core machine (about 20 s), for a busy one. */
const BENCH_TIMEOUT_MS = 90_000;

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // What `npm run bench --` runs, without npm's banner on stdout.
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/run.ts', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), BENCH_TIMEOUT_MS - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

it(
  'bench --quick --json --only parse,build,unmask: every comparison has positive figures and ratio = ours ÷ theirs',
  async () => {
    const run = await runBench(['--quick', '--json', '--only', 'parse,build,unmask']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BenchReport;
    expect(report.meta.quick).toBe(true);
    expect(report.groups.map((g) => g.id)).toEqual(['parse', 'build', 'unmask']);
    for (const group of report.groups) {
      expect(group.comparisons.length, group.id).toBeGreaterThan(0);
      for (const c of group.comparisons) {
        const where = `${group.id}: ${c.case}, ${c.ours.label} against ${c.theirs.label}`;
        for (const value of [c.ours.value, c.theirs.value, c.ratio]) {
          expect(Number.isFinite(value), where).toBe(true);
          expect(value, where).toBeGreaterThan(0);
        }
        const expected = c.ours.value / c.theirs.value;
        expect(Math.abs(c.ratio - expected) / expected, where).toBeLessThan(1e-9);
        expect(['higher', 'lower'], where).toContain(c.better);
        expect(c.unit, where).not.toBe('');
      }
      // A cell one side did not finish is reported apart, with how long it ran.
      for (const u of group.unfinished) {
        const sides = [u.ours, u.theirs];
        expect(sides.some((side) => 'didNotFinishInSeconds' in side), `${group.id}: ${u.case}`).toBe(true);
      }
    }
    // parse at 5 sizes × 4 ways of feeding, against ws with and without bufferutil, copying and borrowing.
    const parse = report.groups[0];
    expect(parse.comparisons.length + parse.unfinished.length).toBe(5 * 4 * 4);
    for (const target of report.targets) expect([true, false, null]).toContain(target.met);
  },
  BENCH_TIMEOUT_MS,
);

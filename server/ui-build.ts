// Builds the explorer UI (explorer-ui/ → dist/explorer-ui) when the build is
// missing or older than its sources, so `wsx serve` and the browser tests
// never show a stale page and never need a separate build step.
//
// The build goes to a fresh directory beside the real one and is swapped in
// at the end, so a server already serving the old build never sees half a
// new one; a lock file keeps two processes from building at once.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'dist', 'explorer-ui');
const lockPath = join(repoRoot, 'dist', '.explorer-ui.build-lock');
// lessons/ too: the build carries every lesson's text (features/lessons/lesson-catalog.ts).
const sourceDirs = [join(repoRoot, 'explorer-ui'), join(repoRoot, 'engine'), join(repoRoot, 'lessons')];

/** A lock older than this belongs to a build that died; it is taken over. */
const STALE_LOCK_MS = 120_000;

export interface UiBuild {
  /** Directory holding index.html and assets/. */
  dir: string;
  /** True when this call ran a build; false when the existing one was fresh. */
  built: boolean;
}

export async function ensureUiBuild(options: { force?: boolean } = {}): Promise<UiBuild> {
  if (!options.force && isFresh()) return { dir: outDir, built: false };
  mkdirSync(dirname(lockPath), { recursive: true });
  const release = await acquireLock();
  try {
    // Another process may have built while this one waited for the lock.
    if (!options.force && isFresh()) return { dir: outDir, built: false };
    await buildInto(outDir);
    return { dir: outDir, built: true };
  } finally {
    release();
  }
}

function isFresh(): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return false;
  const builtAt = statSync(index).mtimeMs;
  return sourceDirs.every((dir) => newestMtime(dir) <= builtAt);
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function buildInto(target: string): Promise<void> {
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await runViteBuild(staging);
  const previous = `${target}.previous-${process.pid}`;
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
}

/**
 * Vite in its own process with NODE_ENV=production: inside a test runner
 * NODE_ENV is "test", and a build made there would ship React's development
 * bundle (and then count as fresh for `wsx serve`).
 */
function runViteBuild(outDir: string): Promise<void> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', join(repoRoot, 'explorer-ui', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const errors: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`vite build exited with ${code}: ${Buffer.concat(errors).toString('utf8').trim().slice(-2000)}`));
    });
  });
}

async function acquireLock(): Promise<() => void> {
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS) rmSync(lockPath, { force: true });
      } catch {
        // The holder released it between our two calls: try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

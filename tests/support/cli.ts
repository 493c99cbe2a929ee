// Runs the real `wsx` command in a child process, as a person or a script would.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
/** tsx as a loader in this Node, not its CLI (which starts a second Node process for every run). */
const TSX_LOADER = ['--import', 'tsx'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `wsx ARGS…` through tsx (what `npm run -s wsx --` runs), optionally with stdin. */
export function runWsx(args: string[], stdin?: string): Promise<CliRun> {
  return runCommand(process.execPath, [...TSX_LOADER, join(repoRoot, 'server', 'cli.ts'), ...args], stdin);
}

/** `npm run -s wsx -- ARGS…`, exactly as the CLI contract (docs/architecture.md) spells it. */
export function runWsxThroughNpm(args: string[]): Promise<CliRun> {
  return runCommand('npm', ['run', '-s', 'wsx', '--', ...args]);
}

function runCommand(command: string, args: string[], stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.end(stdin ?? '');
  });
}

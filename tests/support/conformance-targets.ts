// The servers the conformance tests run the suite against, each a running
// target with a ws:// URL and a close(): the explorer's own server and
// servers broken on purpose (in a process of their own, so the suite's
// client and the server do not share one CPU), the `ws` package's
// WebSocketServer, and python-websockets (Debian's python3-websockets).

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { BrokenRule } from './broken-echo-server';
import { repoRoot } from './cli';

export interface Target {
  url: string;
  close(): Promise<void>;
}

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const PYTHON = '/usr/bin/python3';

/** Starts `command`, waits for its first line of output (what it listens on), and ends it by closing its stdin. */
async function childWithFirstLine(command: string, args: string[]): Promise<{ line: string; child: ChildProcess; close(): Promise<void> }> {
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before it listened`)));
    child.once('error', reject);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin!.end();
    });
  return { line, child, close };
}

/** The explorer's server (demos off), in a process of its own; its /echo is the target. */
export async function startExplorerProcess(): Promise<Target & { port: number }> {
  const { line, close } = await childWithFirstLine(tsx, [join(repoRoot, 'tests', 'support', 'conformance-target-child.ts'), 'explorer']);
  const { explorer } = JSON.parse(line) as { explorer: number };
  return { port: explorer, url: `ws://127.0.0.1:${explorer}/echo`, close };
}

/** One broken echo server per rule (and 'none', a correct one), all in one process of their own. */
export async function startBrokenServers(rules: Array<BrokenRule | 'none'>, maxMessageSize: number): Promise<{ urls: Record<string, string>; close(): Promise<void> }> {
  const { line, close } = await childWithFirstLine(tsx, [join(repoRoot, 'tests', 'support', 'conformance-target-child.ts'), 'broken', String(maxMessageSize), ...rules]);
  const ports = JSON.parse(line) as Record<string, number>;
  return { urls: Object.fromEntries(Object.entries(ports).map(([rule, port]) => [rule, `ws://127.0.0.1:${port}/echo`])), close };
}

/** An echo server on the `ws` package, with its defaults but permessage-deflate on and a message limit. */
export async function startWsEchoServer(maxPayload: number): Promise<Target> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: true, maxPayload });
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/echo`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** python-websockets' echo server (tests/support/python/echo_server.py), with its default 1 MiB limit unless told otherwise. */
export async function startPythonEchoServer(maxSize = 2 ** 20): Promise<Target> {
  const { line, close } = await childWithFirstLine(PYTHON, [join(repoRoot, 'tests', 'support', 'python', 'echo_server.py'), String(maxSize)]);
  return { url: `ws://127.0.0.1:${Number(line)}/echo`, close };
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseServeArgs } from '../../server/cli/serve';

const root = join(import.meta.dirname, '..', '..');

describe('parseServeArgs', () => {
  it.each([
    [[], { host: '127.0.0.1', port: 8080, command: null, watchFile: undefined }],
    [['--port', '0'], { host: '127.0.0.1', port: 0, command: null, watchFile: undefined }],
    [['--host=0.0.0.0', '--port=9000', '--watch', 'notes.txt'], { host: '0.0.0.0', port: 9000, command: null, watchFile: 'notes.txt' }],
    [['--port', '1', '--command', 'sh', '-c', 'cat --port 5'], { host: '127.0.0.1', port: 1, command: { command: 'sh', args: ['-c', 'cat --port 5'] }, watchFile: undefined }],
  ])('reads %j', (args, expected) => {
    expect(parseServeArgs(args)).toEqual(expected);
  });

  it.each([
    [['--port', 'eighty'], '--port takes 0–65535 (0 picks a free port), not "eighty"'],
    [['--port', '70000'], '--port takes 0–65535 (0 picks a free port), not "70000"'],
    [['--port'], '--port takes 0–65535 (0 picks a free port), not nothing'],
    [['--command'], '--command needs a program to run'],
    [['--verbose'], 'unknown argument "--verbose"'],
    [['extra'], 'unknown argument "extra"'],
  ])('refuses %j, saying why', (args, message) => {
    expect(parseServeArgs(args)).toBe(message);
  });
});

describe('wsx serve', () => {
  it('prints where it serves, serves, and on SIGTERM closes WebSockets with 1001 and exits 0', async () => {
    const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli.ts', 'serve', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          const match = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
          if (match && stdout.includes('Ctrl-C')) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      for (const path of ['/echo', '/chat', '/filewatch', '/many', '/tap']) expect(stdout).toContain(`${url.replace('http', 'ws')}${path}`);
      expect((await fetch(`${url}/`)).status).toBe(200);

      const socket = new WebSocket(`${url.replace('http', 'ws')}/echo`);
      await new Promise((resolve) => socket.once('open', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});

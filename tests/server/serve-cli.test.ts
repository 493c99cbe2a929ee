import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseServeArgs } from '../../server/cli/serve';
import { runWsx } from '../support/cli';

const root = join(import.meta.dirname, '..', '..');

describe('parseServeArgs', () => {
  const cat = { command: 'cat', args: [] };
  it.each([
    [[], { host: '127.0.0.1', port: 8080, command: null, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    [['--port', '0'], { host: '127.0.0.1', port: 0, command: null, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    [['--host=0.0.0.0', '--port=9000', '--watch', 'notes.txt'], { host: '0.0.0.0', port: 9000, command: null, watchFile: 'notes.txt', allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    [['--port', '1', '--command', 'sh', '-c', 'cat --port 5'], { host: '127.0.0.1', port: 1, command: { command: 'sh', args: ['-c', 'cat --port 5'] }, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    // --command on loopback, by any of its names: only this machine can connect.
    [['--host', '::1', '--command', 'cat'], { host: '::1', port: 8080, command: cat, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    [['--host', 'localhost', '--command', 'cat'], { host: 'localhost', port: 8080, command: cat, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    [['--host', '127.0.0.2', '--command', 'cat'], { host: '127.0.0.2', port: 8080, command: cat, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false }],
    [['--no-deflate'], { host: '127.0.0.1', port: 8080, command: null, watchFile: undefined, allowHosts: [], labTargets: [], deflate: false, iKnow: false }],
    [['--lab-target', 'ws://127.0.0.1:9000/', '--port', '0'], { host: '127.0.0.1', port: 0, command: null, watchFile: undefined, allowHosts: [], labTargets: ['ws://127.0.0.1:9000/'], deflate: true, iKnow: false }],
    [['--allow-host', 'teacher.local', '--allow-host=wsx.lan'], { host: '127.0.0.1', port: 8080, command: null, watchFile: undefined, allowHosts: ['teacher.local', 'wsx.lan'], labTargets: [], deflate: true, iKnow: false }],
    // Beyond loopback, the operator says they mean it.
    [['--host', '0.0.0.0', '--i-know', '--command', 'cat'], { host: '0.0.0.0', port: 8080, command: cat, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: true }],
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
    [['--i-know=yes'], '--i-know takes no value'],
    [['--allow-host', 'a b'], '--allow-host takes a host name, not "a b"'],
    [['--lab-target', 'http://x'], '--lab-target takes a ws:// URL the frame lab may send to, not "http://x"'],
    [
      ['--host', '0.0.0.0', '--command', 'cat'],
      "--command with --host 0.0.0.0 runs \"cat\" on a server other machines can reach at port 8080 of this machine; /command answers only this machine's clients, but that one check is all that stands between them and the command; keep --host on loopback (127.0.0.1, the default), or give --i-know before --command to serve it anyway",
    ],
    [
      ['--host=192.168.1.10', '--port', '0', '--command', 'sh', '-c', 'cat'],
      "--command with --host 192.168.1.10 runs \"sh -c cat\" on a server other machines can reach at this machine on the port it picks; /command answers only this machine's clients, but that one check is all that stands between them and the command; keep --host on loopback (127.0.0.1, the default), or give --i-know before --command to serve it anyway",
    ],
    // After --command, --i-know is the command's argument, not serve's.
    [
      ['--host', '::', '--command', 'cat', '--i-know'],
      "--command with --host :: runs \"cat --i-know\" on a server other machines can reach at port 8080 of this machine; /command answers only this machine's clients, but that one check is all that stands between them and the command; keep --host on loopback (127.0.0.1, the default), or give --i-know before --command to serve it anyway",
    ],
  ])('refuses %j, saying why', (args, message) => {
    expect(parseServeArgs(args)).toBe(message);
  });
});

/** `wsx serve ARGS…` in a child process, once it has printed where it serves. */
async function startServe(args: string[]) {
  const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli.ts', 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /serving http:\/\/[^/]+:(\d+)\//.exec(stdout);
        if (match && stdout.includes('Ctrl-C')) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    return { child, port, exited, stdout: () => stdout, stderr: () => stderr };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

describe('wsx serve', () => {
  it('prints where it serves, serves, and on SIGTERM closes WebSockets with 1001 and exits 0', async () => {
    const serve = await startServe(['--port', '0']);
    try {
      const url = `http://127.0.0.1:${serve.port}`;
      expect(serve.stdout()).toContain(`serving ${url}/`);
      for (const path of ['/echo', '/chat', '/filewatch', '/many', '/tap']) expect(serve.stdout()).toContain(`${url.replace('http', 'ws')}${path}`);
      expect((await fetch(`${url}/`)).status).toBe(200);

      const socket = new WebSocket(`${url.replace('http', 'ws')}/echo`);
      await new Promise((resolve) => socket.once('open', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      serve.child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(await serve.exited).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }
  }, 120_000);

  it('refuses --command with a --host beyond loopback: exit 2, saying why, nothing served', async () => {
    const run = await runWsx(['serve', '--host', '0.0.0.0', '--port', '0', '--command', 'cat']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^wsx serve: --command with --host 0\.0\.0\.0 runs "cat" on a server other machines can reach at this machine on the port it picks; \/command answers only this machine's clients, but that one check is all that stands between them and the command; keep --host on loopback \(127\.0\.0\.1, the default\), or give --i-know before --command to serve it anyway\nusage: wsx serve /,
    );
  }, 60_000);

  it('with --i-know, serves --command beyond loopback with a warning on stderr, and the command still runs for this machine', async () => {
    const serve = await startServe(['--host', '0.0.0.0', '--port', '0', '--i-know', '--command', 'cat']);
    try {
      expect(serve.stderr()).toContain(
        `wsx serve: WARNING (--i-know): --command with --host 0.0.0.0 runs "cat" on a server other machines can reach at port ${serve.port} of this machine; /command answers only this machine's clients, but that one check is all that stands between them and the command.\n`,
      );
      expect(serve.stderr()).toContain('wsx serve: WARNING: /command still turns away clients on other machines');
      // Beyond loopback the tap needs a token, and serve says which.
      const token = /the tap and \/api need the token: open http:\/\/\S+:\d+\/\?token=([A-Za-z0-9_-]{24}) for the live sessions/.exec(serve.stdout())?.[1];
      expect(token).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${serve.port}/api/endpoints`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${serve.port}/api/endpoints?token=${token}`)).status).toBe(200);
      const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/command`);
      await new Promise((resolve) => socket.once('open', resolve));
      const echoed = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
      socket.send('mine');
      expect(await echoed).toBe('mine');
      socket.close();
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    } finally {
      serve.child.kill('SIGKILL');
    }
  }, 120_000);

  it('--help says when --command needs --i-know', async () => {
    const run = await runWsx(['serve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: wsx serve \[--host H\] \[--port P\] \[--watch FILE\] \[--no-deflate\] \[--allow-host NAME…\] \[--lab-target URL…\] \[--i-know\] \[--command CMD ARGS…\]\n/);
    expect(run.stdout).toMatch(/--i-know\s+start anyway with --command and a --host beyond loopback/);
  }, 60_000);
});

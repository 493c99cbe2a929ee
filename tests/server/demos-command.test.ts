import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMAND_REFUSAL_REASON, createCommandRoute, isLocalOrigin, mayRunCommand, OutputLineSplitter, portOfHost, resolveExecutable } from '../../server/demos/command';
import type { ProcessExitReport } from '../../server/demos/command';
import { DEMO_PAGES_DIR } from '../../server/demos/pages';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import { launchChromium } from '../support/chromium';
import { openTcp, RawClient, readHead } from '../support/raw-client';
import { RFC_SAMPLE_KEY } from '../support/rfc-samples';

const encode = (text: string) => new TextEncoder().encode(text);

describe('isLocalOrigin', () => {
  const cases: Array<[string | null, boolean]> = [
    [null, true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost:8080', true],
    ['https://localhost:8080', true],
    ['http://[::1]:8080', true],
    ['http://LOCALHOST:8080', true],
    ['http://127.0.0.1:8081', false],
    ['http://127.0.0.1', false],
    ['http://evil.example:8080', false],
    ['http://localhost.evil.example:8080', false],
    ['http://127.0.0.2:8080', false],
    ['null', false],
    ['file://', false],
    ['ws://127.0.0.1:8080', false],
    ['http://user@127.0.0.1:8080', false],
    ['http://127.0.0.1:8080/path', false],
    ['', false],
  ];
  it.each(cases)('judges Origin %j for a server on port 8080 as %s', (origin, allowed) => {
    expect(isLocalOrigin(origin, 8080)).toBe(allowed);
  });

  it('refuses every browser origin when the server port is unknown', () => {
    expect(isLocalOrigin('http://127.0.0.1:8080', null)).toBe(false);
  });

  it('takes an Origin without a port as port 80', () => {
    expect(isLocalOrigin('http://localhost', 80)).toBe(true);
  });
});

describe('mayRunCommand', () => {
  const cases: Array<[string | null, string | undefined, boolean]> = [
    // No Origin: a non-browser client, let in only from this machine.
    [null, '127.0.0.1', true],
    [null, '127.0.0.2', true],
    [null, '::1', true],
    [null, '::ffff:127.0.0.1', true],
    [null, '192.168.1.20', false],
    [null, '::ffff:10.0.0.2', false],
    [null, '10.0.0.127', false],
    [null, '', false],
    [null, undefined, false],
    // A page this server served, on this machine.
    ['http://127.0.0.1:8080', '127.0.0.1', true],
    ['http://localhost:8080', '::1', true],
    // The same Origin from another machine: a script can write any Origin.
    ['http://127.0.0.1:8080', '192.168.1.20', false],
    ['http://localhost:8080', '::ffff:10.0.0.2', false],
    // A page from elsewhere, even opened on this machine.
    ['http://evil.example', '127.0.0.1', false],
    ['http://127.0.0.1:8081', '127.0.0.1', false],
  ];
  it.each(cases)('Origin %j from peer %j for a server on port 8080: %s', (origin, peer, allowed) => {
    expect(mayRunCommand(origin, peer, 8080)).toBe(allowed);
  });

  it("is the route's admit: a 403 with the reason, or nothing", () => {
    const route = createCommandRoute({ command: 'cat', port: 8080 });
    const request = (headers: Array<[string, string]>) => ({
      method: 'GET', target: '/command', version: 'HTTP/1.1', headers: headers.map(([name, value]) => ({ name, value })),
    });
    expect(route.admit(request([['Host', '192.168.1.10:8080']]), '192.168.1.20')).toEqual({ status: 403, reason: COMMAND_REFUSAL_REASON });
    expect(route.admit(request([['Host', '127.0.0.1:8080']]), '127.0.0.1')).toBeNull();
    expect(route.admit(request([['Host', '127.0.0.1:8080'], ['Origin', 'http://127.0.0.1:8080']]), '127.0.0.1')).toBeNull();
    // Two Origin fields are no origin at all.
    expect(route.admit(request([['Origin', 'http://127.0.0.1:8080'], ['Origin', 'http://127.0.0.1:8080']]), '127.0.0.1')).not.toBeNull();
  });
});

describe('portOfHost', () => {
  const cases: Array<[string | null, number | null]> = [
    ['127.0.0.1:8080', 8080],
    ['localhost', 80],
    ['[::1]:9000', 9000],
    ['[::1]', 80],
    ['example.com:0', null],
    ['example.com:70000', null],
    // RFC 3986 3.2.3: an empty port is the scheme's default.
    ['localhost:', 80],
    [' 127.0.0.1:8080 ', 8080],
    ['a:b:c', null],
    ['a b:8080', null],
    ['user@localhost:8080', null],
    ['[::1', null],
    ['', null],
    [null, null],
  ];
  it.each(cases)('reads the port of Host %j as %j', (host, port) => {
    expect(portOfHost(host)).toBe(port);
  });
});

describe('OutputLineSplitter', () => {
  it('splits lines on \\n and drops a trailing \\r, like bufio.ScanLines', () => {
    const splitter = new OutputLineSplitter(64);
    expect(splitter.push(encode('one\r\ntwo\nthr'))).toEqual(['one', 'two']);
    expect(splitter.push(encode('ee\n\n'))).toEqual(['three', '']);
    expect(splitter.flush()).toBeNull();
  });

  it('returns an unterminated last line on flush', () => {
    const splitter = new OutputLineSplitter(64);
    expect(splitter.push(encode('no newline'))).toEqual([]);
    expect(splitter.flush()).toBe('no newline');
  });

  it('cuts a line longer than the bound into pieces between UTF-8 characters', () => {
    const splitter = new OutputLineSplitter(8);
    // "ab" + four 3-byte euro signs = 14 bytes; a cut at byte 8 would split a character.
    const pieces = splitter.push(encode('ab€€€€\n'));
    expect(pieces.join('')).toBe('ab€€€€');
    expect(pieces.every((piece) => encode(piece).length <= 8)).toBe(true);
    expect(pieces.some((piece) => piece.includes('\uFFFD'))).toBe(false);
  });

  it('reassembles a multibyte character split across chunks', () => {
    const splitter = new OutputLineSplitter(64);
    const bytes = encode('é\n');
    expect(splitter.push(bytes.subarray(0, 1))).toEqual([]);
    expect(splitter.push(bytes.subarray(1))).toEqual(['é']);
  });

  it('rejects a bound too small for one UTF-8 character', () => {
    expect(() => new OutputLineSplitter(3)).toThrow(RangeError);
  });
});

describe('resolveExecutable', () => {
  it('finds a program on PATH as exec.LookPath does', () => {
    expect(resolveExecutable('cat', '/nonexistent:/bin:/usr/bin')).toMatch(/\/cat$/);
  });

  it('throws for a program that is not on PATH', () => {
    expect(() => resolveExecutable('no-such-program-wsx', '/bin:/usr/bin')).toThrow(/not found in PATH/);
  });

  it('throws for an empty command', () => {
    expect(() => resolveExecutable('')).toThrow(/no program/);
  });
});

// Real sockets and real processes from here on: our server, the `ws`
// package as the browser, `cat` and `sh` as the operator's command.

const scratch = mkdtempSync(join(tmpdir(), 'wsx-command-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let server: ExplorerServer | null = null;

/** A real peer beyond loopback: this machine's own LAN address, when it has one. */
const lanAddress = Object.values(networkInterfaces()).flat().find((info) => info && !info.internal && info.family === 'IPv4')?.address;

afterEach(async () => {
  await server?.close({ timeoutMs: 3_000 });
  server = null;
});

interface Started {
  port: number;
  exits: ProcessExitReport[];
  nextExit(): Promise<ProcessExitReport>;
}

async function startCommand(
  command: string,
  args: string[] = [],
  options: { maxProcesses?: number; maxStdinBacklogBytes?: number; outputHighWaterBytes?: number } = {},
  host?: string,
): Promise<Started> {
  const exits: ProcessExitReport[] = [];
  let waiting: ((report: ProcessExitReport) => void) | null = null;
  server = createExplorerServer({
    host,
    port: 0,
    command: { command, args },
    commandOptions: {
      ...options,
      onProcessExit: (report) => {
        exits.push(report);
        waiting?.(report);
        waiting = null;
      },
    },
    log: () => {},
  });
  const { port } = await server.listen();
  return {
    port,
    exits,
    nextExit: () => new Promise((resolve) => (exits.length > 0 ? resolve(exits[0]) : (waiting = resolve))),
  };
}

/**
 * A ws client on /command. `deflate: false` for a flood: ws inflates each
 * message on libuv's thread pool, and in the server's own process that round
 * trip, not the server, sets the pace (2000 lines took 12 s with it, 0.25 s
 * without; a browser inflates in its own process).
 */
function open(port: number, origin?: string, deflate = true): Promise<{ socket: WebSocket; lines: string[]; line(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/command`, { ...(origin ? { origin } : {}), ...(deflate ? {} : { perMessageDeflate: false }) });
    const lines: string[] = [];
    let read = 0;
    let waiting: ((line: string) => void) | null = null;
    socket.on('message', (data) => {
      lines.push(data.toString());
      if (waiting) {
        const wake = waiting;
        waiting = null;
        wake(lines[read++]);
      }
    });
    const line = () => new Promise<string>((resolveLine) => (read < lines.length ? resolveLine(lines[read++]) : (waiting = resolveLine)));
    socket.once('open', () => resolve({ socket, lines, line }));
    socket.once('error', reject);
  });
}

/** The HTTP status of a refused upgrade. */
function refusedStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => {});
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

describe('/command', () => {
  it('is not mounted unless the operator names a command', async () => {
    server = createExplorerServer({ port: 0, log: () => {} });
    const { port } = await server.listen();
    expect(await refusedStatus(`ws://127.0.0.1:${port}/command`)).toBe(404);
  });

  it('writes each message and a newline to stdin and sends each output line back (cat)', async () => {
    const { port } = await startCommand('cat');
    const client = await open(port);
    client.socket.send('hello');
    expect(await client.line()).toBe('hello');
    client.socket.send('two\nlines');
    expect([await client.line(), await client.line()]).toEqual(['two', 'lines']);
    client.socket.close();
  });

  it('sends stderr lines too', async () => {
    const { port } = await startCommand('sh', ['-c', 'read line; echo "out $line"; echo "err $line" >&2; sleep 5']);
    const client = await open(port);
    client.socket.send('x');
    expect([await client.line(), await client.line()].sort()).toEqual(['err x', 'out x']);
    client.socket.close();
  });

  it('refuses a page from another origin with 403', async () => {
    const { port } = await startCommand('cat');
    expect(await refusedStatus(`ws://127.0.0.1:${port}/command`, 'http://evil.example')).toBe(403);
    expect(await refusedStatus(`ws://127.0.0.1:${port}/command`, `http://localhost:${port + 1}`)).toBe(403);
    expect(await refusedStatus(`ws://127.0.0.1:${port}/command`, 'null')).toBe(403);
  });

  it('accepts a page served by this server from a local address', async () => {
    const { port } = await startCommand('cat');
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const client = await open(port, origin);
      client.socket.send('ok');
      expect(await client.line()).toBe('ok');
      client.socket.close();
    }
  });

  it('runs for a client on this machine that sends no Origin (not a browser, as gorilla allows)', async () => {
    const { port } = await startCommand('cat');
    // RawClient sends no Origin unless told to.
    const client = await RawClient.connect(port, { path: '/command' });
    client.sendText('from a script');
    expect((await client.nextMessage()).payload.toString()).toBe('from a script');
    client.destroy();
  });

  it.skipIf(!lanAddress)('refuses a client beyond loopback, with or without an Origin, before any process starts', async () => {
    const { port, exits, nextExit } = await startCommand('cat', [], {}, '0.0.0.0');
    const headerSets: Array<Record<string, string>> = [{}, { Origin: `http://127.0.0.1:${port}` }];
    for (const headers of headerSets) {
      const client = await RawClient.connect(port, { host: lanAddress, path: '/command', headers, allowRefusal: true });
      expect(client.status).toBe(403);
      expect(client.responseHead).toMatch(/^HTTP\/1\.1 403/);
      client.destroy();
    }
    // The same server still runs the command for this machine.
    const local = await RawClient.connect(port, { path: '/command' });
    local.sendText('still mine');
    expect((await local.nextMessage()).payload.toString()).toBe('still mine');
    local.destroy();
    // One process ran, the local client's: none started for the refused two.
    await nextExit();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(exits).toHaveLength(1);
  });

  it('closes with 1000 when the command ends by itself', async () => {
    const { port, nextExit } = await startCommand('sh', ['-c', 'echo done']);
    const client = await open(port);
    const code = closed(client.socket);
    expect(await client.line()).toBe('done');
    expect(await code).toBe(1000);
    expect(await nextExit()).toMatchObject({ exitCode: 0, killed: false });
  });

  it('interrupts a command that outlives its connection', async () => {
    const { port, nextExit } = await startCommand('sleep', ['30']);
    const client = await open(port);
    client.socket.close(1000);
    const report = await nextExit();
    expect(report).toMatchObject({ interrupted: true, killed: false, signal: 'SIGINT' });
  });

  it('kills a command that ignores SIGINT one second later, after its trap ran', async () => {
    const mark = join(scratch, 'interrupted.txt');
    const script = 'trap "echo interrupted > $1" INT; echo ready; while :; do sleep 0.05; done';
    const { port, nextExit } = await startCommand('sh', ['-c', script, 'sh', mark]);
    const client = await open(port);
    expect(await client.line()).toBe('ready');
    const closedAt = performance.now();
    client.socket.close(1000);
    const report = await nextExit();
    const elapsed = performance.now() - closedAt;
    expect(report).toMatchObject({ interrupted: true, killed: true, signal: 'SIGKILL' });
    expect(readFileSync(mark, 'utf8')).toBe('interrupted\n');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('closes with 1008 a connection whose command does not read its input', async () => {
    const { port } = await startCommand('sleep', ['30'], { maxStdinBacklogBytes: 16 * 1024 });
    const client = await open(port);
    const code = closed(client.socket);
    // The pipe itself holds 64 KiB; 40 × 8000 bytes is well past pipe and bound.
    for (let i = 0; i < 40; i++) client.socket.send('i'.repeat(8000));
    expect(await code).toBe(1008);
  });

  it('refuses one process more than its bound with 1013', async () => {
    const { port } = await startCommand('sleep', ['30'], { maxProcesses: 1 });
    const first = await open(port);
    const second = await open(port);
    expect(await closed(second.socket)).toBe(1013);
    first.socket.close();
  });

  it('keeps up with a command that floods its output, then interrupts it', async () => {
    const line = 'flood'.repeat(200);
    const { port, nextExit } = await startCommand('yes', [line]);
    const client = await open(port, undefined, false);
    // 2000 lines of 1000 bytes: megabytes through the pipe, the splitter and the socket.
    await new Promise<void>((resolve) => {
      const check = () => (client.lines.length >= 2_000 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(new Set(client.lines.slice(0, 2_000))).toEqual(new Set([line]));
    client.socket.close(1000);
    expect(await nextExit()).toMatchObject({ interrupted: true });
  });

  it('stops reading a command whose client does not read, instead of buffering its output', async () => {
    const counter = join(scratch, 'lines-written.txt');
    const script = 'line=$(printf "%016000d" 0); i=0; while echo "$line"; do i=$((i+1)); echo $i > "$1.tmp"; mv "$1.tmp" "$1"; done';
    const { port } = await startCommand('sh', ['-c', script, 'sh', counter], { outputHighWaterBytes: 64 * 1024 });
    const socket = await openTcp(port);
    socket.write(
      `GET /command HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${RFC_SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect((await readHead(socket)).head).toMatch(/^HTTP\/1\.1 101 /); // and then never reads again
    const written = () => Number(readFileSync(counter, 'utf8').trim() || 0);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let previous = -1;
    let current = 0;
    for (let attempt = 0; attempt < 40 && (current === 0 || current !== previous); attempt++) {
      await pause(250);
      previous = current;
      try {
        current = written();
      } catch {
        current = 0;
      }
    }
    // The command is blocked on a full pipe: socket buffers, our high-water
    // mark and the pipe hold a bounded number of its 16000-byte lines.
    expect(current).toBe(previous);
    // At least our high-water mark's worth of lines went through before it stopped.
    expect(current).toBeGreaterThanOrEqual(Math.floor((64 * 1024) / 16_001));
    expect(current * 16_001).toBeLessThan(32 * 1024 * 1024);
    socket.destroy();
  });

  it('says why and closes with 1011 when the command cannot start any more', async () => {
    const script = join(scratch, 'vanishing.sh');
    writeFileSync(script, '#!/bin/sh\ncat\n');
    chmodSync(script, 0o755);
    const { port } = await startCommand(script);
    rmSync(script);
    const client = await open(port);
    const code = closed(client.socket);
    expect(await client.line()).toMatch(/^command failed to start: .*ENOENT/);
    expect(await code).toBe(1011);
  });

  it('kills its processes when the server shuts down', async () => {
    const { port, nextExit } = await startCommand('sleep', ['30']);
    const client = await open(port);
    const code = closed(client.socket);
    await server!.close({ timeoutMs: 3_000 });
    server = null;
    expect(await code).toBe(1001);
    expect((await nextExit()).interrupted).toBe(true);
  });
});

describe('/demo/command', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('without a command, is a page that says the demo is off and exactly how to turn it on', async () => {
    server = createExplorerServer({ port: 0, log: () => {} });
    const { port } = await server.listen();
    const response = await fetch(`http://127.0.0.1:${port}/demo/command`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('The command demo is off');
    expect(html).toContain('<code>npm run -s wsx -- serve --command cat</code>');
    expect(html).toMatch(/only accepts pages from the server's own origin/);
    // It opens no socket: there is nothing to talk to.
    expect(html).not.toMatch(/<script/);
    // A browser shows it whole: its stylesheet and icon load, and the text is on screen.
    const page = await browser.newPage();
    try {
      const failed: string[] = [];
      page.on('response', (answer) => {
        if (answer.status() >= 400) failed.push(`${answer.status()} ${answer.url()}`);
      });
      page.on('requestfailed', (request) => failed.push(`failed ${request.url()}`));
      await page.goto(`http://127.0.0.1:${port}/demo/command`, { waitUntil: 'load' });
      expect(await page.textContent('h2')).toBe('The command demo is off');
      expect(await page.locator('pre').innerText()).toBe('npm run -s wsx -- serve --command cat');
      expect(await page.getAttribute('a.brand', 'href')).toBe('/');
      // The shared stylesheet applied: the callout has its own background, not the page's.
      const [calloutBackground, pageBackground] = await page.evaluate(() => [
        getComputedStyle(document.querySelector('.callout')!).backgroundColor,
        getComputedStyle(document.body).backgroundColor,
      ]);
      expect(calloutBackground).not.toBe(pageBackground);
      expect(failed).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('with a command, is the page that runs it, not the explanation', async () => {
    const { port } = await startCommand('cat');
    const html = await (await fetch(`http://127.0.0.1:${port}/demo/command`)).text();
    expect(html).not.toContain('The command demo is off');
    expect(html).toContain('<script type="module" src="/demo/command.js"></script>');
  });

  it('never parses output as HTML', () => {
    const script = readFileSync(join(DEMO_PAGES_DIR, 'command.js'), 'utf8');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(script).toContain('appendLine(log, String(event.data))');
  });

  it.skipIf(!lanAddress)('opened from another machine (this one\'s LAN address), says the server refused it and starts nothing', async () => {
    const { port, exits } = await startCommand('cat', [], {}, '0.0.0.0');
    const page = await browser.newPage();
    try {
      await page.goto(`http://${lanAddress}:${port}/demo/command`);
      await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('Connection closed'));
      expect(await page.locator('#log .note').allTextContents()).toEqual([
        'Connection closed (1006).',
        "The server refused this page: the command runs only for pages opened on the server's own machine, at localhost or 127.0.0.1, on its port.",
      ]);
      expect(await page.isDisabled('#msg')).toBe(true);
      expect(exits).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('runs the command from the page this server serves, its real Origin accepted, markup shown as text', async () => {
    const { port } = await startCommand('cat');
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${port}/demo/command`);
      await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('the command is running'));
      const markup = '<b>not bold</b>';
      await page.fill('#msg', markup);
      await page.press('#msg', 'Enter');
      await page.waitForFunction((text) => document.getElementById('log')?.textContent?.includes(text), markup);
      expect(await page.evaluate(() => document.querySelectorAll('#log b').length)).toBe(0);
    } finally {
      await page.close();
    }
  });
});

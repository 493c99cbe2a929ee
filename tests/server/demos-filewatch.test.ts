import { mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDemoWatchFile, createFilewatchRoute, formatLastMod, parseLastMod, readFileIfModified } from '../../server/demos/filewatch';
import type { FilewatchOptions } from '../../server/demos/filewatch';
import { DEMO_PAGES_DIR } from '../../server/demos/pages';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';

const scratch = mkdtempSync(join(tmpdir(), 'wsx-filewatch-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('lastMod', () => {
  it('reads gorilla\'s hexadecimal nanoseconds', () => {
    expect(parseLastMod('17d1d5a3f6e1c000')).toBe(0x17d1d5a3f6e1c000n);
    expect(formatLastMod(0x17d1d5a3f6e1c000n)).toBe('17d1d5a3f6e1c000');
  });

  it.each([null, '', 'zz', '-1', '0x10', '1'.repeat(17)])('takes %j as the zero time', (value) => {
    expect(parseLastMod(value)).toBe(0n);
  });
});

describe('readFileIfModified', () => {
  const file = join(scratch, 'watched.txt');
  writeFileSync(file, 'first');
  utimesSync(file, 1_000, 1_000);
  const mtimeNs = 1_000n * 1_000_000_000n;

  it('reads the file when it changed after lastMod', async () => {
    expect(await readFileIfModified(file, mtimeNs - 1n)).toEqual({ kind: 'modified', content: 'first', lastModNs: mtimeNs });
  });

  it('reports unchanged when lastMod is the file\'s modification time', async () => {
    expect(await readFileIfModified(file, mtimeNs)).toEqual({ kind: 'unchanged' });
  });

  it('reports a missing file as an error message', async () => {
    const found = await readFileIfModified(join(scratch, 'missing.txt'), 0n);
    expect(found.kind).toBe('error');
    expect(found.kind === 'error' && found.message).toMatch(/ENOENT/);
  });

  it('refuses a file larger than the bound', async () => {
    const big = join(scratch, 'big.txt');
    writeFileSync(big, 'x'.repeat(101));
    const found = await readFileIfModified(big, 0n, 100);
    expect(found.kind).toBe('error');
    expect(found.kind === 'error' && found.message).toMatch(/101 bytes/);
  });

  it('sends bytes that are not UTF-8 as replacement characters', async () => {
    const binary = join(scratch, 'binary.bin');
    writeFileSync(binary, new Uint8Array([0x61, 0xff, 0x62]));
    expect(await readFileIfModified(binary, 0n)).toMatchObject({ kind: 'modified', content: 'a\uFFFDb' });
  });
});

describe('createDemoWatchFile', () => {
  it('creates a file in the given directory that names its own path', () => {
    const file = createDemoWatchFile(scratch);
    expect(existsSync(file)).toBe(true);
    expect(file.startsWith(scratch)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(file);
  });
});

// Real sockets from here on: our server, the `ws` package as the viewer.

let server: ExplorerServer | null = null;

afterEach(async () => {
  await server?.close({ timeoutMs: 2_000 });
  server = null;
});

async function startFilewatch(options: FilewatchOptions): Promise<number> {
  server = createExplorerServer({ port: 0, demos: false, routes: [createFilewatchRoute({ pollIntervalMs: 30, ...options })], log: () => {} });
  return (await server.listen()).port;
}

/** Opens a viewer and records every message it gets from the moment it connects. */
function watch(port: number, query = ''): Promise<{ socket: WebSocket; messages: string[]; next(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/filewatch${query}`);
    const messages: string[] = [];
    let waiting: ((text: string) => void) | null = null;
    let read = 0;
    socket.on('message', (data) => {
      messages.push(data.toString());
      if (waiting) {
        const wake = waiting;
        waiting = null;
        wake(messages[read++]);
      }
    });
    const next = () =>
      new Promise<string>((resolveNext) => {
        if (read < messages.length) resolveNext(messages[read++]);
        else waiting = resolveNext;
      });
    socket.once('open', () => resolve({ socket, messages, next }));
    socket.once('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freshFile(name: string, content: string, mtimeSeconds: number): { file: string; lastMod: string } {
  const file = join(scratch, name);
  writeFileSync(file, content);
  utimesSync(file, mtimeSeconds, mtimeSeconds);
  return { file, lastMod: formatLastMod(BigInt(mtimeSeconds) * 1_000_000_000n) };
}

describe('/filewatch', () => {
  it('sends the file at once to a viewer that has no lastMod (mounted by createExplorerServer from --watch)', async () => {
    const { file } = freshFile('served.txt', 'hello from disk', 2_000);
    server = createExplorerServer({ port: 0, watchFile: file, filewatch: { pollIntervalMs: 30 }, log: () => {} });
    const { port } = await server.listen();
    const viewer = await watch(port);
    expect(await viewer.next()).toBe('hello from disk');
    viewer.socket.close();
  });

  it('sends nothing while the file is as old as lastMod, then pushes the change', async () => {
    const { file, lastMod } = freshFile('unchanged.txt', 'version 1', 3_000);
    const port = await startFilewatch({ file });
    const viewer = await watch(port, `?lastMod=${lastMod}`);
    await pause(200);
    expect(viewer.messages).toEqual([]);
    writeFileSync(file, 'version 2');
    utimesSync(file, 3_001, 3_001);
    expect(await viewer.next()).toBe('version 2');
    // Each version once: later polls find nothing new.
    await pause(150);
    expect(viewer.messages).toEqual(['version 2']);
    viewer.socket.close();
  });

  it('sends the file at once when it changed after lastMod', async () => {
    const { file, lastMod } = freshFile('older.txt', 'already newer', 4_000);
    const port = await startFilewatch({ file });
    const stale = (parseLastMod(lastMod) - 1n).toString(16);
    const viewer = await watch(port, `?lastMod=${stale}`);
    expect(await viewer.next()).toBe('already newer');
    viewer.socket.close();
  });

  it('reports a file that disappeared once, not every poll', async () => {
    const { file } = freshFile('vanishing.txt', 'here', 5_000);
    const port = await startFilewatch({ file });
    const viewer = await watch(port);
    expect(await viewer.next()).toBe('here');
    rmSync(file);
    expect(await viewer.next()).toMatch(/ENOENT/);
    await pause(150);
    expect(viewer.messages).toHaveLength(2);
    viewer.socket.close();
  });

  it('pings every period', async () => {
    const { file } = freshFile('pinged.txt', 'x', 6_000);
    const port = await startFilewatch({ file, pingPeriodMs: 50 });
    const viewer = await watch(port);
    let pings = 0;
    viewer.socket.on('ping', () => pings++);
    await pause(260);
    // 260 ms at one ping per 50 ms: five, or fewer when the timers run late.
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(pings).toBeLessThanOrEqual(6);
    viewer.socket.close();
  });

  it('closes a viewer that sends more than 512 bytes with 1009', async () => {
    const { file } = freshFile('quiet.txt', 'x', 7_000);
    const port = await startFilewatch({ file });
    const viewer = await watch(port);
    const code = new Promise<number>((resolve) => viewer.socket.once('close', (closeCode) => resolve(closeCode)));
    viewer.socket.send('z'.repeat(513));
    expect(await code).toBe(1009);
  });

  it('watches a demo file in the temp directory when no file is given, says where, and removes it on close', async () => {
    const said: string[] = [];
    const route = createFilewatchRoute({ log: (line) => said.push(line) });
    expect(route.isDemoFile).toBe(true);
    expect(route.file.startsWith(tmpdir())).toBe(true);
    expect(existsSync(route.file)).toBe(true);
    expect(said.join('\n')).toContain(route.file);
    await route.close!();
    expect(existsSync(route.file)).toBe(false);
  });
});

describe('the demo page', () => {
  it('never parses what the server sends as HTML', () => {
    const script = readFileSync(join(DEMO_PAGES_DIR, 'filewatch.js'), 'utf8');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(script).toContain('data.textContent = String(event.data)');
  });
});

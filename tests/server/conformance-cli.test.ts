// `wsx conform` as a person or a script runs it: against our /echo it exits
// 0 and prints the summary by category; --json and --html write the report,
// the HTML with every payload as text; --cases picks the cases; a server
// that gets cases wrong makes it exit 1; bad arguments and an unreachable
// target exit 2. Progress goes to standard error when standard output is a
// pipe, as it is here.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { ConformanceReport } from '../../server/conformance/report';
import { runWsx } from '../support/cli';
import { explorerForFile } from '../support/explorer-server';

const explorer = explorerForFile();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wsx-conform-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An echo server that puts markup in front of every text message it returns: wrong on purpose, and a test of escaping. */
async function markupEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(isBinary ? (data as Buffer) : `<img src=x onerror=alert(1)>${data.toString()}`, { binary: isBinary }));
    socket.on('close', () => {});
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('wsx conform', () => {
  it('exits 0 against our /echo, prints the summary by category, and writes the JSON and HTML reports', async () => {
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const run = await runWsx(['conform', `ws://127.0.0.1:${explorer.port}/echo`, '--cases', '1.*,2.*,5.*,7.7.*', '--json', json, '--html', html]);
    expect(run.stderr).toMatch(/conform: \[\d+\/67\] category 1 Framing done/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 67 cases in [\d.]+ s/);
    expect(run.stdout).toMatch(/category\s+cases\s+pass\s+lenient\s+fail\s+unsupported\s+skipped/);
    expect(run.stdout).toMatch(/ 1 {2}Framing\s+20\s+20\s+0\s+0\s+0\s+0/);
    expect(run.stdout).toMatch(/ {4}total\s+67\s+67\s+0\s+0\s+0\s+0/);
    expect(run.stdout).toContain('Every case passed strictly.');

    const report = JSON.parse(await readFile(json, 'utf8')) as ConformanceReport;
    expect(report.strictPass).toBe(true);
    expect(report.cases).toHaveLength(67);
    expect(report.cases[0]).toMatchObject({ id: '1.1.1', category: '1', outcome: 'pass' });
    expect(report.cases[0].wire.entries.length).toBeGreaterThan(3);

    const page = await readFile(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    // Self-contained: no script, nothing fetched; links only to the decoder.
    expect(page).not.toMatch(/<script|<link|@import|src=/i);
    expect(page).toContain('href="http://127.0.0.1:8080/#/decoder?hex=');
    expect(page).toContain('<section id="category-7">');
    expect(page).toContain('RFC 6455 5.5.1');
  }, 60_000);

  it('exits 1 when a case does not pass, and the HTML shows what the server sent as text, never as markup', async () => {
    const server = await markupEchoServer();
    try {
      const html = join(dir, 'markup.html');
      const run = await runWsx(['conform', server.url, '--cases', '1.1.2,6.2.1', '--html', html]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/2 cases did not pass strictly:/);
      expect(run.stdout).toMatch(/1\.1\.2 +fail +Expected 1 reply/);
      const page = await readFile(html, 'utf8');
      expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
      expect(page).not.toContain('<img');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('runs only the cases --cases names', async () => {
    const json = join(dir, 'utf8.json');
    const run = await runWsx(['conform', `ws://127.0.0.1:${explorer.port}/echo`, '--cases', '6.*', '--json', json]);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as ConformanceReport;
    expect(report.selection).toEqual(['6.*']);
    expect(report.cases.length).toBe(145);
    expect(report.cases.every((c) => c.id.startsWith('6.'))).toBe(true);
    expect(report.summary.map((s) => s.category)).toEqual(['6']);
  }, 60_000);

  it('prints its usage with --help, and exits 2 on bad arguments or a target it cannot reach', async () => {
    const target = `ws://127.0.0.1:${explorer.port}/echo`;
    const [help, badSize, noMatch, unreachable] = await Promise.all([
      runWsx(['conform', '--help']),
      runWsx(['conform', target, '--max-message', 'lots']),
      runWsx(['conform', target, '--cases', '8.*']),
      runWsx(['conform', 'ws://127.0.0.1:9/echo']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: wsx conform ws:\/\/HOST:PORT\/PATH/);
    expect(help.stdout).toContain('--max-message');

    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toContain('--max-message takes a size in bytes');

    expect(noMatch.code).toBe(2);
    expect(noMatch.stderr).toContain('no case matches "8.*"');

    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot connect to 127\.0\.0\.1:9/);
  }, 60_000);
});

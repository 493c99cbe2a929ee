// The conformance suite (server/conformance/) against the explorer's own
// /echo: every case, numbered as the Autobahn testsuite numbers them, must
// pass strictly. The server runs in a process of its own, as any server
// under test would, so the suite's client and the server each have a core.
// Also here: --max-message against a server with a limit, the decoder links
// in the format the UI reads, case selection, and POST /api/conform.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CASES } from '../../server/conformance/cases/index';
import { categoryOf } from '../../server/conformance/case-model';
import { decoderHash } from '../../server/conformance/decoder-link';
import type { ConformanceEvent, ConformanceReport } from '../../server/conformance/report';
import { ConformanceSetupError, plannedCases, runConformance } from '../../server/conformance/runner';
import { useExplorer } from '../../explorer-ui/src/store';
import { hashForState } from '../../explorer-ui/src/store/url-state';
import { startExplorer } from '../support/explorer-server';
import { startExplorerProcess, type Target } from '../support/conformance-targets';

/** One line per case that did not pass strictly, so a failure says which and why. */
function notStrict(report: ConformanceReport): string[] {
  return report.cases.filter((c) => c.outcome !== 'pass').map((c) => `${c.id} ${c.outcome}: ${c.findings.join(' | ')}`);
}

describe('the suite against our own /echo', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startExplorerProcess();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('passes every case strictly', async () => {
    const report = await runConformance({ url: target.url });
    const perCategory = report.summary.map((s) => `${s.category} ${s.title}: ${s.total}`).join(', ');
    console.log(`conformance against our /echo: ${report.cases.length} cases in ${(report.durationMs / 1000).toFixed(1)} s (${perCategory})`);
    expect(notStrict(report)).toEqual([]);
    expect(report.strictPass).toBe(true);
    expect(report.cases.map((c) => c.id)).toEqual(ALL_CASES.map((c) => c.id));
    // Every case says what it rests on, and logs what crossed the wire both ways.
    for (const c of report.cases) {
      expect(c.rfc.length, c.id).toBeGreaterThan(0);
      expect(c.wire.entries.some((e) => e.direction === 'client' && e.kind === 'http'), c.id).toBe(true);
      expect(c.wire.entries.some((e) => e.direction === 'server' && e.kind === 'http'), c.id).toBe(true);
    }
  }, 180_000);
});

describe('--max-message against a server with a limit', () => {
  it('expects 1009 for each case whose message is larger, and echoes the smaller ones', async () => {
    const server = await startExplorer({ echo: { maxMessageSize: 100_000 } });
    try {
      const report = await runConformance({ url: `ws://127.0.0.1:${server.port}/echo`, cases: ['1.1.7', '9.1.*', '9.3.1', '7.1.6'], maxMessage: 100_000 });
      expect(notStrict(report)).toEqual([]);
      const limited = report.cases.filter((c) => c.limitNote).map((c) => c.id);
      expect(limited).toEqual(['7.1.6', '9.1.2', '9.1.3', '9.1.4', '9.1.5', '9.1.6', '9.3.1']);
      // 7.1.6 sends its 256 KiB message first: nothing may be echoed before the 1009.
      const bigFirst = report.cases.find((c) => c.id === '7.1.6')!;
      expect(bigFirst.limitNote).toMatch(/262144-byte message is over --max-message 100000.*1009.*the 0 before it/);
      expect(bigFirst.wire.entries.some((e) => e.direction === 'server' && /^close.*: 1009/.test(e.summary))).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('the report', () => {
  it('links a frame to the decoder exactly as the explorer UI writes its own links', () => {
    const hex = '818537fa213d7f9f4d5158';
    for (const from of ['client', 'server'] as const) {
      const ui = hashForState({ ...useExplorer.getState(), view: 'decoder', decoderInput: '81 85 37 fa 21 3d 7f 9f 4d 51 58', decoderFrom: from });
      expect(decoderHash(hex, from).hash).toBe(ui);
    }
    expect(decoderHash(hex, 'client').hash).toBe('#/decoder?hex=81+85+37+fa+21+3d+7f+9f+4d+51+58&from=client');
  });

  it('keeps a timestamped log of both directions, the close handshake and who closed TCP', async () => {
    const server = await startExplorer();
    try {
      const report = await runConformance({ url: `ws://127.0.0.1:${server.port}/echo`, cases: ['2.2'] });
      const summaries = report.cases[0].wire.entries.map((e) => `${e.direction} ${e.kind} ${e.summary}`);
      expect(summaries).toEqual([
        'client http GET /echo HTTP/1.1',
        'server http 101 Switching Protocols',
        'client frame ping, 13 bytes: "Hello, world!"',
        'server frame pong, 13 bytes: "Hello, world!"',
        'client frame close, 2 bytes: 1000',
        'server frame close, 2 bytes: 1000',
        'server event the server closed TCP',
      ]);
      const times = report.cases[0].wire.entries.map((e) => e.t);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      // The ping as it went out: masked, so its hex is not the payload's.
      const ping = report.cases[0].wire.entries[2];
      expect(ping.hex).toMatch(/^898d[0-9a-f]{34}$/);
      expect(ping.hex.slice(12)).not.toBe(Buffer.from('Hello, world!').toString('hex'));
    } finally {
      await server.close();
    }
  });
});

describe('case selection', () => {
  const url = 'ws://127.0.0.1:9/echo';

  it('takes globs on case ids, in Autobahn\'s order', () => {
    expect(plannedCases({ url, cases: ['6.4.*'] }).map((c) => c.id)).toEqual(['6.4.1', '6.4.2', '6.4.3', '6.4.4']);
    expect(plannedCases({ url, cases: ['7.7.1', '2.1*'] }).map((c) => c.id)).toEqual(['2.1', '2.10', '2.11', '7.7.1']);
    expect(new Set(plannedCases({ url, cases: ['6.*'] }).map((c) => categoryOf(c.id)))).toEqual(new Set(['6']));
  });

  it('refuses a pattern that matches nothing, and a wss:// target', () => {
    expect(() => plannedCases({ url, cases: ['8.*'] })).toThrow(ConformanceSetupError);
    expect(() => plannedCases({ url: 'wss://127.0.0.1:9/echo' })).toThrow(/wss/);
  });
});

describe('POST /api/conform', () => {
  it('streams a run as newline-delimited JSON: start, each case, then the rest of the report', async () => {
    const server = await startExplorer();
    try {
      const response = await fetch(`${server.server.url}/api/conform`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: '/echo', cases: ['2.*', '7.7.1'] }) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as ConformanceEvent);
      expect(events[0]).toMatchObject({ type: 'start', total: 12 });
      const cases = events.filter((e) => e.type === 'case');
      expect(cases).toHaveLength(12);
      expect(cases.every((e) => e.type === 'case' && e.result.outcome === 'pass')).toBe(true);
      const done = events.at(-1)!;
      expect(done.type).toBe('done');
      if (done.type === 'done') {
        expect(done.report.strictPass).toBe(true);
        expect(done.report).not.toHaveProperty('cases');
      }
    } finally {
      await server.close();
    }
  });

  it('runs only against the targets the frame lab allows, one run at a time per address', async () => {
    const server = await startExplorer();
    const post = (body: unknown) => fetch(`${server.server.url}/api/conform`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    try {
      expect((await post({ target: 'ws://example.com/' })).status).toBe(403);
      expect((await post({ target: '/tap' })).status).toBe(403);
      expect((await post({ target: '/echo', cases: ['8.*'] })).status).toBe(400);
      const catalogue = (await (await fetch(`${server.server.url}/api/conform`)).json()) as { targets: string[]; cases: Array<{ id: string }> };
      expect(catalogue.targets).toEqual(['/echo']);
      expect(catalogue.cases).toHaveLength(ALL_CASES.length);

      // The fail-fast cases wait on purpose, so the first run is still going when the second asks.
      const first = await post({ target: '/echo', cases: ['6.4.*'] });
      const second = await post({ target: '/echo', cases: ['1.1.1'] });
      expect(second.status).toBe(409);
      await first.text();
      const third = await post({ target: '/echo', cases: ['1.1.1'] });
      expect(third.status).toBe(200);
      await third.text();
    } finally {
      await server.close();
    }
  });
});

// The suite against two independent implementations: the `ws` package's
// WebSocketServer and python-websockets (Debian's python3-websockets), both
// plain echo servers with a 1 MiB message limit (python-websockets' default)
// and the suite run with --max-message 1 MiB. Their outcomes are printed;
// the test holds them to the differences we know, each with who is right
// per the RFCs (see the comments), so a new difference is noticed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseOutcome, ConformanceReport } from '../../server/conformance/report';
import { runConformance } from '../../server/conformance/runner';
import { startPythonEchoServer, startWsEchoServer, type Target } from '../support/conformance-targets';

const MAX_MESSAGE = 1024 * 1024;

/** A case that does not pass strictly, and the outcomes it may have (pass too, where timing decides). */
type Known = Record<string, CaseOutcome[]>;

const WS_KNOWN: Known = {
  // RFC 9110 15.5.6: a 405 MUST carry Allow. ws refuses POST with a bare 405.
  '0.2.1': ['lenient'],
  // RFC 6455 4.2.1: the handshake is "an HTTP/1.1 or higher GET request"; ws upgrades HTTP/1.0.
  '0.3.1': ['fail'],
  // RFC 6455 4.2.1 and RFC 9112 3.2: a request without Host, or with two, MUST get 400; ws upgrades both.
  '0.4.1': ['fail'],
  '0.4.2': ['fail'],
  // RFC 9110 15.5.22: a 426 MUST carry Upgrade. ws answers a request that is not an upgrade with a bare 426.
  '0.5.1': ['lenient'],
  '0.5.2': ['lenient'],
  '0.6.1': ['lenient'],
  // RFC 6455 4.2.2 names 426 for a version it does not speak; ws sends 400, with "Sec-WebSocket-Version: 13, 8" (right).
  '0.7.2': ['lenient'],
  '0.7.3': ['lenient'],
  // RFC 7692 7.1: an offer with an unknown parameter is declined; ws refuses the whole handshake with 400.
  '0.11.3': ['lenient'],
  // RFC 6455 8.1 only says MUST fail; ws checks UTF-8 when a message is complete, not at the first bad byte (Autobahn's fail fast).
  '6.4.1': ['lenient'],
  '6.4.2': ['lenient'],
  '6.4.3': ['lenient'],
  '6.4.4': ['lenient'],
};

// python-websockets' handler echoes asynchronously: a bad frame right behind a good message can fail
// the connection before the echo goes out, which the cases allow (lenient); timing decides.
const ECHO_RACE: CaseOutcome[] = ['pass', 'lenient'];

const PYTHON_KNOWN: Known = {
  // RFC 6455 4.2.1 and RFC 9112 3.2: without Host, or with two, MUST get 400; python-websockets does not look at Host.
  '0.4.1': ['fail'],
  '0.4.2': ['fail'],
  // RFC 6455 4.2.2: refusing a version MUST name the versions spoken in Sec-WebSocket-Version; python-websockets sends a bare 400.
  '0.7.2': ['fail'],
  '0.7.3': ['fail'],
  // RFC 6455 4.2.1: a handshake that breaks the ABNF (the subprotocol "super chat" is not a token) MUST be refused; python-websockets accepts it.
  '0.10.2': ['fail'],
  '1.3.2': ECHO_RACE,
  '3.2': ECHO_RACE,
  '3.3': ECHO_RACE,
  '3.4': ECHO_RACE,
  '4.1.3': ECHO_RACE,
  '4.1.4': ECHO_RACE,
  '4.1.5': ECHO_RACE,
  '4.2.3': ECHO_RACE,
  '4.2.4': ECHO_RACE,
  '4.2.5': ECHO_RACE,
  '5.15': ECHO_RACE,
  // It checks UTF-8 frame by frame: at once when the bad byte ends a frame (6.4.1, 6.4.2), at the frame's end when it is inside one.
  '6.4.3': ['lenient'],
  '6.4.4': ['lenient'],
  // Autobahn's "informational" case: it may handle the close before it has echoed the messages in front of it.
  '7.1.6': ECHO_RACE,
};

function notStrict(report: ConformanceReport): Record<string, CaseOutcome> {
  return Object.fromEntries(report.cases.filter((c) => c.outcome !== 'pass').map((c) => [c.id, c.outcome]));
}

function print(name: string, report: ConformanceReport): void {
  const lines = report.cases.filter((c) => c.outcome !== 'pass').map((c) => `  ${c.id} ${c.outcome}: ${c.findings[0]}`);
  console.log(`${name}: ${report.cases.length} cases in ${(report.durationMs / 1000).toFixed(1)} s: ${JSON.stringify(report.totals)}\n${lines.join('\n')}`);
}

/** Every case outside `known` passes strictly, and every known one has an outcome it may have. */
function expectKnownDifferences(report: ConformanceReport, known: Known): void {
  const outcomes = Object.fromEntries(report.cases.map((c) => [c.id, c.outcome]));
  const unexpected = Object.entries(notStrict(report)).filter(([id]) => !(id in known));
  expect(unexpected).toEqual([]);
  for (const [id, allowed] of Object.entries(known)) expect(allowed, `${id}: ${report.cases.find((c) => c.id === id)?.findings.join(' | ')}`).toContain(outcomes[id]);
}

let ws: Target;
let python: Target;
let reports: { ws: ConformanceReport; python: ConformanceReport };

beforeAll(async () => {
  [ws, python] = await Promise.all([startWsEchoServer(MAX_MESSAGE), startPythonEchoServer(MAX_MESSAGE)]);
  const [wsReport, pythonReport] = await Promise.all([runConformance({ url: ws.url, maxMessage: MAX_MESSAGE }), runConformance({ url: python.url, maxMessage: MAX_MESSAGE })]);
  reports = { ws: wsReport, python: pythonReport };
}, 180_000);

afterAll(async () => {
  await Promise.all([ws?.close(), python?.close()]);
});

describe('the ws package', () => {
  it('runs every case; its differences are the known ones', () => {
    print('ws WebSocketServer', reports.ws);
    expect(reports.ws.totals.skipped).toBe(0);
    expect(reports.ws.totals.unsupported).toBe(0);
    expectKnownDifferences(reports.ws, WS_KNOWN);
  });

  it('refuses an unknown version with 400 naming 13 and 8, and POST with a 405 that names no method', () => {
    const response = (id: string) => reports.ws.cases.find((c) => c.id === id)!.wire.entries.find((e) => e.direction === 'server' && e.kind === 'http')!;
    const text = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
    expect(text(response('0.7.2').hex)).toMatch(/^HTTP\/1\.1 400 [\s\S]*\r\nSec-WebSocket-Version: 13, 8\r\n/i);
    expect(text(response('0.2.1').hex)).toMatch(/^HTTP\/1\.1 405 /);
    expect(text(response('0.2.1').hex)).not.toMatch(/\r\nAllow:/i);
  });
});

describe('python-websockets', () => {
  it('runs every case; its differences are the known ones', () => {
    print('python-websockets', reports.python);
    expect(reports.python.totals.skipped).toBe(0);
    expect(reports.python.totals.unsupported).toBe(0);
    expectKnownDifferences(reports.python, PYTHON_KNOWN);
  });

  it('fails fast on UTF-8 when the bad byte ends a frame, and refuses a version without naming 13', () => {
    expect(notStrict(reports.python)['6.4.1']).toBeUndefined();
    expect(notStrict(reports.python)['6.4.2']).toBeUndefined();
    const refusal = reports.python.cases.find((c) => c.id === '0.7.2')!.wire.entries.find((e) => e.direction === 'server' && e.kind === 'http')!;
    const head = Buffer.from(refusal.hex, 'hex').toString('latin1');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).not.toMatch(/\r\nSec-WebSocket-Version:/i);
  });
});

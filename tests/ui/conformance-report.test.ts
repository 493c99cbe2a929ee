// The Conformance view's page side (explorer-ui/src/features/conformance):
// a run's stream cut into lines however it arrives, a report file read as
// untrusted and written as the CLI writes it, the links from a case to the
// decoder (the CLI report's, plus what permessage-deflate agreed), to the
// handshake stepper and to its lesson, and the store folding a run's events
// into a report in the suite's order.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../engine/hex';
import { decoderHash } from '../../server/conformance/decoder-link';
import type { CaseReport, ConformanceReport, WireEntry } from '../../server/conformance/report';
import { caseHandshake, frameDecoderLink, handshakeLink, lessonFor } from '../../explorer-ui/src/features/conformance/case-links';
import { NdjsonLines, conformPlace } from '../../explorer-ui/src/features/conformance/conform-client';
import { assembleReport, readReportJson, reportFileName, reportJson } from '../../explorer-ui/src/features/conformance/report-file';
import { useExplorer } from '../../explorer-ui/src/store';
import { stateFromHash } from '../../explorer-ui/src/store/url-state';

const ascii = (text: string) => bytesToHex(new TextEncoder().encode(text));

function http(direction: 'client' | 'server', text: string): WireEntry {
  return { t: 1, direction, kind: 'http', hex: ascii(text), length: text.length, summary: text.split('\r\n')[0] };
}

const REQUEST = 'GET /echo HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
const RESPONSE = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';

function caseReport(id: string, patch: Partial<CaseReport> = {}): CaseReport {
  return {
    id,
    category: id.split('.')[0],
    description: `case ${id}`,
    rfc: [{ section: 'RFC 6455 5.5.2', quote: 'Upon receipt of a Ping frame, an endpoint MUST send a Pong frame' }],
    expectation: 'A pong with the same payload.',
    outcome: 'pass',
    findings: [],
    durationMs: 5,
    wire: {
      entries: [
        http('client', REQUEST),
        http('server', RESPONSE),
        { t: 2, direction: 'server', kind: 'frame', hex: '8a0548656c6c6f', length: 7, summary: 'pong, 5 bytes: "Hello"' },
        { t: 3, direction: 'server', kind: 'event', hex: '', length: 0, summary: 'the server closed TCP' },
      ],
      omittedEntries: 0,
      omittedBytes: 0,
    },
    ...patch,
  };
}

function report(cases: CaseReport[]): ConformanceReport {
  return assembleReport(cases, null, { target: 'ws://127.0.0.1:8080/echo', startedAt: '2026-11-30T06:00:00.000Z', durationMs: 1234, selection: ['2.*'], maxMessage: null });
}

describe('the run\'s stream', () => {
  it('cuts lines wherever the pieces end, and keeps a last line with no newline', () => {
    const lines = new NdjsonLines();
    const text = '{"type":"start"}\n{"type":"case","n":1}\n\n{"type":"done"}';
    const got: string[] = [];
    for (let i = 0; i < text.length; i += 3) got.push(...lines.push(text.slice(i, i + 3)));
    got.push(...lines.end());
    expect(got).toEqual(['{"type":"start"}', '{"type":"case","n":1}', '{"type":"done"}']);
  });

  it('runs on the page\'s own server, with its token; from disk, nowhere', () => {
    expect(conformPlace({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toEqual({ kind: 'server', apiUrl: 'http://127.0.0.1:8080/api/conform', token: null });
    expect(conformPlace({ protocol: 'http:', host: '10.0.0.2:8080', search: '?token=a+b' })).toMatchObject({ apiUrl: 'http://10.0.0.2:8080/api/conform?token=a%20b' });
    expect(conformPlace({ protocol: 'file:', host: '', search: '' })).toEqual({ kind: 'static' });
  });
});

describe('a report file', () => {
  it('is written as wsx conform --json writes it, and read back the same', () => {
    const original = report([caseReport('2.1'), caseReport('2.2', { outcome: 'lenient', findings: ['late'] })]);
    const text = reportJson(original);
    expect(text).toBe(`${JSON.stringify(original, null, 1)}\n`);
    expect(readReportJson(text)).toEqual({ ok: true, report: original });
    expect(original).toMatchObject({ strictPass: false, totals: { pass: 1, lenient: 1 }, summary: [{ category: '2', title: 'Pings/Pongs', total: 2 }] });
    expect(reportFileName(original)).toBe('conformance-127.0.0.1-8080-echo-2026-11-30T06-00-00.json');
  });

  it('works out the verdict, totals and summary from the cases instead of believing them', () => {
    const tampered = { ...report([caseReport('2.1', { outcome: 'fail' })]), strictPass: true, totals: { pass: 9 } };
    const reading = readReportJson(JSON.stringify(tampered));
    expect(reading.ok && reading.report).toMatchObject({ strictPass: false, totals: { pass: 0, fail: 1 } });
  });

  it('says what is wrong with a file that is not a report', () => {
    const bad = (value: unknown) => {
      const reading = readReportJson(typeof value === 'string' ? value : JSON.stringify(value));
      return reading.ok ? 'ok' : reading.error;
    };
    expect(bad('{')).toMatch(/^the file is not JSON/);
    expect(bad({ type: 'case' })).toMatch(/one line of a run's stream/);
    expect(bad({ ...report([]), version: 2 })).toMatch(/version/);
    expect(bad(report([caseReport('2.1', { outcome: 'great' as never })]))).toBe('case 2.1\'s "outcome" ("great") is not one of pass, lenient, fail, unsupported, skipped');
    const oddHex = caseReport('2.1');
    oddHex.wire.entries[2] = { ...oddHex.wire.entries[2], hex: '8a0<' };
    expect(bad(report([oddHex]))).toBe('case 2.1\'s wire entry 3\'s "hex" is not whole bytes of hex');
    expect(bad(report([caseReport('<b>')]))).toMatch(/is not numbered as 1.2.3/);
  });
});

describe('a case\'s links', () => {
  it('opens a frame in the decoder by the CLI report\'s link, which the decoder reads as that frame from that side', () => {
    const frame = caseReport('2.2').wire.entries[2];
    const link = frameDecoderLink(frame, null);
    expect(link).toEqual(decoderHash(frame.hex, 'server'));
    expect(stateFromHash(link.hash)).toMatchObject({ view: 'decoder', decoderInput: '8a 05 48 65 6c 6c 6f', decoderFrom: 'server', decoderDeflate: { negotiated: false } });
  });

  it('tells the decoder what permessage-deflate the 101 agreed for the frame\'s sender', () => {
    const agreed = caseReport('12.1.1');
    agreed.wire.entries[1] = http('server', RESPONSE.replace('\r\n\r\n', '\r\nSec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n\r\n'));
    const { deflate } = caseHandshake(agreed);
    const client: WireEntry = { t: 1, direction: 'client', kind: 'frame', hex: 'c1800000000000', length: 6, summary: 'text' };
    expect(stateFromHash(frameDecoderLink(client, deflate).hash)).toMatchObject({ decoderDeflate: { negotiated: true, noContextTakeover: true } });
    expect(stateFromHash(frameDecoderLink(agreed.wire.entries[2], deflate).hash)).toMatchObject({ decoderDeflate: { negotiated: true, noContextTakeover: false } });
  });

  it('opens the handshake in the stepper, either side, with the real request and answer', () => {
    const handshake = caseHandshake(caseReport('2.2'));
    expect(handshake.request).toBe(REQUEST.slice(0, -2));
    expect(stateFromHash(handshakeLink(handshake, 'server')!)).toMatchObject({ view: 'handshake', handshakeSide: 'server', requestText: REQUEST.slice(0, -2), responseText: RESPONSE.slice(0, -2), serverDeflate: false });
    expect(stateFromHash(handshakeLink(handshake, 'client')!)).toMatchObject({ handshakeSide: 'client' });
    expect(handshakeLink(caseHandshake({ wire: { entries: [], omittedEntries: 0, omittedBytes: 0 } }), 'server')).toBeNull();
  });

  it('links each case to the lesson of its rule', () => {
    const lesson = (category: string, sections: string[]) => lessonFor({ category, rfc: sections.map((section) => ({ section, quote: '' })) })?.id ?? null;
    expect(lesson('2', ['RFC 6455 5.5.2'])).toBe('07-ping-pong-keepalive');
    expect(lesson('1', ['RFC 6455 5.2'])).toBe('04-frame-anatomy');
    expect(lesson('1', ['RFC 6455 5.1', 'RFC 6455 5.2'])).toBe('05-masking');
    expect(lesson('5', ['RFC 6455 5.4'])).toBe('06-fragmentation');
    expect(lesson('6', ['RFC 6455 8.1'])).toBe('10-utf8');
    expect(lesson('7', ['RFC 6455 7.4.1'])).toBe('08-closing');
    expect(lesson('0', ['RFC 6455 4.2.1'])).toBe('02-upgrade-request');
    expect(lesson('0', ['RFC 6455 4.2.2'])).toBe('03-sec-websocket-accept');
    expect(lesson('12', ['RFC 7692 7.2.1'])).toBe('11-compression');
    expect(lesson('0', ['RFC 7692 7.1'])).toBe('11-compression');
    expect(lesson('8', ['RFC 6455 5.2'])).toBeNull();
    expect(stateFromHash(lessonFor({ category: '6', rfc: [] })!.hash)).toMatchObject({ view: 'lessons', lessonId: '10-utf8', lessonStep: 0 });
  });
});

describe('the store', () => {
  it('keeps the cases of a run in the suite\'s order, whatever order they end in', () => {
    const store = useExplorer.getState();
    store.beginConformRun('/echo', ['2.*']);
    store.planConformRun('ws://127.0.0.1:8080/echo', ['2.1', '2.2', '2.3', '2.10']);
    for (const id of ['2.10', '2.2', '2.3', '2.1']) useExplorer.getState().addConformCase(caseReport(id, id === '2.3' ? { outcome: 'fail' } : {}));
    const session = useExplorer.getState().conformSession!;
    expect(session.report.cases.map((c) => c.id)).toEqual(['2.1', '2.2', '2.3', '2.10']);
    expect(session.report.totals).toMatchObject({ pass: 3, fail: 1 });
    useExplorer.getState().endConformRun({ status: 'stopped', error: null });
    expect(useExplorer.getState().conformSession).toMatchObject({ status: 'stopped' });
    // Ended: a late case is not added.
    useExplorer.getState().addConformCase(caseReport('2.4'));
    expect(useExplorer.getState().conformSession!.report.cases).toHaveLength(4);
  });
});

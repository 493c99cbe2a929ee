// The frame lab's page side (explorer-ui/src/features/frame-lab): where the
// lab is for a page (its own server, with the page's token; none from disk),
// what each of the server's answers means to the page, and a report made
// readable: frames decoded as a server's, the close code explained, the
// close reason matched to the rule of the bytes sent.

import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import { bytesToHex } from '../../engine/hex';
import { readLabReport, timingWords } from '../../explorer-ui/src/features/frame-lab/lab-answer';
import { exchangeWithLab, fetchLabTargets, labPlace, type LabReport } from '../../explorer-ui/src/features/frame-lab/lab-client';

const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const rsv2Frame = encodeFrame({ opcode: 0x1, rsv2: true, payload: new TextEncoder().encode('odd'), maskingKey: key });
const closeFrame = (code: number, reason: string) => {
  const payload = new Uint8Array([code >> 8, code & 0xff, ...new TextEncoder().encode(reason)]);
  return encodeFrame({ opcode: 0x8, payload });
};

function report(patch: Partial<LabReport> = {}): LabReport {
  return {
    url: 'ws://127.0.0.1:8080/echo',
    requestHead: 'GET /echo HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n',
    responseHead: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
    status: 101,
    sentHex: bytesToHex(rsv2Frame),
    receivedHex: bytesToHex(closeFrame(1002, 'rsv-without-extension')),
    receivedTruncated: false,
    serverClosedTcp: true,
    elapsedMs: 12,
    ...patch,
  };
}

describe('where the lab is', () => {
  it('is /api/lab on the page\'s own server, with its token, and nowhere from disk', () => {
    expect(labPlace({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toEqual({ kind: 'server', labUrl: 'http://127.0.0.1:8080/api/lab', token: null });
    expect(labPlace({ protocol: 'http:', host: '10.0.0.5:8080', search: '?token=a b' })).toEqual({ kind: 'server', labUrl: 'http://10.0.0.5:8080/api/lab?token=a%20b', token: 'a b' });
    expect(labPlace({ protocol: 'file:', host: '', search: '' })).toEqual({ kind: 'static' });
  });
});

describe('what the server\'s answers mean to the page', () => {
  const place = { kind: 'server', labUrl: 'http://127.0.0.1:8080/api/lab', token: null } as const;
  const answering = (status: number, body: string, contentType = 'application/json') =>
    (async () => new Response(body, { status, headers: { 'Content-Type': contentType } })) as typeof fetch;

  it('reads the targets, a missing token, and a server that is not the explorer\'s', async () => {
    expect(await fetchLabTargets(place, answering(200, '{"targets":["/echo","ws://other:9000/"]}'))).toEqual({ kind: 'targets', targets: ['/echo', 'ws://other:9000/'] });
    expect(await fetchLabTargets(place, answering(401, 'add the token', 'text/plain'))).toEqual({ kind: 'token', given: false });
    expect(await fetchLabTargets(place, answering(404, '<html>', 'text/html'))).toMatchObject({ kind: 'no-server' });
    expect(await fetchLabTargets(place, (async () => { throw new TypeError('refused'); }) as typeof fetch)).toMatchObject({ kind: 'no-server' });
  });

  it('passes the lab\'s refusal on in its own words, and a report as it came', async () => {
    const refusal = '"ws://evil:1/" is not a lab target: use one of this server\'s endpoints, or start the server with --lab-target URL';
    expect(await exchangeWithLab(place, 'ws://evil:1/', '81 00', answering(403, JSON.stringify({ error: refusal })))).toEqual({ kind: 'refused', status: 403, reason: refusal });
    expect(await exchangeWithLab(place, '/echo', '81 00', answering(403, 'Host "x" is not a name this server answers to\n', 'text/plain'))).toEqual({
      kind: 'refused',
      status: 403,
      reason: 'Host "x" is not a name this server answers to',
    });
    expect(await exchangeWithLab(place, '/echo', '81 00', answering(200, JSON.stringify(report())))).toEqual({ kind: 'answer', report: report() });
  });

  it('sends the target and the hex as JSON, by POST', async () => {
    let sent: RequestInit | undefined;
    const spy = (async (_url: string, init?: RequestInit) => {
      sent = init;
      return new Response(JSON.stringify(report()), { status: 200 });
    }) as typeof fetch;
    await exchangeWithLab(place, '/echo', 'a18337fa213d', spy);
    expect(sent?.method).toBe('POST');
    expect(JSON.parse(String(sent?.body))).toEqual({ target: '/echo', hex: 'a18337fa213d' });
  });
});

describe('a report made readable', () => {
  it('explains the close code and matches its reason to the rule the bytes sent break', () => {
    const answer = readLabReport(report());
    expect(answer.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
    expect(answer.frames).toHaveLength(1);
    expect(answer.frames[0]).toMatchObject({ opcodeName: 'close', masked: false, problems: [] });
    expect(answer.closes).toEqual([
      expect.objectContaining({ frameIndex: 0, code: 1002, reason: 'rsv-without-extension', info: expect.objectContaining({ name: 'Protocol Error' }), rule: expect.objectContaining({ kind: 'rsv-without-extension', rfc: '5.2', byteOffset: 0 }) }),
    ]);
  });

  it('matches 1007 to the byte that is not UTF-8', () => {
    const badText = encodeFrame({ opcode: 0x1, payload: Uint8Array.of(0x48, 0x69, 0xff), maskingKey: key });
    const answer = readLabReport(report({ sentHex: bytesToHex(badText), receivedHex: bytesToHex(closeFrame(1007, 'invalid-utf8')) }));
    expect(answer.closes[0]).toMatchObject({ code: 1007, info: { name: 'Invalid Frame Payload Data' }, rule: { kind: 'invalid-utf8', byteOffset: 8 } });
  });

  it('shows an echo, a frame cut short, and a close with no rule named', () => {
    const echo = encodeFrame({ opcode: 0x1, payload: new TextEncoder().encode('Hello') });
    const answer = readLabReport(report({ receivedHex: bytesToHex(new Uint8Array([...echo, ...closeFrame(1000, 'bye'), 0x81])), serverClosedTcp: false, elapsedMs: 2000 }));
    expect(answer.frames.map((f) => f.opcodeName)).toEqual(['text', 'close']);
    expect(answer.remainder?.frame.truncated).toBe(true);
    expect(answer.closes[0]).toMatchObject({ frameIndex: 1, code: 1000, rule: null });
    expect(timingWords(answer)).toBe('The server answered with 2 frames and kept the connection open; the lab stopped waiting after 2,000 ms and hung up.');
    expect(timingWords(readLabReport(report()))).toBe('The server answered with 1 frame and closed TCP 12 ms after the bytes were sent.');
  });
});

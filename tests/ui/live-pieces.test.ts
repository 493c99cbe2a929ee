// The Live view's smaller pieces, without a DOM: filters kept up to date
// incrementally, the one-line frame summaries, what the Connect panel may
// send and close with, where the tap is, nonces, the tap reader's tolerance,
// a proxied session's upstream request, and a frame decoded alone.

import { describe, expect, it } from 'vitest';
import { buildClosePayload } from '../../engine/close';
import { encodeFrame } from '../../engine/frame';
import { closeRequest, outgoingMessage } from '../../explorer-ui/src/features/live/connect-input';
import { EntryLog } from '../../explorer-ui/src/features/live/entry-log';
import { summarizeFrame } from '../../explorer-ui/src/features/live/frame-summary';
import { decodeLiveFrame } from '../../explorer-ui/src/features/live/live-frame-decode';
import { acceptSent, liveHandshakeText } from '../../explorer-ui/src/features/live/live-handshake';
import { isNonce, newNonce, nonceOfTarget, withNonce } from '../../explorer-ui/src/features/live/live-nonce';
import { upstreamOf } from '../../explorer-ui/src/features/live/proxied-session';
import { endpointUrl, reconnectDelayMs, tapAddress } from '../../explorer-ui/src/features/live/tap-address';
import { tapHexToBytes } from '../../explorer-ui/src/features/live/tap-hex';
import { readTapMessage } from '../../explorer-ui/src/features/live/tap-message-reader';
import type { FrameEntry, TimelineEntry } from '../../explorer-ui/src/features/live/timeline-entry';
import { FilteredEntries, entryMatches, NO_FILTER } from '../../explorer-ui/src/features/live/timeline-filter';

const text = (value: string) => new TextEncoder().encode(value);

function frameEntry(from: 'client' | 'server', opcode: number, summary: string): FrameEntry {
  return { kind: 'frame', from, at: 0, offset: 0, fin: true, rsv: 0, opcode, masked: from === 'client', payloadLength: 0, wire: new Uint8Array(2), summary, compressed: false, inflated: null };
}

describe('timeline filters', () => {
  const entries: TimelineEntry[] = [
    { kind: 'handshake', from: 'client', at: 0, bytes: new Uint8Array(), firstLine: 'GET /echo HTTP/1.1' },
    frameEntry('client', 1, '“hello”'),
    frameEntry('server', 1, '“hello”'),
    frameEntry('server', 9, 'payload “beat”'),
    { kind: 'gap', from: 'client', at: 0, cause: 'jump', bytes: 10 },
    frameEntry('client', 8, '1000 Normal Closure'),
  ];

  it('by direction, kind and text; gaps always show', () => {
    const pick = (filter: Partial<typeof NO_FILTER>) => entries.flatMap((e, i) => (entryMatches(e, { ...NO_FILTER, ...filter }) ? [i] : []));
    expect(pick({})).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pick({ direction: 'server' })).toEqual([2, 3]);
    expect(pick({ direction: 'client' })).toEqual([0, 1, 4, 5]);
    expect(pick({ kind: 'data' })).toEqual([1, 2, 4]);
    expect(pick({ kind: 'control' })).toEqual([3, 4, 5]);
    expect(pick({ search: 'HELLO' })).toEqual([1, 2, 4]);
    expect(pick({ search: 'ping' })).toEqual([3, 4]);
    expect(pick({ search: '1000' })).toEqual([4, 5]);
  });

  it('follow the log incrementally, and let dropped entries go', () => {
    const log = new EntryLog<TimelineEntry>();
    const filtered = new FilteredEntries();
    const filter = { ...NO_FILTER, direction: 'server' as const };
    for (const e of entries) log.push(e);
    expect(filtered.update(log, filter)).toBe(true);
    expect([filtered.at(0), filtered.at(1)]).toEqual([2, 3]);
    expect(filtered.update(log, filter)).toBe(false);
    log.push(frameEntry('server', 2, '01'));
    filtered.update(log, filter);
    expect(filtered.count).toBe(3);
    expect(filtered.indexOf(6)).toBe(2);
    expect(filtered.countBelow(4)).toBe(2);
    for (let i = 0; i < 3; i++) log.dropOldest();
    filtered.update(log, filter);
    expect([filtered.count, filtered.at(0)]).toEqual([2, 3]);
    log.clear();
    filtered.update(log, filter);
    expect(filtered.count).toBe(0);
  });
});

describe('frame summaries', () => {
  it('text, binary, ping, close with its meaning, and the codes a frame may not carry', () => {
    expect(summarizeFrame(1, text('hi\nthere'))).toBe('“hi⏎there”');
    expect(summarizeFrame(1, text('é'))).toBe('“é”');
    expect(summarizeFrame(2, new Uint8Array([1, 2, 255]))).toBe('01 02 ff');
    expect(summarizeFrame(9, text('beat'))).toBe('payload “beat”');
    expect(summarizeFrame(10, new Uint8Array([0, 1]))).toBe('payload 00 01');
    expect(summarizeFrame(9, new Uint8Array())).toBe('no payload');
    expect(summarizeFrame(8, buildClosePayload(1000, 'bye'))).toBe('1000 Normal Closure “bye”');
    expect(summarizeFrame(8, new Uint8Array())).toBe('no status code: the application sees 1005 No Status Received');
    expect(summarizeFrame(8, new Uint8Array([0x03, 0xed]))).toContain('not allowed in a close frame (protocol error, 1002)');
    expect(summarizeFrame(8, new Uint8Array([3]))).toContain('1-byte body');
    expect(summarizeFrame(1, text('x'.repeat(500)))).toHaveLength(1 + 120 + 1 + 1);
  });
});

describe('the Connect panel’s input', () => {
  it('sends text as typed, and hex as bytes, naming a bad character', () => {
    expect(outgoingMessage('text', '01 zz')).toEqual({ ok: true, data: '01 zz' });
    expect(outgoingMessage('hex', '01 02 ff')).toEqual({ ok: true, data: new Uint8Array([1, 2, 255]) });
    const bad = outgoingMessage('hex', '01 0g');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^'g' is not a hex digit.*line 1, column 5/);
  });

  it('closes with what a browser may send: 1000 or 3000–4999, a reason of at most 123 bytes', () => {
    expect(closeRequest('1000', 'bye')).toEqual({ ok: true, code: 1000, reason: 'bye' });
    expect(closeRequest(' 4001 ', '')).toEqual({ ok: true, code: 4001, reason: '' });
    for (const code of ['1001', '1005', '2999', '5000', 'x', '']) expect(closeRequest(code, '').ok, code).toBe(false);
    expect(closeRequest('1000', 'é'.repeat(62)).ok).toBe(false);
    expect(closeRequest('1000', 'a'.repeat(123)).ok).toBe(true);
  });
});

describe('where the tap is', () => {
  it('on the page’s own origin, ws or wss to match, with the token from the page address', () => {
    expect(tapAddress({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toMatchObject({
      kind: 'server', tapUrl: 'ws://127.0.0.1:8080/tap', endpointsUrl: 'http://127.0.0.1:8080/api/endpoints', token: null,
    });
    expect(tapAddress({ protocol: 'https:', host: 'lab.example:443', search: '?token=a+b/c' })).toMatchObject({
      tapUrl: 'wss://lab.example:443/tap?token=a%20b%2Fc', token: 'a b/c',
    });
    expect(tapAddress({ protocol: 'file:', host: '', search: '' })).toEqual({ kind: 'no-server', reason: 'file' });
    expect(endpointUrl({ protocol: 'https:', host: 'h', search: '' }, '/echo')).toBe('wss://h/echo');
  });

  it('reconnects with back-off: doubling from 0.5 s to 15 s, with a little jitter', () => {
    expect([0, 1, 2, 3, 10].map((n) => reconnectDelayMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 15000]);
    expect(reconnectDelayMs(0, () => 1)).toBe(600);
  });
});

describe('nonces', () => {
  it('are 16 hex digits, travel in a target’s query, and are found there', () => {
    const nonce = newNonce((bytes) => bytes.fill(0xab));
    expect(nonce).toBe('abababababababab');
    expect(isNonce(nonce)).toBe(true);
    expect(isNonce('<script>')).toBe(false);
    expect(withNonce('ws://127.0.0.1:8080/chat?room=1', 'abc')).toBe('ws://127.0.0.1:8080/chat?room=1&live=abc');
    expect(nonceOfTarget('/chat?room=1&live=abc')).toBe('abc');
    expect(nonceOfTarget('/chat')).toBeNull();
  });
});

describe('the tap reader', () => {
  it('reads hex strictly and fast', () => {
    expect(tapHexToBytes('00ff10')).toEqual(new Uint8Array([0, 255, 16]));
    expect(tapHexToBytes('0')).toBeNull();
    expect(tapHexToBytes('zz')).toBeNull();
  });

  it('hands on unknown message types and malformed ones, never throws', () => {
    expect(readTapMessage('{"type":"proxy-upstream","session":"s3","x":1}')).toMatchObject({ type: 'unknown', name: 'proxy-upstream', session: 's3' });
    expect(readTapMessage('{"type":"later","detail":{"session":"s4"}}')).toMatchObject({ type: 'unknown', session: 's4' });
    expect(readTapMessage('[1]')).toMatchObject({ type: 'malformed' });
    expect(readTapMessage('{"type":"bytes","chunk":{}}')).toMatchObject({ type: 'malformed' });
    expect(readTapMessage('{"type":"session-opened","session":{"id":"s1","target":"/x","state":"weird","extra":1,"upstream":{"url":"ws://t/"}}}')).toMatchObject({
      type: 'session-opened',
      session: { id: 's1', state: 'open', extra: { extra: 1, upstream: { url: 'ws://t/' } } },
    });
  });

  it('shows a proxied session’s upstream request when the tap sends one', () => {
    const requestHex = Buffer.from('GET /x HTTP/1.1\r\nHost: target\r\n\r\n').toString('hex');
    expect(upstreamOf({ upstream: { url: 'wss://target/x', requestHex } })).toEqual({ url: 'wss://target/x', request: 'GET /x HTTP/1.1\r\nHost: target\r\n\r\n' });
    expect(upstreamOf({ upstream: { url: 'wss://target/x', requestHex: 'no' } })).toEqual({ url: 'wss://target/x', request: null });
    expect(upstreamOf({ upstream: 'x' })).toBeNull();
    expect(upstreamOf({})).toBeNull();
  });
});

describe('a live frame decoded alone', () => {
  it('leaves out the rules that need its stream, and says how many', () => {
    const continuation = encodeFrame({ opcode: 0, payload: text('lo'), maskingKey: new Uint8Array([1, 2, 3, 4]) });
    const entry: FrameEntry = { ...frameEntry('client', 0, ''), fin: true, wire: continuation };
    const decoded = decodeLiveFrame(entry)!;
    expect(decoded.frame.problems).toEqual([]);
    expect(decoded.contextProblemsLeftOut).toBe(1);
    // A rule the frame breaks on its own stays.
    const unmasked = decodeLiveFrame({ ...frameEntry('client', 1, ''), wire: encodeFrame({ opcode: 1, payload: text('x') }) })!;
    expect(unmasked.frame.problems.map((p) => p.kind)).toEqual(['unmasked-client-frame']);
  });

  it('its handshake as text, and the accept the server sent', () => {
    const request = text('GET /echo HTTP/1.1\r\nHost: h\r\n\r\n');
    const response = text('HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: abc=\r\n\r\n');
    const shown = liveHandshakeText({ request, response })!;
    expect(shown.request).toBe('GET /echo HTTP/1.1\r\nHost: h\r\n');
    expect(acceptSent(shown.response)).toBe('abc=');
    expect(liveHandshakeText({ request: null, response: null })).toBeNull();
  });
});

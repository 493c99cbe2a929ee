import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  headerHasToken,
  headerListItems,
  headerValues,
  parseRequestHead,
  parseResponseHead,
  serializeRequest,
  serializeResponse,
  type HttpRequest,
} from '../../engine/http-message';

const bytes = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

const upgradeRequest =
  'GET /chat?room=1 HTTP/1.1\r\n' +
  'Host: 127.0.0.1:8080\r\n' +
  'Upgrade: websocket\r\n' +
  'Connection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
  'Sec-WebSocket-Version: 13\r\n' +
  '\r\n';

describe('parseRequestHead', () => {
  it('reads the request line and the headers in order', () => {
    const result = parseRequestHead(bytes(upgradeRequest));
    expect(result).toEqual({
      state: 'complete',
      headLength: upgradeRequest.length,
      notes: [],
      message: {
        method: 'GET',
        target: '/chat?room=1',
        version: 'HTTP/1.1',
        headers: [
          { name: 'Host', value: '127.0.0.1:8080' },
          { name: 'Upgrade', value: 'websocket' },
          { name: 'Connection', value: 'Upgrade' },
          { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
          { name: 'Sec-WebSocket-Version', value: '13' },
        ],
      },
    });
  });

  it('stops at the blank line: the bytes after it belong to the WebSocket stream', () => {
    const withFrame = new Uint8Array([...bytes(upgradeRequest), 0x81, 0x80, 1, 2, 3, 4]);
    const result = parseRequestHead(withFrame);
    expect(result.state === 'complete' && result.headLength).toBe(upgradeRequest.length);
  });

  it('is incomplete at every split before the blank line, and complete at the end', () => {
    const all = bytes(upgradeRequest);
    for (let cut = 0; cut < all.length; cut++) {
      expect(parseRequestHead(all.subarray(0, cut)).state, `cut at ${cut}`).toBe('incomplete');
    }
    expect(parseRequestHead(all).state).toBe('complete');
  });

  it('keeps original case and repeated headers', () => {
    const result = parseRequestHead(bytes('GET / HTTP/1.1\r\nhost: a\r\nSEC-WEBSOCKET-PROTOCOL: chat\r\nsec-websocket-protocol: superchat\r\n\r\n'));
    if (result.state !== 'complete') throw new Error(result.state);
    expect(result.message.headers.map((h) => h.name)).toEqual(['host', 'SEC-WEBSOCKET-PROTOCOL', 'sec-websocket-protocol']);
    expect(headerValues(result.message.headers, 'Sec-WebSocket-Protocol')).toEqual(['chat', 'superchat']);
  });

  it('trims optional whitespace around values, and keeps an empty value', () => {
    const result = parseRequestHead(bytes('GET / HTTP/1.1\r\nA: \t spaced out \t\r\nB:\r\n\r\n'));
    if (result.state !== 'complete') throw new Error(result.state);
    expect(result.message.headers).toEqual([
      { name: 'A', value: 'spaced out' },
      { name: 'B', value: '' },
    ]);
  });

  it('unfolds an obs-fold line into the previous header with a space, and notes it (RFC 9112 5.2)', () => {
    const result = parseRequestHead(bytes('GET / HTTP/1.1\r\nSec-WebSocket-Protocol: chat,\r\n \t superchat\r\nHost: a\r\n\r\n'));
    if (result.state !== 'complete') throw new Error(result.state);
    expect(result.message.headers[0]).toEqual({ name: 'Sec-WebSocket-Protocol', value: 'chat, superchat' });
    expect(result.notes.join('\n')).toMatch(/line 3 folds the "Sec-WebSocket-Protocol" header.*obs-fold/);
  });

  it('accepts bare LF line endings and says so (RFC 9112 2.2)', () => {
    const result = parseRequestHead(bytes('GET / HTTP/1.1\nHost: a\n\n'));
    expect(result).toMatchObject({ state: 'complete', headLength: 24, message: { headers: [{ name: 'Host', value: 'a' }] } });
    expect(result.state === 'complete' && result.notes[0]).toMatch(/bare LF/);
  });

  it('skips an empty line before the request line (RFC 9112 2.2)', () => {
    const result = parseRequestHead(bytes('\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(result).toMatchObject({ state: 'complete', message: { method: 'GET' }, headLength: 29 });
  });

  it('keeps obs-text bytes as Latin-1 instead of failing', () => {
    const result = parseRequestHead(latin1('GET / HTTP/1.1\r\nX-Name: caf\xe9\r\n\r\n'));
    expect(result).toMatchObject({ state: 'complete', message: { headers: [{ name: 'X-Name', value: 'caf\xe9' }] } });
  });

  // Every malformed line: the status, where (offset, line) and what.
  const malformed: Array<[string, string, number, number, number, RegExp]> = [
    ['a request line with no version', 'GET /\r\n\r\n', 400, 5, 1, /no HTTP version/],
    ['two spaces after the method', 'GET  / HTTP/1.1\r\n\r\n', 400, 4, 1, /expected the request target.*a space/],
    ['a method with a bad character', 'GE(T / HTTP/1.1\r\n\r\n', 400, 2, 1, /"\(" in the method/],
    ['a line starting with a space instead of a method', ' GET / HTTP/1.1\r\n\r\n', 400, 0, 1, /must start with a method, found a space/],
    ['a control byte in the target', 'GET /a\x01b HTTP/1.1\r\n\r\n', 400, 6, 1, /control byte 0x01 in the request target/],
    ['a version that is not HTTP', 'GET / HTTX/1.1\r\n\r\n', 400, 6, 1, /"HTTX\/1.1" is not an HTTP version/],
    ['HTTP/2.0 in a request line', 'GET / HTTP/2.0\r\n\r\n', 505, 6, 1, /HTTP\/2.0 is not supported/],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost a\r\n\r\n', 400, 20, 2, /whitespace between the header name and the colon/],
    ['a header name that never ends', 'GET / HTTP/1.1\r\nHost\r\n\r\n', 400, 20, 2, /"Host" has no colon/],
    ['space before the colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', 400, 20, 2, /RFC 9112 5.1/],
    ['an empty header name', 'GET / HTTP/1.1\r\n: a\r\n\r\n', 400, 16, 2, /empty name/],
    ['a NUL in a header value', 'GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n', 400, 23, 2, /NUL byte in a header value/],
    ['a bare CR inside a line', 'GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n', 400, 23, 2, /bare carriage return/],
    ['whitespace before the first header', 'GET / HTTP/1.1\r\n Host: a\r\n\r\n', 400, 16, 2, /right after the start line/],
    ['a non-ASCII byte in a header name', 'GET / HTTP/1.1\r\nH\xf6st: a\r\n\r\n', 400, 17, 2, /non-ASCII byte 0xf6 in a header name/],
  ];
  it.each(malformed)('fails on %s', (_what, text, status, offset, line, message) => {
    const result = parseRequestHead(latin1(text));
    expect(result).toMatchObject({ state: 'error', status, offset, line });
    expect(result.state === 'error' && result.message).toMatch(message);
  });

  it('reports a malformed line as soon as it is complete, before the head ends', () => {
    expect(parseRequestHead(bytes('GET / HTTP/1.1\r\nHost : a\r\n'))).toMatchObject({ state: 'error', status: 400, line: 2 });
  });

  it('fails with 431 when the head is not finished within maxHeadBytes, however the bytes arrive', () => {
    const endless = bytes(`GET / HTTP/1.1\r\nX-Filler: ${'a'.repeat(9000)}`);
    expect(parseRequestHead(endless)).toMatchObject({ state: 'error', status: 431, offset: 8192 });
    expect(parseRequestHead(endless.subarray(0, 8191)).state).toBe('incomplete');
    expect(parseRequestHead(endless.subarray(0, 8192))).toMatchObject({ state: 'error', status: 431 });
  });

  it('accepts a head of exactly maxHeadBytes and refuses one byte more', () => {
    const head = (filler: number) => bytes(`GET / HTTP/1.1\r\nX: ${'a'.repeat(filler)}\r\n\r\n`);
    const overhead = head(0).length;
    const exact = head(100 - overhead);
    const oneMore = head(101 - overhead);
    expect([exact.length, oneMore.length]).toEqual([100, 101]);
    expect(parseRequestHead(exact, { maxHeadBytes: 100 })).toMatchObject({ state: 'complete', headLength: 100 });
    expect(parseRequestHead(oneMore, { maxHeadBytes: 100 })).toMatchObject({ state: 'error', status: 431 });
  });

  it('fails with 431 on more than maxHeaderCount headers', () => {
    const many = `GET / HTTP/1.1\r\n${'X: y\r\n'.repeat(101)}\r\n`;
    expect(parseRequestHead(bytes(many))).toMatchObject({ state: 'error', status: 431, line: 102 });
    expect(parseRequestHead(bytes(many), { maxHeaderCount: 101 }).state).toBe('complete');
  });

  it('throws on limits that make no sense (caller error)', () => {
    expect(() => parseRequestHead(bytes(upgradeRequest), { maxHeadBytes: 0 })).toThrow(/maxHeadBytes/);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const result = parseRequestHead(input, { maxHeadBytes: 200 });
        expect(['incomplete', 'complete', 'error']).toContain(result.state);
      }),
    );
  });

  it('never throws on mutated upgrade requests, and errors point inside the input', () => {
    const base = bytes(upgradeRequest);
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const mutated = base.slice();
        mutated[at] = value;
        const result = parseRequestHead(mutated);
        if (result.state === 'error') {
          expect(result.offset).toBeGreaterThanOrEqual(0);
          expect(result.offset).toBeLessThanOrEqual(mutated.length);
          expect(result.line).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});

describe('parseResponseHead', () => {
  it('reads the RFC 6455 1.2 sample response', () => {
    const text =
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n';
    expect(parseResponseHead(bytes(text))).toMatchObject({
      state: 'complete',
      headLength: text.length,
      message: { version: 'HTTP/1.1', status: 101, reason: 'Switching Protocols', headers: { length: 4 } },
    });
  });

  it('accepts a status line without a reason phrase', () => {
    expect(parseResponseHead(bytes('HTTP/1.1 101\r\n\r\n'))).toMatchObject({ state: 'complete', message: { status: 101, reason: '' } });
    expect(parseResponseHead(bytes('HTTP/1.1 101 \r\n\r\n'))).toMatchObject({ state: 'complete', message: { status: 101, reason: '' } });
  });

  const malformed: Array<[string, string, number, number, RegExp]> = [
    ['a status that is not three digits', 'HTTP/1.1 1O1 Switching\r\n\r\n', 400, 9, /three-digit status code/],
    ['a four-digit status', 'HTTP/1.1 1011 x\r\n\r\n', 400, 12, /"1" after the status code/],
    ['an HTTP/2 status line', 'HTTP/2 101\r\n\r\n', 400, 0, /not an HTTP version/],
    ['an empty first line', '\r\nHTTP/1.1 101 OK\r\n\r\n', 400, 0, /starts with an empty line/],
    ['a control byte in the reason', 'HTTP/1.1 101 Swi\x07tching\r\n\r\n', 400, 16, /control byte 0x07 in the reason phrase/],
  ];
  it.each(malformed)('fails on %s', (_what, text, status, offset, message) => {
    const result = parseResponseHead(latin1(text));
    expect(result).toMatchObject({ state: 'error', status, offset, line: 1 });
    expect(result.state === 'error' && result.message).toMatch(message);
  });
});

describe('header lists', () => {
  const headers = [
    { name: 'Connection', value: 'keep-alive, Upgrade' },
    { name: 'connection', value: ' , close' },
    { name: 'Upgrade', value: 'WebSocket' },
  ];
  it('splits every occurrence of a list header into trimmed items, dropping empty ones', () => {
    expect(headerListItems(headers, 'CONNECTION')).toEqual(['keep-alive', 'Upgrade', 'close']);
  });
  it('finds a token case-insensitively in any position of the list', () => {
    expect(headerHasToken(headers, 'connection', 'upgrade')).toBe(true);
    expect(headerHasToken(headers, 'upgrade', 'websocket')).toBe(true);
    expect(headerHasToken(headers, 'connection', 'upgrad')).toBe(false);
  });
});

describe('serializeRequest and serializeResponse', () => {
  const request: HttpRequest = {
    method: 'GET',
    target: '/chat',
    version: 'HTTP/1.1',
    headers: [
      { name: 'Host', value: 'example.com' },
      { name: 'X', value: '1' },
      { name: 'X', value: '2' },
    ],
  };

  it('writes a request that parses back to the same message', () => {
    const written = serializeRequest(request);
    expect(new TextDecoder().decode(written)).toBe('GET /chat HTTP/1.1\r\nHost: example.com\r\nX: 1\r\nX: 2\r\n\r\n');
    expect(parseRequestHead(written)).toMatchObject({ state: 'complete', message: request, headLength: written.length });
  });

  it('writes a response with a body and adds its Content-Length in bytes', () => {
    const written = serializeResponse({ version: 'HTTP/1.1', status: 400, reason: 'Bad Request', headers: [{ name: 'Connection', value: 'close' }] }, 'clé\n');
    expect(new TextDecoder().decode(written)).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 5\r\n\r\nclé\n');
  });

  it('writes a response without a body as just the head', () => {
    const written = serializeResponse({ version: 'HTTP/1.1', status: 101, reason: 'Switching Protocols', headers: [] });
    expect(new TextDecoder().decode(written)).toBe('HTTP/1.1 101 Switching Protocols\r\n\r\n');
  });

  const misuse: Array<[string, () => unknown, RegExp]> = [
    ['a header value with CRLF (response splitting)', () => serializeRequest({ ...request, headers: [{ name: 'X', value: 'a\r\nEvil: 1' }] }), /carriage return/],
    ['a header name with a space', () => serializeRequest({ ...request, headers: [{ name: 'X Y', value: '1' }] }), /not a valid header name/],
    ['a target with a space', () => serializeRequest({ ...request, target: '/a b' }), /request target/],
    ['a two-digit status', () => serializeResponse({ version: 'HTTP/1.1', status: 99, reason: '', headers: [] }), /three-digit/],
    ['a character that is not one byte', () => serializeRequest({ ...request, headers: [{ name: 'X', value: '€' }] }), /not a single byte/],
  ];
  it.each(misuse)('throws on %s (caller error)', (_what, call, message) => {
    expect(call).toThrow(message);
  });
});

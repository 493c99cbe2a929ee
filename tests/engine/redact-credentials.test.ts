import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestHead } from '../../engine/http-message';
import { CREDENTIAL_FIELDS, redactCredentials } from '../../engine/redact-credentials';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const redact = (head: string) => text(redactCredentials(latin1(head)));
/** What a redacted value looks like: one '*' per byte. */
const stars = (value: string) => '*'.repeat(value.length);

describe('redactCredentials', () => {
  it('stars the values of Cookie and Authorization and keeps every other byte', () => {
    const head =
      'GET /echo HTTP/1.1\r\n' +
      'Host: 127.0.0.1:8080\r\n' +
      'Cookie: session=SECRET; theme=dark\r\n' +
      'Authorization: Basic U0VDUkVUOnB3\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
      '\r\n';
    expect(redact(head)).toBe(
      'GET /echo HTTP/1.1\r\n' +
        'Host: 127.0.0.1:8080\r\n' +
        `Cookie: ${stars('session=SECRET; theme=dark')}\r\n` +
        `Authorization: ${stars('Basic U0VDUkVUOnB3')}\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        '\r\n',
    );
  });

  it('matches the field names in any case and keeps their case', () => {
    const head = 'GET / HTTP/1.1\r\ncookie: a=1\r\nAUTHORIZATION: Bearer t\r\nProxy-authorization: Basic x\r\nsEt-CoOkIe: id=2\r\n\r\n';
    expect(redact(head)).toBe('GET / HTTP/1.1\r\ncookie: ***\r\nAUTHORIZATION: ********\r\nProxy-authorization: *******\r\nsEt-CoOkIe: ****\r\n\r\n');
  });

  it('redacts every Cookie field when there are several', () => {
    const head = 'GET / HTTP/1.1\r\nCookie: a=SECRET\r\nX: keep\r\nCookie: b=SECRET\r\n\r\n';
    expect(redact(head)).toBe('GET / HTTP/1.1\r\nCookie: ********\r\nX: keep\r\nCookie: ********\r\n\r\n');
  });

  it('keeps odd whitespace around a value and stars only the value itself', () => {
    const head = 'GET / HTTP/1.1\r\nCookie:a=1\r\nAuthorization:\t  Basic  x \t\r\n\r\n';
    expect(redact(head)).toBe(`GET / HTTP/1.1\r\nCookie:***\r\nAuthorization:\t  ${stars('Basic  x')} \t\r\n\r\n`);
  });

  it('stars the continuation lines of a folded credential field (obs-fold, RFC 9112 5.2)', () => {
    const head = 'GET / HTTP/1.1\r\nCookie: a=SECRET;\r\n  b=SECRET\r\n\tc=SECRET\r\nX-Other: one\r\n two\r\n\r\n';
    expect(redact(head)).toBe('GET / HTTP/1.1\r\nCookie: *********\r\n  ********\r\n\t********\r\nX-Other: one\r\n two\r\n\r\n');
  });

  it('reads bare-LF lines as the engine parser does (RFC 9112 2.2)', () => {
    expect(redact('GET / HTTP/1.1\nCookie: a=SECRET\n\n')).toBe('GET / HTTP/1.1\nCookie: ********\n\n');
  });

  it('tolerates whitespace before the colon, as a lenient reader would take the field anyway', () => {
    expect(redact('GET / HTTP/1.1\r\nCookie : a=SECRET\r\n\r\n')).toBe('GET / HTTP/1.1\r\nCookie : ********\r\n\r\n');
  });

  it('leaves the bytes after the head alone, even when they look like a Cookie line', () => {
    const head = 'GET / HTTP/1.1\r\nCookie: a=1\r\n\r\n';
    const frames = '\x81\x85Cookie: not a header\r\n';
    expect(redact(head + frames)).toBe('GET / HTTP/1.1\r\nCookie: ***\r\n\r\n' + frames);
  });

  it('redacts a response head: Set-Cookie', () => {
    const head = 'HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: id=SECRET; HttpOnly\r\nUpgrade: websocket\r\n\r\n';
    expect(redact(head)).toBe(`HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: ${stars('id=SECRET; HttpOnly')}\r\nUpgrade: websocket\r\n\r\n`);
  });

  it('redacts an unfinished head as far as it goes', () => {
    expect(redact('GET / HTTP/1.1\r\nCookie: a=SECRET')).toBe('GET / HTTP/1.1\r\nCookie: ********');
    expect(redact('GET / HTTP/1.1\r\nCookie: a=SECRET\r')).toBe('GET / HTTP/1.1\r\nCookie: ********\r');
  });

  it('skips empty lines before the start line, as RFC 9112 2.2 lets a server', () => {
    expect(redact('\r\n\r\nGET / HTTP/1.1\r\nCookie: x\r\n\r\n')).toBe('\r\n\r\nGET / HTTP/1.1\r\nCookie: *\r\n\r\n');
  });

  it('does not touch fields whose names only contain a credential name', () => {
    const head = 'GET / HTTP/1.1\r\nX-Cookie: a\r\nCookies: b\r\nAuthorization-Hint: c\r\nX: Cookie: d\r\n\r\n';
    expect(redact(head)).toBe(head);
  });

  it('returns the input itself when there is nothing to redact, and never changes it', () => {
    const plain = latin1('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(redactCredentials(plain)).toBe(plain);
    const secret = latin1('GET / HTTP/1.1\r\nCookie: s\r\n\r\n');
    const copy = secret.slice();
    expect(redactCredentials(secret)).not.toBe(secret);
    expect(secret).toEqual(copy);
  });

  it('takes garbage and empty input without throwing', () => {
    for (const garbage of ['', '\r', '\n', ':', 'Cookie', 'Cookie:', '\r\n\r\n', ' Cookie: x', '\x00\xff:\xfe\r\n \r\n']) {
      expect(redactCredentials(latin1(garbage)).length).toBe(garbage.length);
    }
    expect(redact('Cookie:')).toBe('Cookie:');
    expect(redact('Cookie:\r\n x')).toBe('Cookie:\r\n *');
  });

  it('keeps the length of any bytes and changes only bytes that become *', () => {
    const fragments = ['GET / HTTP/1.1', 'Cookie', 'cookie', 'Authorization', 'Set-Cookie', ':', ' ', '\t', '\r', '\n', '\r\n', 'a=SECRET', 'x', '\x00', '\xff'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => {
        const input = latin1(parts.join(''));
        const output = redactCredentials(input);
        expect(output.length).toBe(input.length);
        for (let i = 0; i < input.length; i++) if (output[i] !== input[i]) expect(output[i]).toBe(0x2a);
      }),
    );
  });

  it('leaves nothing of a credential value in a head the engine parses', () => {
    const secret = 'SECRET';
    fc.assert(
      fc.property(fc.constantFrom(...CREDENTIAL_FIELDS), fc.constantFrom('', ' ', '\t', '  '), fc.boolean(), (name, space, fold) => {
        const value = fold ? `a=${secret};\r\n b=${secret}` : `a=${secret}`;
        const head = latin1(`GET / HTTP/1.1\r\nHost: h\r\n${name}:${space}${value}${space}\r\n\r\n`);
        const redacted = redactCredentials(head);
        expect(text(redacted)).not.toContain(secret);
        const parsed = parseRequestHead(redacted);
        expect(parsed.state).toBe('complete');
        if (parsed.state === 'complete') {
          const field = parsed.message.headers.find((h) => h.name === name);
          expect(field?.value).toMatch(/^[* ]+$/);
        }
      }),
    );
  });
});

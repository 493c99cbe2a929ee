import { describe, expect, it } from 'vitest';
import { isLocalOrigin, OutputLineSplitter, portOfHost, resolveExecutable } from '../../server/demos/command';

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

describe('portOfHost', () => {
  const cases: Array<[string | null, number | null]> = [
    ['127.0.0.1:8080', 8080],
    ['localhost', 80],
    ['[::1]:9000', 9000],
    ['[::1]', 80],
    ['example.com:0', null],
    ['example.com:70000', null],
    ['a:b:c', null],
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExtensions, parseExtensionsHeader } from '../../engine/extensions-header';

describe('parseExtensionsHeader', () => {
  it("reads Chromium's permessage-deflate offer", () => {
    expect(parseExtensionsHeader(['permessage-deflate; client_max_window_bits'])).toEqual({
      offers: [{ name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] }],
      problems: [],
    });
  });

  it('reads several offers with values, quoted values and whitespace around "=" and ";"', () => {
    const { offers, problems } = parseExtensionsHeader([
      'permessage-deflate ;server_max_window_bits = 10; client_max_window_bits="12" , permessage-deflate, x-webkit-deflate-frame',
    ]);
    expect(problems).toEqual([]);
    expect(offers).toEqual([
      {
        name: 'permessage-deflate',
        params: [
          { name: 'server_max_window_bits', value: '10' },
          { name: 'client_max_window_bits', value: '12' },
        ],
      },
      { name: 'permessage-deflate', params: [] },
      { name: 'x-webkit-deflate-frame', params: [] },
    ]);
  });

  it('combines repeated header lines in order', () => {
    expect(parseExtensionsHeader(['a; x=1', 'b', ' ,c ,']).offers.map((o) => o.name)).toEqual(['a', 'b', 'c']);
  });

  it('unescapes backslashes inside a quoted value', () => {
    expect(parseExtensionsHeader(['foo; bar="b\\az"']).offers[0].params[0]).toEqual({ name: 'bar', value: 'baz' });
  });

  it('returns no offers and no problems for no header', () => {
    expect(parseExtensionsHeader([])).toEqual({ offers: [], problems: [] });
  });

  const malformed: Array<[string, string[], RegExp]> = [
    ['a parameter before any name', ['; foo'], /character 1: expected an extension name, found ";"/],
    ['a missing parameter name', ['foo; =1'], /character 6: expected a parameter name after ";" in foo, found "="/],
    ['a missing value after "="', ['foo; bar='], /character 10: expected a value after "bar=", found the end of the value/],
    ['a quoted value that is not a token', ['foo; bar="a b"'], /character 10: the quoted value "a b" of bar is not a token/],
    ['an unterminated quoted string', ['foo; bar="12'], /character 10: a quoted string that is never closed/],
    ['a space inside a name', ['permessage deflate'], /character 12: expected ";" or "," after permessage, found "d"/],
    ['a bad character in the second of two values', ['a', 'b; c=@'], /value 2, character 6: expected a value after "c="/],
  ];
  it.each(malformed)('fails on %s', (_what, values, problem) => {
    const { problems } = parseExtensionsHeader(values);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    expect(problems[0]).toMatch(/RFC 6455 9.1/);
  });

  it('keeps the well-formed offers around a malformed one', () => {
    const { offers, problems } = parseExtensionsHeader(['good, bad; x="a,b" y, also-good; z']);
    expect(offers.map((o) => o.name)).toEqual(['good', 'also-good']);
    expect(problems).toHaveLength(1);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }), (values) => {
        const { offers, problems } = parseExtensionsHeader(values);
        expect(Array.isArray(offers) && Array.isArray(problems)).toBe(true);
      }),
    );
  });
});

describe('formatExtensions', () => {
  it('writes offers that parse back to the same offers', () => {
    const offers = [
      { name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }, { name: 'server_max_window_bits', value: '10' }] },
      { name: 'x-custom', params: [] },
    ];
    const text = formatExtensions(offers);
    expect(text).toBe('permessage-deflate; client_max_window_bits; server_max_window_bits=10, x-custom');
    expect(parseExtensionsHeader([text])).toEqual({ offers, problems: [] });
  });

  it('throws on a value that is not a token (caller error)', () => {
    expect(() => formatExtensions([{ name: 'a', params: [{ name: 'b', value: 'c d' }] }])).toThrow(/token/);
  });
});

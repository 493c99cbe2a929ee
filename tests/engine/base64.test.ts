import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../engine/base64';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('encodeBase64', () => {
  // RFC 4648 section 10 test vectors.
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  it.each(vectors)('encodes "%s" as "%s" (RFC 4648 section 10)', (plain, encoded) => {
    expect(encodeBase64(ascii(plain))).toBe(encoded);
  });
  it.each(vectors)('decodes "%s" back from "%s"', (plain, encoded) => {
    expect(decodeBase64(encoded)).toEqual({ ok: true, bytes: ascii(plain) });
  });

  it('uses + and / for values 62 and 63', () => {
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
  });

  it('agrees with Buffer on random bytes, and decodes its own output', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(encoded)).toEqual({ ok: true, bytes });
      }),
    );
  });
});

describe('decodeBase64', () => {
  const failures: Array<[string, string, number, RegExp]> = [
    ['a character outside the alphabet', 'dGhl*HNh', 4, /"\*" at index 4 is not a base64 character/],
    ['the URL-safe alphabet', 'ab-_', 2, /"-" at index 2/],
    ['whitespace', 'dGhl IHNh', 4, /U\+0020 at index 4/],
    ['a non-ASCII character', 'dGhlé', 4, /"é" at index 4/],
    ['padding in the middle', 'Zg==Zm8=', 2, /padding "=" at index 2 is not at the end/],
    ['three padding characters', 'Z===', 1, /padding "=" at index 1/],
    ['a missing padding character', 'Zm8', 3, /length 3 is not a multiple of 4/],
    ['a lone character', 'Zm9vY', 5, /length 5/],
    ['non-zero bits after the last byte', 'Zh==', 1, /"h" at index 1 leaves non-zero bits.*ends in "g"/],
    ['non-zero bits before one padding character', 'Zm9=', 2, /"9" at index 2 leaves non-zero bits.*ends in "8"/],
  ];
  it.each(failures)('fails on %s', (_what, text, offset, message) => {
    const result = decodeBase64(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.offset).toBe(offset);
    expect(result.message).toMatch(message);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const result = decodeBase64(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

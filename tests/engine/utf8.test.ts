import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Validator, findInvalidUtf8 } from '../../engine/utf8';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('UTF-8 validation', () => {
  it.each([
    ['ASCII', bytes(0x48, 0x69)],
    ['2-byte é', bytes(0xc3, 0xa9)],
    ['3-byte €', bytes(0xe2, 0x82, 0xac)],
    ['4-byte 𝄞', bytes(0xf0, 0x9d, 0x84, 0x9e)],
    ['U+10FFFF', bytes(0xf4, 0x8f, 0xbf, 0xbf)],
    ['U+FFFF', bytes(0xef, 0xbf, 0xbf)],
  ])('accepts %s', (_, input) => {
    expect(findInvalidUtf8(input)).toBeNull();
  });

  it.each([
    ['a lone continuation byte', bytes(0x41, 0x80), 1],
    ['an overlong 2-byte form (C0 AF)', bytes(0xc0, 0xaf), 0],
    ['an overlong 3-byte form (E0 80 AF)', bytes(0xe0, 0x80, 0xaf), 1],
    ['a UTF-16 surrogate (ED A0 80)', bytes(0xed, 0xa0, 0x80), 1],
    ['a code point above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 1],
    ['F5', bytes(0xf5), 0],
    ['FF', bytes(0x41, 0xff), 1],
    ['a sequence cut by ASCII', bytes(0xe2, 0x82, 0x41), 2],
  ])('rejects %s at the first bad byte', (_, input, index) => {
    expect(findInvalidUtf8(input)).toMatchObject({ index });
  });

  it('rejects text that ends inside a code point, but only when told it ended', () => {
    const validator = new Utf8Validator();
    expect(validator.push(bytes(0xe2, 0x82))).toBeNull();
    expect(validator.atBoundary).toBe(false);
    expect(validator.finish()).toMatchObject({ streamOffset: 2 });
  });

  it('fails fast: the first chunk with a bad byte fails, before the message ends', () => {
    const validator = new Utf8Validator();
    expect(validator.push(bytes(0x48, 0x65))).toBeNull();
    expect(validator.push(bytes(0x6c, 0xc0, 0x6c))).toMatchObject({ index: 1, streamOffset: 3 });
  });

  it('agrees with the platform\'s fatal TextDecoder on random bytes, in any chunking', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(40), (input, cut) => {
      let platformValid = true;
      try { decoder.decode(input); } catch { platformValid = false; }
      const validator = new Utf8Validator();
      const at = Math.min(cut, input.length);
      const ours = (validator.push(input.subarray(0, at)) ?? validator.push(input.subarray(at)) ?? validator.finish()) === null;
      expect(ours).toBe(platformValid);
    }), { numRuns: 2000 });
  });

  it('accepts every string JavaScript can encode, split anywhere', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.nat(), (text, cut) => {
      const encoded = new TextEncoder().encode(text);
      const validator = new Utf8Validator();
      const at = encoded.length ? cut % encoded.length : 0;
      expect(validator.push(encoded.subarray(0, at)) ?? validator.push(encoded.subarray(at)) ?? validator.finish()).toBeNull();
    }));
  });
});

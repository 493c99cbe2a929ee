import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Utf8Failure, Utf8Validator, findInvalidUtf8, useNativeUtf8Check } from '../../engine/utf8';

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

describe('UTF-8 validation with a native check (Node\'s buffer.isUtf8, as the server runs it)', () => {
  afterEach(() => useNativeUtf8Check(null));

  /** Pushes the text in the given chunks, then finishes: every failure as the validator reported it. */
  function validate(text: Uint8Array, cuts: number[]): Utf8Failure | null {
    const validator = new Utf8Validator();
    let from = 0;
    for (const cut of [...cuts.map((c) => Math.min(c, text.length)).sort((a, b) => a - b), text.length]) {
      if (cut < from) continue;
      const failure = validator.push(text.subarray(from, cut));
      if (failure) return failure;
      from = cut;
    }
    return validator.finish();
  }

  /** Long text, mostly valid and multi-byte, with a few bytes maybe broken: where the two paths could disagree. */
  const textWithDamage = fc
    .tuple(
      fc.string({ unit: 'grapheme', minLength: 8, maxLength: 120 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x00, max: 0xff })), { maxLength: 2 }),
    )
    .map(([text, damage]) => {
      const bytes = new TextEncoder().encode(text.repeat(3));
      for (const [at, value] of damage) if (bytes.length) bytes[at % bytes.length] = value;
      return bytes;
    });

  it('gives exactly the failure, the byte and the reason, that the scan alone gives, in any chunking', () => {
    let nativeCalls = 0;
    fc.assert(
      fc.property(textWithDamage, fc.array(fc.nat(800), { maxLength: 3 }), (text, cuts) => {
        useNativeUtf8Check(null);
        const scanned = validate(text, cuts);
        useNativeUtf8Check((bytes) => {
          nativeCalls++;
          return isUtf8(bytes);
        });
        expect(validate(text, cuts)).toEqual(scanned);
      }),
      { numRuns: 1500 },
    );
    expect(nativeCalls).toBeGreaterThan(1000);
  });

  it('names the first bad byte of a long text the native check rejected, counted from the first byte pushed', () => {
    useNativeUtf8Check(isUtf8);
    const text = new TextEncoder().encode('网络套接字协议 WebSocket '.repeat(20));
    text[301] = 0xff;
    const validator = new Utf8Validator();
    expect(validator.push(text.subarray(0, 100))).toBeNull();
    expect(validator.push(text.subarray(100))).toEqual({ index: 201, streamOffset: 301, reason: 'byte 0xff cannot continue a multi-byte sequence (expected 0x80–0xbf)' });
  });

  it('carries a code point cut between chunks across the native check', () => {
    useNativeUtf8Check(isUtf8);
    const text = new TextEncoder().encode('€'.repeat(100));
    const validator = new Utf8Validator();
    expect(validator.push(text.subarray(0, 151))).toBeNull();
    expect(validator.atBoundary).toBe(false);
    expect(validator.push(text.subarray(151))).toBeNull();
    expect(validator.finish()).toBeNull();
  });
});

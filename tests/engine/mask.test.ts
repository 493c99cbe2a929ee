import fc from 'fast-check';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMask, copyMasked, maskInPlace, useSimdMasking } from '../../engine/mask';
import { SIMD_BLOCK_BYTES, SIMD_MASK_MODULE } from '../../engine/simd-mask';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

/** The RFC 5.3 definition, byte by byte: the reference the fast path must match. */
function referenceMask(data: Uint8Array, key: Uint8Array, streamOffset: number): Uint8Array {
  return data.map((byte, i) => byte ^ key[(streamOffset + i) % 4]);
}

const key = RFC_MASKING_KEY;

describe('masking (RFC 6455 5.3)', () => {
  it('masks "Hello" with 37 fa 21 3d into the bytes of RFC 5.7', () => {
    expect(Array.from(applyMask(new TextEncoder().encode('Hello'), key))).toEqual([0x7f, 0x9f, 0x4d, 0x51, 0x58]);
  });

  it('matches the byte-wise definition for any data, key, offset and alignment', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.nat(1000), fc.nat(7),
      (data, maskKey, streamOffset, shift) => {
        // Place the data at an odd offset inside a bigger buffer to exercise the unaligned head.
        const backing = new Uint8Array(data.length + shift);
        const view = backing.subarray(shift);
        view.set(data);
        maskInPlace(view, maskKey, streamOffset);
        expect(Array.from(view)).toEqual(Array.from(referenceMask(data, maskKey, streamOffset)));
      }));
  });

  it('is its own inverse at any stream offset', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.nat(),
      (data, maskKey, streamOffset) => {
        expect(applyMask(applyMask(data, maskKey, streamOffset), maskKey, streamOffset)).toEqual(data);
      }));
  });

  it('unmasks a payload chunk by chunk when each chunk passes its stream offset', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.array(fc.nat(100), { maxLength: 5 }), (data, cuts) => {
      const masked = applyMask(data, key);
      const points = [...new Set(cuts.map((c) => c % data.length))].sort((a, b) => a - b);
      const chunks = [0, ...points, data.length].slice(0, -1).map((start, i, starts) => [start, [...starts, data.length][i + 1]]);
      const unmasked = chunks.flatMap(([start, end]) => Array.from(applyMask(masked.subarray(start, end), key, start)));
      expect(unmasked).toEqual(Array.from(data));
    }));
  });

  it('leaves the caller\'s buffer alone in applyMask', () => {
    const data = Uint8Array.of(1, 2, 3);
    applyMask(data, key);
    expect(Array.from(data)).toEqual([1, 2, 3]);
  });
});

// ws's native add-on: an independent implementation of the same XOR.
const bufferutil = createRequire(import.meta.url)('bufferutil') as { mask(source: Buffer, mask: Buffer, output: Buffer, offset: number, length: number): void };

/** Lengths around every threshold: byte loop, words, SIMD strides, SIMD blocks. */
const interestingLength = fc.oneof(
  fc.integer({ min: 0, max: 150 }),
  fc.integer({ min: 480, max: 1100 }),
  fc.integer({ min: SIMD_BLOCK_BYTES - 70, max: SIMD_BLOCK_BYTES + 70 }),
  fc.integer({ min: 0, max: 3 * SIMD_BLOCK_BYTES }),
);

describe('long payloads: WebAssembly SIMD and plain JavaScript', () => {
  afterEach(() => void useSimdMasking(true));

  it('Node has WebAssembly SIMD, so the fast path really runs here', () => {
    expect(WebAssembly.validate(SIMD_MASK_MODULE)).toBe(true);
    expect(useSimdMasking(true)).toBe(true);
  });

  for (const simd of [true, false]) {
    it(`${simd ? 'SIMD' : 'words'}: matches the definition and ws's bufferutil at every length, alignment and offset`, () => {
      useSimdMasking(simd);
      fc.assert(fc.property(interestingLength, fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.nat(7), fc.nat(1000), fc.integer(),
        (length, maskKey, shift, streamOffset, seed) => {
          const data = new Uint8Array(length).map((_, i) => (seed + i * 2654435761) >>> 24);
          const view = new Uint8Array(length + shift).subarray(shift);
          view.set(data);
          maskInPlace(view, maskKey, streamOffset);
          const expected = referenceMask(data, maskKey, streamOffset);
          expect(Buffer.from(view).equals(Buffer.from(expected))).toBe(true);

          if (streamOffset % 4 === 0) {
            const native = Buffer.alloc(length);
            bufferutil.mask(Buffer.from(data), Buffer.from(maskKey), native, 0, length);
            expect(native.equals(Buffer.from(expected))).toBe(true);
          }
        }), { numRuns: 60 });
    });

    it(`${simd ? 'SIMD' : 'words'}: copyMasked writes only its range of the target and never the source`, () => {
      useSimdMasking(simd);
      fc.assert(fc.property(interestingLength, fc.nat(9), fc.nat(9), fc.nat(1000), (length, from, at, streamOffset) => {
        const source = new Uint8Array(from + length).map((_, i) => i * 7);
        const before = source.slice();
        const target = new Uint8Array(at + length + 5).fill(0xee);
        copyMasked(source, from, length, target, at, key, streamOffset);
        expect(Buffer.from(source).equals(Buffer.from(before))).toBe(true);
        const expected = referenceMask(source.subarray(from), key, streamOffset);
        expect(Buffer.from(target.subarray(at, at + length)).equals(Buffer.from(expected))).toBe(true);
        expect(target.subarray(0, at).every((b) => b === 0xee) && target.subarray(at + length).every((b) => b === 0xee)).toBe(true);
      }), { numRuns: 60 });
    });
  }

  it('the two paths give the same bytes for the same input', () => {
    fc.assert(fc.property(interestingLength, fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.nat(), (length, maskKey, streamOffset) => {
      const data = new Uint8Array(length).map((_, i) => i ^ (i >>> 8));
      useSimdMasking(true);
      const withSimd = applyMask(data, maskKey, streamOffset);
      useSimdMasking(false);
      const withWords = applyMask(data, maskKey, streamOffset);
      expect(Buffer.from(withSimd).equals(Buffer.from(withWords))).toBe(true);
    }), { numRuns: 40 });
  });
});

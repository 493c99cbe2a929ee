import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMask, maskInPlace } from '../../engine/mask';
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

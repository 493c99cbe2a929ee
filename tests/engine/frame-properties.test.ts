import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeFrame, encodeFrameParts } from '../../engine/frame';
import type { FrameSpec } from '../../engine/frame-model';

/** n bytes of a repeating pattern that is not one byte over and over. */
function patterned(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 7) & 0xff;
  return bytes;
}

/** Byte-for-byte equality, compared natively: expect's deep equality walks 70 000 elements one by one. */
const same = (a: Uint8Array | null, b: Uint8Array | null) => a !== null && b !== null && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

/** Valid frames: data frames of any length class, control frames of at most 125 bytes. */
const payloadOfClass = fc.oneof(
  fc.uint8Array({ maxLength: 125 }),
  fc.integer({ min: 126, max: 65535 }).map(patterned),
  fc.integer({ min: 65536, max: 70000 }).map((n) => new Uint8Array(n).fill(0xab)),
);
const maskingKey = fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: null });

const validFrame: fc.Arbitrary<FrameSpec> = fc.oneof(
  fc.record({ fin: fc.boolean(), opcode: fc.constantFrom(0x1, 0x2), payload: payloadOfClass, maskingKey }),
  fc.record({ fin: fc.constant(true), opcode: fc.constantFrom(0x9, 0xa), payload: fc.uint8Array({ maxLength: 125 }), maskingKey }),
);

describe('frame properties', () => {
  it('encodeFrameParts is encodeFrame in two parts, handing back an unmasked payload itself', () => {
    fc.assert(fc.property(validFrame, fc.constantFrom<'shortest' | '16' | '64'>('shortest', '64'), (spec, lengthEncoding) => {
      const payloadBefore = spec.payload!.slice();
      const [header, payload] = encodeFrameParts(spec, { lengthEncoding });
      const whole = encodeFrame(spec, { lengthEncoding });
      expect(Buffer.concat([header, payload]).equals(Buffer.from(whole))).toBe(true);
      if (spec.maskingKey) expect(payload).not.toBe(spec.payload);
      else expect(payload).toBe(spec.payload);
      expect(same(spec.payload!, payloadBefore)).toBe(true);
    }), { numRuns: 100 });
  });

  it('decode(encode(frame)) gives the frame back, in all three length classes', () => {
    fc.assert(fc.property(validFrame, (spec) => {
      const bytes = encodeFrame(spec);
      const { frames, remainder } = decodeFrames(bytes);
      expect(remainder).toBeNull();
      expect(frames).toHaveLength(1);
      const [frame] = frames;
      expect(frame.fin).toBe(spec.fin);
      expect(frame.opcode).toBe(spec.opcode);
      expect(frame.masked).toBe(spec.maskingKey !== null);
      expect(frame.maskingKey).toEqual(spec.maskingKey);
      expect(frame.payloadLength).toBe(spec.payload!.length);
      expect(same(frame.payload, spec.payload!)).toBe(true);
      expect(frame.length).toBe(bytes.length);
      expect(frame.problems.filter((p) => p.kind !== 'invalid-utf8')).toEqual([]);
    }), { numRuns: 150 });
  });

  it('decodes concatenated frames one after another at the right offsets', () => {
    fc.assert(fc.property(fc.array(validFrame, { minLength: 1, maxLength: 6 }), (specs) => {
      const encoded = specs.map((s) => encodeFrame(s));
      const bytes = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
      let at = 0;
      const offsets = encoded.map((e) => { bytes.set(e, at); at += e.length; return at - e.length; });
      const { frames } = decodeFrames(bytes);
      expect(frames.map((f) => f.offset)).toEqual(offsets);
    }), { numRuns: 60 });
  });

  it('never throws on random bytes: it returns frames, problems or a remainder', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(undefined, 'client' as const, 'server' as const), (bytes, from) => {
      const result = decodeFrames(bytes, { from });
      const consumed = result.frames.reduce((n, f) => n + (f.truncated ? bytes.length - f.offset : f.length), 0);
      if (result.remainder) expect(result.remainder.offset).toBe(consumed);
      else expect(consumed).toBe(bytes.length);
      for (const frame of result.frames) {
        for (const p of frame.problems) {
          expect(p.byteOffset).toBeGreaterThanOrEqual(frame.offset);
          expect(p.byteOffset).toBeLessThan(Math.max(bytes.length, frame.offset + 1));
        }
      }
    }), { numRuns: 3000 });
  });
});

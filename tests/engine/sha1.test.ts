import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1, sha1Padded } from '../../engine/sha1';

const ascii = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const nodeSha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

describe('sha1', () => {
  // RFC 3174 section 7.3, TEST1..TEST4 (with their repeat counts).
  const rfc3174: Array<[string, string, number, string]> = [
    ['TEST1', 'abc', 1, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['TEST2', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 1, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['TEST3', 'a', 1_000_000, '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
    ['TEST4', '0123456701234567012345670123456701234567012345670123456701234567', 10, 'dea356a2cddd90c7a7ecedc5ebb563934f460452'],
  ];
  it.each(rfc3174)('matches RFC 3174 %s', (_name, text, repeat, digest) => {
    expect(hex(sha1(ascii(text.repeat(repeat))))).toBe(digest);
  });

  it('hashes the empty input', () => {
    expect(hex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('hashes the RFC 6455 sample key plus the GUID (section 1.3)', () => {
    expect(hex(sha1(ascii('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11')))).toBe(
      'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
    );
  });

  // The block boundaries: 55 bytes still fit the padding in one block, 56 do not.
  it.each([0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000])('agrees with node:crypto on %i bytes', (length) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
    expect(hex(sha1(bytes))).toBe(nodeSha1(bytes));
  });

  it('agrees with node:crypto on random inputs of many lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        expect(hex(sha1(bytes))).toBe(nodeSha1(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('pads 55 bytes into one block and 56 bytes into two', () => {
    expect(sha1Padded(new Uint8Array(55)).length).toBe(64);
    expect(sha1Padded(new Uint8Array(56)).length).toBe(128);
    const padded = sha1Padded(ascii('abc'));
    expect(padded[3]).toBe(0x80);
    expect(hex(padded.subarray(56))).toBe('0000000000000018');
  });

  it('does not modify its input', () => {
    const bytes = ascii('abc');
    sha1(bytes);
    expect(Array.from(bytes)).toEqual([0x61, 0x62, 0x63]);
  });
});

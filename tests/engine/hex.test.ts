import { describe, expect, it } from 'vitest';
import { bytesToHex, formatHex, parseHex } from '../../engine/hex';

const hello = '810548656c6c6f';

function parsed(text: string): string {
  const result = parseHex(text);
  if (!result.ok) throw new Error(result.error.message);
  return bytesToHex(result.bytes);
}

describe('parseHex accepts what people paste', () => {
  it.each([
    ['spaced pairs', '81 05 48 65 6c 6c 6f'],
    ['one run', '810548656C6C6F'],
    ['groups of four (xxd -g2)', '8105 4865 6c6c 6f'],
    ['newlines and tabs', '81 05\n48\t65\r\n6c 6c 6f\n'],
    ['0x prefixes with commas', '0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f'],
    ['one 0x-prefixed run', '0x810548656c6c6f'],
    ['\\x escapes', '\\x81\\x05\\x48\\x65\\x6c\\x6c\\x6f'],
    ['colon separated', '81:05:48:65:6c:6c:6f'],
    ['a C array', 'unsigned char frame[] = {0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};'.replace(/^.*= /, '')],
    ['a JS array with decimals', '[129, 5, 72, 101, 108, 108, 111]'],
    ['a Uint8Array literal', 'new Uint8Array([0x81, 0x05, 72, 101, 108, 108, 111])'],
    ['xxd', '00000000: 8105 4865 6c6c 6f                        ..Hello'],
    ['hexdump -C', '00000000  81 05 48 65 6c 6c 6f                              |..Hello|\n00000007'],
    ['Wireshark "Copy as Hex Dump"', '0000   81 05 48 65 6c 6c 6f                              ..Hello'],
  ])('reads %s', (_, input) => {
    expect(parsed(input)).toBe(hello);
  });

  it('reads multi-line dumps whose ASCII column looks like hex', () => {
    const wireshark = [
      '0000   82 7e 00 14 ca fe ba be de ad be ef 00 11 22 33   .~............"3',
      '0010   44 55 66 77 88 99 aa bb                           DUfw....',
    ].join('\n');
    expect(parsed(wireshark)).toBe('827e0014cafebabedeadbeef00112233445566778899aabb');
    const xxd = [
      '00000000: 8105 4865 6c6c 6f81 0548 656c 6c6f 8105  ..Hello..Hello..',
      '00000010: cafe                                     ..',
    ].join('\n');
    expect(parsed(xxd)).toBe('810548656c6c6f810548656c6c6f8105cafe');
  });

  it('keeps the 8|8 split of a Wireshark line', () => {
    expect(parsed('0000   00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f   ................')).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('reads empty input as no bytes', () => {
    expect(parsed('  \n ')).toBe('');
  });
});

describe('parseHex names what it cannot read', () => {
  it.each([
    ['81 05 4g', 'g', 1, 8],
    ['81 05\n48 zz', 'z', 2, 4],
    ['0x81, 0xq1', 'q', 1, 9],
    ['81 05 48 6', '6', 1, 10],
    ['[0x81, 300]', '3', 1, 8],
    ['[0x81, abc]', 'a', 1, 8],
    ['hello', 'h', 1, 1],
  ])('%s → %s at line %i, column %i', (input, character, line, column) => {
    const result = parseHex(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ character, line, column });
    expect(result.error.message).toContain(`line ${line}, column ${column}`);
    expect(input[result.error.index]).toBe(character);
  });
});

describe('formatHex', () => {
  it('writes spaced lowercase pairs, optionally wrapped', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
    expect(formatHex(bytes.subarray(0, 4))).toBe('00 0d 1a 27');
    expect(formatHex(bytes, 16).split('\n').map((l) => l.split(' ').length)).toEqual([16, 4]);
  });

  it('round-trips through parseHex', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = parseHex(formatHex(bytes, 16));
    expect(back.ok && bytesToHex(back.bytes)).toBe(bytesToHex(bytes));
  });
});

describe('bytesToHex', () => {
  it('writes every byte as two lowercase digits, short and long inputs alike', () => {
    const pairs = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    for (const length of [0, 1, 63, 64, 65, 256, 1448, 70_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + 7) & 0xff);
      expect(bytesToHex(bytes)).toBe(pairs(bytes));
    }
    expect(bytesToHex(Uint8Array.from({ length: 256 }, (_, i) => i)).slice(-8)).toBe('fcfdfeff');
  });
});

// The UTF-8 test sequences of Autobahn's cases 6.5–6.23, in its order: the
// groups of Markus Kuhn's UTF-8 decoder stress test
// (https://www.cl.cam.ac.uk/~mgk25/ucs/examples/UTF-8-test.txt), each byte
// sequence with whether it is valid UTF-8 (RFC 3629). Group i becomes
// subcategory 6.(i + 5), sequence j case 6.(i + 5).j.

import { hexBytes, utf8 } from './build';

export interface Utf8Sequence {
  valid: boolean;
  bytes: Uint8Array;
}

export interface Utf8Group {
  title: string;
  sequences: Utf8Sequence[];
}

const valid = (hex: string): Utf8Sequence => ({ valid: true, bytes: hexBytes(hex) });
const invalid = (hex: string): Utf8Sequence => ({ valid: false, bytes: hexBytes(hex) });

/** κόσμε, the Greek word the stress test opens with. */
export const KOSME = hexBytes('cebae1bdb9cf83cebcceb5');
/** Where κόσμε's code points end: ce ba | e1 bd b9 | cf 83 | ce bc | ce b5. */
const KOSME_BOUNDARIES = new Set([2, 5, 7, 9, 11]);

function range(from: number, toExclusive: number): number[] {
  return Array.from({ length: toExclusive - from }, (_, i) => from + i);
}

function lonelyStarts(from: number, toExclusive: number): Utf8Sequence {
  return { valid: false, bytes: Uint8Array.from(range(from, toExclusive).flatMap((b) => [b, 0x20])) };
}

const LAST_BYTE_MISSING = ['c0', 'e080', 'f08080', 'f8808080', 'fc80808080', 'df', 'efbf', 'f7bfbf', 'fbbfbfbf', 'fdbfbfbfbf'];

function nonCharacters(): Utf8Sequence[] {
  const list = [valid('efbfbe'), valid('efbfbf')];
  for (const z1 of ['f0', 'f1', 'f2', 'f3', 'f4']) {
    for (const z2 of ['8f', '9f', 'af', 'bf']) {
      if (z1 === 'f4' && z2 !== '8f') continue; // those would encode code points above U+10FFFF
      for (const z3 of ['be', 'bf']) {
        const hex = `${z1}${z2}bf${z3}`;
        if (hex === 'f08fbfbe' || hex === 'f08fbfbf') continue; // overlong
        list.push(valid(hex));
      }
    }
  }
  return list;
}

export const UTF8_GROUPS: Utf8Group[] = [
  {
    title: 'Some valid UTF-8 sequences',
    sequences: [
      { valid: true, bytes: utf8('hello$world') },
      { valid: true, bytes: utf8('hello\u00a2world') },
      { valid: true, bytes: utf8('hello\u20acworld') },
      { valid: true, bytes: utf8('hello\u{24b62}world') },
      { valid: true, bytes: KOSME },
    ],
  },
  {
    title: 'All prefixes of a valid UTF-8 string that contains multi-byte code points',
    sequences: range(1, KOSME.length + 1).map((length) => ({ valid: KOSME_BOUNDARIES.has(length), bytes: KOSME.slice(0, length) })),
  },
  { title: 'First possible sequence of a certain length', sequences: [valid('00'), valid('c280'), valid('e0a080'), valid('f0908080')] },
  { title: 'First possible sequence length 5/6 (invalid codepoints)', sequences: [invalid('f888808080'), invalid('fc8480808080')] },
  { title: 'Last possible sequence of a certain length', sequences: [valid('7f'), valid('dfbf'), valid('efbfbf'), valid('f48fbfbf')] },
  { title: 'Last possible sequence length 4/5/6 (invalid codepoints)', sequences: [invalid('f7bfbfbf'), invalid('fbbfbfbfbf'), invalid('fdbfbfbfbfbf')] },
  { title: 'Other boundary conditions', sequences: [valid('ed9fbf'), valid('ee8080'), valid('efbfbd'), valid('f48fbfbf'), invalid('f4908080')] },
  {
    title: 'Unexpected continuation bytes',
    sequences: [
      invalid('80'), invalid('bf'), invalid('80bf'), invalid('80bf80'), invalid('80bf80bf'), invalid('80bf80bf80'), invalid('80bf80bf80bf'),
      { valid: false, bytes: Uint8Array.from(range(0x80, 0xbf)) },
    ],
  },
  { title: 'Lonely start characters', sequences: [lonelyStarts(0xc0, 0xdf), lonelyStarts(0xe0, 0xef), lonelyStarts(0xf0, 0xf7), lonelyStarts(0xf8, 0xfb), lonelyStarts(0xfc, 0xfd)] },
  { title: 'Sequences with last continuation byte missing', sequences: LAST_BYTE_MISSING.map(invalid) },
  { title: 'Concatenation of incomplete sequences', sequences: [invalid(LAST_BYTE_MISSING.join(''))] },
  { title: 'Impossible bytes', sequences: [invalid('fe'), invalid('ff'), invalid('fefeffff')] },
  { title: 'Examples of an overlong ASCII character', sequences: [invalid('c0af'), invalid('e080af'), invalid('f08080af'), invalid('f8808080af'), invalid('fc80808080af')] },
  { title: 'Maximum overlong sequences', sequences: [invalid('c1bf'), invalid('e09fbf'), invalid('f08fbfbf'), invalid('f887bfbfbf'), invalid('fc83bfbfbfbf')] },
  { title: 'Overlong representation of the NUL character', sequences: [invalid('c080'), invalid('e08080'), invalid('f0808080'), invalid('f880808080'), invalid('fc8080808080')] },
  { title: 'Single UTF-16 surrogates', sequences: ['eda080', 'edadbf', 'edae80', 'edafbf', 'edb080', 'edbe80', 'edbfbf'].map(invalid) },
  {
    title: 'Paired UTF-16 surrogates',
    sequences: ['eda080edb080', 'eda080edbfbf', 'edadbfedb080', 'edadbfedbfbf', 'edae80edb080', 'edae80edbfbf', 'edafbfedb080', 'edafbfedbfbf'].map(invalid),
  },
  { title: 'Non-character code points (valid UTF-8)', sequences: nonCharacters() },
  { title: 'Unicode specials (i.e. replacement char)', sequences: ['efbfb9', 'efbfba', 'efbfbb', 'efbfbc', 'efbfbd', 'efbfbe', 'efbfbf'].map(valid) },
];

// The RFC 6455 section 5.2 diagram with a real frame's bits filled in:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-------+-+-------------+-------------------------------+
//  |1|0|0|0|0 0 0 1|1|0 0 0 0 1 0 1|0 0 1 1 0 1 1 1 1 1 1 1 1 0 1 0|
//  +-+-+-+-+-------+-+-------------+-------------------------------+
//
// Drawn from the decoder's fields, so it can never disagree with them.

import type { AnnotatedFrame, FrameField } from './frame-model';

const ROW_BITS = 32;

/** The header of `frame` (every field but the payload) as ruler + bit rows. */
export function renderFrameDiagram(frame: AnnotatedFrame): string {
  const headerFields = frame.fields.filter((f) => f.name !== 'payload');
  const totalBits = headerFields.reduce((end, f) => Math.max(end, f.bitOffset + f.bitLength), 0);
  const lines = [
    ' 0                   1                   2                   3',
    ' 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1',
  ];
  for (let rowStart = 0; rowStart < totalBits; rowStart += ROW_BITS) {
    const rowEnd = Math.min(rowStart + ROW_BITS, totalBits);
    const segments = headerFields
      .filter((f) => f.bitOffset < rowEnd && f.bitOffset + f.bitLength > rowStart)
      .map((f) => segment(f, rowStart, rowEnd));
    const border = '+' + segments.map((s) => (s.width === 1 ? '-' : '-'.repeat(s.width * 2 - 1))).join('+') + '+';
    if (rowStart === 0) lines.push(border);
    lines.push('|' + segments.map((s) => s.bits.split('').join(' ')).join('|') + '|');
    lines.push(border);
  }
  return lines.join('\n');
}

function segment(field: FrameField, rowStart: number, rowEnd: number): { width: number; bits: string } {
  const from = Math.max(field.bitOffset, rowStart);
  const to = Math.min(field.bitOffset + field.bitLength, rowEnd);
  return { width: to - from, bits: field.bits.slice(from - field.bitOffset, to - field.bitOffset) };
}

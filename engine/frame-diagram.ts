// The RFC 6455 section 5.2 diagram with a real frame's bits filled in:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-------+-+-------------+-------------------------------+
//  |1|0|0|0|0 0 0 1|1|0 0 0 0 1 0 1|0 0 1 1 0 1 1 1 1 1 1 1 1 0 1 0|
//  +-+-+-+-+-------+-+-------------+-------------------------------+
//
// Drawn from the decoder's fields, so it can never disagree with them.

import type { FrameField } from './frame-model';

const ROW_BITS = 32;

/** The header of `frame` (every field but the payload) as ruler + bit rows. */
export function renderFrameDiagram(frame: { fields: readonly FrameField[] }): string {
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
    lines.push((' ' + segments.map((s) => label(s)).join(' ')).trimEnd());
  }
  return lines.join('\n');
}

interface Segment {
  field: FrameField;
  width: number;
  bits: string;
  continued: boolean;
}

function segment(field: FrameField, rowStart: number, rowEnd: number): Segment {
  const from = Math.max(field.bitOffset, rowStart);
  const to = Math.min(field.bitOffset + field.bitLength, rowEnd);
  return { field, width: to - from, bits: field.bits.slice(from - field.bitOffset, to - field.bitOffset), continued: from > field.bitOffset };
}

/** One-bit fields get a letter (F, 1, 2, 3, M); wider ones their name, cut to fit. */
const SHORT_LABELS: Record<string, string> = { FIN: 'F', RSV1: '1', RSV2: '2', RSV3: '3', MASK: 'M', 'payload length': 'payload len' };

function label(s: Segment): string {
  const room = s.width * 2 - 1;
  const name = SHORT_LABELS[s.field.name] ?? (s.continued ? `${s.field.name} (cont.)` : s.field.name);
  return (name.length > room ? name.slice(0, room) : name).padEnd(room);
}

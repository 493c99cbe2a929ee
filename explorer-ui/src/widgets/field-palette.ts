// One colour per header field, the same in the bit grid, the byte strip and
// the legend. The colours themselves are CSS variables (styles/theme.css),
// so light, dark and large-type modes each tune them.

import type { FieldName, FrameField } from '../../../engine/frame-model';

const FIELD_SLUG: Record<FieldName, string> = {
  FIN: 'fin',
  RSV1: 'rsv',
  RSV2: 'rsv',
  RSV3: 'rsv',
  opcode: 'opcode',
  MASK: 'mask',
  'payload length': 'len',
  'extended payload length': 'extlen',
  'masking key': 'key',
  payload: 'payload',
};

export function fieldClass(name: FieldName): string {
  return `field--${FIELD_SLUG[name]}`;
}

/** Names of the fields whose bits overlap [fromBit, toBit), frame-relative. */
export function fieldsInBits(fields: readonly FrameField[], fromBit: number, toBit: number): FieldName[] {
  return fields.filter((f) => f.bitOffset < toBit && f.bitOffset + f.bitLength > fromBit).map((f) => f.name);
}

/** The field that owns one bit of the frame, or null past the end. */
export function fieldAtBit(fields: readonly FrameField[], bit: number): FrameField | null {
  return fields.find((f) => bit >= f.bitOffset && bit < f.bitOffset + f.bitLength) ?? null;
}

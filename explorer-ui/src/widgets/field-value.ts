// A field's value as people read it: opcode by name, the key as hex bytes,
// the payload's size in the reader's language.

import type { TFunction } from 'i18next';
import type { FrameField } from '../../../engine/frame-model';
import { opcodeInfo } from '../../../engine/opcode';

export function describeFieldValue(field: FrameField, t: TFunction): string {
  switch (field.name) {
    case 'opcode': {
      const value = Number(field.value);
      return `0x${value.toString(16)} ${opcodeInfo(value).name}`;
    }
    case 'masking key':
      return String(field.value).match(/../g)?.join(' ') ?? String(field.value);
    case 'payload':
      return t('anatomy.bytesValue', { size: Number(field.value).toLocaleString('en') });
    default:
      return String(field.value);
  }
}

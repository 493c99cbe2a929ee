// A field's value as people read it: opcode by name, the key as hex bytes.

import type { FrameField } from '../../../engine/frame-model';
import { opcodeInfo } from '../../../engine/opcode';

export function describeFieldValue(field: FrameField): string {
  switch (field.name) {
    case 'opcode': {
      const value = Number(field.value);
      return `0x${value.toString(16)} ${opcodeInfo(value).name}`;
    }
    case 'masking key':
      return String(field.value).match(/../g)?.join(' ') ?? String(field.value);
    case 'payload':
      return `${Number(field.value).toLocaleString('en')} bytes`;
    default:
      return String(field.value);
  }
}

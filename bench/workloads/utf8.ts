// UTF-8 validation of a whole ~64 KiB text: ours is the engine's
// findInvalidUtf8 (its streaming Utf8Validator, which also says where text
// breaks), once scanning byte by byte as in a browser ('ours') and once with
// Node's native check handed in, as the server runs it ('ours-native'); the
// peer is Node's native buffer.isUtf8, which ws uses.

import { isUtf8 } from 'node:buffer';
import { findInvalidUtf8, useNativeUtf8Check } from '../../engine/utf8';
import type { Workload } from '../measure';
import { type ContenderId, unknownContender } from './cells';

const TARGET_BYTES = 64 * 1024;

/** ASCII as a chat or JSON message has it, and mixed: Latin with accents, CJK, emoji. */
const SAMPLES = {
  ascii: '{"type":"message","user":"ada","text":"The quick brown fox jumps over the lazy dog, 0123456789."}\n',
  mixed: 'Grüße aus Zürich, café crème — 网络套接字协议 — WebSocket 🔌🚀 ok; ',
} as const;

export function sampleText(kind: keyof typeof SAMPLES): Uint8Array {
  const unit = new TextEncoder().encode(SAMPLES[kind]);
  const repeats = Math.ceil(TARGET_BYTES / unit.length);
  const text = new Uint8Array(unit.length * repeats);
  for (let i = 0; i < repeats; i++) text.set(unit, i * unit.length);
  return text;
}

export function utf8Workload(kind: keyof typeof SAMPLES, contender: ContenderId): Workload {
  const text = sampleText(kind);
  switch (contender) {
    // The native check is the engine's one global switch: each op sets it, as contenders take turns.
    case 'ours':
      return { unitsPerOp: text.length, op: () => (useNativeUtf8Check(null), findInvalidUtf8(text) === null ? text.length : 0) };
    case 'ours-native':
      return { unitsPerOp: text.length, op: () => (useNativeUtf8Check(isUtf8), findInvalidUtf8(text) === null ? text.length : 0) };
    case 'node': {
      const buffer = Buffer.from(text);
      return { unitsPerOp: text.length, op: () => (isUtf8(buffer) ? buffer.length : 0) };
    }
    default:
      return unknownContender('utf8', contender);
  }
}

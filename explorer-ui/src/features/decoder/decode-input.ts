// Pasted text → bytes → annotated frames, timed so the page can say how long
// the engine took (and the browser test can report it for a 1 MiB frame).

import type { DecodeResult, Direction } from '../../../../engine/frame-model';
import { decodeFrames } from '../../../../engine/frame';
import { parseHex, type HexError } from '../../../../engine/hex';

export type DecoderOutcome =
  | { kind: 'empty' }
  | { kind: 'not-hex'; error: HexError }
  | { kind: 'decoded'; bytes: Uint8Array; result: DecodeResult; millis: number };

export function decodeBytes(bytes: Uint8Array, from: Direction): DecoderOutcome {
  const started = performance.now();
  const result = decodeFrames(bytes, { from });
  return { kind: 'decoded', bytes, result, millis: performance.now() - started };
}

export function decodeInput(text: string, from: Direction): DecoderOutcome {
  if (text.trim() === '') return { kind: 'empty' };
  const started = performance.now();
  const parsed = parseHex(text);
  if (!parsed.ok) return { kind: 'not-hex', error: parsed.error };
  if (parsed.bytes.length === 0) return { kind: 'empty' };
  const result = decodeFrames(parsed.bytes, { from });
  return { kind: 'decoded', bytes: parsed.bytes, result, millis: performance.now() - started };
}

// Which bytes of a unit to draw, and what each one is: the header field it
// carries (so the wire and the reader tint bytes as the bit grid does), and
// where it stands: already read, the one being read, still to come.

import { decodeFrames } from '../../../../engine/frame';
import type { DecodedFrame, FieldName } from '../../../../engine/frame-model';
import type { Side } from '../../../../engine/simulation';
import { fieldsInBits } from '../../widgets/field-palette';

/** The bytes [start, end) to draw out of `length`, keeping `cursor` in view with a little of what came before it. */
export function byteWindow(length: number, cursor: number, size: number): { start: number; end: number } {
  if (length <= size) return { start: 0, end: length };
  const start = Math.max(0, Math.min(cursor - Math.floor(size / 4), length - size));
  return { start, end: start + size };
}

/**
 * The fields each byte of a unit carries, from frames whose offsets count
 * from `base` (the unit's first byte is `base` in the frames' input). A byte
 * no frame covers (past a frame cut short) carries none.
 */
export function fieldsOfBytes(frames: readonly DecodedFrame[], base: number, length: number): FieldName[][] {
  const out: FieldName[][] = Array.from({ length }, () => []);
  for (const frame of frames) {
    const from = Math.max(frame.offset, base);
    const to = Math.min(frame.offset + frame.length, base + length);
    for (let at = from; at < to; at++) {
      const bit = (at - frame.offset) * 8;
      out[at - base] = fieldsInBits(frame.fields, bit, bit + 8);
    }
  }
  return out;
}

const decodedUnits = new WeakMap<Uint8Array, DecodedFrame[]>();

/** A unit's bytes read whole as frames sent by `from` (the wire shows what every byte is, even before it arrives). */
export function framesOfUnit(bytes: Uint8Array, from: Side): DecodedFrame[] {
  let frames = decodedUnits.get(bytes);
  if (!frames) {
    const decoded = decodeFrames(bytes, { from });
    frames = decoded.remainder ? [...decoded.frames, decoded.remainder.frame] : decoded.frames;
    decodedUnits.set(bytes, frames);
  }
  return frames;
}

/** A byte of an HTTP head as a person reads it: the character, or CR, LF and SP by name (they are what ends a line, RFC 9112 2.1). */
export function headChar(byte: number): string {
  if (byte === 0x0d) return 'CR';
  if (byte === 0x0a) return 'LF';
  if (byte === 0x20) return 'SP';
  return byte >= 0x21 && byte <= 0x7e ? String.fromCharCode(byte) : '·';
}

// Pasted text → bytes → annotated frames (or whole packets → their TCP
// streams → frames), timed so the page can say how long the engine took
// (and the browser test can report it for a 1 MiB frame).
// What the decoder is told about the bytes (their sender, permessage-deflate)
// becomes the engine's DecodeOptions here, in one place.

import type { DecodeOptions, DecodeResult } from '../../../../engine/frame-model';
import { decodeFrames } from '../../../../engine/frame';
import { parseHex, type HexError } from '../../../../engine/hex';
import type { DecoderDeflate, DecoderDirection } from '../../store/decoder-slice';
import { decodePastedPackets, type PacketsOutcome } from './packet-input';

/** What the person said about the bytes: who sent them, and whether permessage-deflate was agreed. */
export interface DecoderSettings {
  from: DecoderDirection;
  deflate: DecoderDeflate;
}

export type DecoderOutcome =
  | { kind: 'empty' }
  | { kind: 'not-hex'; error: HexError }
  | { kind: 'decoded'; bytes: Uint8Array; result: DecodeResult; millis: number }
  | PacketsOutcome;

/**
 * An unknown sender leaves masking unjudged (5.1 binds each side, and the
 * bytes do not say which side they are); deflate makes RSV1 the
 * "compressed" bit and inflates each compressed message, with one window
 * carried across the messages pasted together unless no context takeover
 * was agreed (RFC 7692 7.1.1, 7.2.2).
 */
export function decodeOptionsFor({ from, deflate }: DecoderSettings): DecodeOptions {
  return {
    ...(from === 'unknown' ? {} : { from }),
    ...(deflate.negotiated ? { deflate: { noContextTakeover: deflate.noContextTakeover } } : {}),
  };
}

export function decodeBytes(bytes: Uint8Array, settings: DecoderSettings): DecoderOutcome {
  const started = performance.now();
  const result = decodeFrames(bytes, decodeOptionsFor(settings));
  return { kind: 'decoded', bytes, result, millis: performance.now() - started };
}

/** Pasted text: whole packets when the first one reads down to TCP (packet-input.ts), else frames. */
export function decodeInput(text: string, settings: DecoderSettings): DecoderOutcome {
  if (text.trim() === '') return { kind: 'empty' };
  const packets = decodePastedPackets(text, settings.deflate);
  if (packets) return packets;
  const started = performance.now();
  const parsed = parseHex(text);
  if (!parsed.ok) return { kind: 'not-hex', error: parsed.error };
  if (parsed.bytes.length === 0) return { kind: 'empty' };
  const result = decodeFrames(parsed.bytes, decodeOptionsFor(settings));
  return { kind: 'decoded', bytes: parsed.bytes, result, millis: performance.now() - started };
}

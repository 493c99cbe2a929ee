// Builder settings → the frame's bytes, through the engine's encodeFrame.
// encodeFrame throws for a frame a conforming endpoint never sends (caller
// misuse, RFC 6455 5.5); here that is the expected answer to a setting, so
// it becomes a message to show rather than an exception.
//
// With "compress", the payload is compressed as permessage-deflate sends a
// message (RFC 7692 7.2.1: DEFLATE, a sync flush, its 00 00 ff ff taken
// off) and RSV1 is set on the frame (6.1). The frame is built alone, so its
// window starts empty whatever context takeover was agreed.

import { buildClosePayload } from '../../../../engine/close';
import { MessageDeflater } from '../../../../engine/deflate-codec';
import { encodeFrame } from '../../../../engine/frame';
import type { Direction } from '../../../../engine/frame-model';
import { parseHex } from '../../../../engine/hex';
import type { BuilderSettings } from '../../store';

export type BuildOutcome =
  | {
      ok: true;
      bytes: Uint8Array;
      /** The payload as it goes in the frame (compressed, when compressing), unmasked. */
      payload: Uint8Array;
      from: Direction;
      /** With "compress": the payload before compression; null otherwise. */
      uncompressed: Uint8Array | null;
    }
  | { ok: false; problem: string; where: 'payload' | 'key' | 'frame' };

export function buildFrame(settings: BuilderSettings): BuildOutcome {
  const payload = payloadOf(settings);
  if (!payload.ok) return { ok: false, problem: payload.problem, where: 'payload' };

  let maskingKey: Uint8Array | null = null;
  if (settings.masked) {
    const key = parseHex(settings.maskingKeyHex);
    if (!key.ok) return { ok: false, problem: `masking key: ${key.error.message}`, where: 'key' };
    if (key.bytes.length !== 4) return { ok: false, problem: `a masking key is 4 bytes (RFC 6455 5.3); this one is ${key.bytes.length}`, where: 'key' };
    maskingKey = key.bytes;
  }

  const framePayload = settings.compress ? new MessageDeflater(true).compress(payload.bytes) : payload.bytes;
  try {
    const bytes = encodeFrame(
      { fin: settings.fin, rsv1: settings.rsv1 || settings.compress, rsv2: settings.rsv2, rsv3: settings.rsv3, opcode: settings.opcode, payload: framePayload, maskingKey },
      { lengthEncoding: settings.lengthEncoding, setLengthMostSignificantBit: settings.setLengthMostSignificantBit, allowInvalid: settings.allowInvalid },
    );
    // 5.1: only clients mask, so a masked frame is read as a client's.
    return { ok: true, bytes, payload: framePayload, from: maskingKey ? 'client' : 'server', uncompressed: settings.compress ? payload.bytes : null };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, problem: inBuilderWords(error.message), where: 'frame' };
    throw error;
  }
}

/** encodeFrame's refusals name its option; here a person ticks a box, so they name the box. */
function inBuilderWords(message: string): string {
  return message.replace(/pass allowInvalid to build (it|one) anyway$/, 'tick "Allow frames no endpoint may send" to build $1 anyway');
}

function payloadOf(settings: BuilderSettings): { ok: true; bytes: Uint8Array } | { ok: false; problem: string } {
  switch (settings.payloadMode) {
    case 'text':
      return { ok: true, bytes: new TextEncoder().encode(settings.payloadText) };
    case 'hex': {
      const parsed = parseHex(settings.payloadHex);
      return parsed.ok ? { ok: true, bytes: parsed.bytes } : { ok: false, problem: `payload: ${parsed.error.message}` };
    }
    case 'close':
      try {
        return { ok: true, bytes: buildClosePayload(settings.closeCode, settings.closeReason) };
      } catch (error) {
        if (error instanceof RangeError) return { ok: false, problem: error.message };
        throw error;
      }
  }
}

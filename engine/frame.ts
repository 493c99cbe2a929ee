// Building frames (RFC 6455 section 5.2), and the entry point for decoding
// them (engine/frame-decode.ts). encodeFrame writes exactly the frame it is
// asked for; with EncodeOptions it writes the broken ones lessons need.

import { BytePool } from './byte-pool';
import type { EncodeOptions, FrameSpec } from './frame-model';
import { packFirstByte } from './frame-header';
import {
  LENGTH_16_MARKER,
  LENGTH_64_MARKER,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  MAX_16_BIT_LENGTH,
  MAX_7_BIT_LENGTH,
  MAX_CONTROL_PAYLOAD,
} from './frame-format';
import { copyMasked } from './mask';
import { isControlOpcode, isReservedOpcode } from './opcode';

export { decodeFrames, decodeFrame, decodeFirstFrame, decodeSteps } from './frame-decode';

const EMPTY = new Uint8Array(0);

/**
 * Frames (and headers) up to 4 KiB are views of shared slabs, as Node's
 * pooled allocUnsafe hands out views of its pool: past 64 bytes a typed
 * array of its own costs V8 a new backing store, several times the cost of
 * masking the bytes. A view keeps its 16 KiB slab alive, as Node's pooled
 * views keep their pool.
 */
const framePool = new BytePool();

/**
 * Encodes one frame. The payload is given unmasked; a masking key masks it
 * on the way out (5.3). Throws RangeError for a frame a conforming endpoint
 * never sends (oversized or fragmented control frame, reserved opcode)
 * unless `options.allowInvalid` says it is wanted.
 */
export function encodeFrame(spec: FrameSpec, options: EncodeOptions = {}): Uint8Array {
  const payload = spec.payload ?? EMPTY;
  const maskingKey = spec.maskingKey ?? null;
  const headerLength = checkedHeaderLength(spec, payload, maskingKey, options);
  const frame = framePool.take(headerLength + payload.length);
  writeHeader(frame, spec, payload.length, maskingKey, headerLength, options);
  if (maskingKey) copyMasked(payload, 0, payload.length, frame, headerLength, maskingKey, 0);
  else frame.set(payload, headerLength);
  return frame;
}

/**
 * The same frame as encodeFrame, in two parts: its header, and its payload.
 * An unmasked payload is the caller's own array, not a copy, so a sender can
 * hand both parts to one gathering write; the caller must not change it
 * until it is written. A masked payload is a masked copy.
 */
export function encodeFrameParts(spec: FrameSpec, options: EncodeOptions = {}): [header: Uint8Array, payload: Uint8Array] {
  const payload = spec.payload ?? EMPTY;
  const maskingKey = spec.maskingKey ?? null;
  const headerLength = checkedHeaderLength(spec, payload, maskingKey, options);
  const header = framePool.take(headerLength);
  writeHeader(header, spec, payload.length, maskingKey, headerLength, options);
  if (!maskingKey) return [header, payload];
  const masked = framePool.take(payload.length);
  copyMasked(payload, 0, payload.length, masked, 0, maskingKey, 0);
  return [header, masked];
}

function checkedHeaderLength(spec: FrameSpec, payload: Uint8Array, maskingKey: Uint8Array | null, options: EncodeOptions): number {
  const { opcode } = spec;
  const fin = spec.fin ?? true;
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xf) throw new RangeError(`opcode ${opcode} does not fit in 4 bits`);
  if (maskingKey && maskingKey.length !== MASKING_KEY_LENGTH) throw new RangeError(`a masking key is ${MASKING_KEY_LENGTH} bytes, not ${maskingKey.length}`);
  if (!options.allowInvalid) {
    if (isReservedOpcode(opcode)) throw new RangeError(`opcode 0x${opcode.toString(16)} is reserved (RFC 6455 5.2); pass allowInvalid to build it anyway`);
    if (isControlOpcode(opcode) && !fin) throw new RangeError('control frames must not be fragmented (RFC 6455 5.5); pass allowInvalid to build one anyway');
    if (isControlOpcode(opcode) && payload.length > MAX_CONTROL_PAYLOAD) {
      throw new RangeError(`control frame payload is ${payload.length} bytes; at most ${MAX_CONTROL_PAYLOAD} (RFC 6455 5.5); pass allowInvalid to build it anyway`);
    }
  }
  return 2 + extendedLengthBytes(payload.length, options) + (maskingKey ? MASKING_KEY_LENGTH : 0);
}

/** Writes the header's bytes (5.2) at the start of `target`. */
function writeHeader(target: Uint8Array, spec: FrameSpec, payloadLength: number, maskingKey: Uint8Array | null, headerLength: number, options: EncodeOptions): void {
  target[0] = packFirstByte({ fin: spec.fin ?? true, rsv1: spec.rsv1 ?? false, rsv2: spec.rsv2 ?? false, rsv3: spec.rsv3 ?? false, opcode: spec.opcode });
  const maskBit = maskingKey ? MASK_BIT : 0;
  const lengthBytes = headerLength - 2 - (maskingKey ? MASKING_KEY_LENGTH : 0);
  if (lengthBytes === 0) {
    target[1] = maskBit | payloadLength;
  } else if (lengthBytes === 2) {
    target[1] = maskBit | LENGTH_16_MARKER;
    target[2] = payloadLength >>> 8;
    target[3] = payloadLength & 0xff;
  } else {
    target[1] = maskBit | LENGTH_64_MARKER;
    // Network byte order, in two 32-bit halves: lengths are numbers, not bigints.
    const high = Math.floor(payloadLength / 2 ** 32);
    writeUint32(target, 2, options.setLengthMostSignificantBit ? (high | 0x80000000) >>> 0 : high);
    writeUint32(target, 6, payloadLength >>> 0);
  }
  if (maskingKey) {
    const at = 2 + lengthBytes;
    target[at] = maskingKey[0];
    target[at + 1] = maskingKey[1];
    target[at + 2] = maskingKey[2];
    target[at + 3] = maskingKey[3];
  }
}

function writeUint32(target: Uint8Array, at: number, value: number): void {
  target[at] = value >>> 24;
  target[at + 1] = (value >>> 16) & 0xff;
  target[at + 2] = (value >>> 8) & 0xff;
  target[at + 3] = value & 0xff;
}

function extendedLengthBytes(length: number, options: EncodeOptions): 0 | 2 | 8 {
  const encoding = options.setLengthMostSignificantBit ? '64' : (options.lengthEncoding ?? 'shortest');
  if (encoding === '64') return 8;
  if (encoding === '16') {
    if (length > MAX_16_BIT_LENGTH) throw new RangeError(`a ${length}-byte payload does not fit a 16-bit length`);
    return 2;
  }
  // 5.2: "the minimal number of bytes MUST be used to encode the length".
  return length <= MAX_7_BIT_LENGTH ? 0 : length <= MAX_16_BIT_LENGTH ? 2 : 8;
}

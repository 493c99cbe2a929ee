// Building frames (RFC 6455 section 5.2), and the entry point for decoding
// them (engine/frame-decode.ts). encodeFrame writes exactly the frame it is
// asked for; with EncodeOptions it writes the broken ones lessons need.

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
import { maskInPlace } from './mask';
import { isControlOpcode, isReservedOpcode } from './opcode';

export { decodeFrames, decodeFrame, decodeFirstFrame, decodeSteps } from './frame-decode';

const EMPTY = new Uint8Array(0);

/**
 * Encodes one frame. The payload is given unmasked; a masking key masks it
 * on the way out (5.3). Throws RangeError for a frame a conforming endpoint
 * never sends (oversized or fragmented control frame, reserved opcode)
 * unless `options.allowInvalid` says it is wanted.
 */
export function encodeFrame(spec: FrameSpec, options: EncodeOptions = {}): Uint8Array {
  const { opcode } = spec;
  const fin = spec.fin ?? true;
  const payload = spec.payload ?? EMPTY;
  const maskingKey = spec.maskingKey ?? null;

  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xf) throw new RangeError(`opcode ${opcode} does not fit in 4 bits`);
  if (maskingKey && maskingKey.length !== MASKING_KEY_LENGTH) throw new RangeError(`a masking key is ${MASKING_KEY_LENGTH} bytes, not ${maskingKey.length}`);
  if (!options.allowInvalid) {
    if (isReservedOpcode(opcode)) throw new RangeError(`opcode 0x${opcode.toString(16)} is reserved (RFC 6455 5.2); pass allowInvalid to build it anyway`);
    if (isControlOpcode(opcode) && !fin) throw new RangeError('control frames must not be fragmented (RFC 6455 5.5); pass allowInvalid to build one anyway');
    if (isControlOpcode(opcode) && payload.length > MAX_CONTROL_PAYLOAD) {
      throw new RangeError(`control frame payload is ${payload.length} bytes; at most ${MAX_CONTROL_PAYLOAD} (RFC 6455 5.5); pass allowInvalid to build it anyway`);
    }
  }

  const lengthBytes = extendedLengthBytes(payload.length, options);
  const headerLength = 2 + lengthBytes + (maskingKey ? MASKING_KEY_LENGTH : 0);
  const frame = new Uint8Array(headerLength + payload.length);

  frame[0] = packFirstByte({ fin, rsv1: spec.rsv1 ?? false, rsv2: spec.rsv2 ?? false, rsv3: spec.rsv3 ?? false, opcode });
  const maskBit = maskingKey ? MASK_BIT : 0;
  const view = new DataView(frame.buffer);
  if (lengthBytes === 0) {
    frame[1] = maskBit | payload.length;
  } else if (lengthBytes === 2) {
    frame[1] = maskBit | LENGTH_16_MARKER;
    view.setUint16(2, payload.length);
  } else {
    frame[1] = maskBit | LENGTH_64_MARKER;
    // Split in two 32-bit halves: payload lengths are JS numbers, not bigints.
    const high = Math.floor(payload.length / 2 ** 32);
    view.setUint32(2, options.setLengthMostSignificantBit ? (high | 0x80000000) >>> 0 : high);
    view.setUint32(6, payload.length >>> 0);
  }
  if (maskingKey) frame.set(maskingKey, 2 + lengthBytes);
  frame.set(payload, headerLength);
  if (maskingKey) maskInPlace(frame.subarray(headerLength), maskingKey);
  return frame;
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

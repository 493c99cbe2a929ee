// RFC 6455 section 5.3: client-to-server masking.
//   transformed-octet-i = original-octet-i XOR masking-key-octet-(i MOD 4)
// Masking is its own inverse, so one function masks and unmasks.
//
// Three speeds, chosen by size: short payloads (most chat and control
// frames) byte by byte with the key in registers, where setting anything up
// would cost more than the work; middling ones a 32-bit word at a time; long
// ones 16 bytes at a time in WebAssembly SIMD (engine/simd-mask.ts), or in
// words where that is not available. All three give the same bytes.

import { SIMD_BLOCK_BYTES, SIMD_STRIDE, simdMasker, type SimdMasker } from './simd-mask';

/**
 * Below these, setting up a word view costs more than it saves: in place one
 * view, for a copy a copying pass and a view.
 */
const WORD_THRESHOLD_IN_PLACE = 64;
const WORD_THRESHOLD_COPYING = 128;
/** From here on, copying into WebAssembly memory and back pays for itself. */
const SIMD_THRESHOLD = 512;

/**
 * XORs `data` with the 4-byte `maskingKey` in place, as if `data` started
 * `streamOffset` bytes into the payload (so a payload that arrives in chunks
 * can be unmasked chunk by chunk).
 */
export function maskInPlace(data: Uint8Array, maskingKey: Uint8Array, streamOffset = 0): void {
  maskRange(data, 0, data, 0, data.length, maskingKey, streamOffset);
}

/** Returns a masked (or unmasked) copy; the caller's bytes are never changed. */
export function applyMask(data: Uint8Array, maskingKey: Uint8Array, streamOffset = 0): Uint8Array {
  const copy = new Uint8Array(data.length);
  maskRange(data, 0, copy, 0, data.length, maskingKey, streamOffset);
  return copy;
}

/**
 * Copies `length` bytes of `source` from `from` into `target` at `at`,
 * masking them on the way with the key phased as if they started
 * `streamOffset` bytes into the payload. `source` is only read.
 */
export function copyMasked(source: Uint8Array, from: number, length: number, target: Uint8Array, at: number, maskingKey: Uint8Array, streamOffset: number): void {
  maskRange(source, from, target, at, length, maskingKey, streamOffset);
}

/** Which long-payload path masking takes; a test switches it to compare the two. */
let activeSimd: SimdMasker | null = simdMasker;

/** For tests: mask with WebAssembly SIMD (when this platform has it) or with the pure JavaScript words. */
export function useSimdMasking(enabled: boolean): boolean {
  activeSimd = enabled ? simdMasker : null;
  return activeSimd !== null;
}

/** target[at + i] = source[from + i] XOR key[(streamOffset + i) mod 4], for i < length; source and target may be the same bytes. */
function maskRange(source: Uint8Array, from: number, target: Uint8Array, at: number, length: number, maskingKey: Uint8Array, streamOffset: number): void {
  const k0 = maskingKey[streamOffset & 3];
  const k1 = maskingKey[(streamOffset + 1) & 3];
  const k2 = maskingKey[(streamOffset + 2) & 3];
  const k3 = maskingKey[(streamOffset + 3) & 3];
  const simd = activeSimd;
  let i = 0;
  if (length >= SIMD_THRESHOLD && simd) {
    // Into WebAssembly memory, XOR there, and out to the target: a block at
    // a time, in whole strides so every block starts at key phase 0.
    // WebAssembly memory is little-endian on every host.
    const keyWord = k0 | (k1 << 8) | (k2 << 16) | (k3 << 24);
    const strided = length - (length % SIMD_STRIDE);
    while (i < strided) {
      const block = Math.min(SIMD_BLOCK_BYTES, strided - i);
      simd.memory.set(viewOf(source, from + i, block));
      simd.mask(block, keyWord);
      target.set(simd.memory.subarray(0, block), at + i);
      i += block;
    }
  } else if (length >= (source === target && from === at ? WORD_THRESHOLD_IN_PLACE : WORD_THRESHOLD_COPYING)) {
    if (source !== target || from !== at) target.set(viewOf(source, from, length), at);
    source = target;
    from = at;
    // Byte-wise until the target is 4-byte aligned, then a word at a time.
    const head = (4 - ((target.byteOffset + at) & 3)) & 3;
    for (; i < head; i++) target[at + i] ^= keyByte(i, k0, k1, k2, k3);
    const keyWord = wordOf(keyByte(i, k0, k1, k2, k3), keyByte(i + 1, k0, k1, k2, k3), keyByte(i + 2, k0, k1, k2, k3), keyByte(i + 3, k0, k1, k2, k3));
    const wordCount = (length - i) >>> 2;
    // Int32, not Uint32: XOR yields a signed 32-bit value, which V8 stores
    // back into an Int32Array without converting it to a double first.
    const words = new Int32Array(target.buffer, target.byteOffset + at + i, wordCount);
    for (let w = 0; w < wordCount; w++) words[w] ^= keyWord;
    i += wordCount * 4;
  }
  // What is left starts at key phase 0 (short payloads, or after whole SIMD
  // strides) or is under 4 bytes (after words): four at a time, then one.
  for (; i + 4 <= length; i += 4) {
    target[at + i] = source[from + i] ^ k0;
    target[at + i + 1] = source[from + i + 1] ^ k1;
    target[at + i + 2] = source[from + i + 2] ^ k2;
    target[at + i + 3] = source[from + i + 3] ^ k3;
  }
  for (; i < length; i++) target[at + i] = source[from + i] ^ keyByte(i, k0, k1, k2, k3);
}

/**
 * A plain Uint8Array over `length` bytes of `bytes` from `from`. Made
 * directly rather than with subarray(), which on a Node Buffer goes through
 * Buffer's own, slower, constructor.
 */
export function viewOf(bytes: Uint8Array, from: number, length: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + from, length);
}

function keyByte(index: number, k0: number, k1: number, k2: number, k3: number): number {
  const phase = index & 3;
  return phase === 0 ? k0 : phase === 1 ? k1 : phase === 2 ? k2 : k3;
}

/** Is a Uint32Array's first byte in memory its least significant one? Asked once, not assumed. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The 32-bit word (signed) that holds bytes b0..b3 in this order in memory. */
function wordOf(b0: number, b1: number, b2: number, b3: number): number {
  return LITTLE_ENDIAN ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
}

// RFC 6455 section 5.3: client-to-server masking.
//   transformed-octet-i = original-octet-i XOR masking-key-octet-(i MOD 4)
// Masking is its own inverse, so one function masks and unmasks.

/**
 * XORs `data` with the 4-byte `maskingKey` in place, as if `data` started
 * `streamOffset` bytes into the payload (so a payload that arrives in chunks
 * can be unmasked chunk by chunk). Works a 32-bit word at a time when the
 * buffer is aligned, byte by byte for the edges.
 */
export function maskInPlace(data: Uint8Array, maskingKey: Uint8Array, streamOffset = 0): void {
  const length = data.length;
  const k0 = maskingKey[streamOffset & 3];
  const k1 = maskingKey[(streamOffset + 1) & 3];
  const k2 = maskingKey[(streamOffset + 2) & 3];
  const k3 = maskingKey[(streamOffset + 3) & 3];

  let i = 0;
  if (length >= WORD_THRESHOLD) {
    // Byte-wise until the view is 4-byte aligned, then a word at a time.
    const head = (4 - (data.byteOffset & 3)) & 3;
    for (; i < head; i++) data[i] ^= keyByte(i, k0, k1, k2, k3);
    const wordCount = (length - i) >>> 2;
    const keyWord = wordOf(keyByte(i, k0, k1, k2, k3), keyByte(i + 1, k0, k1, k2, k3), keyByte(i + 2, k0, k1, k2, k3), keyByte(i + 3, k0, k1, k2, k3));
    // Int32, not Uint32: XOR yields a signed 32-bit value, which V8 stores
    // back into an Int32Array without converting it to a double first.
    const words = new Int32Array(data.buffer, data.byteOffset + i, wordCount);
    for (let w = 0; w < wordCount; w++) words[w] ^= keyWord;
    i += wordCount * 4;
  }
  for (; i < length; i++) data[i] ^= keyByte(i, k0, k1, k2, k3);
}

/** Below this, setting up a word view costs more than it saves. */
const WORD_THRESHOLD = 32;

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

/** Returns a masked (or unmasked) copy; the caller's bytes are never changed. */
export function applyMask(data: Uint8Array, maskingKey: Uint8Array, streamOffset = 0): Uint8Array {
  const copy = data.slice();
  maskInPlace(copy, maskingKey, streamOffset);
  return copy;
}

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
  if (length === 0) return;
  const k0 = maskingKey[streamOffset & 3];
  const k1 = maskingKey[(streamOffset + 1) & 3];
  const k2 = maskingKey[(streamOffset + 2) & 3];
  const k3 = maskingKey[(streamOffset + 3) & 3];
  const rotated = [k0, k1, k2, k3];

  let i = 0;
  // Byte-wise until the view is 4-byte aligned, then word-wise.
  const misalignment = (data.byteOffset & 3) === 0 ? 0 : 4 - (data.byteOffset & 3);
  const head = Math.min(misalignment, length);
  for (; i < head; i++) data[i] ^= rotated[i & 3];

  const wordCount = (length - i) >>> 2;
  if (wordCount > 0) {
    // Build the key word in the platform's byte order by letting a Uint32Array
    // read the four key bytes back: no endianness assumption in this code.
    const keyBytes = new Uint8Array(4);
    for (let j = 0; j < 4; j++) keyBytes[j] = rotated[(i + j) & 3];
    const keyWord = new Uint32Array(keyBytes.buffer)[0];
    const words = new Uint32Array(data.buffer, data.byteOffset + i, wordCount);
    for (let w = 0; w < wordCount; w++) words[w] ^= keyWord;
    i += wordCount * 4;
  }
  for (; i < length; i++) data[i] ^= rotated[i & 3];
}

/** Returns a masked (or unmasked) copy; the caller's bytes are never changed. */
export function applyMask(data: Uint8Array, maskingKey: Uint8Array, streamOffset = 0): Uint8Array {
  const copy = data.slice();
  maskInPlace(copy, maskingKey, streamOffset);
  return copy;
}

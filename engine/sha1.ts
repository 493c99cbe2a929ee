// SHA-1 (RFC 3174, FIPS 180-1), written out so the accept key is derived the
// same way in Node, the CLI and the browser, synchronously, with every stage
// available to show. RFC 6455 4.2.2 step 4 uses it for Sec-WebSocket-Accept;
// it is not used here for anything that needs collision resistance.

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 20;
/** The message length is appended as a 64-bit big-endian bit count (RFC 3174 section 4). */
const LENGTH_FIELD_BYTES = 8;
const TWO_POW_32 = 0x1_0000_0000;

/** Initial hash value H0..H4 (RFC 3174 section 6.1). */
const INITIAL_STATE = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0] as const;

/** Round constants K(t) for t in 0–19, 20–39, 40–59, 60–79 (RFC 3174 section 5). */
const ROUND_CONSTANTS = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6] as const;

function rotateLeft(word: number, bits: number): number {
  return (word << bits) | (word >>> (32 - bits));
}

/**
 * The message as SHA-1 hashes it (RFC 3174 section 4): the bytes, a 1 bit
 * (0x80), zeros up to 56 mod 64, then the length in bits as 64 bits. Exposed
 * so a lesson can show why 55 bytes fit in one block and 56 need two.
 */
export function sha1Padded(bytes: Uint8Array): Uint8Array {
  const paddedLength = Math.ceil((bytes.length + 1 + LENGTH_FIELD_BYTES) / BLOCK_BYTES) * BLOCK_BYTES;
  const padded = new Uint8Array(paddedLength);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  // length * 8 can pass 2^32 (a 512 MiB input), so split it without bit operators.
  const bitLength = bytes.length * 8;
  view.setUint32(paddedLength - 8, Math.floor(bitLength / TWO_POW_32));
  view.setUint32(paddedLength - 4, bitLength % TWO_POW_32);
  return padded;
}

/** SHA-1 digest (20 bytes) of any number of bytes. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const padded = sha1Padded(bytes);
  const view = new DataView(padded.buffer);
  const state: number[] = [...INITIAL_STATE];
  const schedule = new Uint32Array(80);

  for (let block = 0; block < padded.length; block += BLOCK_BYTES) {
    // Message schedule W(t) (RFC 3174 section 6.1, steps a and b).
    for (let t = 0; t < 16; t++) schedule[t] = view.getUint32(block + t * 4);
    for (let t = 16; t < 80; t++) {
      schedule[t] = rotateLeft(schedule[t - 3] ^ schedule[t - 8] ^ schedule[t - 14] ^ schedule[t - 16], 1);
    }

    let [a, b, c, d, e] = state;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      // f(t;B,C,D) (RFC 3174 section 5).
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = ROUND_CONSTANTS[0];
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = ROUND_CONSTANTS[1];
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = ROUND_CONSTANTS[2];
      } else {
        f = b ^ c ^ d;
        k = ROUND_CONSTANTS[3];
      }
      const temp = (rotateLeft(a, 5) + f + e + k + schedule[t]) | 0;
      e = d;
      d = c;
      c = rotateLeft(b, 30);
      b = a;
      a = temp;
    }
    state[0] = (state[0] + a) | 0;
    state[1] = (state[1] + b) | 0;
    state[2] = (state[2] + c) | 0;
    state[3] = (state[3] + d) | 0;
    state[4] = (state[4] + e) | 0;
  }

  const digest = new Uint8Array(DIGEST_BYTES);
  const digestView = new DataView(digest.buffer);
  state.forEach((word, i) => digestView.setUint32(i * 4, word >>> 0));
  return digest;
}

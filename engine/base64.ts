// Base64 with the standard alphabet and padding (RFC 4648 section 4), strict:
// the handshake carries its nonce and its proof this way (RFC 6455 4.1 and
// 4.2.2), and a teaching tool should say exactly which character is wrong
// rather than quietly skipping it.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = '=';
const NOT_IN_ALPHABET = -1;

/** Value of each character code in the alphabet, -1 for characters outside it. */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(NOT_IN_ALPHABET);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export interface Base64Error {
  message: string;
  /** Index of the offending character in the text; the text's length when it ended too soon. */
  offset: number;
}

export type Base64Decode = { ok: true; bytes: Uint8Array } | ({ ok: false } & Base64Error);

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[group >>> 18] + ALPHABET[(group >>> 12) & 63] + ALPHABET[(group >>> 6) & 63] + ALPHABET[group & 63];
  }
  const left = bytes.length - i;
  if (left === 1) {
    const group = bytes[i] << 16;
    out += ALPHABET[group >>> 18] + ALPHABET[(group >>> 12) & 63] + PAD + PAD;
  } else if (left === 2) {
    const group = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[group >>> 18] + ALPHABET[(group >>> 12) & 63] + ALPHABET[(group >>> 6) & 63] + PAD;
  }
  return out;
}

function describe(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x21 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${character}"`;
}

/**
 * Decodes strict base64: only the 64 alphabet characters, length a multiple
 * of 4, "=" only as the last one or two characters, and the unused bits
 * before the padding zero (the canonical encoding, RFC 4648 3.5). No
 * whitespace. Never throws: a failure names the character and its index.
 */
export function decodeBase64(text: string): Base64Decode {
  const fail = (message: string, offset: number): Base64Decode => ({ ok: false, message, offset });

  let padding = 0;
  if (text.endsWith(PAD + PAD)) padding = 2;
  else if (text.endsWith(PAD)) padding = 1;
  const dataLength = text.length - padding;

  for (let i = 0; i < dataLength; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || DECODE_TABLE[code] === NOT_IN_ALPHABET) {
      const character = text[i];
      if (character === PAD) return fail(`padding "=" at index ${i} is not at the end`, i);
      return fail(`${describe(character)} at index ${i} is not a base64 character (A–Z, a–z, 0–9, +, /)`, i);
    }
  }
  if (text.length % 4 !== 0) {
    return fail(
      `length ${text.length} is not a multiple of 4: base64 comes in groups of 4 characters, padded with "="`,
      text.length,
    );
  }
  const bytes = new Uint8Array((dataLength * 3) >> 2);
  let out = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < dataLength; i++) {
    buffer = ((buffer << 6) | DECODE_TABLE[text.charCodeAt(i)]) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >>> bits) & 0xff;
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) {
    const last = dataLength - 1;
    return fail(
      `${describe(text[last])} at index ${last} leaves non-zero bits after the last byte; the canonical encoding ends in "${canonicalLast(text[last], bits)}"`,
      last,
    );
  }
  return { ok: true, bytes };
}

/** The character the encoder would have written in place of `character`, with the `bits` unused low bits cleared. */
function canonicalLast(character: string, bits: number): string {
  const value = DECODE_TABLE[character.charCodeAt(0)];
  return ALPHABET[value & ~((1 << bits) - 1)];
}

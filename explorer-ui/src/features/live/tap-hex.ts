// The tap sends bytes as lowercase hex without separators
// (engine/tap-messages.ts TapChunk.hex). engine/hex.ts parseHex reads that
// too, but it is built for what people paste (dumps, arrays, line and column
// in its errors); a replay of megabytes needs a plain loop, so this reads
// exactly the tap's form and nothing else.

const NOT_HEX = 255;
const DIGIT_VALUES = new Uint8Array(128).fill(NOT_HEX);
for (let i = 0; i < 10; i++) DIGIT_VALUES[48 + i] = i;
for (let i = 0; i < 6; i++) {
  DIGIT_VALUES[97 + i] = 10 + i;
  DIGIT_VALUES[65 + i] = 10 + i;
}

/** The bytes of a tap chunk's hex, or null when it is not an even run of hex digits. */
export function tapHexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0, j = 0; j < bytes.length; i += 2, j++) {
    const high = DIGIT_VALUES[hex.charCodeAt(i)] ?? NOT_HEX;
    const low = DIGIT_VALUES[hex.charCodeAt(i + 1)] ?? NOT_HEX;
    if (high === NOT_HEX || low === NOT_HEX) return null;
    bytes[j] = (high << 4) | low;
  }
  return bytes;
}

// The only platform facilities engine/ may use besides ES2022 itself.
// Both exist, identically, in Node 20 and every browser (WHATWG Encoding).
// Declared here because engine/tsconfig.json deliberately loads no DOM lib.

interface TextDecodeOptions { stream?: boolean }
interface TextDecoderOptions { fatal?: boolean; ignoreBOM?: boolean }

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  decode(input?: Uint8Array, options?: TextDecodeOptions): string;
}

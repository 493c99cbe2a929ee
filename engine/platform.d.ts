// The only platform facilities engine/ may use besides ES2022 itself.
// Each exists, identically, in Node 20 and every browser: the WHATWG
// Encoding classes, and WebAssembly (engine/simd-mask.ts compiles a module
// of its own and falls back to plain JavaScript where it cannot).
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

declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  function validate(bytes: Uint8Array): boolean;
}

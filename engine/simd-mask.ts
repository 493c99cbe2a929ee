// Masking 16 bytes per instruction with WebAssembly SIMD (RFC 6455 5.3).
//
// JavaScript can XOR at most 32 bits at a time, which leaves unmasking a
// large payload about ten times slower than copying it. WebAssembly's 128-bit
// vectors (in Node since 16.4 and in every current browser) close most of
// that gap. The module is small enough to spell out here, instruction by
// instruction, instead of shipping a binary nobody can read: one exported
// memory the caller copies bytes into, and one function that XORs its first
// `length` bytes with the 4-byte key repeated. Where WebAssembly or its SIMD
// is missing, `simdMasker` is null and engine/mask.ts stays with its
// word-at-a-time loop; a test checks that both give the same bytes.

/**
 * Bytes of WebAssembly memory the kernel works in: one 64 KiB page. Longer
 * payloads go through it a block at a time, which stays in the CPU's cache.
 */
export const SIMD_BLOCK_BYTES = 64 * 1024;
/** The kernel handles whole 64-byte strides; callers do the remainder. */
export const SIMD_STRIDE = 64;

export interface SimdMasker {
  /** The kernel's memory: copy bytes in at 0, call mask, copy them out. */
  readonly memory: Uint8Array;
  /** XORs memory[0, length) with `keyWord` repeated (length a multiple of SIMD_STRIDE). */
  mask(length: number, keyWord: number): void;
}

// The WebAssembly binary format, as much of it as this module needs.
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40], // a block with no result
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  localGet: (index: number) => [0x20, index],
  localSet: (index: number) => [0x21, index],
  i32Const: (value: number) => [0x41, ...signedLeb128(value)],
  i32Add: [0x6a],
  i32GtU: [0x4b],
  // SIMD instructions share the 0xfd prefix. A memory access names its
  // alignment (as a power of two: 0 promises nothing) and a constant offset.
  v128Load: (offset: number) => [0xfd, 0x00, 0, ...unsignedLeb128(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 0, ...unsignedLeb128(offset)],
  i32x4Splat: [0xfd, 0x11],
  v128Xor: [0xfd, 0x51],
};

// mask(length: i32, key: i32); locals: i (i32) = 2, keyVector (v128) = 3.
const [LENGTH, KEY, I, KEY_VECTOR] = [0, 1, 2, 3];

function xorSixteenBytesAt(offset: number): number[] {
  return [...op.localGet(I), ...op.localGet(I), ...op.v128Load(offset), ...op.localGet(KEY_VECTOR), ...op.v128Xor, ...op.v128Store(offset)];
}

const maskBody = [
  ...op.localGet(KEY), ...op.i32x4Splat, ...op.localSet(KEY_VECTOR),
  ...op.block,
  ...op.loop,
  // while (i + 64 <= length): four 16-byte XORs, i += 64
  ...op.localGet(I), ...op.i32Const(SIMD_STRIDE), ...op.i32Add, ...op.localGet(LENGTH), ...op.i32GtU, ...op.brIf(1),
  ...xorSixteenBytesAt(0), ...xorSixteenBytesAt(16), ...xorSixteenBytesAt(32), ...xorSixteenBytesAt(48),
  ...op.localGet(I), ...op.i32Const(SIMD_STRIDE), ...op.i32Add, ...op.localSet(I),
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.end,
];

const moduleBytes = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d], // "\0asm"
  ...[0x01, 0x00, 0x00, 0x00], // version 1
  ...section(1, [1, 0x60, 2, I32, I32, 0]), // types: (i32, i32) -> ()
  ...section(3, [1, 0]), // functions: one, of type 0
  ...section(5, [1, 0x00, SIMD_BLOCK_BYTES / 65536]), // memory: minimum pages, no maximum
  ...section(7, [2, ...name('memory'), 0x02, 0, ...name('mask'), 0x00, 0]), // exports
  ...section(10, [1, ...vector([...[2, 1, I32, 1, V128], ...maskBody])]), // code: locals, then the body
]);

function section(id: number, contents: number[]): number[] {
  return [id, ...vector(contents)];
}

function vector(bytes: number[]): number[] {
  return [...unsignedLeb128(bytes.length), ...bytes];
}

function name(text: string): number[] {
  return vector([...text].map((c) => c.charCodeAt(0)));
}

function unsignedLeb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb128(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function instantiate(): SimdMasker | null {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(moduleBytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes));
    const exports = instance.exports as { memory: WebAssembly.Memory; mask: (length: number, keyWord: number) => void };
    return { memory: new Uint8Array(exports.memory.buffer), mask: exports.mask };
  } catch {
    // A page whose Content-Security-Policy forbids compiling WebAssembly.
    return null;
  }
}

/** The SIMD kernel, or null where this platform cannot run it. */
export const simdMasker: SimdMasker | null = instantiate();

/** The module's bytes, for a test that reads them back. */
export const SIMD_MASK_MODULE = moduleBytes;

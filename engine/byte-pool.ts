// Small byte arrays carved from shared slabs, as Node's Buffer pool does.
// A new ArrayBuffer per frame payload costs more than the bytes it holds
// (V8 gives any typed array past 64 bytes its own backing store); a view of
// a slab does not. A view keeps its slab alive, so slabs are small and only
// small arrays come from them.

/** Arrays up to this size come from a slab; larger ones get their own buffer. */
export const POOLED_MAX = 4 * 1024;
const SLAB_SIZE = 16 * 1024;

export class BytePool {
  /** Empty until the first take: an idle connection's parser holds no slab. */
  private slab = new ArrayBuffer(0);
  private used = 0;

  /** A zeroed array of `length` bytes (a view of a slab when it is small). */
  take(length: number): Uint8Array {
    if (length > POOLED_MAX) return new Uint8Array(length);
    // The first slab, or one whose buffer was transferred to a worker (detached, length 0): start another.
    if (this.used + length > SLAB_SIZE || this.slab.byteLength === 0) {
      this.slab = new ArrayBuffer(SLAB_SIZE);
      this.used = 0;
    }
    const bytes = new Uint8Array(this.slab, this.used, length);
    // Keep views 8-byte aligned, so masking can work a word at a time on them.
    this.used += (length + 7) & ~7;
    return bytes;
  }
}

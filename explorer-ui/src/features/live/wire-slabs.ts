// Where the live model keeps each frame's wire bytes: carved out of shared
// 1 MiB blocks, not one ArrayBuffer per frame. A hundred thousand small
// frames are then a hundred thousand views on a few blocks, which the
// garbage collector sweeps far faster than as many buffers of their own
// (and a block goes once every frame carved from it has been dropped).
//
// The bytes are rebuilt from what the parser read, exactly as they crossed
// the wire: a header's only freedom is how the length is written (RFC 6455
// 5.2: 7 bits, or 126 and 16 bits, or 127 and 64 bits), and the parser's
// headerLength says which; the payload is masked again with the frame's own
// key (5.3).

import type { ParsedFrame } from '../../../../engine/frame-parser';

const SLAB_BYTES = 1024 * 1024;
/** Frames larger than this get a buffer of their own rather than most of a block. */
const OWN_BUFFER_FROM = 64 * 1024;

export class WireSlabs {
  private slab = new Uint8Array(0);
  private used = 0;

  /** The frame's bytes as they were on the wire. */
  wireOf(frame: ParsedFrame): Uint8Array {
    const length = frame.headerLength + frame.payloadLength;
    const wire = this.carve(length);
    writeHeader(frame, wire);
    const payload = wire.subarray(frame.headerLength);
    payload.set(frame.payload.subarray(0, frame.payloadLength));
    const key = frame.maskingKey;
    if (key) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
    return wire;
  }

  private carve(length: number): Uint8Array {
    if (length >= OWN_BUFFER_FROM) return new Uint8Array(length);
    if (this.used + length > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }
}

function writeHeader(frame: ParsedFrame, out: Uint8Array): void {
  out[0] = (frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0) | (frame.opcode & 0x0f);
  const keyBytes = frame.masked ? 4 : 0;
  const extended = frame.headerLength - 2 - keyBytes;
  const mask = frame.masked ? 0x80 : 0;
  if (extended === 0) {
    out[1] = mask | frame.payloadLength;
  } else if (extended === 2) {
    out[1] = mask | 126;
    out[2] = (frame.payloadLength >>> 8) & 0xff;
    out[3] = frame.payloadLength & 0xff;
  } else {
    out[1] = mask | 127;
    let rest = frame.payloadLength;
    for (let i = 9; i >= 2; i--) {
      out[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  }
  if (frame.maskingKey) out.set(frame.maskingKey, 2 + extended);
}

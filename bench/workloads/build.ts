// build: one binary frame per op, masked (a client's) or unmasked (a
// server's). Ours is the engine's encodeFrame, which writes header and
// payload into one new buffer. Theirs is ws's Sender.frame, given the same
// masking key through its generateMask option.
//
// Masked, ws is asked not to touch the caller's payload (readOnly: true), so
// it too writes header and masked payload into one new buffer: like for
// like. Unmasked, ws returns [header, the caller's payload] without copying
// the payload (a gather write); 'ws-concat' joins those parts into one
// buffer, which is what encodeFrame hands back. When the engine exports
// encodeFrameParts (header, and the payload uncopied when unmasked), 'ours-parts'
// compares parts with parts.

import * as frameModule from '../../engine/frame';
import type { FrameSpec } from '../../engine/frame-model';
import { Opcode } from '../../engine/opcode';
import { Sender, type WsFrameOptions } from '../../tests/support/ws-internals';
import type { Workload } from '../measure';
import { type ContenderId, MASKING_KEY, patternBytes, unknownContender } from './cells';

let lastByte = 0;

type EncodeFrameParts = (spec: FrameSpec) => [header: Uint8Array, payload: Uint8Array];

/**
 * The engine's gather API for server frames (header, and the caller's
 * payload uncopied), when engine/frame.ts exports one: found at run time,
 * so the bench runs against an engine with or without it.
 */
export const encodeFrameParts = (frameModule as Record<string, unknown>).encodeFrameParts as EncodeFrameParts | undefined;
const { encodeFrame } = frameModule;

export function buildWorkload(size: number, masked: boolean, contender: ContenderId): Workload {
  const payload = patternBytes(size);
  const maskingKey = masked ? MASKING_KEY : undefined;
  switch (contender) {
    case 'ours':
      return {
        unitsPerOp: size,
        op() {
          const frame = encodeFrame({ opcode: Opcode.Binary, payload, maskingKey });
          lastByte ^= frame[frame.length - 1];
          return frame.length - headerBytes(size, masked);
        },
      };
    case 'ours-parts': {
      const parts = encodeFrameParts;
      if (!parts) throw new Error('engine/frame.ts exports no encodeFrameParts');
      const header = headerBytes(size, masked);
      return {
        unitsPerOp: size,
        op() {
          const [head, body] = parts({ opcode: Opcode.Binary, payload, maskingKey });
          lastByte ^= body[body.length - 1];
          return head.length + body.length - header;
        },
      };
    }
    case 'ws':
    case 'ws-concat': {
      const payloadBuffer = Buffer.from(payload);
      const options: WsFrameOptions = {
        fin: true,
        opcode: Opcode.Binary,
        mask: masked,
        readOnly: true,
        rsv1: false,
        generateMask: (mask: Buffer) => mask.set(MASKING_KEY),
      };
      const header = headerBytes(size, masked);
      if (contender === 'ws-concat') {
        return {
          unitsPerOp: size,
          op() {
            const frame = Buffer.concat(Sender.frame(payloadBuffer, options));
            lastByte ^= frame[frame.length - 1];
            return frame.length - header;
          },
        };
      }
      return {
        unitsPerOp: size,
        op() {
          const parts = Sender.frame(payloadBuffer, options);
          let length = 0;
          for (let i = 0; i < parts.length; i++) length += parts[i].length;
          const last = parts[parts.length - 1];
          lastByte ^= last[last.length - 1];
          return length - header;
        },
      };
    }
    default:
      return unknownContender('build', contender);
  }
}

/** 2 bytes, then 2 or 8 of extended length, then the 4-byte key when masked (RFC 6455 5.2). */
function headerBytes(size: number, masked: boolean): number {
  return 2 + (size <= 125 ? 0 : size <= 0xffff ? 2 : 8) + (masked ? 4 : 0);
}

// unmask: XOR a payload with the 4-byte key in place (RFC 6455 5.3), as a
// receiver does. Ours is the engine's maskInPlace; ws's is its unmask
// (bufferutil's native loop at 32 bytes and more when the add-on is loaded,
// its JavaScript loop otherwise); the floor is a plain copy of the same
// number of bytes, target.set(source), which reads and writes as much.

import { maskInPlace } from '../../engine/mask';
import type { Workload } from '../measure';
import { type ContenderId, MASKING_KEY, patternBytes, unknownContender } from './cells';
import { wsBufferUtil } from './ws-buffer-util';

let lastByte = 0;

export function unmaskWorkload(size: number, contender: ContenderId): Workload {
  switch (contender) {
    case 'ours': {
      const data = patternBytes(size);
      return {
        unitsPerOp: size,
        op() {
          maskInPlace(data, MASKING_KEY);
          lastByte ^= data[size - 1];
          return data.length;
        },
      };
    }
    case 'ws': {
      const data = Buffer.from(patternBytes(size));
      const key = Buffer.from(MASKING_KEY);
      const { unmask } = wsBufferUtil();
      return {
        unitsPerOp: size,
        op() {
          unmask(data, key);
          lastByte ^= data[size - 1];
          return data.length;
        },
      };
    }
    case 'memcpy': {
      const source = patternBytes(size);
      const target = new Uint8Array(size);
      return {
        unitsPerOp: size,
        op() {
          target.set(source);
          lastByte ^= target[size - 1];
          return target.length;
        },
      };
    }
    default:
      return unknownContender('unmask', contender);
  }
}

// The examples of RFC 6455 section 5.7, and a few frames that break rules,
// to paste with one click.

import type { Direction } from '../../../../engine/frame-model';

export interface DecoderSample {
  label: string;
  hex: string;
  from: Direction;
}

export const DECODER_SAMPLES: readonly DecoderSample[] = [
  { label: 'Masked "Hello" (5.7)', hex: '81 85 37 fa 21 3d 7f 9f 4d 51 58', from: 'client' },
  { label: 'Unmasked "Hello" (5.7)', hex: '81 05 48 65 6c 6c 6f', from: 'server' },
  { label: 'Fragmented "Hello" (5.7)', hex: '01 03 48 65 6c 80 02 6c 6f', from: 'server' },
  { label: 'Ping "Hello" (5.7)', hex: '89 05 48 65 6c 6c 6f', from: 'server' },
  { label: 'Masked pong (5.7)', hex: '8a 85 37 fa 21 3d 7f 9f 4d 51 58', from: 'client' },
  { label: '256-byte binary (5.7)', hex: `82 7e 01 00 ${Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ')}`, from: 'server' },
  { label: 'Close 1000 "bye"', hex: '88 05 03 e8 62 79 65', from: 'server' },
  { label: 'RSV1 without extension', hex: 'c1 05 48 65 6c 6c 6f', from: 'server' },
  { label: 'Close 1005 on the wire', hex: '88 02 03 ed', from: 'server' },
  { label: 'Bad UTF-8 text', hex: '81 04 48 69 c3 28', from: 'server' },
];

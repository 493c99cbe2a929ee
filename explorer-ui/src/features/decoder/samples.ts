// The examples of RFC 6455 section 5.7 and RFC 7692 section 7.2.3, and a few
// frames that break rules, to paste with one click. Each says who sent it
// and whether permessage-deflate was agreed, as the decoder needs to know.

import { MessageDeflater } from '../../../../engine/deflate-codec';
import { encodeFrame } from '../../../../engine/frame';
import type { Direction } from '../../../../engine/frame-model';
import { formatHex } from '../../../../engine/hex';
import { Opcode } from '../../../../engine/opcode';
import type { DecoderDeflate } from '../../store/decoder-slice';

export interface DecoderSample {
  label: string;
  hex: string;
  from: Direction;
  /** permessage-deflate agreed for these bytes; absent: not agreed. The deflate samples are listed beside the deflate switch. */
  deflate?: DecoderDeflate;
}

const DEFLATE: DecoderDeflate = { negotiated: true, noContextTakeover: false };

/** A longer text compressed as a server with permessage-deflate sends it, so compression is seen to save bytes. */
function compressedRepetitiveText(): string {
  const text = 'WebSocket frames, WebSocket frames, WebSocket frames: the same words again compress to almost nothing.';
  const payload = new MessageDeflater(false).compress(new TextEncoder().encode(text));
  return formatHex(encodeFrame({ opcode: Opcode.Text, rsv1: true, payload }));
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
  { label: 'Compressed "Hello" (RFC 7692 7.2.3.1)', hex: 'c1 07 f2 48 cd c9 c9 07 00', from: 'server', deflate: DEFLATE },
  { label: 'Two "Hello"s sharing a window (7.2.3.2)', hex: 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00', from: 'server', deflate: DEFLATE },
  { label: 'Stored block (7.2.3.3)', hex: 'c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00', from: 'server', deflate: DEFLATE },
  { label: 'Compressed, repetitive text', hex: compressedRepetitiveText(), from: 'server', deflate: DEFLATE },
];

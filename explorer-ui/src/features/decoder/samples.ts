// The examples of RFC 6455 section 5.7 and RFC 7692 section 7.2.3, and a few
// frames that break rules, to paste with one click. Each says who sent it
// and whether permessage-deflate was agreed, as the decoder needs to know.
// Their names are in the catalogs (i18n/), under decoder.samples.

import { MessageDeflater } from '../../../../engine/deflate-codec';
import { encodeFrame } from '../../../../engine/frame';
import type { Direction } from '../../../../engine/frame-model';
import { formatHex } from '../../../../engine/hex';
import { Opcode } from '../../../../engine/opcode';
import type { DecoderDeflate } from '../../store/decoder-slice';

export interface DecoderSample {
  /** Its name in the catalogs: decoder.samples.<id>. */
  id: string;
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
  { id: 'maskedHello', hex: '81 85 37 fa 21 3d 7f 9f 4d 51 58', from: 'client' },
  { id: 'unmaskedHello', hex: '81 05 48 65 6c 6c 6f', from: 'server' },
  { id: 'fragmentedHello', hex: '01 03 48 65 6c 80 02 6c 6f', from: 'server' },
  { id: 'pingHello', hex: '89 05 48 65 6c 6c 6f', from: 'server' },
  { id: 'maskedPong', hex: '8a 85 37 fa 21 3d 7f 9f 4d 51 58', from: 'client' },
  { id: 'binary256', hex: `82 7e 01 00 ${Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ')}`, from: 'server' },
  { id: 'close1000', hex: '88 05 03 e8 62 79 65', from: 'server' },
  { id: 'rsv1', hex: 'c1 05 48 65 6c 6c 6f', from: 'server' },
  { id: 'close1005', hex: '88 02 03 ed', from: 'server' },
  { id: 'badUtf8', hex: '81 04 48 69 c3 28', from: 'server' },
  { id: 'compressedHello', hex: 'c1 07 f2 48 cd c9 c9 07 00', from: 'server', deflate: DEFLATE },
  { id: 'sharedWindow', hex: 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00', from: 'server', deflate: DEFLATE },
  { id: 'storedBlock', hex: 'c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00', from: 'server', deflate: DEFLATE },
  { id: 'repetitive', hex: compressedRepetitiveText(), from: 'server', deflate: DEFLATE },
];

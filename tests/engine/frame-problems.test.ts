// One test per rule RFC 6455 names: the close code it earns, the byte and bit
// where it sits, the section. Where the `ws` package's Receiver judges the
// same bytes, it must agree on the close code.

import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeFrame } from '../../engine/frame';
import type { DecodeOptions, DecodeResult } from '../../engine/frame-model';
import { Opcode } from '../../engine/opcode';
import type { NoteKind, ProblemKind } from '../../engine/problem';
import { hex, wsReceiverVerdict } from '../support/frames';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

const key = RFC_MASKING_KEY;
const masked = (opcode: number, payload: Uint8Array, fin = true) => encodeFrame({ opcode, payload, maskingKey: key, fin }, { allowInvalid: true });
const text = (s: string) => new TextEncoder().encode(s);

interface Case {
  name: string;
  bytes: Uint8Array;
  options?: DecodeOptions;
  kind: ProblemKind | NoteKind;
  /** null for a note. */
  closeCode: number | null;
  byteOffset: number;
  bitOffset: number;
  rfc: string;
  /** ws's verdict when it differs from ours, with the reason; undefined = it must agree. */
  wsDiffers?: { code: number | null; why: string };
}

const cases: Case[] = [
  { name: 'RSV1 set without a negotiated extension', bytes: hex('c1 85 37 fa 21 3d 7f 9f 4d 51 58'), kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, bitOffset: 1, rfc: '5.2' },
  { name: 'RSV2 set', bytes: hex('a1 80 37 fa 21 3d'), kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, bitOffset: 2, rfc: '5.2' },
  { name: 'RSV3 set', bytes: hex('91 80 37 fa 21 3d'), kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, bitOffset: 3, rfc: '5.2' },
  ...[0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((op): Case => ({
    name: `reserved opcode 0x${op.toString(16)}`, bytes: masked(op, new Uint8Array(0)), kind: 'reserved-opcode', closeCode: 1002, byteOffset: 0, bitOffset: 4, rfc: '5.2',
  })),
  { name: 'a fragmented control frame (ping with FIN 0)', bytes: masked(Opcode.Ping, text('hi'), false), kind: 'fragmented-control-frame', closeCode: 1002, byteOffset: 0, bitOffset: 0, rfc: '5.5' },
  { name: 'a control payload over 125 bytes', bytes: masked(Opcode.Ping, new Uint8Array(126)), kind: 'control-frame-too-long', closeCode: 1002, byteOffset: 1, bitOffset: 9, rfc: '5.5' },
  {
    name: 'a 64-bit length with the most significant bit set', bytes: hex('82 ff 80 00 00 00 00 00 00 05 37 fa 21 3d'), kind: 'length-most-significant-bit', closeCode: 1002, byteOffset: 2, bitOffset: 16, rfc: '5.2',
    wsDiffers: { code: 1009, why: 'ws only checks the length against 2^53 and answers 1009; 5.2 makes the bit itself a protocol error' },
  },
  {
    name: 'a 16-bit length that fits in 7 bits', bytes: encodeFrame({ opcode: Opcode.Text, payload: text('Hello'), maskingKey: key }, { lengthEncoding: '16' }), kind: 'non-minimal-length', closeCode: null, byteOffset: 1, bitOffset: 9, rfc: '5.2',
    wsDiffers: { code: null, why: 'the minimal-length rule binds senders; ws, like most receivers, accepts it' },
  },
  {
    name: 'a 64-bit length that fits in 16 bits', bytes: encodeFrame({ opcode: Opcode.Binary, payload: new Uint8Array(300), maskingKey: key }, { lengthEncoding: '64' }), kind: 'non-minimal-length', closeCode: null, byteOffset: 1, bitOffset: 9, rfc: '5.2',
    wsDiffers: { code: null, why: 'the minimal-length rule binds senders; ws accepts it' },
  },
  { name: 'an unmasked frame from a client', bytes: hex('81 05 48 65 6c 6c 6f'), options: { from: 'client' }, kind: 'unmasked-client-frame', closeCode: 1002, byteOffset: 1, bitOffset: 8, rfc: '5.1' },
  { name: 'a masked frame from a server', bytes: hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'), options: { from: 'server' }, kind: 'masked-server-frame', closeCode: 1002, byteOffset: 1, bitOffset: 8, rfc: '5.1' },
  { name: 'a close payload of 1 byte, judged at its length', bytes: masked(Opcode.Close, hex('03')), kind: 'close-payload-one-byte', closeCode: 1002, byteOffset: 1, bitOffset: 9, rfc: '5.5.1' },
  ...[0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000].map((code): Case => ({
    name: `close code ${code}`, bytes: masked(Opcode.Close, Uint8Array.of(code >> 8, code & 0xff)), kind: 'close-code-not-sendable', closeCode: 1002, byteOffset: 6, bitOffset: 48, rfc: code >= 1000 && code <= 1015 ? '7.4.1' : '7.4.2',
  })),
  { name: 'invalid UTF-8 in a text frame', bytes: masked(Opcode.Text, hex('48 65 ff 6c')), kind: 'invalid-utf8', closeCode: 1007, byteOffset: 8, bitOffset: 64, rfc: '8.1' },
  { name: 'a text frame that ends inside a code point', bytes: masked(Opcode.Text, hex('48 e2 82')), kind: 'invalid-utf8', closeCode: 1007, byteOffset: 8, bitOffset: 64, rfc: '8.1' },
  { name: 'a UTF-16 surrogate encoded in UTF-8', bytes: masked(Opcode.Text, hex('ed a0 80')), kind: 'invalid-utf8', closeCode: 1007, byteOffset: 7, bitOffset: 56, rfc: '8.1' },
  { name: 'invalid UTF-8 in a close reason', bytes: masked(Opcode.Close, hex('03 e8 41 c0 af')), kind: 'invalid-close-reason', closeCode: 1007, byteOffset: 9, bitOffset: 72, rfc: '5.5.1' },
  {
    name: 'invalid UTF-8 split across fragments, caught in the first bad byte\'s frame',
    bytes: new Uint8Array([...masked(Opcode.Text, hex('ce'), false), ...masked(Opcode.Continuation, hex('41'))]), kind: 'invalid-utf8', closeCode: 1007, byteOffset: 13, bitOffset: 104, rfc: '8.1',
  },
  { name: 'a continuation frame with no message started', bytes: masked(Opcode.Continuation, text('lo')), kind: 'continuation-without-message', closeCode: 1002, byteOffset: 0, bitOffset: 4, rfc: '5.4' },
  {
    name: 'a new text frame inside a fragmented message', bytes: new Uint8Array([...masked(Opcode.Text, text('Hel'), false), ...masked(Opcode.Text, text('lo'))]),
    kind: 'data-frame-inside-message', closeCode: 1002, byteOffset: 9, bitOffset: 76, rfc: '5.4',
  },
];

/** Problems and notes of every frame, the one the input ends inside included; notes with a null close code. */
function everything(result: DecodeResult) {
  const frames = result.remainder ? [...result.frames, result.remainder.frame] : result.frames;
  return frames.flatMap((f) => [...f.problems, ...f.notes.map((n) => ({ ...n, closeCode: null }))]);
}

describe('every problem RFC 6455 names', () => {
  for (const c of cases) {
    it(`flags ${c.name}: ${c.closeCode ?? 'a note'} at byte ${c.byteOffset}`, async () => {
      const result = decodeFrames(c.bytes, c.options);
      const problems = everything(result);
      const problem = problems.find((p) => p.kind === c.kind);
      expect(problem, JSON.stringify(problems)).toBeDefined();
      expect(problem).toMatchObject({ closeCode: c.closeCode, byteOffset: c.byteOffset, bitOffset: c.bitOffset, rfc: c.rfc });
      expect(problem!.message.length).toBeGreaterThan(10);

      // ws as a server expects masked frames; as a client, unmasked ones.
      const isServer = c.options?.from !== 'server';
      const verdict = await wsReceiverVerdict(c.bytes, isServer);
      expect(verdict).toBe(c.wsDiffers ? c.wsDiffers.code : c.closeCode);
    });
  }

  it('reports every problem of a frame that breaks several rules at once', () => {
    const { frames, remainder } = decodeFrames(hex('7f fe 00 7e 37 fa 21 3d 01'), { from: 'server' });
    expect(frames).toEqual([]);
    expect(remainder!.frame.problems.map((p) => p.kind).sort()).toEqual([
      'control-frame-too-long', 'fragmented-control-frame', 'masked-server-frame',
      'reserved-opcode', 'rsv-without-extension', 'rsv-without-extension', 'rsv-without-extension',
    ].sort());
    expect(remainder!.frame.truncated).toBe(true);
  });

  it('accepts RSV1 when an extension defines it', () => {
    const result = decodeFrames(hex('c1 05 48 65 6c 6c 6f'), { negotiatedRsv: { rsv1: true } });
    expect(result.frames[0].problems).toEqual([]);
  });

  it('accepts a code point split across fragments', () => {
    const result = decodeFrames(new Uint8Array([...masked(Opcode.Text, hex('e2 82'), false), ...masked(Opcode.Continuation, hex('ac'))]));
    expect(result.frames.flatMap((f) => f.problems)).toEqual([]);
    expect(result.messages[0].text).toBe('€');
  });

  it('accepts control frames between fragments', () => {
    const bytes = new Uint8Array([...masked(Opcode.Text, text('Hel'), false), ...masked(Opcode.Ping, text('?')), ...masked(Opcode.Continuation, text('lo'))]);
    const result = decodeFrames(bytes);
    expect(result.frames.flatMap((f) => f.problems)).toEqual([]);
    expect(result.messages.map((m) => [m.text, m.frameIndexes])).toEqual([['Hello', [0, 2]]]);
  });

  it('accepts every sendable close code', () => {
    for (const code of [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]) {
      const frame = decodeFrames(masked(Opcode.Close, Uint8Array.of(code >> 8, code & 0xff))).frames[0];
      expect(frame.problems, String(code)).toEqual([]);
      expect(frame.close?.code).toBe(code);
    }
  });

  it('lists a 2 GiB length claim without allocating its payload', () => {
    const result = decodeFrames(hex('82 ff 00 00 00 00 80 00 00 00 37 fa 21 3d 01 02'));
    expect(result.frames).toEqual([]);
    expect(result.remainder).toMatchObject({ offset: 0, needed: 2 ** 31 - 2 });
  });
});

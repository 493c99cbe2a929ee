// RFC 6455 section 5.7's examples, both directions: the bytes decode to what
// the RFC says, and encoding what the RFC says gives back the same bytes.

import { Sender } from '../support/ws-internals';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeFrames, encodeFrame } from '../../engine/frame';
import type { FrameSpec } from '../../engine/frame-model';
import { Opcode } from '../../engine/opcode';
import { hex, toHex } from '../support/frames';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

const hello = new TextEncoder().encode('Hello');
const key = RFC_MASKING_KEY;

const rfcExamples: Array<{ name: string; bytes: string; spec: FrameSpec; text?: string }> = [
  { name: 'a single-frame unmasked text message', bytes: '81 05 48 65 6c 6c 6f', spec: { opcode: Opcode.Text, payload: hello }, text: 'Hello' },
  { name: 'a single-frame masked text message', bytes: '81 85 37 fa 21 3d 7f 9f 4d 51 58', spec: { opcode: Opcode.Text, payload: hello, maskingKey: key }, text: 'Hello' },
  { name: 'the first fragment of "Hel"+"lo"', bytes: '01 03 48 65 6c', spec: { fin: false, opcode: Opcode.Text, payload: hello.slice(0, 3) }, text: 'Hel' },
  { name: 'an unmasked ping', bytes: '89 05 48 65 6c 6c 6f', spec: { opcode: Opcode.Ping, payload: hello } },
  { name: 'a masked pong', bytes: '8a 85 37 fa 21 3d 7f 9f 4d 51 58', spec: { opcode: Opcode.Pong, payload: hello, maskingKey: key } },
];

describe('RFC 6455 5.7 examples', () => {
  for (const example of rfcExamples) {
    it(`decodes ${example.name}`, () => {
      const frame = decodeFrame(hex(example.bytes))!;
      expect(frame.fin).toBe(example.spec.fin ?? true);
      expect(frame.opcode).toBe(example.spec.opcode);
      expect(frame.masked).toBe(Boolean(example.spec.maskingKey));
      expect(frame.maskingKey ? toHex(frame.maskingKey) : null).toBe(example.spec.maskingKey ? '37fa213d' : null);
      expect(toHex(frame.payload)).toBe(toHex(example.spec.payload!));
      expect(frame.text).toBe(example.text ?? null);
      expect(frame.problems).toEqual([]);
    });

    it(`encodes ${example.name}`, () => {
      expect(toHex(encodeFrame(example.spec))).toBe(example.bytes.replace(/ /g, ''));
    });
  }

  it('reassembles the fragmented "Hel" + "lo" into one message', () => {
    const result = decodeFrames(hex('01 03 48 65 6c 80 02 6c 6f'));
    expect(result.frames.map((f) => [f.opcodeName, f.fin, f.text])).toEqual([['text', false, 'Hel'], ['continuation', true, 'lo']]);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ opcodeName: 'text', frameIndexes: [0, 1], text: 'Hello', complete: true });
    expect(result.remainder).toBeNull();
  });

  it('decodes the 256-byte binary message with a 16-bit length', () => {
    const payload = Uint8Array.from({ length: 256 }, (_, i) => i);
    const bytes = encodeFrame({ opcode: Opcode.Binary, payload });
    expect(toHex(bytes.subarray(0, 4))).toBe('827e0100');
    const frame = decodeFrame(bytes)!;
    expect(frame).toMatchObject({ opcode: 2, payloadLength: 256, headerLength: 4, length: 260 });
    expect(frame.fields.find((f) => f.name === 'extended payload length')).toMatchObject({ bitOffset: 16, bitLength: 16, value: 256 });
    expect(frame.payload).toEqual(payload);
  });

  it('decodes the 64 KiB binary message with a 64-bit length', () => {
    const payload = new Uint8Array(65536).fill(0x5a);
    const bytes = encodeFrame({ opcode: Opcode.Binary, payload });
    expect(toHex(bytes.subarray(0, 10))).toBe('827f0000000000010000');
    const frame = decodeFrame(bytes)!;
    expect(frame).toMatchObject({ opcode: 2, payloadLength: 65536, headerLength: 10 });
    expect(frame.fields.find((f) => f.name === 'extended payload length')).toMatchObject({ bitOffset: 16, bitLength: 64, value: 65536 });
    expect(frame.problems).toEqual([]);
  });
});

describe('header fields', () => {
  it('names every field of the masked "Hello" with its bits and position, as the 5.2 diagram does', () => {
    const frame = decodeFrame(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'))!;
    expect(frame.fields.map((f) => [f.name, f.bitOffset, f.bitLength, f.bits, f.value])).toEqual([
      ['FIN', 0, 1, '1', 1],
      ['RSV1', 1, 1, '0', 0],
      ['RSV2', 2, 1, '0', 0],
      ['RSV3', 3, 1, '0', 0],
      ['opcode', 4, 4, '0001', 1],
      ['MASK', 8, 1, '1', 1],
      ['payload length', 9, 7, '0000101', 5],
      ['masking key', 16, 32, '00110111111110100010000100111101', '37fa213d'],
      ['payload', 48, 40, '', 5],
    ]);
    for (const field of frame.fields) expect(field.meaning.length).toBeGreaterThan(5);
  });

  it('explains a close frame: code, reason and meaning', () => {
    const frame = decodeFrame(encodeFrame({ opcode: Opcode.Close, payload: hex('03e8 6279 65') }))!;
    expect(frame.close).toEqual({ code: 1000, reason: 'bye', meaning: expect.stringContaining('Normal Closure') });
    expect(frame.problems).toEqual([]);
  });

  it('gives an empty close frame no close details and no problem', () => {
    const frame = decodeFrame(hex('88 00'))!;
    expect(frame.close).toBeNull();
    expect(frame.problems).toEqual([]);
  });
});

describe('remainder', () => {
  it.each([
    ['81', 0, 1],
    ['81 7e 01', 0, 1],
    ['81 85 37 fa', 0, 7],
    ['81 05 48 65', 0, 3],
    ['89 00 81 05 48', 2, 4],
  ])('reports what %s still needs', (input, offset, needed) => {
    const result = decodeFrames(hex(input));
    expect(result.remainder).toMatchObject({ offset, needed });
    expect(result.remainder!.waitingFor).toMatch(/byte/);
  });

  it('decodes every complete frame before the remainder', () => {
    const result = decodeFrames(hex('89 00 8a 00 81 05 48'));
    expect(result.frames.map((f) => f.opcodeName)).toEqual(['ping', 'pong']);
  });
});

describe('encodeFrame on request builds what a conforming sender never would', () => {
  it('writes a non-minimal 16-bit and 64-bit length', () => {
    expect(toHex(encodeFrame({ opcode: Opcode.Text, payload: hello }, { lengthEncoding: '16' }))).toBe('817e000548656c6c6f');
    expect(toHex(encodeFrame({ opcode: Opcode.Text, payload: hello }, { lengthEncoding: '64' }))).toBe('817f000000000000000548656c6c6f');
  });

  it('sets the most significant bit of a 64-bit length', () => {
    expect(toHex(encodeFrame({ opcode: Opcode.Binary, payload: hello }, { setLengthMostSignificantBit: true }).subarray(0, 10))).toBe('827f8000000000000005');
  });

  it('refuses a long or fragmented control frame and a reserved opcode unless allowInvalid', () => {
    const long = new Uint8Array(126);
    expect(() => encodeFrame({ opcode: Opcode.Ping, payload: long })).toThrow(/125/);
    expect(() => encodeFrame({ opcode: Opcode.Ping, fin: false })).toThrow(/fragmented/);
    expect(() => encodeFrame({ opcode: 0x3 })).toThrow(/reserved/);
    expect(encodeFrame({ opcode: Opcode.Ping, payload: long }, { allowInvalid: true })[1]).toBe(126);
    expect(encodeFrame({ opcode: 0x3 }, { allowInvalid: true })[0]).toBe(0x83);
  });

  it('refuses what cannot be encoded at all', () => {
    expect(() => encodeFrame({ opcode: 16 })).toThrow(/4 bits/);
    expect(() => encodeFrame({ opcode: 1, maskingKey: new Uint8Array(3) })).toThrow(/4 bytes/);
    expect(() => encodeFrame({ opcode: 2, payload: new Uint8Array(70000) }, { lengthEncoding: '16' })).toThrow(/16-bit/);
  });

  it('does not change the caller\'s payload when masking', () => {
    const payload = hello.slice();
    encodeFrame({ opcode: Opcode.Text, payload, maskingKey: key });
    expect(payload).toEqual(hello);
  });

  it('agrees byte for byte with the ws package\'s Sender', () => {
    for (const length of [0, 5, 125, 126, 65535, 65536]) {
      const payload = Uint8Array.from({ length }, (_, i) => (i * 31) & 0xff);
      const ours = encodeFrame({ opcode: Opcode.Binary, payload, maskingKey: key });
      const theirs = Buffer.concat(Sender.frame(Buffer.from(payload), {
        fin: true, opcode: 2, mask: true, readOnly: false, rsv1: false,
        generateMask: (mask: Buffer) => mask.set(key),
      }));
      expect(toHex(ours)).toBe(theirs.toString('hex'));
    }
  });
});

describe('frames carved from shared slabs', () => {
  const text = (s: string) => new TextEncoder().encode(s);

  it('gives each frame its own bytes: writing one never changes another', () => {
    const payloads = Array.from({ length: 300 }, (_, i) => new Uint8Array(100 + (i % 7)).fill(i & 0xff));
    const frames = payloads.map((payload) => encodeFrame({ opcode: Opcode.Binary, payload, maskingKey: RFC_MASKING_KEY }));
    frames.forEach((frame, i) => expect(decodeFrames(frame, { from: 'client' }).frames[0].payload).toEqual(payloads[i]));
    // Each frame filled with its own number: had two shared bytes, the later fill would show in the earlier frame.
    frames.forEach((frame, i) => frame.fill(i & 0xff));
    expect(frames.every((frame, i) => frame.every((byte) => byte === (i & 0xff)))).toBe(true);
  });

  it('still builds frames after a frame\'s buffer was transferred away (as to a worker)', () => {
    const given = encodeFrame({ opcode: Opcode.Text, payload: text('transferred') });
    structuredClone(given, { transfer: [given.buffer as ArrayBuffer] });
    expect(given.length).toBe(0);
    expect(toHex(encodeFrame({ opcode: Opcode.Text, payload: text('Hello') }))).toBe('810548656c6c6f');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import type { FrameSpec } from '../../engine/frame-model';
import { FrameParser, type FrameParserOptions, type ParsedFrame } from '../../engine/frame-parser';
import { Opcode } from '../../engine/opcode';
import { hex } from '../support/frames';
import { concatBytes } from '../../engine/concat-bytes';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

const KEY = RFC_MASKING_KEY;
const text = (s: string) => new TextEncoder().encode(s);


/** Pushes `bytes` in chunks cut at `cuts` (sorted offsets) and collects every frame. */
function parseInChunks(bytes: Uint8Array, cuts: number[], options: FrameParserOptions = {}): { parser: FrameParser; frames: ParsedFrame[] } {
  const parser = new FrameParser(options);
  const frames: ParsedFrame[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    frames.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  return { parser, frames };
}

const byteByByte = (bytes: Uint8Array) => Array.from({ length: bytes.length }, (_, i) => i);

describe('FrameParser: frames out', () => {
  it('parses the RFC 5.7 single-frame unmasked "Hello"', () => {
    const parser = new FrameParser({ from: 'server' });
    const [frame] = parser.push(hex('810548656c6c6f'));
    expect(frame).toMatchObject({ fin: true, opcode: Opcode.Text, masked: false, payloadLength: 5, headerLength: 2, offset: 0 });
    expect(new TextDecoder().decode(frame.payload)).toBe('Hello');
    expect(parser.state.name).toBe('header');
  });

  it('unmasks the RFC 5.7 masked "Hello" without touching the caller\'s chunk', () => {
    const chunk = hex('818537fa213d7f9f4d5158');
    const copy = chunk.slice();
    const [frame] = new FrameParser({ from: 'client' }).push(chunk);
    expect(new TextDecoder().decode(frame.payload)).toBe('Hello');
    expect(Array.from(frame.maskingKey!)).toEqual(Array.from(KEY));
    expect(chunk).toEqual(copy);
  });

  it('parses a fragmented message with a ping between the fragments (RFC 5.7)', () => {
    const bytes = hex('010348656c 8900 80026c6f');
    const frames = new FrameParser({ from: 'server' }).push(bytes);
    expect(frames.map((f) => [f.opcode, f.fin, f.offset])).toEqual([[Opcode.Text, false, 0], [Opcode.Ping, true, 5], [Opcode.Continuation, true, 7]]);
  });

  it.each([
    ['7-bit', 125, 2],
    ['16-bit', 126, 4],
    ['16-bit max', 65535, 4],
    ['64-bit', 65536, 10],
  ])('reads a %s length (%i bytes)', (_name, length, headerLength) => {
    const payload = Uint8Array.from({ length }, (_, i) => i & 0xff);
    const bytes = encodeFrame({ opcode: Opcode.Binary, payload, maskingKey: KEY });
    const [frame] = new FrameParser({ from: 'client' }).push(bytes);
    expect(frame.headerLength).toBe(headerLength + 4);
    expect(frame.payload).toEqual(payload);
  });

  it('gives back the wire bytes when asked, for traces', () => {
    const bytes = concatBytes([encodeFrame({ opcode: Opcode.Text, payload: text('hi'), maskingKey: KEY }), encodeFrame({ opcode: Opcode.Ping, maskingKey: KEY })]);
    const { frames } = parseInChunks(bytes, byteByByte(bytes), { from: 'client', keepWireBytes: true });
    expect(concatBytes(frames.map((f) => f.wire!))).toEqual(bytes);
    expect(new FrameParser().push(bytes)[0].wire).toBeNull();
  });

  it('accepts an RSV bit a negotiated extension owns', () => {
    const parser = new FrameParser({ negotiatedRsv: { rsv1: true } });
    const [frame] = parser.push(encodeFrame({ opcode: Opcode.Text, rsv1: true, payload: text('x') }));
    expect(frame.rsv1).toBe(true);
    expect(parser.failure).toBeNull();
  });

  it('exposes the unmasked part of a payload still arriving', () => {
    const bytes = encodeFrame({ opcode: Opcode.Text, payload: text('Hello'), maskingKey: KEY });
    const parser = new FrameParser({ from: 'client' });
    expect(parser.push(bytes.subarray(0, 9))).toEqual([]);
    const partial = parser.partialFrame!;
    expect(new TextDecoder().decode(partial.payloadSoFar)).toBe('Hel');
    expect(partial.header.opcode).toBe(Opcode.Text);
    parser.push(bytes.subarray(9));
    expect(parser.partialFrame).toBeNull();
  });
});

describe('FrameParser: state, byte by byte', () => {
  it('names what it waits for at every byte of a masked 16-bit-length frame', () => {
    const bytes = encodeFrame({ opcode: Opcode.Binary, payload: new Uint8Array(200), maskingKey: KEY });
    const parser = new FrameParser({ from: 'client' });
    const seen: string[] = [`${parser.state.name}:${parser.state.needed}`];
    for (let i = 0; i < 10; i++) {
      parser.push(bytes.subarray(i, i + 1));
      seen.push(`${parser.state.name}:${parser.state.needed}`);
    }
    expect(seen).toEqual([
      'header:2', 'header:1', 'length16:2', 'length16:1', 'mask:4', 'mask:3', 'mask:2', 'mask:1', 'payload:200', 'payload:199', 'payload:198',
    ]);
    expect(parser.state).toMatchObject({ payloadReceived: 2, payloadLength: 200, streamOffset: 10 });
    expect(parser.state.description).toBe('reading payload: 2 of 200 bytes received, waiting for 198 more');
  });

  it('describes the 64-bit length and the header in words', () => {
    const parser = new FrameParser();
    expect(parser.state.description).toMatch(/first 2 bytes of a frame header/);
    parser.push(hex('82'));
    expect(parser.state.description).toMatch(/1 more byte of the frame header/);
    parser.push(hex('7f 00'));
    expect(parser.state).toMatchObject({ name: 'length64', needed: 7, description: 'waiting for 7 bytes of the 64-bit extended payload length' });
  });
});

interface FailureCase {
  name: string;
  bytes: string;
  options?: FrameParserOptions;
  kind: string;
  closeCode: number;
  /** Stream offset of the problem, and how many bytes had to arrive before it was seen. */
  byteOffset: number;
  seenAfter: number;
}

const failures: FailureCase[] = [
  { name: 'fails on RSV1 set', bytes: 'c100', kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on RSV2 set', bytes: 'a100', kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on RSV3 set', bytes: '9100', kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on RSV2 even when RSV1 is negotiated', bytes: 'e100', options: { negotiatedRsv: { rsv1: true } }, kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on reserved data opcode 0x3', bytes: '8300', kind: 'reserved-opcode', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on reserved control opcode 0xB', bytes: '8b00', kind: 'reserved-opcode', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on a fragmented ping', bytes: '0900', kind: 'fragmented-control-frame', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on a ping longer than 125 bytes', bytes: '897e0080', kind: 'control-frame-too-long', closeCode: 1002, byteOffset: 1, seenAfter: 2 },
  { name: 'fails on a continuation with no message started', bytes: '8000', kind: 'continuation-without-message', closeCode: 1002, byteOffset: 0, seenAfter: 1 },
  { name: 'fails on a text frame inside a fragmented message', bytes: '0100 8100', kind: 'data-frame-inside-message', closeCode: 1002, byteOffset: 2, seenAfter: 3 },
  { name: 'fails on an unmasked frame from a client', bytes: '8100', options: { from: 'client' }, kind: 'unmasked-client-frame', closeCode: 1002, byteOffset: 1, seenAfter: 2 },
  { name: 'fails on a masked frame from a server', bytes: '818037fa213d', options: { from: 'server' }, kind: 'masked-server-frame', closeCode: 1002, byteOffset: 1, seenAfter: 2 },
  { name: 'fails on a 64-bit length with its most significant bit set', bytes: '827f8000000000000001', kind: 'length-most-significant-bit', closeCode: 1002, byteOffset: 2, seenAfter: 3 },
  { name: 'fails on a length beyond 2^53 - 1 as soon as its top bits show it', bytes: '827f0020000000000000', kind: 'length-beyond-2-53', closeCode: 1009, byteOffset: 2, seenAfter: 4 },
  { name: 'fails on a frame over maxFrameSize before its payload', bytes: '827e0401', options: { maxFrameSize: 1024 }, kind: 'frame-too-big', closeCode: 1009, byteOffset: 2, seenAfter: 4 },
  { name: 'fails on a 7-bit length over maxFrameSize', bytes: '8211', options: { maxFrameSize: 16 }, kind: 'frame-too-big', closeCode: 1009, byteOffset: 1, seenAfter: 2 },
  {
    name: 'fails on a fragmented message over maxMessageSize at the fragment that overflows it',
    bytes: '0208 0000000000000000 0009', options: { maxMessageSize: 16 }, kind: 'message-too-big', closeCode: 1009, byteOffset: 11, seenAfter: 12,
  },
];

describe('FrameParser: rules, judged as soon as the byte breaking them arrives', () => {
  it.each(failures)('$name', ({ bytes, options, kind, closeCode, byteOffset, seenAfter }) => {
    const input = hex(bytes);
    const parser = new FrameParser(options);
    let arrived = 0;
    while (!parser.failure && arrived < input.length) parser.push(input.subarray(arrived, ++arrived));
    expect(parser.failure?.problem).toMatchObject({ kind, closeCode, byteOffset });
    expect(arrived).toBe(seenAfter);
    expect(parser.state.name).toBe('failed');
    // Same verdict when it all arrives at once.
    const whole = new FrameParser(options);
    whole.push(input);
    expect(whole.failure?.problem).toEqual(parser.failure?.problem);
  });

  it('returns the frames completed before the failure and discards everything after', () => {
    const parser = new FrameParser();
    const frames = parser.push(hex('8100 c100 8100'));
    expect(frames).toHaveLength(1);
    expect(parser.failure?.problem.byteOffset).toBe(2);
    expect(parser.failure?.bytes).toEqual(hex('c1'));
    expect(parser.push(hex('810548656c6c6f'))).toEqual([]);
    expect(parser.state.description).toMatch(/^failed: RSV1 is set.*discarded$/);
  });

  it('never buffers the payload of a frame over the limit (claims 2^40 bytes)', () => {
    const parser = new FrameParser({ maxFrameSize: 1 << 20 });
    parser.push(hex('827f0000010000000000'));
    expect(parser.failure).toMatchObject({ payloadLength: 2 ** 40, problem: { kind: 'frame-too-big' } });
  });

  it('lets control frames through the middle of a fragmented message', () => {
    const parser = new FrameParser();
    parser.push(hex('0101 61 8a00 8900 800162'));
    expect(parser.failure).toBeNull();
    expect(parser.insideMessage).toBe(false);
  });
});

/** A random valid frame stream: data messages in fragments, control frames between them. */
const frameStream = (masked: boolean) => fc.array(
  fc.oneof(
    fc.record({
      opcode: fc.constantFrom(Opcode.Text, Opcode.Binary),
      fragments: fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }),
      controls: fc.array(fc.constantFrom(Opcode.Ping, Opcode.Pong), { maxLength: 2 }),
    }),
  ),
  { maxLength: 5 },
).chain((messages) => fc.constant(messages.flatMap(({ opcode, fragments, controls }) => {
  const frames: FrameSpec[] = [];
  fragments.forEach((payload, i) => {
    frames.push({ opcode: i === 0 ? opcode : Opcode.Continuation, fin: i === fragments.length - 1, payload, maskingKey: masked ? KEY : null });
    if (i === 0) for (const c of controls) frames.push({ opcode: c, fin: true, payload: payload.subarray(0, 125), maskingKey: masked ? KEY : null });
  });
  return frames;
})));

describe('FrameParser: chunk invariance', () => {
  it('yields the same frames however the stream is split (one byte at a time included)', () => {
    fc.assert(fc.property(
      fc.boolean().chain((masked) => fc.tuple(fc.constant(masked), frameStream(masked))),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.boolean(),
      ([masked, specs], cutSeeds, oneByOne) => {
        const bytes = concatBytes(specs.map((s) => encodeFrame(s)));
        const options: FrameParserOptions = { from: masked ? 'client' : 'server' };
        const cuts = oneByOne ? byteByByte(bytes) : [...new Set(cutSeeds.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
        const { parser, frames } = parseInChunks(bytes, cuts, options);
        expect(parser.failure).toBeNull();
        expect(frames.map((f) => ({ opcode: f.opcode, fin: f.fin, payload: f.payload }))).toEqual(
          specs.map((s) => ({ opcode: s.opcode, fin: s.fin, payload: s.payload })),
        );
      },
    ), { numRuns: 150 });
  });
});

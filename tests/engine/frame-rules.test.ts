// The rulebook's two readers agree: whatever the streaming parser (and the
// connection above it) fails on, the annotated decoder reports too, with the
// same kind, close code, RFC section and position. And a capture cut short
// shows every problem its bytes already prove.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../engine/connection';
import { decodeFrames, encodeFrame } from '../../engine/frame';
import type { DecodeOptions, Direction } from '../../engine/frame-model';
import { FrameParser } from '../../engine/frame-parser';
import { HEADER_RULES } from '../../engine/frame-rules';
import type { Problem } from '../../engine/problem';
import { hex } from '../support/frames';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

/** Frames of every kind, rule-breaking included, their text often not UTF-8, their lengths sometimes non-minimal. */
const anyFrame = fc.record({
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  rsv2: fc.constantFrom(false, false, false, true),
  rsv3: fc.constantFrom(false, false, false, true),
  opcode: fc.constantFrom(0x0, 0x0, 0x1, 0x1, 0x2, 0x3, 0x8, 0x8, 0x9, 0xa, 0xb),
  payload: fc.oneof(
    fc.uint8Array({ maxLength: 12 }),
    fc.constantFrom('Hello', '€uro', 'a\u{1F600}b').map((s) => new TextEncoder().encode(s)),
    fc.constantFrom(Uint8Array.of(0x03, 0xe8), Uint8Array.of(0x03, 0xed), Uint8Array.of(0x03, 0xe8, 0xc0, 0xaf), Uint8Array.of(0x0b)),
    fc.integer({ min: 120, max: 300 }).map((n) => new Uint8Array(n).fill(0x61)),
  ),
  masked: fc.boolean(),
  lengthEncoding: fc.constantFrom('shortest', 'shortest', 'shortest', '16', '64') as fc.Arbitrary<'shortest' | '16' | '64'>,
  setLengthMostSignificantBit: fc.constantFrom(false, false, false, false, false, true),
});

const key = RFC_MASKING_KEY;

type AnyFrame = typeof anyFrame extends fc.Arbitrary<infer T> ? T : never;

function encodeAny(spec: AnyFrame): Uint8Array {
  const lengthEncoding = spec.lengthEncoding === '16' && spec.payload.length > 0xffff ? '64' : spec.lengthEncoding;
  return encodeFrame(
    { fin: spec.fin, rsv1: spec.rsv1, rsv2: spec.rsv2, rsv3: spec.rsv3, opcode: spec.opcode, payload: spec.payload, maskingKey: spec.masked ? key : null },
    { allowInvalid: true, lengthEncoding, setLengthMostSignificantBit: spec.setLengthMostSignificantBit },
  );
}

/** A stream of frames, cut anywhere (or not at all), or plain random bytes. */
const anyStream = fc.oneof(
  fc.tuple(fc.array(anyFrame, { minLength: 1, maxLength: 5 }), fc.option(fc.nat())).map(([specs, cut]) => {
    const bytes = Uint8Array.from(specs.flatMap((s) => [...encodeAny(s)]));
    return cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
  }),
  fc.uint8Array({ minLength: 1, maxLength: 40 }),
);

const anyOptions = fc.record({
  from: fc.constantFrom<Direction | undefined>(undefined, 'client', 'server'),
  negotiatedRsv: fc.constantFrom(undefined, { rsv1: true }),
  maxFrameSize: fc.constantFrom(undefined, 8, 200),
  maxMessageSize: fc.constantFrom(undefined, 10, 250),
});

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function decoderProblems(bytes: Uint8Array, options: DecodeOptions): Problem[] {
  const { frames, remainder } = decodeFrames(bytes, options);
  return [...frames, ...(remainder ? [remainder.frame] : [])].flatMap((f) => f.problems);
}

const sameRule = (p: Problem) => ({ kind: p.kind, closeCode: p.closeCode, rfc: p.rfc, byteOffset: p.byteOffset, bitOffset: p.bitOffset });

describe('one rulebook, two readers', () => {
  it('the parser\'s problem is always among the decoder\'s, with the same close code, section and position', () => {
    fc.assert(fc.property(anyStream, anyOptions, fc.boolean(), (bytes, rawOptions, byteByByte) => {
      const options = withoutUndefined(rawOptions);
      const parser = new FrameParser(options);
      if (byteByByte) for (const byte of bytes) parser.push(Uint8Array.of(byte));
      else parser.push(bytes);
      const failure = parser.failure;
      if (!failure) return;
      expect(decoderProblems(bytes, options).map(sameRule)).toContainEqual(sameRule(failure.problem));
    }), { numRuns: 3000 });
  });

  it('so is the problem a connection fails with, payload rules (UTF-8, close codes) included', () => {
    fc.assert(fc.property(anyStream, anyOptions, (bytes, rawOptions) => {
      const { from: _ignored, ...limits } = withoutUndefined(rawOptions);
      const connection = new Connection({ role: 'server', ...limits });
      connection.open();
      connection.receive(bytes);
      const failed = connection.takeEvents().find((e) => e.type === 'protocol-error');
      if (!failed || failed.type !== 'protocol-error') return;
      expect(decoderProblems(bytes, { from: 'client', ...limits }).map(sameRule)).toContainEqual(sameRule(failed.problem));
    }), { numRuns: 2000 });
  });

  it('gives every rule a kind, a close code or none, a section, and a message', () => {
    const rules = Object.values(HEADER_RULES).flat();
    for (const rule of rules) {
      expect(rule.rfc).toMatch(/^(RFC 7692 )?\d+(\.\d+)*$/);
      expect(rule.closeCode === null || [1002, 1009].includes(rule.closeCode), rule.kind).toBe(true);
    }
    expect(rules.filter((r) => r.closeCode === null).map((r) => r.kind)).toEqual(['non-minimal-length']);
  });
});

describe('a frame cut short shows what its bytes already prove', () => {
  const cases: Array<[string, string, Direction | undefined, string[], number]> = [
    // [input, why, from, expected kinds, needed at least]
    ['ff ff', 'reserved opcode, RSV bits, a control frame announcing a 64-bit length, masked by a server', 'server',
      ['rsv-without-extension', 'rsv-without-extension', 'rsv-without-extension', 'reserved-opcode', 'masked-server-frame', 'control-frame-too-long'], 12],
    ['89 7e', 'a ping announcing a 16-bit length', undefined, ['control-frame-too-long'], 2],
    ['88 01', 'a close frame announcing a 1-byte body', undefined, ['close-payload-one-byte'], 1],
    ['c1 05', 'RSV1 without an extension', undefined, ['rsv-without-extension'], 5],
    ['82 7f 80 00', 'a 64-bit length with its top bit set', undefined, ['length-most-significant-bit'], 6],
    ['82 7f 00 20', 'a 64-bit length of 2^53 or more', undefined, ['length-beyond-2-53'], 6],
    ['82 7f 00 00 00', 'a 64-bit length still arriving, nothing wrong yet', undefined, [], 5],
  ];

  it.each(cases)('%s: %s', (input, _why, from, kinds, needed) => {
    const { frames, remainder } = decodeFrames(hex(input), { from });
    expect(frames).toEqual([]);
    expect(remainder).not.toBeNull();
    expect(remainder!.frame.problems.map((p) => p.kind)).toEqual(kinds);
    expect(remainder!.needed).toBe(needed);
    expect(remainder!.frame.truncated).toBe(true);
    // Every kind the decoder saw, the parser fails on at the same bytes.
    const parser = new FrameParser({ from });
    parser.push(hex(input));
    expect(parser.failure?.problem.kind ?? null).toBe(kinds[0] ?? null);
  });

  it('shows the header fields that arrived and no field that did not', () => {
    const { remainder } = decodeFrames(hex('81 fe 01'));
    expect(remainder!.frame.fields.map((f) => f.name)).toEqual(['FIN', 'RSV1', 'RSV2', 'RSV3', 'opcode', 'MASK', 'payload length']);
    expect(remainder!.frame).toMatchObject({ masked: true, payloadLength: null, headerLength: 8, length: 3 });
    expect(remainder!.waitingFor).toBe('1 more byte of the 16-bit extended payload length');
  });

  it('checks the text that arrived of a frame cut short', () => {
    const { remainder } = decodeFrames(hex('81 05 48 ff'));
    expect(remainder!.frame.problems).toMatchObject([{ kind: 'invalid-utf8', closeCode: 1007, byteOffset: 3 }]);
    expect(remainder!.frame.payload).toEqual(hex('48 ff'));
  });

  it('checks the code of a close frame cut inside its reason', () => {
    const { remainder } = decodeFrames(hex('88 05 03 ed 41'));
    expect(remainder!.frame.problems).toMatchObject([{ kind: 'close-code-not-sendable', closeCode: 1002, byteOffset: 2 }]);
  });
});

describe('limits in the decoder', () => {
  it('reports 1009 for a message over maxMessageSize at the fragment that overflows it, as a receiver would', () => {
    const bytes = new Uint8Array([...encodeFrame({ opcode: 1, fin: false, payload: new Uint8Array(6).fill(0x61) }), ...encodeFrame({ opcode: 0, payload: new Uint8Array(6).fill(0x61) })]);
    const { frames } = decodeFrames(bytes, { maxMessageSize: 10 });
    expect(frames[0].problems).toEqual([]);
    expect(frames[1].problems).toMatchObject([{ kind: 'message-too-big', closeCode: 1009, byteOffset: 9, rfc: '10.4' }]);
    expect(decodeFrames(bytes).frames.flatMap((f) => f.problems)).toEqual([]);
  });
});

// explorer-ui/src/features/builder/build-frame.ts: the builder's settings
// become bytes through the engine's encodeFrame; here every frame it builds
// is read back with the engine's decodeFrames, field by field, and every
// setting it cannot build says which field is at fault.

import { describe, expect, it } from 'vitest';
import { buildClosePayload } from '../../engine/close';
import { decodeFrames } from '../../engine/frame';
import { bytesToHex, formatHex } from '../../engine/hex';
import { buildFrame, type BuildOutcome } from '../../explorer-ui/src/features/builder/build-frame';
import { DEFAULT_BUILDER, type BuilderSettings } from '../../explorer-ui/src/store/builder-slice';
import { RFC_MASKED_HELLO, RFC_MASKING_KEY, RFC_UNMASKED_HELLO } from '../support/rfc-samples';

function settings(patch: Partial<BuilderSettings>): BuilderSettings {
  return { ...DEFAULT_BUILDER, ...patch };
}

function built(patch: Partial<BuilderSettings>): Extract<BuildOutcome, { ok: true }> {
  const outcome = buildFrame(settings(patch));
  if (!outcome.ok) throw new Error(`expected a frame, got: ${outcome.problem}`);
  return outcome;
}

function refused(patch: Partial<BuilderSettings>): Extract<BuildOutcome, { ok: false }> {
  const outcome = buildFrame(settings(patch));
  if (outcome.ok) throw new Error(`expected a refusal, got ${formatHex(outcome.bytes)}`);
  return outcome;
}

const hello = new TextEncoder().encode('Hello');

describe("the RFC's own frames", () => {
  it('the default settings build the masked Hello of RFC 6455 5.7, read as a client\'s', () => {
    const frame = built({});
    expect(frame.bytes).toEqual(RFC_MASKED_HELLO);
    expect(frame.payload).toEqual(hello);
    expect(frame.from).toBe('client');
  });

  it('unmasked, the unmasked Hello, read as a server\'s', () => {
    const frame = built({ masked: false });
    expect(frame.bytes).toEqual(RFC_UNMASKED_HELLO);
    expect(frame.from).toBe('server');
  });

  it('an unmasked frame ignores a key it does not use, even a broken one', () => {
    expect(built({ masked: false, maskingKeyHex: 'not hex' }).bytes).toEqual(RFC_UNMASKED_HELLO);
  });
});

describe('what the decoder reads back', () => {
  const everyByte = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ');

  const text = (t: string) => new TextEncoder().encode(t);

  it.each<[string, Partial<BuilderSettings>, Uint8Array, string[]]>([
    ['a text frame', { payloadText: 'héllo, wörld' }, text('héllo, wörld'), []],
    ['an empty text frame', { payloadText: '' }, new Uint8Array(0), []],
    ['a first fragment with RSV1 and RSV3, which no extension gave a meaning', { fin: false, rsv1: true, rsv3: true, payloadText: 'Hel' }, text('Hel'), ['rsv-without-extension', 'rsv-without-extension']],
    ['a continuation frame with nothing to continue', { opcode: 0x0, payloadText: 'lo' }, text('lo'), ['continuation-without-message']],
    ['a binary frame of every byte, in a 16-bit length', { opcode: 0x2, payloadMode: 'hex', payloadHex: everyByte, maskingKeyHex: '01 02 03 04' }, Uint8Array.from({ length: 256 }, (_, i) => i), []],
    ['a ping', { opcode: 0x9, payloadText: 'are you there?' }, text('are you there?'), []],
    ['a pong, unmasked', { opcode: 0xa, masked: false, payloadMode: 'hex', payloadHex: 'de ad be ef' }, Uint8Array.of(0xde, 0xad, 0xbe, 0xef), []],
    ['a close frame with a reason', { opcode: 0x8, payloadMode: 'close', closeCode: 1001, closeReason: 'going away' }, buildClosePayload(1001, 'going away'), []],
  ])('%s', (_, patch, payload, problems) => {
    const wanted = settings(patch);
    const frame = built(patch);
    expect(frame.payload).toEqual(payload);

    const decoded = decodeFrames(frame.bytes, { from: frame.from });
    expect(decoded.remainder).toBeNull();
    expect(decoded.frames).toHaveLength(1);
    const read = decoded.frames[0];
    expect({ fin: read.fin, rsv1: read.rsv1, rsv2: read.rsv2, rsv3: read.rsv3, opcode: read.opcode, masked: read.masked }).toEqual({
      fin: wanted.fin, rsv1: wanted.rsv1, rsv2: wanted.rsv2, rsv3: wanted.rsv3, opcode: wanted.opcode, masked: wanted.masked,
    });
    expect(read.maskingKey && bytesToHex(read.maskingKey)).toBe(wanted.masked ? wanted.maskingKeyHex.replace(/ /g, '') : null);
    expect(read.payload).toEqual(payload);
    expect(read.payloadLength).toBe(payload.length);
    expect(read.length).toBe(frame.bytes.length);
    expect(read.problems.map((p) => p.kind)).toEqual(problems);
  });

  it('a close frame carries its code and reason to the decoder', () => {
    const frame = built({ opcode: 0x8, payloadMode: 'close', closeCode: 4000, closeReason: 'bye' });
    expect(formatHex(frame.bytes)).toBe('88 85 37 fa 21 3d 38 5a 43 44 52');
    expect(decodeFrames(frame.bytes, { from: frame.from }).frames[0].close).toMatchObject({ code: 4000, reason: 'bye' });
  });
});

describe('rules broken on purpose', () => {
  it('a 16-bit length for 5 bytes: the decoder notes the non-minimal length', () => {
    const frame = built({ lengthEncoding: '16' });
    expect(formatHex(frame.bytes)).toBe('81 fe 00 05 37 fa 21 3d 7f 9f 4d 51 58');
    const read = decodeFrames(frame.bytes, { from: frame.from }).frames[0];
    expect(read.problems).toEqual([]);
    expect(read.notes.map((n) => n.kind)).toEqual(['non-minimal-length']);
    expect(read.payload).toEqual(hello);
  });

  it('a 64-bit length with its top bit set: the decoder fails it at byte 2', () => {
    const frame = built({ masked: false, lengthEncoding: '64', setLengthMostSignificantBit: true });
    expect(formatHex(frame.bytes)).toBe('81 7f 80 00 00 00 00 00 00 05 48 65 6c 6c 6f');
    const decoded = decodeFrames(frame.bytes, { from: frame.from });
    // It claims 2^63 + 5 bytes, so the decoder waits for the rest.
    expect(decoded.frames).toEqual([]);
    expect(decoded.remainder?.frame.problems.map((p) => [p.kind, p.byteOffset, p.closeCode])).toEqual([['length-most-significant-bit', 2, 1002]]);
  });

  it('a 126-byte ping, allowed: the decoder fails it with 1002', () => {
    const frame = built({ opcode: 0x9, payloadText: 'x'.repeat(126), allowInvalid: true });
    expect(formatHex(frame.bytes.subarray(0, 8))).toBe('89 fe 00 7e 37 fa 21 3d');
    expect(decodeFrames(frame.bytes, { from: frame.from }).frames[0].problems.map((p) => [p.kind, p.closeCode])).toEqual([['control-frame-too-long', 1002]]);
  });

  it('close code 1005, which no frame may carry: built (codes are not checked), and the decoder fails it', () => {
    const frame = built({ opcode: 0x8, payloadMode: 'close', closeCode: 1005 });
    expect(formatHex(frame.payload)).toBe('03 ed');
    expect(decodeFrames(frame.bytes, { from: frame.from }).frames[0].problems.map((p) => [p.kind, p.closeCode])).toEqual([['close-code-not-sendable', 1002]]);
  });
});

describe('refusals name the field at fault', () => {
  it('a masking key that is not hex', () => {
    expect(refused({ maskingKeyHex: '37 fa 2z 3d' })).toEqual({
      ok: false,
      where: 'key',
      problem: "masking key: 'z' is not a hex digit at line 1, column 8",
    });
  });

  it.each([['37fa21', 3], ['37fa213d00', 5], ['', 0]])('a masking key of the wrong length: %j', (key, length) => {
    expect(refused({ maskingKeyHex: key })).toEqual({ ok: false, where: 'key', problem: `a masking key is 4 bytes (RFC 6455 5.3); this one is ${length}` });
  });

  it('a hex payload that is not hex', () => {
    expect(refused({ payloadMode: 'hex', payloadHex: '48 65 6' })).toEqual({
      ok: false,
      where: 'payload',
      problem: 'payload: "6" has an odd number of hex digits (1) at line 1, column 7',
    });
  });

  it('only the payload of the chosen mode is judged', () => {
    expect(built({ payloadMode: 'text', payloadHex: 'zz' }).payload).toEqual(hello);
  });

  it('a close reason too long for a control frame', () => {
    expect(refused({ opcode: 0x8, payloadMode: 'close', closeCode: 1000, closeReason: 'é'.repeat(62) })).toEqual({
      ok: false,
      where: 'payload',
      problem: 'close reason is 124 bytes; at most 123 fit in a control frame (RFC 6455 5.5)',
    });
  });

  it.each<[string, Partial<BuilderSettings>, string]>([
    ['a 126-byte ping', { opcode: 0x9, payloadText: 'x'.repeat(126) }, 'control frame payload is 126 bytes; at most 125 (RFC 6455 5.5); tick "Allow frames no endpoint may send" to build it anyway'],
    ['a fragmented ping (FIN 0)', { opcode: 0x9, fin: false }, 'control frames must not be fragmented (RFC 6455 5.5); tick "Allow frames no endpoint may send" to build one anyway'],
    ['a reserved opcode', { opcode: 0x3 }, 'opcode 0x3 is reserved (RFC 6455 5.2); tick "Allow frames no endpoint may send" to build it anyway'],
  ])('%s, until rule-breaking is allowed, in the words of the builder\'s own checkbox', (_, patch, problem) => {
    expect(refused(patch)).toEqual({ ok: false, where: 'frame', problem });
    expect(built({ ...patch, allowInvalid: true }).bytes[0] & 0x0f).toBe(patch.opcode);
  });
});

describe('the masking key as typed', () => {
  it('reads any hex spelling of the 4 bytes', () => {
    for (const key of ['37fa213d', '37 FA 21 3D', '0x37 0xfa 0x21 0x3d']) {
      expect(built({ maskingKeyHex: key }).bytes.subarray(2, 6)).toEqual(RFC_MASKING_KEY);
    }
  });
});

describe('compress (permessage-deflate)', () => {
  it('sets RSV1 and carries the DEFLATE form of the payload, which the decoder inflates back (RFC 7692 7.2.1, 7.2.2)', () => {
    const frame = built({ compress: true, masked: false });
    expect(frame.bytes[0]).toBe(0xc1);
    expect(frame.uncompressed).toEqual(hello);
    // RFC 7692 7.2.3.1: "Hello" compressed with an empty window.
    expect(bytesToHex(frame.payload)).toBe('f248cdc9c90700');
    const decoded = decodeFrames(frame.bytes, { from: 'server', deflate: {} });
    expect(decoded.frames[0].problems).toEqual([]);
    expect(decoded.messages[0].text).toBe('Hello');
  });

  it('masked, as a client sends it: the compressed bytes are what is masked', () => {
    const frame = built({ compress: true });
    const decoded = decodeFrames(frame.bytes, { from: 'client', deflate: { noContextTakeover: true } });
    expect(decoded.frames[0].masked).toBe(true);
    expect(decoded.frames[0].payload).toEqual(frame.payload);
    expect(decoded.messages[0].text).toBe('Hello');
  });

  it('without it, nothing changes: no uncompressed copy, RSV1 as set', () => {
    expect(built({}).uncompressed).toBe(null);
    expect(built({ rsv1: true }).bytes[0]).toBe(0xc1);
  });
});

// The decoder's settings (explorer-ui/src/features/decoder): an unknown
// sender judges no masking and each frame says which side its MASK bit
// points to; permessage-deflate makes RSV1 the compressed bit and inflates
// the messages pasted together, sharing one window unless no context
// takeover was agreed (RFC 7692 7.1.1, 7.2.3.2).

import { i18n } from '../../explorer-ui/src/i18n';
import { describe, expect, it } from 'vitest';
import { BLOCK_TYPES, compressedFrameIndexes, describeSaving } from '../../explorer-ui/src/features/decoder/compressed-messages';
import { decodeInput, decodeOptionsFor, type DecoderOutcome } from '../../explorer-ui/src/features/decoder/decode-input';
import { maskImplication, mixedSenders } from '../../explorer-ui/src/features/decoder/mask-implication';
import { DECODER_SAMPLES } from '../../explorer-ui/src/features/decoder/samples';
import { NO_DEFLATE } from '../../explorer-ui/src/store/decoder-slice';

const DEFLATE = { negotiated: true, noContextTakeover: false };

function decoded(outcome: DecoderOutcome) {
  if (outcome.kind !== 'decoded') throw new Error(`expected frames, got ${outcome.kind}`);
  return outcome.result;
}

describe('the sender', () => {
  it('unknown: no from is given to the engine, so neither masked nor unmasked frames fail', () => {
    expect(decodeOptionsFor({ from: 'unknown', deflate: NO_DEFLATE })).toEqual({});
    for (const hex of ['81 05 48 65 6c 6c 6f', '81 85 37 fa 21 3d 7f 9f 4d 51 58']) {
      const [frame] = decoded(decodeInput(hex, { from: 'unknown', deflate: NO_DEFLATE })).frames;
      expect(frame.problems).toEqual([]);
      expect(frame.text).toBe('Hello');
    }
  });

  it('chosen: judged as before', () => {
    const [frame] = decoded(decodeInput('81 05 48 65 6c 6c 6f', { from: 'client', deflate: NO_DEFLATE })).frames;
    expect(frame.problems.map((p) => p.closeCode)).toEqual([1002]);
    expect(decoded(decodeInput('81 05 48 65 6c 6c 6f', { from: 'server', deflate: NO_DEFLATE })).frames[0].problems).toEqual([]);
  });

  it('each MASK bit names the side that sends frames like it, and frames pointing both ways are noticed', () => {
    expect(maskImplication(true).sender).toBe('client');
    expect(maskImplication(false).sender).toBe('server');
    expect(maskImplication(null).sender).toBe(null);
    expect(i18n.getFixedT('en')(maskImplication(true).key)).toContain('RFC 6455 5.3');
    expect(mixedSenders([true, true, null])).toBe(false);
    expect(mixedSenders([true, false])).toBe(true);
  });
});

describe('permessage-deflate', () => {
  it("RFC 7692 7.2.3.1's compressed Hello: RSV1 reads as compressed, and it inflates to Hello from a fixed Huffman block", () => {
    expect(decodeOptionsFor({ from: 'server', deflate: DEFLATE })).toEqual({ from: 'server', deflate: { noContextTakeover: false } });
    const result = decoded(decodeInput('c1 07 f2 48 cd c9 c9 07 00', { from: 'unknown', deflate: DEFLATE }));
    expect(result.frames[0].problems).toEqual([]);
    const [message] = result.messages;
    expect(message.text).toBe('Hello');
    expect(message.compression?.firstBlock).toBe('fixed Huffman');
    expect(message.compression?.savedBytes).toBe(-2);
    expect(describeSaving(message.compression!)).toMatch(/^saved none: compressed, it is 2 bytes longer/);
    expect(compressedFrameIndexes(result, true)).toEqual(new Set([0]));
    expect(compressedFrameIndexes(result, false)).toEqual(new Set());
  });

  it('without the switch, the same frame fails with 1002 for RSV1 first (and its DEFLATE bytes read as broken UTF-8)', () => {
    const [frame] = decoded(decodeInput('c1 07 f2 48 cd c9 c9 07 00', { from: 'server', deflate: NO_DEFLATE })).frames;
    expect(frame.problems.map((p) => p.closeCode)).toEqual([1002, 1007]);
  });

  it('two messages pasted together share a window (7.2.3.2), unless no context takeover was agreed', () => {
    const hex = 'c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00';
    expect(decoded(decodeInput(hex, { from: 'server', deflate: DEFLATE })).messages.map((m) => m.text)).toEqual(['Hello', 'Hello']);
    const alone = decoded(decodeInput(hex, { from: 'server', deflate: { negotiated: true, noContextTakeover: true } }));
    expect(alone.messages.map((m) => m.text)).toEqual(['Hello', null]);
    expect(alone.frames[1].problems[0].message).toContain('not valid DEFLATE');
  });

  it('a fragmented compressed message: every frame of it carries DEFLATE data, the continuation included', () => {
    const result = decoded(decodeInput('41 03 f2 48 cd 80 04 c9 c9 07 00', { from: 'server', deflate: DEFLATE }));
    expect(compressedFrameIndexes(result, true)).toEqual(new Set([0, 1]));
    expect(result.messages[0].text).toBe('Hello');
  });

  it('every compressed sample inflates without a problem, and the repetitive one saves bytes', () => {
    for (const sample of DECODER_SAMPLES.filter((s) => s.deflate)) {
      const result = decoded(decodeInput(sample.hex, { from: sample.from, deflate: sample.deflate! }));
      expect(result.frames.flatMap((f) => f.problems)).toEqual([]);
      expect(result.messages.every((m) => m.compression !== null && m.text !== null)).toBe(true);
    }
    const repetitive = DECODER_SAMPLES.find((s) => s.id === 'repetitive')!;
    const [message] = decoded(decodeInput(repetitive.hex, { from: 'server', deflate: DEFLATE })).messages;
    expect(message.compression!.savedBytes).toBeGreaterThan(20);
    expect(describeSaving(message.compression!)).toMatch(/^saved \d+ bytes \(\d+% of \d+\)$/);
  });

  it('names every DEFLATE block type with its BTYPE bits (RFC 1951 3.2.3)', () => {
    expect(Object.entries(BLOCK_TYPES).map(([name, { bits }]) => `${name} ${bits}`)).toEqual(['stored 00', 'fixed Huffman 01', 'dynamic Huffman 10', 'reserved 11']);
    const stored = decoded(decodeInput('c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00', { from: 'server', deflate: DEFLATE }));
    expect(stored.messages[0].compression?.firstBlock).toBe('stored');
  });
});

// Whole packets pasted into the decoder (explorer-ui/src/features/decoder/
// packet-input.ts): recognised, reassembled by sequence number, gaps and
// conflicting retransmissions reported as the engine reports them, and each
// stream's bytes decoded as WebSocket frames; masking judged only when the
// client is known, not guessed (RFC 6455 5.1).

import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../explorer-ui/src/features/decoder/decode-input';
import { decodePastedPackets, looksLikePackets, type PacketsOutcome } from '../../explorer-ui/src/features/decoder/packet-input';
import { NO_DEFLATE } from '../../explorer-ui/src/store/decoder-slice';
import { packetFor } from '../support/capture-files';
import { wiresharkHexDump, wiresharkPacketDumps } from '../support/packet-dumps';
import { samplePieces, segmentsFor } from '../support/websocket-exchange';

function packets(text: string): PacketsOutcome {
  const outcome = decodePastedPackets(text, NO_DEFLATE);
  if (!outcome) throw new Error('not read as packets');
  return outcome;
}

function texts(outcome: PacketsOutcome, direction: 'client' | 'server' = 'client'): (string | null)[] {
  return outcome.conversations.flatMap((c) => c.directions.filter((d) => d.direction === direction).flatMap((d) => d.ranges.flatMap((r) => r.result.frames.map((f) => f.text))));
}

describe('one packet', () => {
  const [dump] = wiresharkPacketDumps(['hello']);

  it('is recognised, its layers read, and its TCP payload decoded as the client\'s masked frame', () => {
    expect(looksLikePackets(dump)).toBe(true);
    const outcome = packets(dump);
    expect(outcome.packets).toHaveLength(1);
    expect(outcome.packets[0].layers?.tcp.flagNames).toBe('PSH, ACK');
    const [conversation] = outcome.conversations;
    expect(conversation.clientKnownBy).toBe('ports');
    expect(texts(outcome)).toEqual(['hello']);
    // The client is a guess here: masking is not judged, so nothing fails for it either way.
    const [direction] = conversation.directions;
    expect(direction.judged).toBe(false);
    expect(direction.ranges[0].result.frames[0].problems).toEqual([]);
    expect(direction.ranges[0].packets).toEqual([1]);
    expect(conversation.notes.map((n) => n.message).join(' ')).toContain('first byte pasted');
  });

  it('goes through decodeInput as packets; frames\' hex still goes through as frames', () => {
    expect(decodeInput(dump, { from: 'unknown', deflate: NO_DEFLATE }).kind).toBe('packets');
    expect(decodeInput('81 05 48 65 6c 6c 6f', { from: 'unknown', deflate: NO_DEFLATE }).kind).toBe('decoded');
    expect(looksLikePackets('81 05 48 65 6c 6c 6f')).toBe(false);
  });
});

describe('several packets', () => {
  const dumps = wiresharkPacketDumps(['one', 'two', 'three']);

  it('pasted in order: reassembled, every frame decoded, nothing to report', () => {
    const outcome = packets(dumps.join('\n\n'));
    expect(texts(outcome)).toEqual(['one', 'two', 'three']);
    expect(outcome.conversations[0].notes.filter((n) => n.kind === 'gap' || n.kind === 'conflict')).toEqual([]);
  });

  it('later ones out of order: put back by sequence number', () => {
    expect(texts(packets([dumps[0], dumps[2], dumps[1]].join('\n\n')))).toEqual(['one', 'two', 'three']);
  });

  it('bytes from before the first packet pasted (no SYN to count from): left out and said so, not guessed into place', () => {
    const outcome = packets([dumps[2], dumps[0], dumps[1]].join('\n\n'));
    expect(texts(outcome)).toEqual(['three']);
    expect(outcome.conversations[0].notes.find((n) => n.kind === 'gap')?.message).toContain("before the stream's first byte");
  });

  it('one missing: a gap is reported and no frame is guessed after it', () => {
    const outcome = packets([dumps[0], dumps[2]].join('\n\n'));
    expect(outcome.conversations[0].notes.some((n) => n.kind === 'gap')).toBe(true);
    expect(texts(outcome)).toEqual(['one']);
  });

  it('a retransmission carrying other bytes: reported as a conflict, the first bytes kept', () => {
    const bytes = new Uint8Array(dumps[1].split('\n').flatMap((line) => line.slice(7, 54).trim().split(' ').map((b) => parseInt(b, 16))));
    bytes[bytes.length - 1] ^= 0xff;
    const outcome = packets([dumps[0], dumps[1], wiresharkHexDump(bytes), dumps[2]].join('\n\n'));
    expect(outcome.conversations[0].notes.some((n) => n.kind === 'conflict')).toBe(true);
    expect(texts(outcome)).toEqual(['one', 'two', 'three']);
  });
});

describe('a whole captured session pasted', () => {
  it('with the SYN and the upgrade: the client is known, masking judged, frames from after the handshake', () => {
    const segments = segmentsFor(samplePieces());
    const text = segments.map((segment) => wiresharkHexDump(packetFor(segment).bytes)).join('\n\n');
    const outcome = packets(text);
    const [conversation] = outcome.conversations;
    expect(conversation.clientKnownBy).toBe('upgrade');
    expect(conversation.requestLine).toBe('GET /chat HTTP/1.1');
    expect(conversation.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
    expect(conversation.directions.every((d) => d.judged)).toBe(true);
    expect(texts(outcome, 'client')[0]).toBe('Hello');
    expect(texts(outcome, 'server')[0]).toBe('Hello back');
    expect(conversation.directions.flatMap((d) => d.ranges.flatMap((r) => r.result.frames.flatMap((f) => f.problems)))).toEqual([]);
  });
});

// TCP reassembly by sequence number (RFC 9293 3.4, 3.10.7.4): segments out
// of order, repeated, overlapping, missing, repeated with other bytes, and
// sequence numbers that wrap past 2^32; then the same through whole capture
// files, down to the frames.

import { describe, expect, it } from 'vitest';
import { readCapture } from '../../engine/capture/capture-reading';
import { TcpStreamAssembler, type TcpSegmentInput } from '../../engine/capture/tcp-reassembly';
import { bytesToHex } from '../../engine/hex';
import { packetFor, writeTestPcap, type TestSegment } from '../support/capture-files';
import { SAMPLE_MESSAGES, samplePieces, segmentsFor } from '../support/websocket-exchange';
import { framesSent } from '../support/captured-frames';

const sender = { address: '10.0.0.1', port: 40000 };
const bytes = (text: string) => new TextEncoder().encode(text);

function segment(sequenceNumber: number, payload: string | Uint8Array, extra: Partial<TcpSegmentInput> = {}): TcpSegmentInput {
  const data = typeof payload === 'string' ? bytes(payload) : payload;
  return { sequenceNumber, syn: false, fin: false, rst: false, payload: data, payloadLength: data.length, time: null, packet: null, ...extra };
}

function assemble(isn: number, segments: TcpSegmentInput[]) {
  const assembler = new TcpStreamAssembler(sender);
  assembler.add(segment(isn, '', { syn: true, packet: 1 }));
  segments.forEach((s, i) => assembler.add({ ...s, packet: s.packet ?? i + 2 }));
  return assembler.finish('client');
}

const text = (run: { bytes: Uint8Array }) => new TextDecoder().decode(run.bytes);

describe('one direction, by sequence number', () => {
  it('in order: byte 0 is the one after the SYN (RFC 9293 3.4)', () => {
    const { stream, notes } = assemble(100, [segment(101, 'Hello, '), segment(108, 'world')]);
    expect(stream.runs.map((r) => [r.offset, text(r)])).toEqual([[0, 'Hello, world']]);
    expect(stream.chunks.map((c) => [c.offset, c.length, c.packet])).toEqual([[0, 7, 2], [7, 5, 3]]);
    expect(stream.synSeen).toBe(true);
    expect(notes).toEqual([]);
  });

  it('out of order: later segments wait for the one before them', () => {
    const { stream, notes } = assemble(100, [segment(111, 'C'), segment(106, 'BBBBB'), segment(101, 'AAAAA'), segment(112, 'D')]);
    expect(stream.runs.map(text)).toEqual(['AAAAABBBBBCD']);
    expect(notes).toEqual([]);
  });

  it('a retransmission with the same bytes is kept once and counted', () => {
    const { stream, notes } = assemble(100, [segment(101, 'abc'), segment(101, 'abc'), segment(104, 'def'), segment(104, 'def')]);
    expect(stream.runs.map(text)).toEqual(['abcdef']);
    expect(notes).toEqual([expect.objectContaining({ kind: 'retransmission', direction: 'client', length: 6, message: expect.stringMatching(/^2 segments repeated 6 bytes/) })]);
  });

  it('overlapping segments: the new part is appended, the overlap compared', () => {
    const { stream, notes } = assemble(100, [segment(101, 'abcdef'), segment(104, 'defghi'), segment(110, 'j'), segment(102, 'bcdefghij')]);
    expect(stream.runs.map(text)).toEqual(['abcdefghij']);
    expect(notes.map((n) => n.kind)).toEqual(['retransmission']);
  });

  it('a retransmission with different bytes is reported with both packets; the first bytes are kept', () => {
    const { stream, notes } = assemble(100, [segment(101, 'hello world'), segment(107, 'WORLD')]);
    expect(stream.runs.map(text)).toEqual(['hello world']);
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        streamOffset: 6,
        length: 5,
        packet: 3,
        message: 'packet #3 carries offset 6 to 10 again, and 5 of those 5 bytes differ from the ones packet #2 carried (first at offset 6): the first ones are kept, the others shown nowhere',
      }),
    ]);
  });

  it('a missing segment is a gap, said where and how long; the bytes after it start a new run', () => {
    const { stream, notes } = assemble(100, [segment(101, 'aaaa'), segment(109, 'cccc', { time: 5 }), segment(113, 'dddd')]);
    expect(stream.runs.map((r) => [r.offset, text(r)])).toEqual([[0, 'aaaa'], [8, 'ccccdddd']]);
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'gap', streamOffset: 4, length: 4, packet: 3, time: 5, message: '4 bytes missing at offset 4 to 7: no captured packet carried them (between packet #2 and packet #3)' }),
    ]);
  });

  it('sequence numbers wrap past 2^32 (RFC 9293 3.4: arithmetic modulo 2^32)', () => {
    const isn = 0xfffffffa;
    const { stream, notes } = assemble(isn, [segment(0xfffffffb, 'abc'), segment(0xfffffffe, 'def'), segment(1, 'ghi'), segment(4, 'jkl')]);
    expect(stream.runs.map(text)).toEqual(['abcdefghijkl']);
    expect(notes).toEqual([]);
  });

  it('out of order across the wrap', () => {
    const { stream } = assemble(0xfffffff0, [segment(3, 'CCCC'), segment(0xfffffff1, 'AAAAAAAAAAAAAAA'), segment(0, 'BBB')]);
    expect(stream.runs.map(text)).toEqual(['AAAAAAAAAAAAAAABBBCCCC']);
  });

  it('the FIN takes a sequence number after the last byte; bytes past it are reported', () => {
    const { stream, notes } = assemble(100, [segment(101, 'abc', { fin: true }), segment(104, 'zz')]);
    expect(stream.finOffset).toBe(3);
    expect(notes.map((n) => n.message)).toContain('2 bytes came after the FIN\'s place in the stream (offset 3); RFC 9293 3.10.7.4 has a receiver ignore them');
  });

  it('without a SYN, offsets count from the first byte seen, and the note says so', () => {
    const assembler = new TcpStreamAssembler(sender);
    assembler.add(segment(5000, 'abc', { packet: 1 }));
    assembler.add(segment(5003, 'def', { packet: 2 }));
    const { stream, notes } = assembler.finish('server');
    expect(stream.synSeen).toBe(false);
    expect(stream.runs.map(text)).toEqual(['abcdef']);
    expect(notes).toEqual([expect.objectContaining({ kind: 'start-missing', direction: 'server', message: expect.stringContaining('sequence number 5000') })]);
  });

  it('a packet cut short by the snap length leaves a gap that says so', () => {
    const assembler = new TcpStreamAssembler(sender);
    assembler.add(segment(100, '', { syn: true, packet: 1 }));
    assembler.add({ ...segment(101, 'abcd', { packet: 2 }), payloadLength: 10 });
    assembler.add(segment(111, 'klm', { packet: 3 }));
    const { stream, notes } = assembler.finish('client');
    expect(stream.runs.map((r) => [r.offset, text(r)])).toEqual([[0, 'abcd'], [10, 'klm']]);
    expect(notes[0].message).toBe('6 bytes missing at offset 4 to 9: no captured packet carried them (between packet #2 and packet #3); packet #2 was cut short by the capture\'s snap length');
  });

  it('thousands of segments in reverse order stay linear enough (no quadratic blow-up on a long wait)', () => {
    const segments: TcpSegmentInput[] = [];
    for (let i = 20_000; i >= 0; i--) segments.push(segment(101 + i * 10, '0123456789'));
    const started = performance.now();
    const { stream } = assemble(100, segments);
    expect(stream.runs).toHaveLength(1);
    expect(stream.runs[0].bytes.length).toBe(200_010);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('reassembly in a capture, down to the frames', () => {
  const EXPECTED = SAMPLE_MESSAGES.map((m) => ({ from: m.from, opcode: m.opcode, payloadHex: bytesToHex(m.payload) }));

  function capture(segments: TestSegment[]) {
    return readCapture(writeTestPcap(segments.map((s) => packetFor(s))));
  }

  it('segments shuffled, duplicated and overlapping still give every frame', () => {
    const segments = segmentsFor(samplePieces(), { mss: 400 });
    const handshake = segments.slice(0, 3);
    const data = segments.slice(3);
    // Swap neighbours, repeat every third segment, and add an overlapping re-send of two segments' bytes.
    const shuffled: TestSegment[] = [];
    for (let i = 0; i < data.length; i += 2) shuffled.push(...(data[i + 1] ? [data[i + 1], data[i]] : [data[i]]));
    const messy = shuffled.flatMap((s, i) => (i % 3 === 0 ? [s, s] : [s]));
    const a = data[5];
    const b = data.find((s) => s.from === a.from && s.seq === a.seq + (a.payload?.length ?? 0))!;
    messy.push({ ...a, payload: Uint8Array.from([...a.payload!.subarray(100), ...b.payload!.subarray(0, 50)]), seq: a.seq + 100 });
    const reading = capture([...handshake, ...messy]);
    const session = reading.sessions[0];
    // Arrival order changed with the shuffle; each direction's order did not.
    const byDirection = (frames: typeof EXPECTED) => ['client', 'server'].map((from) => frames.filter((f) => f.from === from));
    expect(byDirection(framesSent(session))).toEqual(byDirection(EXPECTED));
    // A frame arrives no earlier than the one before it in its direction, whatever order its bytes came in.
    for (const direction of ['client', 'server'] as const) {
      const mine = session.frames.filter((f) => f.direction === direction);
      expect(mine.map((f) => f.index)).toEqual(mine.map((_, i) => i));
      mine.forEach((f, i) => i > 0 && expect(f.packet!).toBeGreaterThanOrEqual(mine[i - 1].packet!));
    }
    expect(session.notes.filter((n) => n.kind === 'retransmission')).toHaveLength(2);
    expect(session.notes.filter((n) => n.kind === 'gap' || n.kind === 'conflict')).toEqual([]);
  });

  it('a lost segment: the gap is reported, frames before it decoded, none guessed after it; a FrameStart resumes', () => {
    const pieces = samplePieces();
    const segments = segmentsFor(pieces, { mss: 1000 });
    // The client's 3000-byte binary frame goes out in segments; drop the second of them.
    const binaryStart = segments.findIndex((s) => s.from === 'client' && (s.payload?.length ?? 0) === 1000);
    const lost = segments[binaryStart + 1];
    const reading = capture(segments.filter((s) => s !== lost));
    const session = reading.sessions[0];
    const gap = session.notes.find((n) => n.kind === 'gap')!;
    expect(gap).toMatchObject({ direction: 'client', length: 1000 });
    expect(gap.message).toMatch(/^1000 bytes missing at offset \d+ to \d+: no captured packet carried them \(between packet #\d+ and packet #\d+\)$/);
    expect(session.notes.some((n) => n.kind === 'frames' && /runs into a gap/.test(n.message))).toBe(true);
    const clientFrames = session.frames.filter((f) => f.direction === 'client');
    expect(clientFrames.map((f) => f.opcode)).toEqual([1]);
    expect(session.frames.filter((f) => f.direction === 'server').map((f) => f.opcode)).toEqual([1, 9, 8]);

    // The caller knows the pong starts right after the binary frame (2 + 2 + 4 + 3000 bytes): frames resume there.
    const pongOffset = session.framesStart.client! + 11 + (2 + 2 + 4 + 3000);
    const resumed = readCapture(writeTestPcap(segments.filter((s) => s !== lost).map((s) => packetFor(s))), { frameStarts: [{ conversation: session.conversation, direction: 'client', offset: pongOffset }] });
    // The frames before the gap stay; the ones after it follow, numbered on.
    const resumedClient = resumed.sessions[0].frames.filter((f) => f.direction === 'client');
    expect(resumedClient.map((f) => [f.opcode, f.index])).toEqual([[1, 0], [10, 1], [8, 2]]);
    expect(resumedClient[1].streamOffset).toBe(pongOffset);
    expect(framesSent(resumed.sessions[0]).filter((f) => f.from === 'client').map((f) => f.payloadHex)).toEqual([0, 4, 5].map((i) => bytesToHex(SAMPLE_MESSAGES[i].payload)));
  });

  it('a conflicting retransmission of frame bytes is reported, and the frames shown are the first bytes', () => {
    const segments = segmentsFor(samplePieces(), { mss: 1460 });
    const hello = segments.find((s) => s.from === 'server' && s.payload?.[0] === 0x81)!;
    const forged = { ...hello, payload: Uint8Array.from(hello.payload!).map((b, i) => (i >= 2 ? b ^ 0x20 : b)) };
    const reading = capture([...segments.slice(0, segments.indexOf(hello) + 1), forged, ...segments.slice(segments.indexOf(hello) + 1)]);
    const session = reading.sessions[0];
    expect(session.notes.filter((n) => n.kind === 'conflict')).toEqual([expect.objectContaining({ direction: 'server', length: hello.payload!.length })]);
    expect(framesSent(session)).toEqual(EXPECTED);
  });

  it('sequence numbers that wrap inside the session', () => {
    const segments = segmentsFor(samplePieces(), { mss: 300, clientIsn: 0xffffff00, serverIsn: 0xffffffe0 });
    expect(framesSent(capture(segments).sessions[0])).toEqual(EXPECTED);
  });

  it('a capture that starts after the handshake: the conversation is named, and decoded from where the caller says', () => {
    const pieces = samplePieces();
    const segments = segmentsFor(pieces, { mss: 2000 });
    const firstFrame = segments.findIndex((s) => s.from === 'client' && s.payload?.[0] === 0x81);
    const late = segments.slice(firstFrame);
    const reading = capture(late);
    expect(reading.sessions).toEqual([]);
    expect(reading.conversations[0]).toMatchObject({ kind: 'other' });
    expect(reading.conversations[0].conversation.clientKnownBy).toBe('ports');
    const id = reading.conversations[0].conversation.id;
    const pointed = readCapture(writeTestPcap(late.map((s) => packetFor(s))), {
      frameStarts: [{ conversation: id, direction: 'client', offset: 0 }, { conversation: id, direction: 'server', offset: 0 }],
    });
    expect(pointed.conversations[0].kind).toBe('websocket-from-caller');
    expect(framesSent(pointed.sessions[0])).toEqual(EXPECTED);
    expect(pointed.sessions[0].notes.some((n) => n.kind === 'start-missing')).toBe(true);
  });
});

// pcap and pcapng files, written by the tests' own writer in every byte
// order, timestamp resolution and link type the reader knows, each decoding
// to the handshake and the frames that were sent.

import { describe, expect, it } from 'vitest';
import { CaptureReader, readCapture } from '../../engine/capture/capture-reading';
import type { CaptureSession } from '../../engine/capture/capture-model';
import { bytesToHex } from '../../engine/hex';
import { LINK_TYPE_NUMBER, type TestLinkType, packetFor, writeTestPcap, writeTestPcapng } from '../support/capture-files';
import { framesSent } from '../support/captured-frames';
import { SAMPLE_MESSAGES, samplePieces, segmentsFor } from '../support/websocket-exchange';

const EXPECTED = SAMPLE_MESSAGES.map((m) => ({ from: m.from, opcode: m.opcode, payloadHex: bytesToHex(m.payload) }));

function expectSampleSession(session: CaptureSession): void {
  expect(session.state).toBe('closed');
  expect(session.request?.message).toMatchObject({ method: 'GET', target: '/chat' });
  expect(session.response?.message.status).toBe(101);
  expect(framesSent(session)).toEqual(EXPECTED);
  expect(session.frames.every((frame) => frame.problemCount === 0)).toBe(true);
  expect(session.frames.filter((f) => f.direction === 'client').every((f) => f.masked)).toBe(true);
  expect(session.notes.filter((n) => n.kind === 'gap' || n.kind === 'conflict')).toEqual([]);
}

describe('pcap files', () => {
  const cases: Array<[string, { link: TestLinkType; v6?: boolean; ipOptions?: boolean; littleEndian: boolean; nanoseconds: boolean }]> = [
    ['little-endian, microseconds, Ethernet, IPv4', { link: 'ethernet', littleEndian: true, nanoseconds: false }],
    ['big-endian, nanoseconds, Ethernet, IPv6', { link: 'ethernet', v6: true, littleEndian: false, nanoseconds: true }],
    ['Ethernet with an 802.1Q VLAN tag', { link: 'ethernet-vlan', littleEndian: true, nanoseconds: false }],
    ['Linux cooked v1 (SLL), IPv4 with options', { link: 'sll', ipOptions: true, littleEndian: false, nanoseconds: false }],
    ['Linux cooked v2 (SLL2), IPv6 with extension headers', { link: 'sll2', v6: true, ipOptions: true, littleEndian: true, nanoseconds: true }],
    ['BSD loopback, family little-endian', { link: 'null-le', littleEndian: true, nanoseconds: false }],
    ['BSD loopback, family big-endian, IPv6', { link: 'null-be', v6: true, littleEndian: false, nanoseconds: false }],
    ['OpenBSD loopback', { link: 'loop', littleEndian: true, nanoseconds: false }],
    ['raw IPv4', { link: 'raw', littleEndian: true, nanoseconds: true }],
    ['raw IPv6', { link: 'raw', v6: true, littleEndian: false, nanoseconds: true }],
  ];
  it.each(cases)('%s', (_, options) => {
    const segments = segmentsFor(samplePieces(), { mss: 1000, startTime: 1_700_000_000.25 });
    const file = writeTestPcap(segments.map((s) => packetFor(s, options)), { littleEndian: options.littleEndian, nanoseconds: options.nanoseconds, linkType: LINK_TYPE_NUMBER[options.link] });
    const reading = readCapture(file);
    expect(reading.format).toBe('pcap');
    expect(reading.packets).toBe(segments.length);
    expect(reading.notes).toEqual([]);
    expect(reading.sessions).toHaveLength(1);
    const [session] = reading.sessions;
    expect(session.client).toEqual(options.v6 ? { address: '2001:db8::10', port: 51234 } : { address: '192.168.1.10', port: 51234 });
    expect(session.server.port).toBe(9001);
    expectSampleSession(session);
    // Timestamps survive, to the microsecond.
    expect(session.openedAt).toBeCloseTo(1_700_000_000_250, 3);
    expect(session.request!.time).toBeCloseTo(1_700_000_000_250 + 3, 3);
  });

  it('reads the same file fed one byte at a time, and in uneven chunks', () => {
    const segments = segmentsFor(samplePieces(), { mss: 700 });
    const file = writeTestPcap(segments.map((s) => packetFor(s)));
    for (const size of [1, 7, 100, 4096]) {
      const reader = new CaptureReader();
      for (let at = 0; at < file.length; at += size) reader.push(file.subarray(at, at + size));
      const reading = reader.finish();
      expect(reading.sessions).toHaveLength(1);
      expectSampleSession(reading.sessions[0]);
    }
  });

  it('a file that ends inside a record says so and keeps what came before', () => {
    const segments = segmentsFor(samplePieces(), { mss: 700 });
    const file = writeTestPcap(segments.map((s) => packetFor(s)));
    const reading = readCapture(file.subarray(0, file.length - 10));
    expect(reading.notes.map((n) => n.message).join('\n')).toMatch(/ends inside a packet record/);
    expect(reading.sessions[0].frames.length).toBe(SAMPLE_MESSAGES.length);
  });

  it('names what is not a capture file', () => {
    const reading = readCapture(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    expect(reading.format).toBeNull();
    expect(reading.notes[0].message).toMatch(/neither pcap .* nor pcapng/);
  });
});

describe('pcapng files', () => {
  it.each([true, false])('several interfaces with their own link types and resolutions, simple packet blocks, unknown blocks skipped (little-endian %s)', (littleEndian) => {
    // Two sessions at once: one on an Ethernet interface in microseconds, one
    // on a Linux cooked v2 interface in nanoseconds, their packets interleaved.
    const first = segmentsFor(samplePieces(), { mss: 900, startTime: 1_700_000_000 });
    const second = segmentsFor(samplePieces(), { mss: 500, startTime: 1_700_000_100.123456789, clientIsn: 0xfffffff0, serverIsn: 7 });
    const items: Parameters<typeof writeTestPcapng>[1] = [];
    const longest = Math.max(first.length, second.length);
    for (let i = 0; i < longest; i++) {
      if (first[i]) items.push({ block: 'epb', interfaceId: 0, packet: packetFor(first[i], { link: 'ethernet' }) });
      if (second[i]) items.push({ block: 'epb', interfaceId: 1, packet: packetFor(second[i], { link: 'sll2', v6: true }) });
      if (i === 3) items.push({ block: 'unknown', type: 0x00000bad, body: [1, 2, 3, 4, 5] });
      if (i === 4) items.push({ block: 'unknown', type: 5, body: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    }
    const file = writeTestPcapng([{ linkType: 1 }, { linkType: 276, tsresol: 9 }], items, { littleEndian });
    const reading = readCapture(file);
    expect(reading.format).toBe('pcapng');
    expect(reading.packets).toBe(first.length + second.length);
    expect(reading.sessions).toHaveLength(2);
    for (const session of reading.sessions) expectSampleSession(session);
    expect(reading.sessions[1].client.address).toBe('2001:db8::10');
    // The nanosecond interface keeps its precision (as far as a double in milliseconds holds it).
    expect(reading.sessions[1].openedAt! - 1_700_000_100_123).toBeCloseTo(0.456789, 3);
    expect(reading.notes.map((n) => n.message)).toEqual([
      '1 pcapng block of type 0x00000bad skipped by their length (not packets)',
      '1 pcapng block of type 0x00000005 skipped by their length (not packets)',
    ]);
  });

  it('simple packet blocks: no timestamps, interface 0, frames still in order', () => {
    const segments = segmentsFor(samplePieces(), { mss: 1200 });
    const file = writeTestPcapng([{ linkType: 113 }], segments.map((s) => ({ block: 'spb' as const, packet: packetFor(s, { link: 'sll' }) })));
    const reading = readCapture(file);
    expect(reading.sessions).toHaveLength(1);
    expectSampleSession(reading.sessions[0]);
    expect(reading.sessions[0].frames.every((f) => f.time === null && f.packet !== null)).toBe(true);
  });

  it('a binary (2^-n) timestamp resolution', () => {
    const segments = segmentsFor(samplePieces(), { startTime: 1_700_000_000.5 });
    const file = writeTestPcapng([{ linkType: 1, tsresol: 0x80 | 20 }], segments.map((s) => ({ block: 'epb' as const, interfaceId: 0, packet: packetFor(s) })));
    const session = readCapture(file).sessions[0];
    expect(session.openedAt).toBeCloseTo(1_700_000_000_500, 2);
  });
});

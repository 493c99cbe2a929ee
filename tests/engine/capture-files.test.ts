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

describe('packets that are not TCP segments to reassemble', () => {
  it('IP fragments are reported, not reassembled; UDP and ARP are counted and left alone', () => {
    const segments = segmentsFor(samplePieces(), { mss: 1000 });
    const packets = segments.map((s) => packetFor(s));
    // An IPv4 fragment: the More Fragments flag and offset 0 on a copy of a data packet (RFC 791 3.1).
    const fragment = packets[5].bytes.slice();
    fragment[14 + 6] = 0x20;
    fragment[14 + 7] = 0;
    // An IPv6 packet with a Fragment header (RFC 8200 4.5) at offset 8 bytes, more to come.
    const v6 = packetFor(segments[6], { v6: true }).bytes;
    const v6Fragment = Uint8Array.from([...v6.subarray(0, 14 + 40), 6, 0, 0, 9, 0, 0, 0, 42, ...v6.subarray(14 + 40)]);
    v6Fragment[14 + 6] = 44;
    v6Fragment[14 + 5] += 8;
    const udp = packets[6].bytes.slice();
    udp[14 + 9] = 17;
    const arp = Uint8Array.from([...packets[6].bytes.subarray(0, 12), 0x08, 0x06, ...new Array(28).fill(0)]);
    const extra = [fragment, v6Fragment, udp, arp].map((bytes) => ({ time: 1_700_000_001, bytes }));
    const reading = readCapture(writeTestPcap([...packets, ...extra]));
    expect(reading.otherPackets).toBe(2);
    expect(reading.tcpPackets).toBe(packets.length);
    expect(reading.notes.map((n) => [n.kind, n.packet])).toEqual([['fragment', packets.length + 1], ['fragment', packets.length + 2]]);
    expect(reading.notes[0].message).toMatch(/an IPv4 fragment \(identification 4660, offset 0, more follow\): fragments are not reassembled/);
    expect(reading.notes[1].message).toMatch(/an IPv6 fragment \(identification 42, offset 8, more follow\)/);
    expectSampleSession(reading.sessions[0]);
  });

  it('TLS is named and not decoded', () => {
    const hello = Uint8Array.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0]);
    const reading = readCapture(writeTestPcap(segmentsFor([{ from: 'client', bytes: hello }]).map((s) => packetFor(s))));
    expect(reading.sessions).toEqual([]);
    expect(reading.conversations[0]).toMatchObject({ kind: 'tls', description: expect.stringContaining('TLS (TLS 1.0 handshake record first): encrypted') });
  });

  it('an upgrade refused with 403 is a session with its handshake and no frames', () => {
    const refusal = new TextEncoder().encode('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    const pieces = [samplePieces()[0], { from: 'server' as const, bytes: refusal }];
    const reading = readCapture(writeTestPcap(segmentsFor(pieces).map((s) => packetFor(s))));
    expect(reading.conversations[0].kind).toBe('websocket-refused');
    expect(reading.sessions[0]).toMatchObject({ state: 'closed', frames: [], response: { message: { status: 403 } } });
    expect(reading.sessions[0].notes.map((n) => n.message)).toContain('the server refused the upgrade with 403 Forbidden');
  });

  it('ordinary requests before the upgrade on the same connection are walked past', () => {
    const text = (t: string) => new TextEncoder().encode(t);
    const pieces = [
      { from: 'client' as const, bytes: text('GET /a HTTP/1.1\r\nHost: x\r\n\r\n') },
      { from: 'server' as const, bytes: text('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello') },
      { from: 'client' as const, bytes: text('POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc') },
      { from: 'server' as const, bytes: text('HTTP/1.1 204 No Content\r\n\r\n') },
      ...samplePieces(),
    ];
    const reading = readCapture(writeTestPcap(segmentsFor(pieces).map((s) => packetFor(s))));
    expectSampleSession(reading.sessions[0]);
    expect(reading.sessions[0].notes.map((n) => n.message)).toContain('2 ordinary HTTP requests came first on this connection');
  });
});


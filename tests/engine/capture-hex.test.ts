// Whole packets pasted as hex, as Wireshark's "Copy as Hex Dump" gives
// them: the link type is recognised, the layers read (addresses, ports,
// flags, sequence number), the TCP payload handed out; several packets go
// through the same reassembly as a capture file.

import { describe, expect, it } from 'vitest';
import { recognisePacket } from '../../engine/capture/packet-layers';
import { readPastedPackets, splitPacketDumps } from '../../engine/capture/pasted-packets';
import { decodeFrames } from '../../engine/frame';
import { bytesToHex } from '../../engine/hex';
import { packetFor, type TestLinkType } from '../support/capture-files';
import { framesSent } from '../support/captured-frames';
import { SAMPLE_MESSAGES, samplePieces, segmentsFor } from '../support/websocket-exchange';

/** Wireshark's "Copy as Hex Dump": offset, three spaces, 16 bytes, the ASCII column. */
function wiresharkHexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = Array.from(bytes.subarray(at, at + 16));
    const hex = row.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(4, '0')}   ${hex.padEnd(47)}   ${ascii}`);
  }
  return lines.join('\n');
}

const segments = segmentsFor(samplePieces(), { mss: 1400, clientIsn: 0x12345678 });
const helloSegment = segments.find((s) => s.from === 'client' && s.payload?.[0] === 0x81)!;

describe('one packet pasted as a Wireshark hex dump', () => {
  it('Ethernet II + IPv4 + TCP carrying a masked text frame: the layers, and the frame', () => {
    const packet = packetFor(helloSegment, { link: 'ethernet' });
    const dump = wiresharkHexDump(packet.bytes);
    expect(dump.split('\n')[0]).toMatch(/^0000 {3}02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00 {3}\.{12}\.\.E\.$/);
    const result = readPastedPackets(dump);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [pasted] = result.packets;
    expect(pasted.linkType).toBe(1);
    expect(pasted.layers).toMatchObject({
      link: { name: 'ethernet', description: 'Ethernet II', source: '02:00:00:00:00:01', destination: '02:00:00:00:00:02' },
      ip: { version: 4, source: '192.168.1.10', destination: '192.168.1.20', protocol: 6, checksumValid: true, timeToLive: 64, dontFragment: true },
      tcp: { sourcePort: 51234, destinationPort: 9001, sequenceNumber: helloSegment.seq, flagNames: 'PSH, ACK', flags: { psh: true, ack: true, syn: false } },
    });
    const frames = decodeFrames(pasted.layers!.payload, { from: 'client' });
    expect(frames.frames).toHaveLength(1);
    expect(frames.frames[0]).toMatchObject({ opcodeName: 'text', masked: true, text: 'Hello', problems: [] });
    // One packet of a connection whose handshake is not pasted: a conversation, no session guessed.
    expect(result.sessions).toEqual([]);
    expect(result.conversations[0].kind).toBe('other');
  });

  it.each<[TestLinkType, boolean]>([['sll', false], ['sll2', true], ['null-le', true], ['null-be', false], ['ethernet-vlan', true], ['raw', false]])('recognises %s (IPv6 %s) without being told the link type', (link, v6) => {
    const packet = packetFor(helloSegment, { link, v6 });
    const read = recognisePacket(packet.bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.layers.ip.version).toBe(v6 ? 6 : 4);
    expect(read.layers.tcp.sequenceNumber).toBe(helloSegment.seq);
    expect(bytesToHex(read.layers.payload)).toBe(bytesToHex(helloSegment.payload!));
  });

  it('a SYN\'s options are read: MSS, SACK permitted, timestamps, window scale', () => {
    const read = recognisePacket(packetFor(segments[0]).bytes);
    expect(read.ok && read.layers.tcp.options.map((o) => `${o.name} ${o.value}`.trim())).toEqual([
      'Maximum Segment Size 1460', 'SACK Permitted', 'Timestamps TSval 1000 TSecr 0', 'No-Operation', 'Window Scale shift 7 (multiply by 128)',
    ]);
    expect(read.ok && read.layers.tcp.flagNames).toBe('SYN');
  });

  it('Ethernet padding after a short packet is not read as payload', () => {
    const ack = packetFor(segments[2]).bytes;
    const padded = Uint8Array.from([...ack, ...new Array(60 - ack.length).fill(0)]);
    const read = recognisePacket(padded);
    expect(read.ok && read.layers.payload.length).toBe(0);
  });

  it('says what is wrong with bad hex, and with a packet that is not TCP', () => {
    const bad = readPastedPackets('0000   02 00 zz');
    expect(bad).toMatchObject({ ok: false, packet: 1, error: { character: 'z' } });
    const udp = packetFor(helloSegment).bytes.slice();
    udp[14 + 9] = 17;
    const result = readPastedPackets([udp]);
    expect(result.ok && result.packets[0].problem).toMatch(/IP protocol 17, not TCP|no Ethernet/);
  });
});

describe('several packets pasted in order', () => {
  it('a whole session, one dump after another, is reassembled and decoded', () => {
    const text = segments.map((s) => wiresharkHexDump(packetFor(s).bytes)).join('\n');
    expect(splitPacketDumps(text)).toHaveLength(segments.length);
    const result = readPastedPackets(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sessions).toHaveLength(1);
    expect(result.sessions[0].source).toBe('hex');
    expect(framesSent(result.sessions[0])).toEqual(SAMPLE_MESSAGES.map((m) => ({ from: m.from, opcode: m.opcode, payloadHex: bytesToHex(m.payload) })));
  });

  it('out of order, a conflicting retransmission and a missing packet are reported as a capture file reports them', () => {
    const data = segments.slice();
    const server = data.findIndex((s) => s.from === 'server' && s.payload?.[0] === 0x81);
    [data[server], data[server + 1]] = [data[server + 1], data[server]];
    const forged = { ...helloSegment, payload: Uint8Array.from(helloSegment.payload!, (b, i) => (i === 8 ? b ^ 1 : b)) };
    data.splice(data.indexOf(helloSegment) + 1, 0, forged);
    const lost = data.find((s) => s.from === 'client' && (s.payload?.length ?? 0) === 1400)!;
    const pasted = data.filter((s) => s !== lost).map((s) => packetFor(s, { link: 'sll2' }).bytes);
    const result = readPastedPackets(pasted);
    if (!result.ok) throw new Error('expected packets');
    const session = result.sessions[0];
    expect(session.notes.filter((n) => n.kind === 'conflict')).toEqual([expect.objectContaining({ direction: 'client', length: 11 })]);
    expect(session.notes.filter((n) => n.kind === 'gap')).toEqual([expect.objectContaining({ direction: 'client', length: 1400 })]);
    expect(framesSent(session).filter((f) => f.from === 'server').map((f) => f.opcode)).toEqual([1, 9, 8]);
    expect(framesSent(session).filter((f) => f.from === 'client')[0]).toEqual({ from: 'client', opcode: 1, payloadHex: bytesToHex(SAMPLE_MESSAGES[0].payload) });
  });
});

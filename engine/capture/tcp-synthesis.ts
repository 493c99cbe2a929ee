// Packets for bytes that were not captured as packets: the tap's chunks,
// a HAR session, any list of (direction, bytes, time). Each becomes
// Ethernet II / IPv4 / TCP, with sequence and acknowledgment numbers that
// add up (RFC 9293 3.4): a three-way handshake (3.5), the bytes in both
// directions in order, each segment acknowledging what the other side sent,
// and FINs at the end (3.6). Wireshark then follows the stream, finds the
// HTTP upgrade and decodes the same frames. Checksums are computed (RFC 791
// 3.1, RFC 9293 3.1), so no tool flags them.

import type { Direction } from '../frame-model';
import { parseIpv4 } from './ip-address';

export interface SynthesisEndpoint {
  /** Dotted IPv4. */
  address: string;
  port: number;
}

export interface TcpSynthesisOptions {
  client?: SynthesisEndpoint;
  server?: SynthesisEndpoint;
  /** Initial sequence numbers (RFC 9293 3.4.1); fixed defaults keep the output repeatable. */
  clientIsn?: number;
  serverIsn?: number;
  /** Payload bytes per segment; longer writes are cut into several. Default 1460 (Ethernet's MTU less the headers). */
  maxSegmentSize?: number;
}

export interface SynthesisedPacket {
  /** Milliseconds since the epoch. */
  time: number;
  /** The Ethernet frame. */
  bytes: Uint8Array;
}

const ETHER_HEADER = 14;
const IPV4_HEADER = 20;
const TCP_HEADER = 20;
const MSS_OPTION = 4;
const FLAG_FIN = 0x01;
const FLAG_SYN = 0x02;
const FLAG_PSH = 0x08;
const FLAG_ACK = 0x10;
const MAX_IPV4_PAYLOAD = 65_535 - IPV4_HEADER - TCP_HEADER;

interface Side {
  endpoint: SynthesisEndpoint;
  address: Uint8Array;
  mac: Uint8Array;
  isn: number;
  /** Bytes of stream sent so far (the next offset). */
  sent: number;
  ipId: number;
  finSent: boolean;
}

export class TcpConversationSynthesiser {
  private readonly sides: Record<Direction, Side>;
  private readonly maxSegmentSize: number;
  private opened = false;

  constructor(options: TcpSynthesisOptions = {}) {
    const client = options.client ?? { address: '10.0.0.1', port: 50000 };
    const server = options.server ?? { address: '10.0.0.2', port: 80 };
    this.maxSegmentSize = Math.min(options.maxSegmentSize ?? 1460, MAX_IPV4_PAYLOAD);
    if (!(this.maxSegmentSize > 0)) throw new RangeError('maxSegmentSize must be positive');
    const side = (endpoint: SynthesisEndpoint, isn: number, last: number): Side => ({
      endpoint,
      address: parseIpv4(endpoint.address),
      mac: Uint8Array.from([0x02, 0, 0, 0, 0, last]),
      isn: isn >>> 0,
      sent: 0,
      ipId: last * 0x1000,
      finSent: false,
    });
    this.sides = { client: side(client, options.clientIsn ?? 0x1000_0000, 1), server: side(server, options.serverIsn ?? 0x2000_0000, 2) };
  }

  /** RFC 9293 3.5: SYN, SYN-ACK, ACK. Called by the first send() when not called before. */
  open(time: number): SynthesisedPacket[] {
    if (this.opened) return [];
    this.opened = true;
    return [
      this.segment('client', FLAG_SYN, new Uint8Array(0), time, { sequence: this.sides.client.isn, acknowledge: 0 }),
      this.segment('server', FLAG_SYN | FLAG_ACK, new Uint8Array(0), time, { sequence: this.sides.server.isn, acknowledge: (this.sides.client.isn + 1) >>> 0 }),
      this.segment('client', FLAG_ACK, new Uint8Array(0), time),
    ];
  }

  /**
   * Bytes from one side, cut into segments. `streamOffset` places them in
   * the sender's stream (0 is the first byte after the SYN) when the caller
   * knows it: a jump leaves a gap Wireshark reports as "previous segment not
   * captured". `sentLength` counts bytes that were sent and are not given
   * (a chunk the tap kept only the start of): the sequence moves past them.
   */
  send(from: Direction, bytes: Uint8Array, time: number, streamOffset?: number, sentLength = bytes.length): SynthesisedPacket[] {
    const packets = this.open(time);
    const side = this.sides[from];
    if (streamOffset !== undefined && streamOffset > side.sent) side.sent = streamOffset;
    for (let at = 0; at < bytes.length; at += this.maxSegmentSize) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + this.maxSegmentSize));
      packets.push(this.segment(from, FLAG_PSH | FLAG_ACK, piece, time));
      side.sent += piece.length;
    }
    side.sent += Math.max(0, sentLength - bytes.length);
    return packets;
  }

  /** RFC 9293 3.6: FIN from `first`, FIN from the other, the last ACK. */
  close(time: number, first: Direction = 'client'): SynthesisedPacket[] {
    const packets = this.open(time);
    const second: Direction = first === 'client' ? 'server' : 'client';
    for (const from of [first, second]) {
      if (this.sides[from].finSent) continue;
      packets.push(this.segment(from, FLAG_FIN | FLAG_ACK, new Uint8Array(0), time));
      this.sides[from].finSent = true;
    }
    packets.push(this.segment(first, FLAG_ACK, new Uint8Array(0), time));
    return packets;
  }

  private segment(from: Direction, flags: number, payload: Uint8Array, time: number, numbers?: { sequence: number; acknowledge: number }): SynthesisedPacket {
    const sender = this.sides[from];
    const receiver = this.sides[from === 'client' ? 'server' : 'client'];
    // Sequence: ISN + 1 + bytes sent (+1 after our FIN); acknowledgment: the same for the peer.
    const sequence = numbers?.sequence ?? (sender.isn + 1 + sender.sent + (sender.finSent ? 1 : 0)) >>> 0;
    const acknowledge = numbers?.acknowledge ?? (receiver.isn + 1 + receiver.sent + (receiver.finSent ? 1 : 0)) >>> 0;
    const options = flags & FLAG_SYN ? Uint8Array.from([2, 4, (this.maxSegmentSize >> 8) & 0xff, this.maxSegmentSize & 0xff]) : new Uint8Array(0);
    const tcpLength = TCP_HEADER + options.length + payload.length;
    const frame = new Uint8Array(ETHER_HEADER + IPV4_HEADER + tcpLength);
    const view = new DataView(frame.buffer);
    frame.set(receiver.mac, 0);
    frame.set(sender.mac, 6);
    view.setUint16(12, 0x0800);
    const ip = ETHER_HEADER;
    view.setUint8(ip, 0x45);
    view.setUint16(ip + 2, IPV4_HEADER + tcpLength);
    view.setUint16(ip + 4, sender.ipId++ & 0xffff);
    view.setUint16(ip + 6, 0x4000); // Don't Fragment
    view.setUint8(ip + 8, 64);
    view.setUint8(ip + 9, 6);
    frame.set(sender.address, ip + 12);
    frame.set(receiver.address, ip + 16);
    view.setUint16(ip + 10, onesComplementChecksum([frame.subarray(ip, ip + IPV4_HEADER)]));
    const tcp = ip + IPV4_HEADER;
    view.setUint16(tcp, sender.endpoint.port);
    view.setUint16(tcp + 2, receiver.endpoint.port);
    view.setUint32(tcp + 4, sequence);
    view.setUint32(tcp + 8, flags & FLAG_ACK ? acknowledge : 0);
    view.setUint8(tcp + 12, ((TCP_HEADER + options.length) / 4) << 4);
    view.setUint8(tcp + 13, flags);
    view.setUint16(tcp + 14, 65535);
    frame.set(options, tcp + TCP_HEADER);
    frame.set(payload, tcp + TCP_HEADER + options.length);
    // RFC 9293 3.1: the checksum covers a pseudo-header (addresses, protocol, TCP length) and the segment.
    const pseudo = new Uint8Array(12);
    pseudo.set(sender.address, 0);
    pseudo.set(receiver.address, 4);
    pseudo[9] = 6;
    pseudo[10] = tcpLength >> 8;
    pseudo[11] = tcpLength & 0xff;
    view.setUint16(tcp + 16, onesComplementChecksum([pseudo, frame.subarray(tcp)]));
    return { time, bytes: frame };
  }
}

/** The Internet checksum (RFC 1071): the one's complement of the one's complement sum of 16-bit words. */
function onesComplementChecksum(parts: Uint8Array[]): number {
  let sum = 0;
  let odd: number | null = null;
  for (const part of parts) {
    let i = 0;
    if (odd !== null && part.length > 0) {
      sum += (odd << 8) | part[0];
      odd = null;
      i = 1;
    }
    for (; i + 1 < part.length; i += 2) sum += (part[i] << 8) | part[i + 1];
    if (i < part.length) odd = part[i];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (odd !== null) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

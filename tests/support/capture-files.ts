// A small capture-file writer for the tests, written apart from the
// engine's (engine/capture/pcap-writer.ts, tcp-synthesis.ts) so the reader
// is not tested against itself: TCP segments over IPv4 or IPv6 under any of
// the link types the reader knows, into pcap (either byte order, micro- or
// nanoseconds) or pcapng (either byte order, several interfaces with their
// own link types and timestamp resolutions, simple packet blocks, blocks
// the reader must skip).

export type TestLinkType = 'ethernet' | 'ethernet-vlan' | 'sll' | 'sll2' | 'null-le' | 'null-be' | 'loop' | 'raw';

export const LINK_TYPE_NUMBER: Record<TestLinkType, number> = {
  ethernet: 1,
  'ethernet-vlan': 1,
  sll: 113,
  sll2: 276,
  'null-le': 0,
  'null-be': 0,
  loop: 108,
  raw: 101,
};

export interface TestSegment {
  from: 'client' | 'server';
  /** Absolute 32-bit sequence number. */
  seq: number;
  ack?: number;
  flags: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean; psh?: boolean };
  payload?: Uint8Array;
  /** Seconds since the epoch, with a fraction. */
  time: number;
}

export interface TestEndpoints {
  client: { address: string; port: number };
  server: { address: string; port: number };
}

export const V4_ENDPOINTS: TestEndpoints = { client: { address: '192.168.1.10', port: 51234 }, server: { address: '192.168.1.20', port: 9001 } };
export const V6_ENDPOINTS: TestEndpoints = { client: { address: '2001:db8::10', port: 51234 }, server: { address: '2001:db8::20', port: 9001 } };

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv6Bytes(address: string): number[] {
  const [head, tail] = address.split('::');
  const groups = (text: string | undefined) => (text ? text.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export function tcpBytes(segment: TestSegment, endpoints: TestEndpoints): number[] {
  const source = segment.from === 'client' ? endpoints.client : endpoints.server;
  const destination = segment.from === 'client' ? endpoints.server : endpoints.client;
  const f = segment.flags;
  const flags = (f.fin ? 1 : 0) | (f.syn ? 2 : 0) | (f.rst ? 4 : 0) | (f.psh ? 8 : 0) | (f.ack ? 16 : 0);
  // SYNs carry MSS, SACK permitted, timestamps and window scale, as Linux sends them.
  const options = f.syn ? [2, 4, 0x05, 0xb4, 4, 2, 8, 10, ...u32(1000), ...u32(0), 1, 3, 3, 7] : [];
  const headerLength = 20 + options.length;
  return [
    ...u16(source.port), ...u16(destination.port), ...u32(segment.seq >>> 0), ...u32((segment.ack ?? 0) >>> 0),
    (headerLength / 4) << 4, flags, ...u16(65535), 0, 0, 0, 0, ...options, ...(segment.payload ?? []),
  ];
}

export function ipv4Packet(segment: TestSegment, endpoints: TestEndpoints, withOptions = false): number[] {
  const tcp = tcpBytes(segment, endpoints);
  // A Record Route option (RFC 791 3.1, type 7), padded to a word with End of Option List.
  const options = withOptions ? [7, 7, 4, 0, 0, 0, 0, 0] : [];
  const headerLength = 20 + options.length;
  const source = segment.from === 'client' ? endpoints.client.address : endpoints.server.address;
  const destination = segment.from === 'client' ? endpoints.server.address : endpoints.client.address;
  const header = [0x40 | (headerLength / 4), 0, ...u16(headerLength + tcp.length), 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, ...ipv4Bytes(source), ...ipv4Bytes(destination), ...options];
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += (header[i] << 8) | header[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const checksum = ~sum & 0xffff;
  header[10] = checksum >> 8;
  header[11] = checksum & 0xff;
  return [...header, ...tcp];
}

export function ipv6Packet(segment: TestSegment, endpoints: TestEndpoints, withExtensionHeaders = false): number[] {
  const tcp = tcpBytes(segment, endpoints);
  // A Hop-by-Hop Options header (RFC 8200 4.3) with a PadN option, then a Destination Options header (4.6).
  const extensions = withExtensionHeaders ? [60, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0] : [];
  const source = segment.from === 'client' ? endpoints.client.address : endpoints.server.address;
  const destination = segment.from === 'client' ? endpoints.server.address : endpoints.client.address;
  return [0x60, 0, 0, 0, ...u16(extensions.length + tcp.length), withExtensionHeaders ? 0 : 6, 64, ...ipv6Bytes(source), ...ipv6Bytes(destination), ...extensions, ...tcp];
}

export function linkFrame(link: TestLinkType, ip: number[], from: 'client' | 'server'): number[] {
  const v6 = ip[0] >> 4 === 6;
  const etherType = v6 ? 0x86dd : 0x0800;
  const mac = (last: number) => [0x02, 0, 0, 0, 0, last];
  const [source, destination] = from === 'client' ? [mac(1), mac(2)] : [mac(2), mac(1)];
  switch (link) {
    case 'ethernet':
      return [...destination, ...source, ...u16(etherType), ...ip];
    case 'ethernet-vlan':
      return [...destination, ...source, 0x81, 0x00, ...u16(42), ...u16(etherType), ...ip];
    case 'sll':
      return [0, from === 'client' ? 4 : 0, ...u16(1), ...u16(6), ...source, 0, 0, ...u16(etherType), ...ip];
    case 'sll2':
      return [...u16(etherType), 0, 0, ...u32(1), ...u16(1), from === 'client' ? 4 : 0, 6, ...source, 0, 0, ...ip];
    case 'null-le':
      return [v6 ? 30 : 2, 0, 0, 0, ...ip];
    case 'null-be':
      return [0, 0, 0, v6 ? 30 : 2, ...ip];
    case 'loop':
      return [0, 0, 0, v6 ? 24 : 2, ...ip];
    case 'raw':
      return ip;
  }
}

export interface PacketSpec {
  time: number;
  bytes: Uint8Array;
  link?: TestLinkType;
  /** Bytes it had on the wire, when the file cuts it short. */
  originalLength?: number;
}

export function packetFor(segment: TestSegment, options: { link?: TestLinkType; v6?: boolean; ipOptions?: boolean } = {}): PacketSpec {
  const link = options.link ?? 'ethernet';
  const ip = options.v6 ? ipv6Packet(segment, V6_ENDPOINTS, options.ipOptions) : ipv4Packet(segment, V4_ENDPOINTS, options.ipOptions);
  return { time: segment.time, bytes: Uint8Array.from(linkFrame(link, ip, segment.from)), link };
}

class ByteWriter {
  private parts: number[] = [];
  constructor(private readonly littleEndian: boolean) {}
  u16(value: number): this {
    const bytes = u16(value);
    this.parts.push(...(this.littleEndian ? bytes.reverse() : bytes));
    return this;
  }
  u32(value: number): this {
    const bytes = u32(value);
    this.parts.push(...(this.littleEndian ? bytes.reverse() : bytes));
    return this;
  }
  bytes(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.parts.push(data[i]);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): number[] {
    return this.parts;
  }
}

/** A classic pcap file: one link type, either byte order, micro- or nanosecond timestamps. */
export function writeTestPcap(packets: PacketSpec[], options: { littleEndian?: boolean; nanoseconds?: boolean; linkType?: number } = {}): Uint8Array {
  const le = options.littleEndian ?? true;
  const w = new ByteWriter(le);
  w.u32(options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(options.linkType ?? LINK_TYPE_NUMBER[packets[0]?.link ?? 'ethernet']);
  for (const packet of packets) {
    const seconds = Math.floor(packet.time);
    const fraction = Math.round((packet.time - seconds) * (options.nanoseconds ? 1e9 : 1e6));
    w.u32(seconds).u32(fraction).u32(packet.bytes.length).u32(packet.originalLength ?? packet.bytes.length).bytes(packet.bytes);
  }
  return Uint8Array.from(w.done());
}

export interface TestInterface {
  linkType: number;
  /** if_tsresol: 6 for microseconds (the default, written anyway), 9 for nanoseconds; 0x80 | n for 2^-n. */
  tsresol?: number;
}

export type PcapngItem =
  | { block: 'epb'; interfaceId: number; packet: PacketSpec }
  | { block: 'spb'; packet: PacketSpec }
  | { block: 'unknown'; type: number; body: number[] };

/** A pcapng file: one section, its interfaces, then the blocks in order. */
export function writeTestPcapng(interfaces: TestInterface[], items: PcapngItem[], options: { littleEndian?: boolean } = {}): Uint8Array {
  const le = options.littleEndian ?? true;
  const out: number[] = [];
  const block = (type: number, body: (w: ByteWriter) => void) => {
    const inner = new ByteWriter(le);
    body(inner);
    inner.pad4();
    const total = inner.length + 12;
    out.push(...new ByteWriter(le).u32(type).u32(total).bytes(inner.done()).u32(total).done());
  };
  // Section Header Block: byte-order magic, version 1.0, section length unknown (-1), a shb_userappl option.
  const application = new TextEncoder().encode('wsx tests');
  block(0x0a0d0d0a, (w) => w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff).u16(4).u16(application.length).bytes(application).pad4().u16(0).u16(0));
  for (const described of interfaces) {
    block(1, (w) => {
      w.u16(described.linkType).u16(0).u32(0);
      // if_name, then if_tsresol when given, then opt_endofopt.
      const name = new TextEncoder().encode('lo');
      w.u16(2).u16(name.length).bytes(name).pad4();
      if (described.tsresol !== undefined) w.u16(9).u16(1).bytes([described.tsresol]).pad4();
      w.u16(0).u16(0);
    });
  }
  for (const item of items) {
    if (item.block === 'unknown') {
      block(item.type, (w) => w.bytes(item.body));
      continue;
    }
    const { packet } = item;
    if (item.block === 'spb') {
      block(3, (w) => w.u32(packet.originalLength ?? packet.bytes.length).bytes(packet.bytes));
      continue;
    }
    const described = interfaces[item.interfaceId];
    const resolution = described.tsresol ?? 6;
    const unitsPerSecond = resolution & 0x80 ? 2n ** BigInt(resolution & 0x7f) : 10n ** BigInt(resolution);
    const seconds = BigInt(Math.floor(packet.time));
    const fraction = BigInt(Math.round((packet.time - Math.floor(packet.time)) * Number(unitsPerSecond)));
    const units = seconds * unitsPerSecond + fraction;
    block(6, (w) => w.u32(item.interfaceId).u32(Number(units >> 32n)).u32(Number(units & 0xffffffffn)).u32(packet.bytes.length).u32(packet.originalLength ?? packet.bytes.length).bytes(packet.bytes).pad4().u16(1).u16(4).bytes([0x74, 0x65, 0x73, 0x74]).u16(0).u16(0));
  }
  return Uint8Array.from(out);
}

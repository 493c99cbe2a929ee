// The link layer under IP: the LINKTYPE_ values of tcpdump.org's
// "Link-layer header types" list that loopback and LAN captures use, each
// read down to where the IP packet starts.
//
//   1   Ethernet II (IEEE 802.3 with an EtherType), 802.1Q/802.1ad VLAN tags skipped
//   113 Linux cooked capture v1 (SLL), what tcpdump -i any wrote until 4.99
//   276 Linux cooked capture v2 (SLL2), what it writes since
//   0   BSD loopback ("NULL"): a 4-byte address family in the capturing host's byte order
//   108 OpenBSD loopback ("LOOP"): the same family in network byte order
//   101 raw IP (also 12 and 14, the DLT_RAW numbers some systems used), 228 IPv4, 229 IPv6

export const LinkType = {
  Null: 0,
  Ethernet: 1,
  RawBsd12: 12,
  RawBsd14: 14,
  Raw: 101,
  Loop: 108,
  LinuxSll: 113,
  Ipv4: 228,
  Ipv6: 229,
  LinuxSll2: 276,
} as const;

export type LinkName = 'ethernet' | 'linux-sll' | 'linux-sll2' | 'null' | 'loop' | 'raw';

export interface LinkLayer {
  name: LinkName;
  /** How Wireshark's packet details title it. */
  description: string;
  linkType: number;
  headerLength: number;
  /** Ethernet: the MAC addresses; Linux cooked: the sender's link-layer address (destination null). */
  source: string | null;
  destination: string | null;
  /** 802.1Q VLAN identifiers, outermost first. */
  vlanIds: number[];
}

export type NetworkProtocol = 'ipv4' | 'ipv6';

export type LinkRead =
  | { ok: true; link: LinkLayer; network: NetworkProtocol; networkStart: number }
  | {
      ok: false;
      reason: string;
      /** The frame is whole and carries something else than IP (ARP, LLDP…): nothing wrong with it. */
      notIp?: boolean;
    };

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
/** 802.1Q C-tag, 802.1ad S-tag, and the pre-standard 0x9100 double tag. */
const VLAN_ETHERTYPES = [0x8100, 0x88a8, 0x9100];
/** Below this the field is an 802.3 length, not an EtherType (IEEE 802.3 3.2.6). */
const MIN_ETHERTYPE = 0x0600;
const AF_INET = 2;
/** AF_INET6 differs by system: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin. */
const AF_INET6_VALUES = [10, 24, 28, 30];

const SLL_HEADER_LENGTH = 16;
const SLL2_HEADER_LENGTH = 20;

export function readLinkLayer(linkType: number, data: Uint8Array): LinkRead {
  switch (linkType) {
    case LinkType.Ethernet:
      return readEthernet(data);
    case LinkType.LinuxSll:
      return readLinuxCooked(data, 1);
    case LinkType.LinuxSll2:
      return readLinuxCooked(data, 2);
    case LinkType.Null:
      return readLoopback(data, 'null');
    case LinkType.Loop:
      return readLoopback(data, 'loop');
    case LinkType.Raw:
    case LinkType.RawBsd12:
    case LinkType.RawBsd14:
    case LinkType.Ipv4:
    case LinkType.Ipv6:
      return readRaw(data, linkType);
    default:
      return { ok: false, reason: `link type ${linkType} is not one this reader knows (Ethernet, Linux cooked v1/v2, BSD loopback, raw IP)` };
  }
}

function formatMac(data: Uint8Array, offset: number, length = 6): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(data[offset + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}

function networkOf(etherType: number): NetworkProtocol | null {
  return etherType === ETHERTYPE_IPV4 ? 'ipv4' : etherType === ETHERTYPE_IPV6 ? 'ipv6' : null;
}

function notIp(what: string, etherType: number): LinkRead {
  return { ok: false, notIp: true, reason: `${what} carries EtherType 0x${etherType.toString(16).padStart(4, '0')}, not IPv4 (0x0800) or IPv6 (0x86dd)` };
}

function readEthernet(data: Uint8Array): LinkRead {
  if (data.length < 14) return { ok: false, reason: `an Ethernet header is 14 bytes and the packet has ${data.length}` };
  let at = 12;
  let etherType = (data[at] << 8) | data[at + 1];
  const vlanIds: number[] = [];
  while (VLAN_ETHERTYPES.includes(etherType)) {
    if (data.length < at + 6) return { ok: false, reason: 'the packet ends inside an 802.1Q VLAN tag' };
    // Tag Control Information: 3 bits priority, 1 bit DEI, 12 bits VLAN ID (IEEE 802.1Q 9.6).
    vlanIds.push(((data[at + 2] << 8) | data[at + 3]) & 0x0fff);
    at += 4;
    etherType = (data[at] << 8) | data[at + 1];
  }
  if (etherType < MIN_ETHERTYPE) return { ok: false, reason: `0x${etherType.toString(16)} is an IEEE 802.3 length, not an EtherType: not an Ethernet II frame` };
  const network = networkOf(etherType);
  if (!network) return notIp('the Ethernet frame', etherType);
  const link: LinkLayer = {
    name: 'ethernet',
    description: vlanIds.length ? `Ethernet II, 802.1Q VLAN ${vlanIds.join(', ')}` : 'Ethernet II',
    linkType: LinkType.Ethernet,
    headerLength: at + 2,
    destination: formatMac(data, 0),
    source: formatMac(data, 6),
    vlanIds,
  };
  return { ok: true, link, network, networkStart: at + 2 };
}

function readLinuxCooked(data: Uint8Array, version: 1 | 2): LinkRead {
  const headerLength = version === 1 ? SLL_HEADER_LENGTH : SLL2_HEADER_LENGTH;
  if (data.length < headerLength) return { ok: false, reason: `a Linux cooked v${version} header is ${headerLength} bytes and the packet has ${data.length}` };
  // v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
  // v2: protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes.
  const etherType = version === 1 ? (data[14] << 8) | data[15] : (data[0] << 8) | data[1];
  const addressLength = Math.min(8, version === 1 ? (data[4] << 8) | data[5] : data[11]);
  const addressStart = version === 1 ? 6 : 12;
  const network = networkOf(etherType);
  if (!network) return notIp(`the Linux cooked v${version} header`, etherType);
  const link: LinkLayer = {
    name: version === 1 ? 'linux-sll' : 'linux-sll2',
    description: `Linux cooked capture v${version}`,
    linkType: version === 1 ? LinkType.LinuxSll : LinkType.LinuxSll2,
    headerLength,
    source: addressLength > 0 ? formatMac(data, addressStart, addressLength) : null,
    destination: null,
    vlanIds: [],
  };
  return { ok: true, link, network, networkStart: headerLength };
}

function readLoopback(data: Uint8Array, name: 'null' | 'loop'): LinkRead {
  if (data.length < 4) return { ok: false, reason: `a loopback header is 4 bytes and the packet has ${data.length}` };
  const bigEndian = ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
  const littleEndian = ((data[3] << 24) | (data[2] << 16) | (data[1] << 8) | data[0]) >>> 0;
  // NULL is in the capturing host's order, which the file does not say: a
  // family is a small number, so the order that gives one is the right one.
  const family = name === 'loop' ? bigEndian : bigEndian <= 0xffff ? bigEndian : littleEndian;
  const network: NetworkProtocol | null = family === AF_INET ? 'ipv4' : AF_INET6_VALUES.includes(family) ? 'ipv6' : null;
  if (!network) return { ok: false, notIp: true, reason: `the loopback header names address family ${family}, not IPv4 (2) or IPv6 (10, 24, 28, 30)` };
  const link: LinkLayer = {
    name,
    description: name === 'null' ? 'BSD loopback (Null/Loopback)' : 'OpenBSD loopback',
    linkType: name === 'null' ? LinkType.Null : LinkType.Loop,
    headerLength: 4,
    source: null,
    destination: null,
    vlanIds: [],
  };
  return { ok: true, link, network, networkStart: 4 };
}

function readRaw(data: Uint8Array, linkType: number): LinkRead {
  if (data.length < 1) return { ok: false, reason: 'an empty raw IP packet' };
  const version = data[0] >> 4;
  const network: NetworkProtocol | null = version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
  if (!network) return { ok: false, reason: `a raw IP packet whose version field is ${version}, not 4 or 6` };
  const link: LinkLayer = { name: 'raw', description: 'Raw IP', linkType, headerLength: 0, source: null, destination: null, vlanIds: [] };
  return { ok: true, link, network, networkStart: 0 };
}

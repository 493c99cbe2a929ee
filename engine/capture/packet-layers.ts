// One packet read layer by layer: link (link-layer.ts), IP (ip-layer.ts),
// TCP (tcp-header.ts), and the TCP payload. What stops the reading is said
// with the layer it stopped at, so a capture can count what it skipped
// (UDP, ARP) apart from what it could not read.

import { type IpHeader, IP_PROTOCOL_TCP, readIpHeader } from './ip-layer';
import { LinkType, type LinkLayer, readLinkLayer } from './link-layer';
import { type TcpHeader, readTcpHeader } from './tcp-header';

export interface TcpPacketLayers {
  link: LinkLayer;
  ip: IpHeader;
  tcp: TcpHeader;
  /** The TCP payload the capture holds. */
  payload: Uint8Array;
  /** The payload's length as the IP header gives it: more than payload.length when the capture cut the packet short. */
  payloadLength: number;
}

export type PacketLayersRead =
  | { ok: true; layers: TcpPacketLayers }
  | {
      ok: false;
      /** 'not-tcp': IP carrying another protocol, or a link frame carrying no IP (skipped quietly); 'fragment': an IP fragment; 'unreadable': a header that does not hold together. */
      kind: 'not-tcp' | 'fragment' | 'unreadable';
      reason: string;
      link: LinkLayer | null;
      ip: IpHeader | null;
    };

export function readPacketLayers(linkType: number, data: Uint8Array): PacketLayersRead {
  const linkRead = readLinkLayer(linkType, data);
  if (!linkRead.ok) return { ok: false, kind: linkRead.notIp ? 'not-tcp' : 'unreadable', reason: linkRead.reason, link: null, ip: null };
  const { link } = linkRead;
  const ipRead = readIpHeader(linkRead.network, data, linkRead.networkStart);
  if (!ipRead.ok) return { ok: false, kind: 'unreadable', reason: ipRead.reason, link, ip: null };
  const { ip } = ipRead;
  if (ip.fragment) {
    const { identification, offset, moreFragments } = ip.fragment;
    return {
      ok: false,
      kind: 'fragment',
      reason: `an IPv${ip.version} fragment (identification ${identification}, offset ${offset}${moreFragments ? ', more follow' : ', the last'}): fragments are not reassembled, so its bytes are missing from the stream`,
      link,
      ip,
    };
  }
  if (ip.protocol !== IP_PROTOCOL_TCP) return { ok: false, kind: 'not-tcp', reason: `IP protocol ${ip.protocol}, not TCP`, link, ip };
  const tcpRead = readTcpHeader(data, ipRead.payloadStart, ipRead.payloadEnd);
  if (!tcpRead.ok) return { ok: false, kind: 'unreadable', reason: tcpRead.reason, link, ip };
  const { tcp } = tcpRead;
  const payloadStart = ipRead.payloadStart + tcp.headerLength;
  return {
    ok: true,
    layers: {
      link,
      ip,
      tcp,
      payload: data.subarray(payloadStart, ipRead.payloadEnd),
      payloadLength: Math.max(0, ip.payloadLength - tcp.headerLength),
    },
  };
}

/** The link types tried on a packet pasted without one, most common first. */
const GUESSED_LINK_TYPES = [LinkType.Ethernet, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Null, LinkType.Raw];

/**
 * A whole packet pasted as bytes (Wireshark's "Copy as Hex Dump" of a
 * packet) comes without its link type: each is tried, and the first that
 * reads down to a TCP header whose lengths add up to the bytes is taken.
 */
export function recognisePacket(data: Uint8Array): PacketLayersRead & { linkType: number | null } {
  let firstFailure: PacketLayersRead | null = null;
  for (const linkType of GUESSED_LINK_TYPES) {
    const read = readPacketLayers(linkType, data);
    if (read.ok && plausible(read.layers, data)) return { ...read, linkType };
    if (!read.ok && read.ip && !firstFailure) firstFailure = read;
  }
  return {
    ...(firstFailure ?? { ok: false, kind: 'unreadable', reason: 'no Ethernet, Linux cooked, loopback or raw IP header leads to an IPv4 or IPv6 header carrying TCP here', link: null, ip: null }),
    linkType: null,
  } as PacketLayersRead & { linkType: number | null };
}

/** The IP header's length accounts for the bytes (Ethernet may pad a short frame to 60 bytes; nothing else may be left over). */
function plausible(layers: TcpPacketLayers, data: Uint8Array): boolean {
  const ipEnd = layers.link.headerLength + layers.ip.headerLength + layers.tcp.headerLength + layers.payloadLength;
  if (ipEnd > data.length) return false;
  const leftover = data.length - ipEnd;
  return leftover === 0 || (layers.link.name === 'ethernet' && data.length <= 64) || (layers.link.name === 'ethernet' && leftover === 4);
}

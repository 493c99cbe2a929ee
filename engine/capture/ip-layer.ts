// IPv4 (RFC 791 3.1) and IPv6 (RFC 8200 3, 4) headers, read down to the
// upper-layer protocol's first byte. IPv4 options are kept as bytes; IPv6
// extension headers that RFC 8200 4 lets a node skip by their length are
// skipped. Fragments are reported, never reassembled: a fragment's bytes
// cannot be placed without the others, and guessing would show bytes that
// never were (RFC 791 2.3, RFC 8200 4.5).

import { formatIpv4, formatIpv6 } from './ip-address';
import type { NetworkProtocol } from './link-layer';

export const IP_PROTOCOL_TCP = 6;

export interface IpFragment {
  identification: number;
  /** Bytes from the start of the original payload (the field counts 8-byte units). */
  offset: number;
  moreFragments: boolean;
}

export interface IpExtensionHeader {
  type: number;
  name: string;
  length: number;
}

export interface IpHeader {
  version: 4 | 6;
  source: string;
  destination: string;
  /** The upper-layer protocol (after any IPv6 extension headers): 6 is TCP. */
  protocol: number;
  /** IPv4 header with its options, or the IPv6 fixed header and its extension headers. */
  headerLength: number;
  /** What the header says follows it (IPv4 total length minus the header, IPv6 payload length minus extension headers). */
  payloadLength: number;
  /** IPv4 TTL, IPv6 hop limit. */
  timeToLive: number;
  /** IPv4 only: the Don't Fragment flag. */
  dontFragment: boolean;
  fragment: IpFragment | null;
  /** IPv4 options (RFC 791 3.1), as bytes. */
  options: Uint8Array;
  extensionHeaders: IpExtensionHeader[];
  /** IPv4: whether the header checksum adds up (RFC 791 3.1; a NIC that offloads it leaves 0); null for IPv6, which has none. */
  checksumValid: boolean | null;
}

export type IpRead =
  | {
      ok: true;
      ip: IpHeader;
      /** Where the upper-layer bytes start and end in the packet (the end trimmed to the length the header gives, so Ethernet padding is not read as data). */
      payloadStart: number;
      payloadEnd: number;
      /** The capture holds fewer bytes than the header says the packet had. */
      cutShort: boolean;
    }
  | { ok: false; reason: string };

const IPV4_MIN_HEADER = 20;
const IPV6_HEADER = 40;
const NO_NEXT_HEADER = 59;
const EXTENSION_NAMES: Record<number, string> = {
  0: 'Hop-by-Hop Options',
  43: 'Routing',
  44: 'Fragment',
  51: 'Authentication Header',
  60: 'Destination Options',
  135: 'Mobility',
  139: 'Host Identity Protocol',
  140: 'Shim6',
};

export function readIpHeader(network: NetworkProtocol, data: Uint8Array, start: number): IpRead {
  return network === 'ipv4' ? readIpv4(data, start) : readIpv6(data, start);
}

function readIpv4(data: Uint8Array, start: number): IpRead {
  const available = data.length - start;
  if (available < IPV4_MIN_HEADER) return { ok: false, reason: `an IPv4 header is at least 20 bytes and ${available} arrived` };
  const version = data[start] >> 4;
  if (version !== 4) return { ok: false, reason: `the IPv4 header's version field is ${version}` };
  const headerLength = (data[start] & 0x0f) * 4;
  if (headerLength < IPV4_MIN_HEADER) return { ok: false, reason: `the IPv4 header length (IHL) is ${headerLength / 4} words, less than the minimum 5 (RFC 791 3.1)` };
  if (available < headerLength) return { ok: false, reason: `the IPv4 header claims ${headerLength} bytes and ${available} arrived` };
  let totalLength = (data[start + 2] << 8) | data[start + 3];
  // With TCP segmentation offload a capture can see a packet before the NIC
  // splits it, with total length 0: the captured bytes are then all there is.
  if (totalLength === 0) totalLength = available;
  if (totalLength < headerLength) return { ok: false, reason: `the IPv4 total length ${totalLength} is shorter than its own header (${headerLength})` };
  const flags = data[start + 6] >> 5;
  const fragmentOffset = (((data[start + 6] & 0x1f) << 8) | data[start + 7]) * 8;
  const moreFragments = (flags & 1) === 1;
  const identification = (data[start + 4] << 8) | data[start + 5];
  const ip: IpHeader = {
    version: 4,
    source: formatIpv4(data, start + 12),
    destination: formatIpv4(data, start + 16),
    protocol: data[start + 9],
    headerLength,
    payloadLength: totalLength - headerLength,
    timeToLive: data[start + 8],
    dontFragment: (flags & 2) === 2,
    fragment: moreFragments || fragmentOffset > 0 ? { identification, offset: fragmentOffset, moreFragments } : null,
    options: data.slice(start + IPV4_MIN_HEADER, start + headerLength),
    extensionHeaders: [],
    checksumValid: ipv4ChecksumValid(data, start, headerLength),
  };
  const end = Math.min(data.length, start + totalLength);
  return { ok: true, ip, payloadStart: start + headerLength, payloadEnd: end, cutShort: data.length < start + totalLength };
}

/** RFC 791 3.1: the one's complement sum of the header's 16-bit words is all ones. */
function ipv4ChecksumValid(data: Uint8Array, start: number, headerLength: number): boolean {
  let sum = 0;
  for (let i = start; i < start + headerLength; i += 2) sum += (data[i] << 8) | data[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

function readIpv6(data: Uint8Array, start: number): IpRead {
  const available = data.length - start;
  if (available < IPV6_HEADER) return { ok: false, reason: `an IPv6 header is 40 bytes and ${available} arrived` };
  const version = data[start] >> 4;
  if (version !== 6) return { ok: false, reason: `the IPv6 header's version field is ${version}` };
  let payloadLength = (data[start + 4] << 8) | data[start + 5];
  // A jumbogram (RFC 2675) says 0 here; so does a capture before segmentation offload.
  if (payloadLength === 0) payloadLength = available - IPV6_HEADER;
  let next = data[start + 6];
  let at = start + IPV6_HEADER;
  const extensionHeaders: IpExtensionHeader[] = [];
  let fragment: IpFragment | null = null;
  // RFC 8200 4: each extension header names the next; all but ESP say their own length.
  while (next in EXTENSION_NAMES) {
    if (data.length < at + 8) return { ok: false, reason: `the packet ends inside the IPv6 ${EXTENSION_NAMES[next]} extension header` };
    const length = next === 44 ? 8 : next === 51 ? (data[at + 1] + 2) * 4 : (data[at + 1] + 1) * 8;
    if (next === 44) {
      const field = (data[at + 2] << 8) | data[at + 3];
      const identification = ((data[at + 4] << 24) | (data[at + 5] << 16) | (data[at + 6] << 8) | data[at + 7]) >>> 0;
      const offset = (field >> 3) * 8;
      const moreFragments = (field & 1) === 1;
      // An atomic fragment (offset 0, no more) is a whole packet (RFC 8200 4.5, RFC 6946).
      if (offset > 0 || moreFragments) fragment = { identification, offset, moreFragments };
    }
    extensionHeaders.push({ type: next, name: EXTENSION_NAMES[next], length });
    next = data[at];
    at += length;
  }
  if (next === 50) return { ok: false, reason: 'an IPv6 Encapsulating Security Payload (ESP) header: what follows is encrypted' };
  const headerLength = at - start;
  const ip: IpHeader = {
    version: 6,
    source: formatIpv6(data, start + 8),
    destination: formatIpv6(data, start + 24),
    protocol: next === NO_NEXT_HEADER ? -1 : next,
    headerLength,
    payloadLength: Math.max(0, payloadLength - (headerLength - IPV6_HEADER)),
    timeToLive: data[start + 7],
    dontFragment: false,
    fragment,
    options: new Uint8Array(0),
    extensionHeaders,
    checksumValid: null,
  };
  const claimedEnd = start + IPV6_HEADER + payloadLength;
  return { ok: true, ip, payloadStart: Math.min(at, data.length), payloadEnd: Math.min(data.length, claimedEnd), cutShort: data.length < claimedEnd };
}

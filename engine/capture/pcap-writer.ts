// Writing the classic pcap format (draft-ietf-opsawg-pcap, "File Header",
// "Packet Record"), little-endian with microsecond timestamps: the form every
// tool reads, Wireshark and tcpdump included. Records can be written one at
// a time, so a long capture goes to disk as it happens.

import { LinkType } from './link-layer';
import { PCAP_FILE_HEADER_LENGTH, PCAP_MAGIC_MICROSECONDS, PCAP_RECORD_HEADER_LENGTH } from './pcap-format';

/** The largest packet tcpdump captures whole by default. */
export const DEFAULT_SNAP_LENGTH = 262_144;

export function pcapFileHeader(linkType: number = LinkType.Ethernet, snapLength = DEFAULT_SNAP_LENGTH): Uint8Array {
  const bytes = new Uint8Array(PCAP_FILE_HEADER_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, PCAP_MAGIC_MICROSECONDS, true);
  view.setUint16(4, 2, true); // version 2.4
  view.setUint16(6, 4, true);
  // thiszone and sigfigs stay 0, as the format says they should.
  view.setUint32(16, snapLength, true);
  view.setUint32(20, linkType, true);
  return bytes;
}

/** One packet record: the 16-byte header (time in seconds and microseconds, lengths) and the bytes. */
export function pcapRecord(timeMs: number, packet: Uint8Array, originalLength = packet.length): Uint8Array {
  const bytes = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + packet.length);
  const view = new DataView(bytes.buffer);
  const seconds = Math.floor(timeMs / 1000);
  const microseconds = Math.min(999_999, Math.max(0, Math.round((timeMs - seconds * 1000) * 1000)));
  view.setUint32(0, seconds >>> 0, true);
  view.setUint32(4, microseconds, true);
  view.setUint32(8, packet.length, true);
  view.setUint32(12, originalLength, true);
  bytes.set(packet, PCAP_RECORD_HEADER_LENGTH);
  return bytes;
}

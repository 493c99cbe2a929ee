// The classic pcap file format (draft-ietf-opsawg-pcap, "File Header" and
// "Packet Record"): a 24-byte file header, then records of a 16-byte header
// and the packet's bytes. The magic number says both the byte order the
// writer used and the timestamp resolution: 0xA1B2C3D4 microseconds,
// 0xA1B23C4D nanoseconds, read in either byte order.

import type { CapturedPacket } from './captured-packet';

export const PCAP_FILE_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;

export interface PcapFileHeader {
  littleEndian: boolean;
  nanoseconds: boolean;
  versionMajor: number;
  versionMinor: number;
  snapLength: number;
  /** "LinkType and additional information": the link type is its low 16 bits. */
  linkType: number;
}

/** Reads the file header from the first 24 bytes, or null when the magic number is not pcap's. */
export function readPcapFileHeader(bytes: Uint8Array): PcapFileHeader | null {
  if (bytes.length < PCAP_FILE_HEADER_LENGTH) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, PCAP_FILE_HEADER_LENGTH);
  for (const littleEndian of [true, false]) {
    const magic = view.getUint32(0, littleEndian);
    if (magic !== PCAP_MAGIC_MICROSECONDS && magic !== PCAP_MAGIC_NANOSECONDS) continue;
    return {
      littleEndian,
      nanoseconds: magic === PCAP_MAGIC_NANOSECONDS,
      versionMajor: view.getUint16(4, littleEndian),
      versionMinor: view.getUint16(6, littleEndian),
      snapLength: view.getUint32(16, littleEndian),
      linkType: view.getUint32(20, littleEndian) & 0xffff,
    };
  }
  return null;
}

/** Is `magic` (the file's first 4 bytes, read big-endian) one of pcap's? */
export function isPcapMagic(firstFour: Uint8Array): boolean {
  const value = ((firstFour[0] << 24) | (firstFour[1] << 16) | (firstFour[2] << 8) | firstFour[3]) >>> 0;
  const swapped = ((firstFour[3] << 24) | (firstFour[2] << 16) | (firstFour[1] << 8) | firstFour[0]) >>> 0;
  return [value, swapped].some((m) => m === PCAP_MAGIC_MICROSECONDS || m === PCAP_MAGIC_NANOSECONDS);
}

export type PcapRecordRead =
  | { kind: 'incomplete' }
  | { kind: 'record'; length: number; packet: Omit<CapturedPacket, 'number' | 'data'>; dataStart: number; dataLength: number }
  | { kind: 'error'; message: string };

/**
 * Reads the packet record at `offset`: its header, and where its bytes are.
 * A captured length beyond `maxRecordBytes` means the file is damaged (or
 * not pcap past this point): reading stops there rather than buffering it.
 */
export function readPcapRecord(view: DataView, offset: number, header: PcapFileHeader, maxRecordBytes: number): PcapRecordRead {
  if (view.byteLength - offset < PCAP_RECORD_HEADER_LENGTH) return { kind: 'incomplete' };
  const le = header.littleEndian;
  const seconds = view.getUint32(offset, le);
  const fraction = view.getUint32(offset + 4, le);
  const capturedLength = view.getUint32(offset + 8, le);
  const originalLength = view.getUint32(offset + 12, le);
  if (capturedLength > maxRecordBytes) {
    return { kind: 'error', message: `a packet record claims ${capturedLength} captured bytes, more than ${maxRecordBytes}: the file is damaged from here on` };
  }
  const length = PCAP_RECORD_HEADER_LENGTH + capturedLength;
  if (view.byteLength - offset < length) return { kind: 'incomplete' };
  return {
    kind: 'record',
    length,
    dataStart: offset + PCAP_RECORD_HEADER_LENGTH,
    dataLength: capturedLength,
    packet: {
      linkType: header.linkType,
      interfaceId: 0,
      timestamp: { seconds, nanoseconds: header.nanoseconds ? fraction : fraction * 1000 },
      originalLength,
    },
  };
}

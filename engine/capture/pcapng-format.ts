// The pcapng file format (draft-ietf-opsawg-pcapng): a file is sections,
// each opened by a Section Header Block whose byte-order magic says how the
// rest of the section is written; every block is "Block Type, Block Total
// Length, Block Body, Block Total Length", so one we do not read is skipped
// by its length ("General Block Structure"). Packets come in Enhanced Packet
// Blocks (with an interface and a 64-bit timestamp), Simple Packet Blocks
// (interface 0, no timestamp) and the obsolete Packet Block. Each Interface
// Description Block brings its own link type and timestamp resolution
// (if_tsresol) and offset (if_tsoffset).

import type { CaptureTimestamp, CapturedPacket } from './captured-packet';

export const SECTION_HEADER_BLOCK = 0x0a0d0d0a;
export const INTERFACE_DESCRIPTION_BLOCK = 0x00000001;
export const PACKET_BLOCK_OBSOLETE = 0x00000002;
export const SIMPLE_PACKET_BLOCK = 0x00000003;
export const ENHANCED_PACKET_BLOCK = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPTION_END = 0;
const OPTION_IF_TSRESOL = 9;
const OPTION_IF_TSOFFSET = 14;
/** Block type, total length, and the trailing total length. */
const BLOCK_FRAMING = 12;
/** The smallest section header: framing, byte-order magic, version, section length. */
const MIN_SECTION_HEADER = 28;

export interface PcapngInterface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second: 10^6 unless if_tsresol says otherwise. */
  unitsPerSecond: bigint;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSeconds: bigint;
}

/** What the current section says about how to read its blocks. */
export interface PcapngSection {
  littleEndian: boolean;
  interfaces: PcapngInterface[];
}

export type PcapngBlockRead =
  | { kind: 'incomplete' }
  | { kind: 'section'; length: number; section: PcapngSection }
  | { kind: 'interface'; length: number }
  | { kind: 'packet'; length: number; packet: Omit<CapturedPacket, 'number' | 'data'>; dataStart: number; dataLength: number }
  | { kind: 'skipped'; length: number; blockType: number }
  | { kind: 'error'; message: string };

/**
 * Reads the block at `offset`. A Section Header Block is read in whichever
 * byte order its magic proves; every other block in `section`'s order. An
 * Interface Description Block is added to `section.interfaces`.
 */
export function readPcapngBlock(view: DataView, offset: number, section: PcapngSection | null, maxBlockBytes: number): PcapngBlockRead {
  const available = view.byteLength - offset;
  if (available < 8) return { kind: 'incomplete' };
  const typeBigEndian = view.getUint32(offset, false);
  if (typeBigEndian === SECTION_HEADER_BLOCK) return readSectionHeader(view, offset, maxBlockBytes);
  if (!section) return { kind: 'error', message: 'the file does not start with a pcapng Section Header Block' };
  const le = section.littleEndian;
  const blockType = view.getUint32(offset, le);
  const length = view.getUint32(offset + 4, le);
  const framing = checkLength(length, maxBlockBytes, blockType);
  if (framing) return framing;
  if (available < length) return { kind: 'incomplete' };
  const bodyStart = offset + 8;
  const bodyEnd = offset + length - 4;
  switch (blockType) {
    case INTERFACE_DESCRIPTION_BLOCK:
      if (bodyEnd - bodyStart < 8) return { kind: 'error', message: 'an Interface Description Block is too short for its fields' };
      section.interfaces.push(readInterface(view, bodyStart, bodyEnd, le));
      return { kind: 'interface', length };
    case ENHANCED_PACKET_BLOCK:
      return readEnhancedPacket(view, bodyStart, bodyEnd, length, section);
    case SIMPLE_PACKET_BLOCK:
      return readSimplePacket(view, bodyStart, bodyEnd, length, section);
    case PACKET_BLOCK_OBSOLETE:
      return readObsoletePacket(view, bodyStart, bodyEnd, length, section);
    default:
      return { kind: 'skipped', length, blockType };
  }
}

function checkLength(length: number, maxBlockBytes: number, blockType: number): PcapngBlockRead | null {
  if (length < BLOCK_FRAMING || length % 4 !== 0) {
    return { kind: 'error', message: `block type 0x${blockType.toString(16)} has a total length of ${length}, not a multiple of 4 of at least 12: the file is damaged from here on` };
  }
  if (length > maxBlockBytes) {
    return { kind: 'error', message: `block type 0x${blockType.toString(16)} claims ${length} bytes, more than ${maxBlockBytes}: the file is damaged from here on` };
  }
  return null;
}

function readSectionHeader(view: DataView, offset: number, maxBlockBytes: number): PcapngBlockRead {
  if (view.byteLength - offset < 12) return { kind: 'incomplete' };
  const magic = view.getUint32(offset + 8, true);
  const littleEndian = magic === BYTE_ORDER_MAGIC;
  if (!littleEndian && view.getUint32(offset + 8, false) !== BYTE_ORDER_MAGIC) {
    return { kind: 'error', message: `a Section Header Block's byte-order magic is 0x${magic.toString(16)}, not 0x1a2b3c4d in either order` };
  }
  const length = view.getUint32(offset + 4, littleEndian);
  const framing = checkLength(length, maxBlockBytes, SECTION_HEADER_BLOCK);
  if (framing) return framing;
  if (length < MIN_SECTION_HEADER) return { kind: 'error', message: `a Section Header Block of ${length} bytes is too short` };
  if (view.byteLength - offset < length) return { kind: 'incomplete' };
  const major = view.getUint16(offset + 12, littleEndian);
  if (major !== 1) return { kind: 'error', message: `pcapng version ${major} is not 1: this reader does not know it` };
  return { kind: 'section', length, section: { littleEndian, interfaces: [] } };
}

function readInterface(view: DataView, start: number, end: number, le: boolean): PcapngInterface {
  const described: PcapngInterface = {
    linkType: view.getUint16(start, le),
    snapLength: view.getUint32(start + 4, le),
    unitsPerSecond: 1_000_000n,
    offsetSeconds: 0n,
  };
  // Options: code, length, value padded to 32 bits ("Options").
  let at = start + 8;
  while (at + 4 <= end) {
    const code = view.getUint16(at, le);
    const length = view.getUint16(at + 2, le);
    if (code === OPTION_END || at + 4 + length > end) break;
    if (code === OPTION_IF_TSRESOL && length >= 1) {
      // The most significant bit chooses the base: 0 is 10^-n, 1 is 2^-n.
      const resolution = view.getUint8(at + 4);
      const exponent = BigInt(resolution & 0x7f);
      described.unitsPerSecond = resolution & 0x80 ? 2n ** exponent : 10n ** exponent;
    } else if (code === OPTION_IF_TSOFFSET && length >= 8) {
      described.offsetSeconds = view.getBigInt64(at + 4, le);
    }
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  return described;
}

function interfaceOf(section: PcapngSection, id: number): PcapngInterface | string {
  return section.interfaces[id] ?? `a packet names interface ${id}, and the section describes ${section.interfaces.length}`;
}

function timestampOf(described: PcapngInterface, high: number, low: number): CaptureTimestamp {
  const units = (BigInt(high) << 32n) | BigInt(low);
  const seconds = units / described.unitsPerSecond;
  const rest = units % described.unitsPerSecond;
  return {
    seconds: Number(seconds + described.offsetSeconds),
    nanoseconds: Number((rest * 1_000_000_000n) / described.unitsPerSecond),
  };
}

function readEnhancedPacket(view: DataView, start: number, end: number, length: number, section: PcapngSection): PcapngBlockRead {
  const le = section.littleEndian;
  if (end - start < 20) return { kind: 'error', message: 'an Enhanced Packet Block is too short for its fields' };
  const interfaceId = view.getUint32(start, le);
  const described = interfaceOf(section, interfaceId);
  if (typeof described === 'string') return { kind: 'error', message: described };
  const capturedLength = view.getUint32(start + 12, le);
  if (capturedLength > end - start - 20) return { kind: 'error', message: `an Enhanced Packet Block claims ${capturedLength} captured bytes and has room for ${end - start - 20}` };
  return {
    kind: 'packet',
    length,
    dataStart: start + 20,
    dataLength: capturedLength,
    packet: {
      linkType: described.linkType,
      interfaceId,
      timestamp: timestampOf(described, view.getUint32(start + 4, le), view.getUint32(start + 8, le)),
      originalLength: view.getUint32(start + 16, le),
    },
  };
}

function readSimplePacket(view: DataView, start: number, end: number, length: number, section: PcapngSection): PcapngBlockRead {
  const described = interfaceOf(section, 0);
  if (typeof described === 'string') return { kind: 'error', message: described };
  if (end - start < 4) return { kind: 'error', message: 'a Simple Packet Block is too short for its length field' };
  const originalLength = view.getUint32(start, section.littleEndian);
  // "Simple Packet Block": the captured length is the smallest of the
  // original length, the snap length and what the block has room for.
  const room = end - start - 4;
  const capturedLength = Math.min(originalLength, room, described.snapLength === 0 ? room : described.snapLength);
  return {
    kind: 'packet',
    length,
    dataStart: start + 4,
    dataLength: capturedLength,
    packet: { linkType: described.linkType, interfaceId: 0, timestamp: null, originalLength },
  };
}

function readObsoletePacket(view: DataView, start: number, end: number, length: number, section: PcapngSection): PcapngBlockRead {
  const le = section.littleEndian;
  if (end - start < 20) return { kind: 'error', message: 'a Packet Block is too short for its fields' };
  const interfaceId = view.getUint16(start, le);
  const described = interfaceOf(section, interfaceId);
  if (typeof described === 'string') return { kind: 'error', message: described };
  const capturedLength = Math.min(view.getUint32(start + 12, le), end - start - 20);
  return {
    kind: 'packet',
    length,
    dataStart: start + 20,
    dataLength: capturedLength,
    packet: {
      linkType: described.linkType,
      interfaceId,
      timestamp: timestampOf(described, view.getUint32(start + 4, le), view.getUint32(start + 8, le)),
      originalLength: view.getUint32(start + 16, le),
    },
  };
}

// Reads a pcap or pcapng file fed in chunks of any size (a File's stream in
// a worker, a file read 1 MiB at a time in the CLI, or the whole file at
// once), handing out each packet as soon as its record or block is whole.
// Only the bytes of one unfinished block are ever held back, so memory does
// not grow with the file, and every byte is looked at once or twice: no
// quadratic work whatever the chunking.

import type { CapturedPacket } from './captured-packet';
import { PCAP_FILE_HEADER_LENGTH, type PcapFileHeader, isPcapMagic, readPcapFileHeader, readPcapRecord } from './pcap-format';
import { type PcapngSection, SECTION_HEADER_BLOCK, readPcapngBlock } from './pcapng-format';

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureFileReaderOptions {
  /** A record or block longer than this is taken as damage. Default 64 MiB (pcap's snap lengths stay under 256 KiB). */
  maxBlockBytes?: number;
}

export interface CaptureFileSummary {
  format: CaptureFormat | null;
  packets: number;
  bytesRead: number;
  /** What stopped or puzzled the reader: a damaged block, a file that ends inside a record, skipped block types. */
  problems: string[];
}

const DEFAULT_MAX_BLOCK_BYTES = 64 * 1024 * 1024;

export class CaptureFileReader {
  private readonly maxBlockBytes: number;
  private format: CaptureFormat | null = null;
  private pcapHeader: PcapFileHeader | null = null;
  private section: PcapngSection | null = null;
  private failed = false;
  private pending = new Uint8Array(0);
  private pendingLength = 0;
  private packets = 0;
  private consumed = 0;
  private readonly problems: string[] = [];
  private readonly skippedBlockTypes = new Map<number, number>();

  constructor(
    private readonly onPacket: (packet: CapturedPacket) => void,
    options: CaptureFileReaderOptions = {},
  ) {
    this.maxBlockBytes = options.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES;
  }

  get bytesRead(): number {
    return this.consumed;
  }

  get packetCount(): number {
    return this.packets;
  }

  /**
   * Feeds the next bytes of the file. Packets whose bytes are all in `chunk`
   * are handed out as views of it (so keep the chunk unchanged); the others
   * are copied out of the reader's own buffer.
   */
  push(chunk: Uint8Array): void {
    if (this.failed || chunk.length === 0) return;
    if (this.pendingLength === 0) {
      const used = this.consume(chunk, true);
      this.keep(chunk.subarray(used));
      return;
    }
    this.append(chunk);
    const used = this.consume(this.pending.subarray(0, this.pendingLength), false);
    if (this.failed) return;
    this.pending.copyWithin(0, used, this.pendingLength);
    this.pendingLength -= used;
  }

  /** The input is over: says what it was and what went wrong. */
  finish(): CaptureFileSummary {
    if (!this.failed && this.pendingLength > 0) {
      this.problems.push(this.format === null
        ? `the input (${this.pendingLength} bytes) is too short to be a pcap or pcapng file`
        : `the file ends inside a ${this.format === 'pcap' ? 'packet record' : 'block'}: its last ${this.pendingLength} bytes are not read`);
    }
    for (const [type, count] of this.skippedBlockTypes) {
      this.problems.push(`${count} pcapng block${count === 1 ? '' : 's'} of type 0x${type.toString(16).padStart(8, '0')} skipped by their length (not packets)`);
    }
    this.skippedBlockTypes.clear();
    return { format: this.format, packets: this.packets, bytesRead: this.consumed + this.pendingLength, problems: [...this.problems] };
  }

  /** Reads every whole record or block of `bytes`; returns how many bytes they took. */
  private consume(bytes: Uint8Array, stable: boolean): number {
    let offset = 0;
    if (this.format === null) {
      if (bytes.length < 4) return 0;
      if (isPcapMagic(bytes)) this.format = 'pcap';
      else if (((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0 === SECTION_HEADER_BLOCK) this.format = 'pcapng';
      else {
        this.fail('the input is neither pcap (magic a1b2c3d4 or a1b23c4d, either byte order) nor pcapng (0a0d0d0a)');
        return bytes.length;
      }
    }
    if (this.format === 'pcap' && this.pcapHeader === null) {
      if (bytes.length < PCAP_FILE_HEADER_LENGTH) return 0;
      this.pcapHeader = readPcapFileHeader(bytes);
      offset = PCAP_FILE_HEADER_LENGTH;
      this.consumed += PCAP_FILE_HEADER_LENGTH;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (!this.failed) {
      const read = this.format === 'pcap'
        ? readPcapRecord(view, offset, this.pcapHeader!, this.maxBlockBytes)
        : readPcapngBlock(view, offset, this.section, this.maxBlockBytes);
      if (read.kind === 'incomplete') break;
      if (read.kind === 'error') {
        this.fail(`${read.message} (at byte ${this.consumed})`);
        return bytes.length;
      }
      if (read.kind === 'section') this.section = read.section;
      else if (read.kind === 'skipped') this.skippedBlockTypes.set(read.blockType, (this.skippedBlockTypes.get(read.blockType) ?? 0) + 1);
      else if (read.kind === 'record' || read.kind === 'packet') {
        const end = read.dataStart + read.dataLength;
        const data = stable ? bytes.subarray(read.dataStart, end) : bytes.slice(read.dataStart, end);
        this.onPacket({ ...read.packet, number: ++this.packets, data });
      }
      offset += read.length;
      this.consumed += read.length;
    }
    return offset;
  }

  private fail(message: string): void {
    this.failed = true;
    this.problems.push(message);
    this.pendingLength = 0;
  }

  private keep(tail: Uint8Array): void {
    if (this.failed) return;
    this.pendingLength = 0;
    this.append(tail);
  }

  private append(bytes: Uint8Array): void {
    const needed = this.pendingLength + bytes.length;
    if (needed > this.pending.length) {
      // Doubling keeps appends linear overall.
      const grown = new Uint8Array(Math.max(needed, this.pending.length * 2, 64 * 1024));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(bytes, this.pendingLength);
    this.pendingLength = needed;
  }
}

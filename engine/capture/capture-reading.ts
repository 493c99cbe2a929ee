// A capture file, start to end: its records or blocks (capture-file-reader.ts),
// each packet read down to TCP (packet-layers.ts), sorted into conversations
// and reassembled (tcp-conversations.ts), then each conversation named and
// its WebSocket session built (websocket-session.ts).
//
// Fed in chunks, it keeps one unfinished block and the conversations'
// streams, never the file; progress is reported as it goes (at most every
// `progressEveryBytes`), so a worker can post it to the page.

import { CaptureFileReader, type CaptureFormat } from './capture-file-reader';
import type { CaptureNote, CaptureProgress, CaptureSession, FrameStart, ProgressCallback } from './capture-model';
import { type CapturedPacket, timestampToMs } from './captured-packet';
import { readPacketLayers } from './packet-layers';
import { type TcpConversation, TcpConversationTracker } from './tcp-conversations';
import { type ConversationReading, readConversation } from './websocket-session';

export interface CaptureReadOptions {
  /** Where frames start in conversations whose handshake was not captured. */
  frameStarts?: FrameStart[];
  onProgress?: ProgressCallback;
  /** The file's size, when known, for progress. */
  totalBytes?: number;
  /** Progress is reported after at least this many more bytes. Default 1 MiB. */
  progressEveryBytes?: number;
}

export interface CaptureReading {
  format: CaptureFormat | null;
  packets: number;
  tcpPackets: number;
  /** Packets carrying something else than TCP over IP (ARP, UDP, ICMP…), counted and left alone. */
  otherPackets: number;
  /** Every TCP conversation, named, with its session when it has one. */
  conversations: ConversationReading[];
  /** The WebSocket sessions among them (also reachable through `conversations`). */
  sessions: CaptureSession[];
  /** About the file and about packets that belong to no conversation. */
  notes: CaptureNote[];
}

/** Per kind of packet problem, the first ones are noted one by one; the rest are counted. */
const MAX_PACKET_NOTES = 20;
const DEFAULT_PROGRESS_BYTES = 1024 * 1024;

export class CaptureReader {
  private readonly file: CaptureFileReader;
  private readonly tracker = new TcpConversationTracker();
  private readonly notes: CaptureNote[] = [];
  private readonly noteCounts = new Map<string, number>();
  private tcpPackets = 0;
  private otherPackets = 0;
  private cutShortPackets = 0;
  private lastReported = 0;

  constructor(private readonly options: CaptureReadOptions = {}) {
    this.file = new CaptureFileReader((packet) => this.packet(packet));
  }

  /** The next bytes of the file, in order; chunks of any size. */
  push(chunk: Uint8Array): void {
    const every = this.options.progressEveryBytes ?? DEFAULT_PROGRESS_BYTES;
    // A big chunk is fed in slices so progress moves while it is read.
    for (let at = 0; at < chunk.length; at += every) {
      this.file.push(chunk.subarray(at, Math.min(chunk.length, at + every)));
      if (this.file.bytesRead - this.lastReported >= every) this.report();
    }
  }

  finish(): CaptureReading {
    const summary = this.file.finish();
    this.report();
    const fileNotes: CaptureNote[] = summary.problems.map((message) => ({ kind: 'file', message }));
    if (this.cutShortPackets > 0) {
      fileNotes.push({ kind: 'truncated-packet', message: `${this.cutShortPackets} packet${this.cutShortPackets === 1 ? ' was' : 's were'} cut short by the capture's snap length: their missing bytes show as gaps` });
    }
    for (const [kind, count] of this.noteCounts) {
      if (count > MAX_PACKET_NOTES) fileNotes.push({ kind: kind as CaptureNote['kind'], message: `${count - MAX_PACKET_NOTES} more packets like the ones above (${kind}) are not listed one by one` });
    }
    const source = summary.format ?? 'pcap';
    const conversations = this.tracker.finish().map((conversation: TcpConversation) => readConversation(conversation, source, this.options.frameStarts));
    return {
      format: summary.format,
      packets: summary.packets,
      tcpPackets: this.tcpPackets,
      otherPackets: this.otherPackets,
      conversations,
      sessions: conversations.flatMap((reading) => (reading.session ? [reading.session] : [])),
      notes: [...fileNotes, ...this.notes],
    };
  }

  private packet(packet: CapturedPacket): void {
    const read = readPacketLayers(packet.linkType, packet.data);
    const time = timestampToMs(packet.timestamp);
    if (packet.data.length < packet.originalLength) this.cutShortPackets++;
    if (read.ok) {
      this.tcpPackets++;
      this.tracker.add(read.layers, { number: packet.number, time });
      return;
    }
    if (read.kind === 'not-tcp') {
      this.otherPackets++;
      return;
    }
    const kind = read.kind === 'fragment' ? 'fragment' : 'unreadable-packet';
    const count = (this.noteCounts.get(kind) ?? 0) + 1;
    this.noteCounts.set(kind, count);
    if (count <= MAX_PACKET_NOTES) {
      const where = read.ip ? ` (${read.ip.source} → ${read.ip.destination})` : '';
      this.notes.push({ kind, message: `packet #${packet.number}${where}: ${read.reason}`, packet: packet.number, time: time ?? undefined });
    }
  }

  private report(): void {
    this.lastReported = this.file.bytesRead;
    const progress: CaptureProgress = { bytesRead: this.file.bytesRead, totalBytes: this.options.totalBytes ?? null, packets: this.file.packetCount };
    this.options.onProgress?.(progress);
  }
}

/** A whole capture file already in memory. */
export function readCapture(bytes: Uint8Array, options: CaptureReadOptions = {}): CaptureReading {
  const reader = new CaptureReader({ totalBytes: bytes.length, ...options });
  reader.push(bytes);
  return reader.finish();
}

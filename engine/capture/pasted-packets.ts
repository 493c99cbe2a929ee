// Whole packets pasted as hex, as Wireshark's "Copy as Hex Dump" gives them
// (or any hex engine/hex.ts reads): each is recognised down to TCP without
// being told its link type (packet-layers.ts recognisePacket), its layers
// are returned with its payload, and several packets pasted in order go
// through the same reassembly and session finding as a capture file, so a
// gap or a conflicting retransmission among them is reported the same way.

import type { CaptureNote, CaptureSession, FrameStart } from './capture-model';
import { type TcpPacketLayers, recognisePacket } from './packet-layers';
import { TcpConversationTracker } from './tcp-conversations';
import { type ConversationReading, readConversation } from './websocket-session';
import { type HexError, parseHex } from '../hex';

export interface PastedPacket {
  /** 1, 2, 3…: the order they were pasted in, which is taken as the order they were seen. */
  number: number;
  bytes: Uint8Array;
  /** The link type that reads (LINKTYPE_ value), or null when none does. */
  linkType: number | null;
  layers: TcpPacketLayers | null;
  /** Why the packet could not be read down to TCP. */
  problem: string | null;
}

export interface PastedPacketsReading {
  packets: PastedPacket[];
  conversations: ConversationReading[];
  sessions: CaptureSession[];
  notes: CaptureNote[];
}

export type PastedPacketsResult = ({ ok: true } & PastedPacketsReading) | { ok: false; packet: number; error: HexError };

const DUMP_LINE_OFFSET = /^\s*([0-9a-fA-F]{4,8})(?::|\s{2,})/;

/**
 * Cuts pasted text into packets: a blank line ends one, and so does a dump
 * line whose offset column goes back to 0000 (the next packet's first line).
 */
export function splitPacketDumps(text: string): string[] {
  const packets: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.some((line) => line.trim() !== '')) packets.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const offset = DUMP_LINE_OFFSET.exec(line);
    if (offset && parseInt(offset[1], 16) === 0 && current.length > 0) flush();
    current.push(line);
  }
  flush();
  return packets;
}

/** Reads pasted packets: text (split with splitPacketDumps) or packets already as bytes. */
export function readPastedPackets(input: string | readonly Uint8Array[], frameStarts: readonly FrameStart[] = []): PastedPacketsResult {
  const packetBytes: Uint8Array[] = [];
  if (typeof input === 'string') {
    const dumps = splitPacketDumps(input);
    for (let i = 0; i < dumps.length; i++) {
      const parsed = parseHex(dumps[i]);
      if (!parsed.ok) return { ok: false, packet: i + 1, error: parsed.error };
      packetBytes.push(parsed.bytes);
    }
  } else packetBytes.push(...input);

  const tracker = new TcpConversationTracker();
  const notes: CaptureNote[] = [];
  const packets = packetBytes.map((bytes, i): PastedPacket => {
    const number = i + 1;
    const read = recognisePacket(bytes);
    if (!read.ok) {
      notes.push({ kind: read.kind === 'fragment' ? 'fragment' : 'unreadable-packet', message: `packet ${number}: ${read.reason}`, packet: number });
      return { number, bytes, linkType: read.linkType, layers: null, problem: read.reason };
    }
    tracker.add(read.layers, { number, time: null });
    return { number, bytes, linkType: read.linkType, layers: read.layers, problem: null };
  });
  const conversations = tracker.finish().map((conversation) => readConversation(conversation, 'hex', frameStarts));
  return { ok: true, packets, conversations, sessions: conversations.flatMap((c) => (c.session ? [c.session] : [])), notes };
}

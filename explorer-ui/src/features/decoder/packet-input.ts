// Whole packets pasted into the decoder (Wireshark's "Copy as Hex Dump", or
// any hex of Ethernet II / Linux cooked / loopback + IPv4/IPv6 + TCP): the
// engine recognises each packet (engine/capture recognisePacket), puts the
// TCP streams back in sequence-number order and reports what it could not
// place (gaps, retransmissions whose bytes differ); this file decodes each
// stream's bytes as WebSocket frames for the decoder to draw.
//
// Where the frames start: after the upgrade's head when the packets hold
// it (RFC 6455 4.1, 4.2.2); otherwise at the first byte pasted of each
// direction, which is where a person copying "the packet with the frame"
// put it. Which side is the client is known from a SYN or the upgrade;
// without either the engine guesses (the higher port), and a guess is not
// enough to judge masking by (5.1), so such frames say what their MASK bit
// points to instead.

import {
  frameArrival,
  readPastedPackets,
  recognisePacket,
  sessionDecodeRanges,
  splitPacketDumps,
  type CaptureNote,
  type CaptureSession,
  type ConversationKind,
  type Endpoint,
  type FrameStart,
  type PastedPacket,
} from '../../../../engine/capture';
import { decodeFrames } from '../../../../engine/frame';
import type { DecodeResult, Direction } from '../../../../engine/frame-model';
import { parseHex } from '../../../../engine/hex';
import type { DecoderDeflate } from '../../store/decoder-slice';

export interface PacketsOutcome {
  kind: 'packets';
  packets: PastedPacket[];
  conversations: PacketConversation[];
  /** About packets that belong to no conversation (not TCP, fragments). */
  notes: CaptureNote[];
  millis: number;
}

export interface PacketConversation {
  id: string;
  client: Endpoint;
  server: Endpoint;
  /** How the client is known: its SYN, the upgrade it sent, or a guess from the ports. */
  clientKnownBy: 'syn' | 'upgrade' | 'ports';
  kind: ConversationKind;
  description: string;
  /** The upgrade's first lines, when the packets hold them. */
  requestLine: string | null;
  statusLine: string | null;
  directions: DecodedDirection[];
  /** Gaps, conflicts, retransmissions, where frames stop: the engine's words. */
  notes: CaptureNote[];
}

export interface DecodedDirection {
  direction: Direction;
  /** Masking was judged: the client is known, not guessed. */
  judged: boolean;
  ranges: DecodedRange[];
}

export interface DecodedRange {
  /** Stream offset of the range's first byte. */
  base: number;
  bytes: Uint8Array;
  result: DecodeResult;
  /** The packet that completed each frame, by frame index. */
  packets: (number | null)[];
}

const DIRECTIONS: readonly Direction[] = ['client', 'server'];

/**
 * Pasted packets are a person's copy of a few of them: beyond this many
 * characters the paste is taken for frames (a megabyte frame's hex) without
 * looking for packets in it.
 */
const MAX_PACKETS_TEXT_CHARS = 2_000_000;
/** One packet's dump: 65 535 bytes at most (IPv4's total length), about 4.4 characters a byte as Wireshark lays them out. */
const MAX_PACKET_DUMP_CHARS = 300_000;

/** True when the first pasted packet reads down to TCP: the decoder then reads packets, not frames. */
export function looksLikePackets(text: string): boolean {
  if (text.length > MAX_PACKETS_TEXT_CHARS) return false;
  const first = splitPacketDumps(text)[0];
  if (first === undefined || first.length > MAX_PACKET_DUMP_CHARS) return false;
  const parsed = parseHex(first);
  return parsed.ok && parsed.bytes.length > 0 && recognisePacket(parsed.bytes).ok;
}

/** The packets in `text`, reassembled and decoded; null when they are not packets (or not all hex). */
export function decodePastedPackets(text: string, deflate: DecoderDeflate): PacketsOutcome | null {
  const started = performance.now();
  if (!looksLikePackets(text)) return null;
  const first = readPastedPackets(text);
  if (!first.ok) return null;
  // Conversations with no handshake in the packets: their frames start at the first byte pasted each way.
  const starts: FrameStart[] = first.conversations
    .filter((c) => c.session === null && c.kind === 'other')
    .flatMap((c) => DIRECTIONS.flatMap((direction): FrameStart[] => {
      const run = c.conversation.streams[direction].runs[0];
      if (!run) return [];
      return [{ conversation: c.conversation.id, direction, offset: run.offset, ...(deflate.negotiated ? { deflate: { noContextTakeover: deflate.noContextTakeover } } : {}) }];
    }));
  const reading = starts.length > 0 ? readPastedPackets(text, starts) : first;
  if (!reading.ok) return null;

  const conversations = reading.conversations.map((c): PacketConversation => {
    const session = c.session;
    const clientKnownBy = session?.request ? 'upgrade' : c.conversation.clientKnownBy === 'ports' ? 'ports' : 'syn';
    return {
      id: c.conversation.id,
      client: c.conversation.client,
      server: c.conversation.server,
      clientKnownBy,
      kind: c.kind,
      description: c.description,
      requestLine: session?.request ? `${session.request.message.method} ${session.request.message.target} ${session.request.message.version}` : null,
      statusLine: session?.response ? `${session.response.message.version} ${session.response.message.status} ${session.response.message.reason}`.trim() : null,
      directions: session ? decodeDirections(session, clientKnownBy !== 'ports') : [],
      notes: (session ? session.notes : c.conversation.notes).map((note) => inDecoderWords(note, starts)),
    };
  });
  return { kind: 'packets', packets: reading.packets, conversations, notes: reading.notes, millis: performance.now() - started };
}

function decodeDirections(session: CaptureSession, clientKnown: boolean): DecodedDirection[] {
  return DIRECTIONS.map((direction) => ({
    direction,
    judged: clientKnown,
    ranges: sessionDecodeRanges(session, direction)
      .filter((range) => range.bytes.length > 0)
      .map((range): DecodedRange => {
        // A guessed client is no ground for judging masking (RFC 6455 5.1): decode as from an unknown sender.
        const { from: _guessed, ...unjudged } = range.options;
        const result = decodeFrames(range.bytes, clientKnown ? range.options : unjudged);
        const packets = result.frames.map((frame) => frameArrival(session.streams[direction], range.base + frame.offset + frame.length).packet);
        return { base: range.base, bytes: range.bytes, result, packets };
      }),
  }));
}

/** The engine says "where the caller said"; here the caller is this page, which chose the first byte pasted. */
function inDecoderWords(note: CaptureNote, starts: readonly FrameStart[]): CaptureNote {
  const chosenHere = note.kind === 'frames' && starts.some((start) => start.direction === note.direction && start.offset === note.streamOffset);
  if (!chosenHere) return note;
  return { ...note, message: `no upgrade in these packets: the ${note.direction}'s frames are read from the first byte pasted (stream offset ${note.streamOffset})` };
}

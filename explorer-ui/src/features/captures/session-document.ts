// A session saved as JSON, which the explorer opens again (Captures view):
// the bytes each side sent, as hex, at their offsets in the sender's stream
// and with when (and in which packet) they were seen; how each stream ended;
// where frames start when no handshake says so; and what reassembly or
// rebuilding had to report (gaps, conflicts, "rebuilt from HAR"). Opening
// one puts the bytes back as the two streams of a TCP conversation and
// reads it with the engine's own readConversation, so the handshake,
// permessage-deflate and the frames are worked out again, not trusted from
// the file.
//
// Any session becomes one: a captured one (from its CaptureSession), and a
// live or simulated one (from the bytes each side sent, StreamPiece).

import {
  readConversation,
  sessionChunks,
  type CaptureNote,
  type CaptureSession,
  type CaptureSource,
  type CaptureStream,
  type ConversationReading,
  type Endpoint,
  type FrameStart,
  type StreamChunk,
  type StreamPiece,
  type StreamRun,
  type TcpConversation,
} from '../../../../engine/capture';
import type { DecodeDeflate, Direction } from '../../../../engine/frame-model';
import { bytesToHex } from '../../../../engine/hex';
import { tapHexToBytes } from '../live/tap-hex';

export const SESSION_DOCUMENT_FORMAT = 'websocket-explorer-session';
const VERSION = 1;

export interface DocumentChunk {
  from: Direction;
  /** Offset in the sender's stream (its first byte after the SYN is 0). */
  offset: number;
  /** Milliseconds since the epoch, or null when the source gave no time. */
  time: number | null;
  /** The packet that carried it, numbered from 1 as Wireshark numbers them; null when there was none. */
  packet: number | null;
  hex: string;
}

/** How one direction's stream ended, which the bytes alone do not say. */
export interface StreamEnds {
  /** One past the last byte known to have been sent (captured or not). */
  length: number;
  synSeen: boolean;
  finOffset: number | null;
  endedAt: number | null;
  reset: boolean;
}

export interface SessionDocument {
  format: typeof SESSION_DOCUMENT_FORMAT;
  version: typeof VERSION;
  /** Where it came from, in words: "captured in trace.pcapng", "live on the explorer's server", "simulated". */
  origin: string;
  source: CaptureSource;
  /** The bytes were built from a description (HAR, a simulation), not captured. */
  rebuilt: boolean;
  client: Endpoint;
  server: Endpoint;
  startedAt: number | null;
  endedAt: number | null;
  chunks: DocumentChunk[];
  ends: Record<Direction, StreamEnds>;
  /** Where frames start in a stream whose handshake is not in the bytes. */
  frameStarts: { direction: Direction; offset: number; deflate?: DecodeDeflate }[];
  /** What reassembly or rebuilding reported; what the bytes show again (the handshake, the frames) is left to be found again. */
  notes: CaptureNote[];
}

/** Notes the bytes cannot show again on their own: the rest (upgrade, frames) readConversation finds anew. */
const KEPT_NOTE_KINDS: ReadonlySet<CaptureNote['kind']> = new Set(['gap', 'conflict', 'retransmission', 'start-missing', 'fragment', 'truncated-packet', 'tcp-ending', 'tls', 'rebuilt']);

export function documentFromSession(session: CaptureSession, origin: string): SessionDocument {
  const chunks: DocumentChunk[] = [];
  for (const chunk of sessionChunks(session)) {
    chunks.push({ from: chunk.from, offset: chunk.offset, time: chunk.time, packet: chunk.packet, hex: bytesToHex(chunk.bytes) });
  }
  const ends = (direction: Direction): StreamEnds => {
    const { length, synSeen, finOffset, endedAt, reset } = session.streams[direction];
    return { length, synSeen, finOffset, endedAt, reset };
  };
  // Frames the handshake does not place were placed by a person: their starts travel with the bytes.
  const frameStarts: SessionDocument['frameStarts'] = [];
  const switched = session.response?.message.status === 101;
  for (const direction of ['client', 'server'] as const) {
    const start = session.framesStart[direction];
    if (start === null) continue;
    const deflate = session.deflate?.[direction];
    // After a 101 the first start is the handshake's to find; places frames resume after a gap are a person's.
    const offsets = switched ? session.resumeAt[direction] : [start, ...session.resumeAt[direction]];
    for (const offset of offsets) frameStarts.push({ direction, offset, ...(deflate ? { deflate } : {}) });
  }
  return {
    format: SESSION_DOCUMENT_FORMAT,
    version: VERSION,
    origin,
    source: session.source,
    rebuilt: session.rebuilt,
    client: session.client,
    server: session.server,
    startedAt: session.openedAt,
    endedAt: session.closedAt,
    chunks,
    ends: { client: ends('client'), server: ends('server') },
    frameStarts,
    notes: session.notes.filter((note) => KEPT_NOTE_KINDS.has(note.kind)),
  };
}

export interface PiecesDescription {
  origin: string;
  source: CaptureSource;
  rebuilt: boolean;
  client: Endpoint;
  server: Endpoint;
  notes?: CaptureNote[];
  /** When each side's stream ended, if it did. */
  endedAt?: number | null;
}

/** Bytes each side sent (a live session's, a simulation's), as a document: each direction's stream from its first byte. */
export function documentFromPieces(pieces: readonly StreamPiece[], description: PiecesDescription): SessionDocument {
  const next: Record<Direction, number> = { client: 0, server: 0 };
  const length: Record<Direction, number> = { client: 0, server: 0 };
  const chunks = pieces.filter((piece) => piece.bytes.length > 0).map((piece): DocumentChunk => {
    const offset = piece.offset ?? next[piece.from];
    next[piece.from] = offset + (piece.length ?? piece.bytes.length);
    length[piece.from] = Math.max(length[piece.from], next[piece.from]);
    return { from: piece.from, offset, time: piece.time, packet: null, hex: bytesToHex(piece.bytes) };
  });
  const times = chunks.map((chunk) => chunk.time).filter((time): time is number => time !== null);
  const endedAt = description.endedAt ?? null;
  const ends = (direction: Direction): StreamEnds => ({ length: length[direction], synSeen: true, finOffset: endedAt === null ? null : length[direction], endedAt, reset: false });
  return {
    format: SESSION_DOCUMENT_FORMAT,
    version: VERSION,
    origin: description.origin,
    source: description.source,
    rebuilt: description.rebuilt,
    client: description.client,
    server: description.server,
    startedAt: times.length ? Math.min(...times) : null,
    endedAt,
    chunks,
    ends: { client: ends('client'), server: ends('server') },
    frameStarts: [],
    notes: description.notes ?? [],
  };
}

export type DocumentReading =
  | { ok: true; document: SessionDocument; reading: ConversationReading }
  | { ok: false; reason: string };

/** True for a parsed JSON value that says it is a saved session (whatever its version). */
export function isSessionDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === SESSION_DOCUMENT_FORMAT;
}

/** A saved session, read back into a conversation and its session, as a capture's would be. */
export function readSessionDocument(value: unknown, id = 'saved-1'): DocumentReading {
  const problem = checkDocument(value);
  if (problem) return { ok: false, reason: problem };
  const document = value as SessionDocument;
  const streams = { client: streamOf(document, 'client'), server: streamOf(document, 'server') };
  if (typeof streams.client === 'string') return { ok: false, reason: streams.client };
  if (typeof streams.server === 'string') return { ok: false, reason: streams.server };
  const packets = document.chunks.map((chunk) => chunk.packet).filter((packet): packet is number => packet !== null);
  const conversation: TcpConversation = {
    id,
    client: document.client,
    server: document.server,
    clientKnownBy: 'caller',
    packets: document.chunks.length,
    firstPacket: packets.length ? Math.min(...packets) : null,
    lastPacket: packets.length ? Math.max(...packets) : null,
    startedAt: document.startedAt,
    endedAt: document.endedAt,
    streams: { client: streams.client, server: streams.server },
    notes: document.notes,
  };
  const frameStarts: FrameStart[] = document.frameStarts.map((start) => ({ conversation: id, ...start }));
  const reading = readConversation(conversation, document.source, frameStarts);
  if (reading.session) reading.session.rebuilt = document.rebuilt;
  return { ok: true, document, reading };
}

function checkDocument(value: unknown): string | null {
  if (!isSessionDocument(value)) return `not a saved session: its "format" is not "${SESSION_DOCUMENT_FORMAT}"`;
  const document = value as Partial<SessionDocument>;
  if (document.version !== VERSION) return `a saved session of version ${String(document.version)}, which this explorer does not read (it reads version ${VERSION})`;
  if (!isEndpoint(document.client) || !isEndpoint(document.server)) return 'a saved session without its two endpoints';
  if (!Array.isArray(document.chunks) || !document.ends || !Array.isArray(document.frameStarts) || !Array.isArray(document.notes)) return 'a saved session missing its chunks, ends, frame starts or notes';
  for (const [i, chunk] of document.chunks.entries()) {
    if ((chunk?.from !== 'client' && chunk?.from !== 'server') || !Number.isInteger(chunk.offset) || chunk.offset < 0 || typeof chunk.hex !== 'string') return `chunk ${i + 1} is not a chunk (from, offset, hex)`;
  }
  return null;
}

function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'object' && value !== null && typeof (value as Endpoint).address === 'string' && Number.isInteger((value as Endpoint).port);
}

/** One direction's chunks laid at their offsets: contiguous ones joined into a run, a jump left as a gap. */
function streamOf(document: SessionDocument, direction: Direction): CaptureStream | string {
  const sender = direction === 'client' ? document.client : document.server;
  const mine = document.chunks.filter((chunk) => chunk.from === direction).sort((a, b) => a.offset - b.offset);
  const runs: StreamRun[] = [];
  const chunks: StreamChunk[] = [];
  let pending: { offset: number; parts: Uint8Array[]; end: number } | null = null;
  const flush = () => {
    if (!pending) return;
    const bytes = new Uint8Array(pending.end - pending.offset);
    let at = 0;
    for (const part of pending.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    runs.push({ offset: pending.offset, bytes });
    pending = null;
  };
  for (const chunk of mine) {
    const bytes = tapHexToBytes(chunk.hex);
    if (!bytes) return `a ${direction} chunk at offset ${chunk.offset} is not hex`;
    if (bytes.length === 0) continue;
    if (pending && chunk.offset < pending.end) return `the ${direction}'s chunks overlap at offset ${chunk.offset}: a saved session holds each byte once`;
    if (pending && chunk.offset !== pending.end) flush();
    pending ??= { offset: chunk.offset, parts: [], end: chunk.offset };
    pending.parts.push(bytes);
    pending.end += bytes.length;
    chunks.push({ offset: chunk.offset, length: bytes.length, time: chunk.time ?? null, packet: chunk.packet ?? null });
  }
  flush();
  const ends = document.ends[direction];
  const end = runs.length ? runs[runs.length - 1].offset + runs[runs.length - 1].bytes.length : 0;
  return {
    sender,
    runs,
    chunks,
    length: Math.max(end, ends?.length ?? 0),
    synSeen: ends?.synSeen ?? true,
    finOffset: ends?.finOffset ?? null,
    endedAt: ends?.endedAt ?? null,
    reset: ends?.reset ?? false,
  };
}

/** The file name a session is saved under, from its id and what it is. */
export function sessionFileName(id: string, extension: 'pcap' | 'json'): string {
  return `websocket-session-${id.replace(/[^A-Za-z0-9_.-]+/g, '-')}.${extension === 'json' ? 'wsx.json' : 'pcap'}`;
}

// The tap's sessions (engine/tap-messages.ts) as a pcap file: each session
// becomes a TCP connection of its own (tcp-synthesis.ts) between the client
// the tap names (its `remote`) and the explorer's server, carrying the
// session's bytes exactly as the tap recorded them, each chunk at its time
// and at its offset in the sender's stream. A chunk the tap kept only the
// start of, or a jump in offsets (bytes the tap did not keep), leaves the
// same hole in the TCP sequence, so Wireshark reports what is missing
// instead of showing something that was not sent.

import { concatBytes } from '../concat-bytes';
import type { Direction } from '../frame-model';
import { parseHex } from '../hex';
import type { TapChunk, TapMessage } from '../tap-messages';
import { pcapFileHeader, pcapRecord } from './pcap-writer';
import { type SynthesisEndpoint, TcpConversationSynthesiser, type SynthesisedPacket } from './tcp-synthesis';

/** Bytes one side sent, when, and (when known) where in its stream. */
export interface StreamPiece {
  from: Direction;
  bytes: Uint8Array;
  /** Milliseconds since the epoch. */
  time: number;
  /** Offset in the sender's stream; absent: right after the sender's previous piece. */
  offset?: number;
  /** Bytes sent, when more than `bytes` holds (the rest was not kept). */
  length?: number;
}

export interface TapPcapOptions {
  /** The explorer server's address and port, the far end of every connection. Default 127.0.0.1:8080. */
  server?: SynthesisEndpoint;
  maxSegmentSize?: number;
}

const DEFAULT_SERVER: SynthesisEndpoint = { address: '127.0.0.1', port: 8080 };
const FALLBACK_CLIENT_ADDRESS = '127.0.0.1';
const FIRST_EPHEMERAL_PORT = 49152;

/** A list of pieces as one TCP connection in a pcap file. */
export function piecesToPcap(pieces: readonly StreamPiece[], options: TapPcapOptions & { client?: SynthesisEndpoint } = {}): Uint8Array {
  const synthesiser = new TcpConversationSynthesiser({ client: options.client, server: options.server, maxSegmentSize: options.maxSegmentSize });
  const packets: SynthesisedPacket[] = [];
  for (const piece of pieces) packets.push(...synthesiser.send(piece.from, piece.bytes, piece.time, piece.offset, piece.length ?? piece.bytes.length));
  if (pieces.length > 0) packets.push(...synthesiser.close(pieces[pieces.length - 1].time));
  return concatBytes([pcapFileHeader(), ...packets.map((p) => pcapRecord(p.time, p.bytes))]);
}

/** One session's chunks, as the tap recorded them, as a pcap file. */
export function tapChunksToPcap(chunks: readonly TapChunk[], remote?: string, options: TapPcapOptions = {}): Uint8Array {
  const recorder = new TapPcapRecorder(options);
  const records = [recorder.header()];
  const session = chunks[0]?.session ?? 'session';
  records.push(...recorder.message({ type: 'session-opened', session: { id: session, target: '/', remote: remote ?? '', openedAt: chunks[0]?.at ?? 0, state: 'open', subprotocol: null } }));
  for (const chunk of chunks) records.push(...recorder.message({ type: 'bytes', chunk }));
  records.push(...recorder.finish());
  return concatBytes(records);
}

/**
 * Turns the tap's messages, as they arrive, into pcap records to append to
 * a file: `wsx capture` writes them as they come, so a capture stopped at
 * any moment is a valid file.
 */
export class TapPcapRecorder {
  private readonly server: SynthesisEndpoint;
  private readonly sessions = new Map<string, { synthesiser: TcpConversationSynthesiser; lastTime: number }>();
  private readonly remotes = new Map<string, string>();
  private count = 0;
  /** Sessions written so far. */
  sessionCount = 0;

  constructor(private readonly options: TapPcapOptions = {}) {
    this.server = options.server ?? DEFAULT_SERVER;
  }

  header(): Uint8Array {
    return pcapFileHeader();
  }

  message(message: TapMessage): Uint8Array[] {
    if (message.type === 'session-opened' || message.type === 'session-updated') {
      this.remotes.set(message.session.id, message.session.remote);
      return [];
    }
    if (message.type === 'bytes') return this.chunk(message.chunk);
    if (message.type === 'session-closed') {
      const session = this.sessions.get(message.close.session);
      if (!session) return [];
      this.sessions.delete(message.close.session);
      return this.records(session.synthesiser.close(Math.max(message.close.at, session.lastTime)));
    }
    return [];
  }

  /** Closes every connection still open (a capture stopped while sessions ran). */
  finish(): Uint8Array[] {
    const records: Uint8Array[] = [];
    for (const session of this.sessions.values()) records.push(...this.records(session.synthesiser.close(session.lastTime)));
    this.sessions.clear();
    return records;
  }

  private chunk(chunk: TapChunk): Uint8Array[] {
    let session = this.sessions.get(chunk.session);
    if (!session) {
      const index = this.count++;
      const client = clientEndpoint(this.remotes.get(chunk.session), index);
      session = {
        synthesiser: new TcpConversationSynthesiser({
          client,
          server: this.server,
          clientIsn: (0x1000_0000 + index * 0x0100_0000) >>> 0,
          serverIsn: (0x8000_0000 + index * 0x0100_0000) >>> 0,
          maxSegmentSize: this.options.maxSegmentSize,
        }),
        lastTime: chunk.at,
      };
      this.sessions.set(chunk.session, session);
      this.sessionCount++;
    }
    const parsed = parseHex(chunk.hex);
    const bytes = parsed.ok ? parsed.bytes : new Uint8Array(0);
    session.lastTime = Math.max(session.lastTime, chunk.at);
    return this.records(session.synthesiser.send(chunk.from, bytes, chunk.at, chunk.offset, chunk.length));
  }

  private records(packets: SynthesisedPacket[]): Uint8Array[] {
    return packets.map((packet) => pcapRecord(packet.time, packet.bytes));
  }
}

/** The tap's "127.0.0.1:53122"; anything else (an IPv6 client) gets a loopback address and a port of its own. */
function clientEndpoint(remote: string | undefined, index: number): SynthesisEndpoint {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(remote ?? '');
  if (match && match[1].split('.').every((part) => Number(part) <= 255)) return { address: match[1], port: Number(match[2]) };
  const port = /:(\d{1,5})$/.exec(remote ?? '')?.[1];
  return { address: FALLBACK_CLIENT_ADDRESS, port: port ? Number(port) : FIRST_EPHEMERAL_PORT + (index % 16000) };
}

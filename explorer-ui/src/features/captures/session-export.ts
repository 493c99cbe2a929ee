// Any session saved as a file: a live one (the Live view's model), a
// simulated one (the units the simulation put on its wire) or a captured
// one (a CaptureSession, in the capture worker). Each becomes a saved-session
// document (session-document.ts), its JSON the file the explorer opens
// again; the pcap is written from the same document read back as a
// session, by the engine's writer (engine/capture sessionToPcap: a TCP
// connection synthesised around the bytes, checksums right, gaps kept as
// gaps), so Wireshark follows the same stream and finds the same upgrade
// and frames the explorer showed.

import { sessionToPcap, type Endpoint, type StreamPiece } from '../../../../engine/capture';
import type { WireUnit } from '../../../../engine/simulation';
import type { LiveSession } from '../live/live-model';
import { documentFromPieces, readSessionDocument, type SessionDocument } from './session-document';

export interface SavedFiles {
  pcap: Uint8Array;
  json: string;
}

/** The pcap and the JSON of a document; the pcap from the document read back, so both say the same. */
export function filesOfDocument(document: SessionDocument): SavedFiles {
  const json = JSON.stringify(document);
  const read = readSessionDocument(JSON.parse(json));
  if (!read.ok) throw new Error(`a session saved here does not read back: ${read.reason}`);
  const session = read.reading.session;
  if (!session) throw new Error('a session saved here reads back as no session');
  return { pcap: sessionToPcap(session), json };
}

/**
 * A live session's bytes as the page holds them: the upgrade request and the
 * answer from each stream's first byte, then every frame kept, at its offset
 * (frames dropped to bound memory leave a gap, as they would in a capture).
 */
export function livePieces(session: LiveSession): StreamPiece[] {
  const pieces: StreamPiece[] = [];
  if (session.request) pieces.push({ from: 'client', bytes: session.request, time: session.openedAt, offset: 0 });
  if (session.response) pieces.push({ from: 'server', bytes: session.response, time: session.openedAt, offset: 0 });
  const { log } = session;
  for (let n = log.first; n < log.end; n++) {
    const entry = log.get(n);
    if (entry?.kind === 'frame') pieces.push({ from: entry.from, bytes: entry.wire, time: entry.at, offset: entry.offset });
  }
  return pieces;
}

/** "127.0.0.1:53122" or "[::1]:53122" as an endpoint; null when it is neither. */
export function parseEndpoint(text: string): Endpoint | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):(\d{1,5})$/.exec(text.trim());
  if (!match) return null;
  const port = Number(match[3]);
  return port <= 65535 ? { address: match[1] ?? match[2], port } : null;
}

/** The documentation addresses (RFC 5737) a session gets when its endpoints are not known. */
const UNKNOWN_CLIENT: Endpoint = { address: '192.0.2.1', port: 49152 };
const UNKNOWN_SERVER: Endpoint = { address: '192.0.2.2', port: 80 };

/** A live session as a document; `server` is the explorer's own address, as the page knows it. */
export function documentFromLiveSession(session: LiveSession, server: Endpoint | null): SessionDocument {
  const dropped = session.droppedEntries > 0 || session.missingChunks > 0;
  return documentFromPieces(livePieces(session), {
    origin: `live session ${session.id} (${session.target}) on the explorer's server`,
    source: 'tap',
    rebuilt: false,
    client: parseEndpoint(session.remote) ?? UNKNOWN_CLIENT,
    server: server ?? UNKNOWN_SERVER,
    endedAt: session.state === 'closed' ? session.close?.at ?? null : null,
    notes: dropped
      ? [{ kind: 'gap', message: 'some of this live session\'s frames were not kept by the tap or by the page (memory is bounded): their bytes are missing here' }]
      : [],
  });
}

/** The page's own server as an endpoint: its host when that is an IP address, and its port. */
export function pageServerEndpoint(location: { hostname: string; port: string; protocol: string }): Endpoint | null {
  const port = Number(location.port || (location.protocol === 'https:' ? 443 : 80));
  const host = location.hostname === 'localhost' ? '127.0.0.1' : location.hostname.replace(/^\[|\]$/g, '');
  return parseEndpoint(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
}

/**
 * A simulation's wire as a session: every unit either side wrote, in the
 * order written. The simulation's clock is virtual, so each unit is given a
 * millisecond of its own from `startTime` (the order is what is real); a
 * FIN unit ends its sender's stream and carries no bytes.
 */
export function simulationPieces(units: Iterable<WireUnit>, startTime: number): StreamPiece[] {
  const pieces: StreamPiece[] = [];
  let time = startTime;
  for (const unit of [...units].sort((a, b) => a.id - b.id)) {
    time += 1;
    if (unit.kind === 'fin' || unit.bytes.length === 0) continue;
    pieces.push({ from: unit.from, bytes: unit.bytes, time });
  }
  return pieces;
}

export function documentFromSimulation(units: Iterable<WireUnit>, scenario: string, startTime = Date.UTC(2026, 0, 1)): SessionDocument {
  return documentFromPieces(simulationPieces(units, startTime), {
    origin: `simulation "${scenario}": the explorer's two endpoints back to back, the bytes exactly as each side wrote them; times are only their order, a millisecond apart`,
    source: 'tap',
    rebuilt: false,
    client: UNKNOWN_CLIENT,
    server: UNKNOWN_SERVER,
  });
}

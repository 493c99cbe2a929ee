// A session's bytes as they crossed, both directions merged in the order
// they were seen, each direction kept in its own stream order: the walk
// the Live view's tap messages and a rebuilt pcap both need.

import type { CaptureSession } from './capture-model';
import type { Direction } from '../frame-model';
import type { StreamPiece } from './tap-pcap';
import { runAt } from './stream-lookup';

export interface SessionChunk {
  from: Direction;
  offset: number;
  bytes: Uint8Array;
  time: number | null;
  packet: number | null;
}

/** Both directions' chunks, merged by packet number (else time), each direction in stream order. */
export function* sessionChunks(session: CaptureSession): Generator<SessionChunk, void, undefined> {
  const lists = { client: session.streams.client.chunks, server: session.streams.server.chunks };
  const next = { client: 0, server: 0 };
  const take = (from: Direction): SessionChunk => {
    const chunk = lists[from][next[from]++];
    const run = runAt(session.streams[from], chunk.offset)!;
    const start = chunk.offset - run.offset;
    return { from, offset: chunk.offset, bytes: run.bytes.subarray(start, start + chunk.length), time: chunk.time, packet: chunk.packet };
  };
  while (next.client < lists.client.length || next.server < lists.server.length) {
    if (next.server >= lists.server.length) yield take('client');
    else if (next.client >= lists.client.length) yield take('server');
    else yield take(earlier(lists.client[next.client], lists.server[next.server]) ? 'client' : 'server');
  }
}

function earlier(a: { packet: number | null; time: number | null }, b: { packet: number | null; time: number | null }): boolean {
  if (a.packet !== null && b.packet !== null) return a.packet <= b.packet;
  if (a.time !== null && b.time !== null) return a.time <= b.time;
  return true;
}

/** The session's bytes as pieces for a pcap writer (tap-pcap.ts), offsets kept so gaps stay gaps. */
export function sessionPieces(session: CaptureSession): StreamPiece[] {
  const pieces: StreamPiece[] = [];
  let lastTime = session.openedAt ?? 0;
  for (const chunk of sessionChunks(session)) {
    lastTime = chunk.time ?? lastTime;
    pieces.push({ from: chunk.from, bytes: chunk.bytes, time: lastTime, offset: chunk.offset });
  }
  return pieces;
}

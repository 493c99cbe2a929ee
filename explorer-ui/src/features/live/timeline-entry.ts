// What a session's timeline holds, in the order things crossed the wire:
// the upgrade request and the server's answer (RFC 6455 4.1, 4.2.2), then
// every frame in both directions (5.2), with markers where the history has a
// hole, where a stream broke a rule, and for whatever a newer tap sent that
// this page does not know.

import type { Direction } from '../../../../engine/frame-model';
import type { ParserFailure } from '../../../../engine/frame-parser';
import type { GapCause } from './direction-stream';

export interface HandshakeEntry {
  kind: 'handshake';
  from: Direction;
  at: number;
  /** The HTTP head (and any body) as the tap sent it; credential values are '*' bytes. */
  bytes: Uint8Array;
  /** "GET /echo HTTP/1.1" or "HTTP/1.1 101 Switching Protocols". */
  firstLine: string;
}

export interface FrameEntry {
  kind: 'frame';
  from: Direction;
  at: number;
  /** Where the frame starts in its sender's stream. */
  offset: number;
  fin: boolean;
  /** RSV1–3 as bits 4, 2, 1. */
  rsv: number;
  opcode: number;
  masked: boolean;
  payloadLength: number;
  /** The frame exactly as on the wire (masked when MASK is set), for the decoder. */
  wire: Uint8Array;
  /** One line: text, close code and meaning, ping payload… (a compressed message's, inflated). */
  summary: string;
  /** Part of a message compressed with permessage-deflate (RFC 7692): the payload on the wire is DEFLATE. */
  compressed: boolean;
  /** On a compressed message's last frame: the whole message, inflated. */
  inflated: Uint8Array | null;
}

export interface GapEntry {
  kind: 'gap';
  from: Direction;
  at: number;
  cause: GapCause | 'skipped';
  /** Bytes the view does not have (or could not place). */
  bytes: number;
}

export interface FailureEntry {
  kind: 'failure';
  from: Direction;
  at: number;
  offset: number;
  failure: ParserFailure;
}

export interface NoteEntry {
  kind: 'note';
  from: Direction | null;
  at: number;
  /** Plain text; shown as text, never as markup. */
  text: string;
}

export type TimelineEntry = HandshakeEntry | FrameEntry | GapEntry | FailureEntry | NoteEntry;

/** Bytes an entry holds, for the memory bound. */
export function entryBytes(entry: TimelineEntry): number {
  switch (entry.kind) {
    case 'handshake':
      return entry.bytes.length;
    case 'frame':
      return entry.wire.length + (entry.inflated?.length ?? 0) + entry.summary.length * 2;
    case 'failure':
      return entry.failure.bytes.length;
    case 'note':
      return entry.text.length * 2;
    case 'gap':
      return 0;
  }
}

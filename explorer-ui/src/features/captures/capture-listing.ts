// What the Captures view lists about an opened file, small enough to post
// from the worker that keeps the file's streams: every TCP conversation
// named (a WebSocket session, a refused upgrade, plain HTTP, TLS, something
// else), each session's facts, and the first bytes of each direction of a
// conversation whose handshake is not in the capture, for a person to say
// where its frames start.

import {
  formatEndpoint,
  type CaptureNote,
  type CaptureSession,
  type CaptureSessionState,
  type CaptureSource,
  type ConversationKind,
  type ConversationReading,
  type Endpoint,
} from '../../../../engine/capture';
import type { Direction } from '../../../../engine/frame-model';
import { bytesToHex } from '../../../../engine/hex';

export type CaptureFileKind = 'pcap' | 'pcapng' | 'har' | 'saved-session';

export interface SessionSummary {
  id: string;
  source: CaptureSource;
  /** Bytes built from a description (HAR), not captured. */
  rebuilt: boolean;
  state: CaptureSessionState;
  /** The upgrade's request target, or null when the handshake was not captured. */
  target: string | null;
  statusLine: string | null;
  subprotocol: string | null;
  /** permessage-deflate as the 101 (or the person) agreed it, or null. */
  deflate: CaptureSession['deflate'];
  /** The frames start where the handshake ends, or where a person said. */
  framesFrom: 'handshake' | 'person' | 'nowhere';
  frames: number;
  framesWithProblems: number;
  openedAt: number | null;
  closedAt: number | null;
  notes: CaptureNote[];
}

/** The first bytes a direction's stream holds, for choosing where frames start. */
export interface StreamPreview {
  /** Offset of the first byte held (0 when the capture has the stream from its start). */
  offset: number;
  hex: string;
  /** Bytes the direction holds in all. */
  length: number;
}

export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  description: string;
  client: Endpoint;
  server: Endpoint;
  clientKnownBy: 'syn' | 'ports' | 'caller';
  packets: number;
  session: SessionSummary | null;
  preview: Record<Direction, StreamPreview>;
}

export interface CaptureListing {
  fileName: string;
  fileBytes: number;
  kind: CaptureFileKind;
  /** What the file says of itself (HAR: its entries; a saved session: where it came from). */
  about: string;
  packets: number;
  tcpPackets: number;
  otherPackets: number;
  conversations: ConversationSummary[];
  /** About the file, and packets that belong to no conversation. */
  notes: CaptureNote[];
  /** How long the worker took to read it. */
  millis: number;
}

const PREVIEW_BYTES = 24;

export function summariseSession(session: CaptureSession): SessionSummary {
  const request = session.request?.message;
  const response = session.response?.message;
  const framesFrom = session.framesStart.client === null && session.framesStart.server === null ? 'nowhere' : response?.status === 101 ? 'handshake' : 'person';
  return {
    id: session.id,
    source: session.source,
    rebuilt: session.rebuilt,
    state: session.state,
    target: request ? request.target : null,
    statusLine: response ? `${response.version} ${response.status} ${response.reason}`.trim() : null,
    subprotocol: session.subprotocol,
    deflate: session.deflate,
    framesFrom,
    frames: session.frames.length,
    framesWithProblems: session.frames.filter((frame) => frame.problemCount > 0).length,
    openedAt: session.openedAt,
    closedAt: session.closedAt,
    notes: session.notes,
  };
}

export function summariseConversation(reading: ConversationReading): ConversationSummary {
  const { conversation } = reading;
  const preview = (direction: Direction): StreamPreview => {
    const stream = conversation.streams[direction];
    const run = stream.runs[0];
    return { offset: run?.offset ?? 0, hex: run ? bytesToHex(run.bytes.subarray(0, PREVIEW_BYTES)) : '', length: stream.runs.reduce((sum, r) => sum + r.bytes.length, 0) };
  };
  return {
    id: conversation.id,
    kind: reading.kind,
    description: reading.description,
    client: conversation.client,
    server: conversation.server,
    clientKnownBy: conversation.clientKnownBy,
    packets: conversation.packets,
    session: reading.session ? summariseSession(reading.session) : null,
    preview: { client: preview('client'), server: preview('server') },
  };
}

/** A HAR session stands for a conversation of its own: there was no capture of TCP. */
export function summariseHarSession(session: CaptureSession): ConversationSummary {
  const target = session.request?.message.target ?? '?';
  return {
    id: session.id,
    kind: 'websocket',
    description: `${formatEndpoint(session.server)}: WebSocket ${target}, rebuilt from HAR; ${session.frames.length} frame${session.frames.length === 1 ? '' : 's'}`,
    client: session.client,
    server: session.server,
    clientKnownBy: 'caller',
    packets: 0,
    session: summariseSession(session),
    preview: { client: { offset: 0, hex: '', length: session.streams.client.length }, server: { offset: 0, hex: '', length: session.streams.server.length } },
  };
}

/** Conversations a person may point at frames in: TCP with bytes, no captured handshake, not TLS. */
export function framesCanStartAnywhere(conversation: ConversationSummary): boolean {
  return conversation.kind === 'other' || conversation.kind === 'websocket-from-caller';
}

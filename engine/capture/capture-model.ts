// The session model every capture path shares: a pcap or pcapng file, TCP
// packets pasted as hex, a HAR file from a browser, and the explorer's own
// tap. Each ends as CaptureSessions, and a session says the same things
// whatever it came from: the opening handshake (RFC 6455 4.1, 4.2.2), the
// bytes each endpoint sent, in stream order, with when they were seen, the
// frames found in them (5.2), and notes about what could not be known
// (a gap, a retransmission whose bytes differ, bytes rebuilt from HAR).
//
// A direction's bytes are counted from the first byte of its TCP stream
// (the byte after the SYN, RFC 9293 3.4), as engine/tap-messages.ts counts
// a TapChunk's offset, so a capture's session can be handed to the Live view
// as the tap's messages (session-tap-messages.ts) and be shown as a live one.

import type { Direction, DecodeDeflate } from '../frame-model';
import type { HttpRequest, HttpResponse } from '../http-message';

/** Where a capture's session came from. */
export type CaptureSource = 'pcap' | 'pcapng' | 'hex' | 'har' | 'tap';

/** One end of a TCP connection. */
export interface Endpoint {
  /** "127.0.0.1" or "2001:db8::1" (RFC 5952 text form). */
  address: string;
  port: number;
}

/** "127.0.0.1:8080", "[::1]:8080". */
export function formatEndpoint({ address, port }: Endpoint): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export type CaptureNoteKind =
  /** Stream bytes that no captured packet carried. */
  | 'gap'
  /** A segment carried bytes already received, and they differ: the first ones are kept. */
  | 'conflict'
  /** Segments that repeated bytes already received, identically: counted once. */
  | 'retransmission'
  /** The capture started after the SYN (offsets count from the first byte seen), or before the first frame. */
  | 'start-missing'
  /** An IP fragment: its bytes are not reassembled (RFC 791 2.3, RFC 8200 4.5). */
  | 'fragment'
  /** A packet cut short by the capture's snap length, or too short for the headers it claims. */
  | 'truncated-packet'
  /** A packet whose link type, network protocol or header could not be read. */
  | 'unreadable-packet'
  /** Bytes after the sender's FIN, or a reset. */
  | 'tcp-ending'
  /** TLS records: encrypted, not decoded. */
  | 'tls'
  /** HTTP that is not (or not yet) a WebSocket upgrade, or an upgrade that was refused. */
  | 'http'
  /** Bytes built from a description of the traffic (HAR), not captured. */
  | 'rebuilt'
  /** Where frames were decoded from, and why they stop. */
  | 'frames'
  /** The capture file itself: an unknown block, a truncated record. */
  | 'file';

export interface CaptureNote {
  kind: CaptureNoteKind;
  message: string;
  /** Whose stream it is about, when it is about one. */
  direction?: Direction;
  /** Where in that stream (counted from the byte after the SYN). */
  streamOffset?: number;
  /** Bytes it is about (missing, conflicting, retransmitted). */
  length?: number;
  /** The packet it is about, numbered from 1 as Wireshark numbers them. */
  packet?: number;
  /** Milliseconds since the Unix epoch. */
  time?: number;
}

/** Contiguous bytes of one direction; runs are separated by gaps. */
export interface StreamRun {
  offset: number;
  bytes: Uint8Array;
}

/** Where one packet's new bytes landed in the stream, and when: the stream's equivalent of a TapChunk. */
export interface StreamChunk {
  offset: number;
  length: number;
  /** Milliseconds since the Unix epoch; null when the capture gives no time (a pcapng simple packet block, pasted hex). */
  time: number | null;
  /** The packet, numbered from 1; null for rebuilt bytes. */
  packet: number | null;
}

/** One direction of a TCP connection, put back in sequence-number order (RFC 9293 3.4, 3.10.7.4). */
export interface CaptureStream {
  sender: Endpoint;
  runs: StreamRun[];
  /** In stream order; each chunk lies inside one run. */
  chunks: StreamChunk[];
  /** One past the last byte known to have been sent (captured or not). */
  length: number;
  /** True when the sender's SYN was captured, so offset 0 really is its first byte. */
  synSeen: boolean;
  /** Stream offset of the sender's FIN, when one was captured. */
  finOffset: number | null;
  /** Time of the sender's FIN or RST, when captured. */
  endedAt: number | null;
  /** A reset (RST) ended this direction. */
  reset: boolean;
}

/** A frame found in a session, summarised: enough for a list; decodeSessionSteps() has every field. */
export interface CaptureFrame {
  direction: Direction;
  /** Position among its direction's frames, as decodeSessionSteps() numbers them. */
  index: number;
  /** Where its first byte is in the sender's stream. */
  streamOffset: number;
  length: number;
  headerLength: number;
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  opcodeName: string;
  masked: boolean;
  payloadLength: number;
  /** Rules the frame breaks (notes do not count). */
  problemCount: number;
  /** When its last byte was seen, ms since the epoch; null when the capture has no times. */
  time: number | null;
  /** The packet that carried its last byte. */
  packet: number | null;
}

export type CaptureSessionState =
  /** The upgrade request is in, no answer was captured. */
  | 'handshake'
  /** 101 Switching Protocols (or frames the caller pointed at). */
  | 'open'
  /** The server answered the upgrade with something else than 101. */
  | 'refused'
  /** Both directions ended (FIN or RST). */
  | 'closed';

/** The opening handshake as captured (or rebuilt): the parsed head and its exact bytes. */
export interface CapturedHead<T> {
  message: T;
  bytes: Uint8Array;
  streamOffset: number;
  time: number | null;
  packet: number | null;
}

export interface CaptureSession {
  id: string;
  source: CaptureSource;
  /** The TCP conversation it lives in (TcpConversation.id), or the HAR entry ("har-3"). */
  conversation: string;
  client: Endpoint;
  server: Endpoint;
  /** True when the bytes were built from a description (HAR), not captured: masking keys are chosen, not the browser's. */
  rebuilt: boolean;
  state: CaptureSessionState;
  request: CapturedHead<HttpRequest> | null;
  response: CapturedHead<HttpResponse> | null;
  /** Negotiated subprotocol (RFC 6455 4.2.2 Sec-WebSocket-Protocol). */
  subprotocol: string | null;
  /** permessage-deflate as the 101 agreed it (RFC 7692 7.1), per sender; null without it. */
  deflate: { client: DecodeDeflate; server: DecodeDeflate } | null;
  /** Where each direction's frames start (after the handshake head), or null when unknown. */
  framesStart: { client: number | null; server: number | null };
  /**
   * Further places, after gaps, where the caller said a frame starts
   * (FrameStart): decoding resumes there, its frames numbered on from the
   * ones before. Sorted; each lies after `framesStart`.
   */
  resumeAt: { client: number[]; server: number[] };
  streams: { client: CaptureStream; server: CaptureStream };
  /** Both directions, in the order their last bytes were seen. */
  frames: CaptureFrame[];
  notes: CaptureNote[];
  /** First and last time seen, ms since the epoch. */
  openedAt: number | null;
  closedAt: number | null;
}

/** What a long parse reports as it goes, so a worker can drive a progress bar. */
export interface CaptureProgress {
  bytesRead: number;
  /** The whole input's size, when known. */
  totalBytes: number | null;
  packets: number;
}

export type ProgressCallback = (progress: CaptureProgress) => void;

/** Where frames start in a conversation whose handshake was not captured. */
export interface FrameStart {
  /** TcpConversation.id, e.g. "tcp-2". */
  conversation: string;
  /** Whose stream the offset is in. */
  direction: Direction;
  /** Stream offset of a frame's first byte. */
  offset: number;
  /**
   * "address:port" of the endpoint that is the WebSocket client, when the
   * conversation's guess (the SYN's sender, else the higher port) is wrong.
   */
  client?: string;
  /** permessage-deflate as the uncaptured 101 agreed it for this direction's sender (RFC 7692 7.1); absent: none. */
  deflate?: DecodeDeflate;
}

// A WebSocket session as bytes each way, and the TCP segments that would
// carry it (SYN, SYN-ACK, ACK, the bytes cut at an MSS, FINs), for the
// capture tests to wrap in whatever link layer and file format they test.

import { encodeFrame } from '../../engine/frame';
import type { TestSegment } from './capture-files';

const text = new TextEncoder();

export const UPGRADE_REQUEST = text.encode(
  'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
);
export const UPGRADE_RESPONSE = text.encode(
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
);

export interface SentMessage {
  from: 'client' | 'server';
  opcode: number;
  payload: Uint8Array;
}

/** What the tests send: text both ways, a binary frame, a ping and its pong, a close each way. */
export const SAMPLE_MESSAGES: SentMessage[] = [
  { from: 'client', opcode: 1, payload: text.encode('Hello') },
  { from: 'server', opcode: 1, payload: text.encode('Hello back') },
  { from: 'client', opcode: 2, payload: Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff) },
  { from: 'server', opcode: 9, payload: text.encode('ping') },
  { from: 'client', opcode: 10, payload: text.encode('ping') },
  { from: 'client', opcode: 8, payload: Uint8Array.from([0x03, 0xe8]) },
  { from: 'server', opcode: 8, payload: Uint8Array.from([0x03, 0xe8]) },
];

/** A fixed key per message, so the bytes are the same each run. */
export function testMaskingKey(index: number): Uint8Array {
  return Uint8Array.from([0x37, 0xfa, 0x21, index & 0xff]);
}

export function frameBytes(message: SentMessage, index: number): Uint8Array {
  return encodeFrame({ opcode: message.opcode, payload: message.payload, maskingKey: message.from === 'client' ? testMaskingKey(index) : null });
}

export interface Piece {
  from: 'client' | 'server';
  bytes: Uint8Array;
}

/** The handshake, then each message as one frame, in order. */
export function samplePieces(messages: SentMessage[] = SAMPLE_MESSAGES): Piece[] {
  return [
    { from: 'client', bytes: UPGRADE_REQUEST },
    { from: 'server', bytes: UPGRADE_RESPONSE },
    ...messages.map((message, index) => ({ from: message.from, bytes: frameBytes(message, index) })),
  ];
}

export interface SegmentOptions {
  clientIsn?: number;
  serverIsn?: number;
  /** Payload bytes per segment. */
  mss?: number;
  startTime?: number;
  /** Seconds between segments. */
  step?: number;
  handshake?: boolean;
  fin?: boolean;
}

/** TCP segments carrying the pieces, numbered as TCP numbers them (RFC 9293 3.4). */
export function segmentsFor(pieces: Piece[], options: SegmentOptions = {}): TestSegment[] {
  const isn = { client: options.clientIsn ?? 1000, server: options.serverIsn ?? 5000 };
  const next = { client: (isn.client + 1) >>> 0, server: (isn.server + 1) >>> 0 };
  const mss = options.mss ?? 1460;
  const step = options.step ?? 0.001;
  let time = options.startTime ?? 1_700_000_000;
  const segments: TestSegment[] = [];
  const push = (segment: Omit<TestSegment, 'time'>) => {
    segments.push({ ...segment, time });
    time += step;
  };
  if (options.handshake ?? true) {
    push({ from: 'client', seq: isn.client, flags: { syn: true } });
    push({ from: 'server', seq: isn.server, ack: next.client, flags: { syn: true, ack: true } });
    push({ from: 'client', seq: next.client, ack: next.server, flags: { ack: true } });
  }
  for (const piece of pieces) {
    const other = piece.from === 'client' ? 'server' : 'client';
    for (let at = 0; at < piece.bytes.length; at += mss) {
      const payload = piece.bytes.subarray(at, at + mss);
      push({ from: piece.from, seq: next[piece.from], ack: next[other], flags: { ack: true, psh: true }, payload });
      next[piece.from] = (next[piece.from] + payload.length) >>> 0;
    }
  }
  if (options.fin ?? true) {
    push({ from: 'client', seq: next.client, ack: next.server, flags: { fin: true, ack: true } });
    push({ from: 'server', seq: next.server, ack: (next.client + 1) >>> 0, flags: { fin: true, ack: true } });
    push({ from: 'client', seq: (next.client + 1) >>> 0, ack: (next.server + 1) >>> 0, flags: { ack: true } });
  }
  return segments;
}

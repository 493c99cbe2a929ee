// The exact bytes of an upgrade request, as they arrived on the socket.
//
// node:http parses the request head before the 'upgrade' event fires and
// hands over only its parsed view (names and values, whitespace trimmed);
// the tap and the handshake stepper need what the client really sent
// (RFC 6455 4.1: the opening handshake is an HTTP/1.1 request, and a teaching
// tool shows it byte for byte). So every connection of the HTTP server gets a
// HeadCapture that watches its 'data' chunks and keeps only a short tail:
//
// - memory is bounded: at most maxHeadBytes + 1 bytes of its own (a copy of
//   the oldest piece when it has to be cut), plus, for the length of one
//   'data' event, a reference to the chunk node:http is parsing anyway;
// - node:http stays the authority on where messages begin and end, which
//   matters on a keep-alive connection whose earlier requests had bodies: its
//   'upgrade' event hands over `head`, the bytes after the request head in
//   the chunk being parsed, so the request head ends exactly head.length
//   bytes before the end of what has arrived. The head's start is the latest
//   line start from which the engine's own parser (engine/http-message.ts)
//   reads the same request line and header fields node:http read, ending
//   exactly there. Only those bytes belong to the session; earlier requests
//   on the socket do not.
//
// Adding a 'data' listener makes node:http stop consuming the socket's
// handle in C++ ("unconsume" in node's lib/_http_server.js) and parse from
// JavaScript 'data' events instead; without it the listener would never
// hear a byte. That is the cost of exactness; on this project's static
// files (2,000 requests in a row on 127.0.0.1, with and without captures,
// alternating) it was lost in the noise of a shared machine.
//
// Why not parse heads ourselves on a net.Server and hand plain requests to
// node:http? Once a keep-alive socket is handed over, a later upgrade on it
// would again arrive parsed; watching every socket covers that case too.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { parseRequestHead, type HttpRequest } from '../engine/http-message';

export type CapturedHead =
  | {
      ok: true;
      /** The request head exactly as received, request line through the blank line. */
      bytes: Uint8Array;
      /** Those bytes as the engine reads them (header order, case and repeats kept). */
      request: HttpRequest;
      /** What the engine's parser accepted but points out. */
      notes: string[];
    }
  | {
      ok: false;
      /** What the server answers: 431 when the head is over the bound, else 400. */
      status: number;
      reason: string;
    };

export interface HeadCaptureLimits {
  /** The largest upgrade request head kept; a longer one is refused with 431 (RFC 6585 5). */
  maxHeadBytes: number;
  /** Header field lines; more → 431. */
  maxHeaderCount: number;
}

const LF = 0x0a;

export class HeadCapture {
  /** The tail of what arrived before the chunk being parsed, oldest first; at most maxHeadBytes + 1 bytes. */
  private pieces: Uint8Array[] = [];
  private piecesBytes = 0;
  /** Bytes of the stream dropped before `pieces` (0 while the first byte is still kept). */
  private dropped = 0;
  /** The chunk node:http is parsing right now (only during a 'data' event). */
  private current: Uint8Array | null = null;
  private stopped = false;
  private readonly beforeParser = (chunk: Buffer) => this.arrived(chunk);
  private readonly afterParser = () => this.parsed();

  private constructor(
    private readonly socket: Socket,
    private readonly limits: HeadCaptureLimits,
  ) {}

  /**
   * Starts watching a socket that node:http's server has just taken (call it
   * from the server's 'connection' event, after node:http's own listener).
   * The first listener runs before node:http's parser sees a chunk, so when
   * 'upgrade' fires from inside that parse, the chunk is already here.
   */
  static attach(socket: Socket, limits: HeadCaptureLimits): HeadCapture {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
    const capture = new HeadCapture(socket, limits);
    socket.prependListener('data', capture.beforeParser);
    socket.on('data', capture.afterParser);
    return capture;
  }

  /** Bytes this capture holds of its own (not counting the chunk being parsed). */
  get retainedBytes(): number {
    return this.piecesBytes;
  }

  /** Stops watching; what is held is released. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.socket.off('data', this.beforeParser);
    this.socket.off('data', this.afterParser);
    this.pieces = [];
    this.piecesBytes = 0;
    this.current = null;
  }

  /**
   * The upgrade request's exact head. Call it from the server's 'upgrade'
   * event with node:http's request and `head` (the bytes after the head in
   * the chunk being parsed, which belong to the WebSocket stream). Stops the
   * capture: from here on the socket is the WebSocket connection's.
   */
  take(incoming: IncomingMessage, head: Uint8Array): CapturedHead {
    const window = this.window();
    const keptFromStart = this.dropped === 0;
    this.stop();
    const headEnd = window.length - head.length;
    if (headEnd < 0 || window.length === 0) {
      return { ok: false, status: 400, reason: 'the request head was not seen on the socket (was it upgraded outside its HTTP server?)' };
    }
    const requestLine = latin1Bytes(`${incoming.method} ${incoming.url} HTTP/${incoming.httpVersion}\r\n`);
    const earliest = Math.max(0, headEnd - this.limits.maxHeadBytes);
    // The latest line start that begins with the request line: a head cannot
    // contain its own request line again as a field line (a field name has
    // no spaces), so the latest candidate is the request itself.
    for (let start = headEnd - requestLine.length; start >= earliest; start--) {
      const atLineStart = start === 0 ? keptFromStart : window[start - 1] === LF;
      if (!atLineStart || !startsWith(window, start, requestLine)) continue;
      return this.readHead(window.subarray(start, headEnd), incoming);
    }
    if (headEnd - earliest >= this.limits.maxHeadBytes) {
      return { ok: false, status: 431, reason: `the request head is over ${this.limits.maxHeadBytes} bytes` };
    }
    return { ok: false, status: 400, reason: 'the request line node:http read is not in the bytes received' };
  }

  private readHead(bytes: Uint8Array, incoming: IncomingMessage): CapturedHead {
    const parsed = parseRequestHead(bytes, this.limits);
    if (parsed.state === 'error') return { ok: false, status: parsed.status, reason: `${parsed.message} (line ${parsed.line})` };
    if (parsed.state === 'incomplete' || parsed.headLength !== bytes.length) {
      return { ok: false, status: 400, reason: 'the request head does not end where node:http found its end' };
    }
    const raw = incoming.rawHeaders;
    const headers = parsed.message.headers;
    const sameFields = headers.length * 2 === raw.length && headers.every((h, i) => h.name === raw[2 * i] && h.value === raw[2 * i + 1]);
    if (!sameFields) return { ok: false, status: 400, reason: 'the header fields read from the bytes differ from the ones node:http read' };
    // A copy (not Buffer#slice, which is a view): the window is released with the capture.
    return { ok: true, bytes: new Uint8Array(bytes), request: parsed.message, notes: parsed.notes };
  }

  private arrived(chunk: Buffer): void {
    if (this.stopped) return;
    // Normally afterParser has folded the previous chunk already; this
    // covers a 'data' event whose parse threw before it could.
    if (this.current) this.parsed();
    this.current = chunk;
  }

  /** node:http has parsed the chunk: keep its tail, within the bound. */
  private parsed(): void {
    // emit() calls the listeners it had when the event began, so this runs
    // for the very chunk during which take() stopped the capture.
    if (this.stopped || !this.current) return;
    this.pieces.push(this.current);
    this.piecesBytes += this.current.length;
    this.current = null;
    const keep = this.limits.maxHeadBytes + 1;
    while (this.piecesBytes - this.pieces[0].length >= keep) {
      const oldest = this.pieces.shift()!;
      this.piecesBytes -= oldest.length;
      this.dropped += oldest.length;
    }
    const excess = this.piecesBytes - keep;
    if (excess > 0) {
      // Copy, so the rest of a large chunk's memory can be freed.
      this.pieces[0] = new Uint8Array(this.pieces[0].subarray(excess));
      this.piecesBytes -= excess;
      this.dropped += excess;
    }
  }

  private window(): Uint8Array {
    const parts = this.current ? [...this.pieces, this.current] : this.pieces;
    if (parts.length === 1) return parts[0];
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const window = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      window.set(part, offset);
      offset += part.length;
    }
    return window;
  }
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

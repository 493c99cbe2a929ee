// Echo servers broken on purpose, for the conformance suite to find out:
// the engine's Connection over node:net with the engine's handshake
// (evaluateUpgrade, negotiateDeflate), exactly one rule switched off. The
// engine has no switch for most rules, so a broken server rewrites the
// bytes around a correct Connection: the client's frames before it reads
// them (a text frame relabelled binary skips the UTF-8 check; RSV bits
// cleared; an unmasked frame given an all-zero key, which leaves its
// payload as it was), or its own frames after it writes them (a mask on
// every frame; 1005 in an empty close). With no rule broken it is a
// correct echo server, which must pass every case.

import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { CloseCode, buildClosePayload } from '../../engine/close';
import { Connection } from '../../engine/connection';
import { type DeflateAgreement, negotiateDeflate } from '../../engine/deflate-negotiation';
import { encodeFrame } from '../../engine/frame';
import { type HeaderFacts, emptyHeaderFacts, readHeaderByte } from '../../engine/frame-header';
import { evaluateUpgrade, isSameOrigin, refusal } from '../../engine/handshake';
import { parseRequestHead } from '../../engine/http-message';
import { maskInPlace } from '../../engine/mask';
import { Opcode } from '../../engine/opcode';
import { findInvalidUtf8 } from '../../engine/utf8';

/** The rule a server breaks; null for none. */
export type BrokenRule =
  /** Text is never checked for UTF-8: not in messages, not in close reasons (RFC 6455 8.1). */
  | 'no-utf8-check'
  /** Pings are never answered (5.5.2). */
  | 'no-auto-pong'
  /** Text comes back as a binary message (5.6). */
  | 'text-as-binary'
  /** Every frame the server sends is masked (5.1). */
  | 'masked-server-frames'
  /** RSV bits no extension owns are ignored (5.2). */
  | 'rsv-ignored'
  /** An empty close is answered with 1005, the code an API reports for it, which no frame may carry (7.4.1). */
  | 'close-echo-1005'
  /** Every close is answered with 1000, whatever its code (5.5.1 says "typically echos": lenient, not wrong). */
  | 'close-answers-1000'
  /** A frame without a mask is accepted (5.1). */
  | 'unmasked-accepted';

export interface BrokenServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startBrokenEchoServer(broken: BrokenRule | null, options: { maxMessageSize?: number } = {}): Promise<BrokenServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setNoDelay(true);
    serveOne(socket, broken, options.maxMessageSize ?? 16 * 1024 * 1024);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}/echo`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveOne(socket: Socket, broken: BrokenRule | null, maxMessageSize: number): void {
  let head: Uint8Array = new Uint8Array(0);
  const onHead = (chunk: Buffer) => {
    head = concat(head, chunk);
    const parsed = parseRequestHead(head, { maxHeadBytes: 16 * 1024 });
    if (parsed.state === 'incomplete') return;
    socket.off('data', onHead);
    if (parsed.state === 'error') {
      socket.end(refusal(parsed.status, parsed.message).responseBytes);
      return;
    }
    let deflate: DeflateAgreement | null = null;
    const verdict = evaluateUpgrade(parsed.message, {
      checkOrigin: isSameOrigin,
      acceptExtensions: (offers) => {
        const negotiation = negotiateDeflate(offers);
        deflate = negotiation.agreement;
        return negotiation.response;
      },
    });
    if (!verdict.accepted) {
      socket.end(verdict.responseBytes);
      return;
    }
    socket.write(verdict.responseBytes);
    new BrokenEcho(socket, broken, deflate, maxMessageSize).start(head.subarray(parsed.headLength));
  };
  socket.on('data', onHead);
}

class BrokenEcho {
  private readonly connection: Connection;
  private readonly rewriter: ClientStreamRewriter | null;
  /** For 'no-utf8-check': the kind each incoming message really had, oldest first. */
  private readonly realKinds: Array<'text' | 'binary'> = [];
  /** The client's close frame arrived: the close the connection queues now is the answer to it. */
  private answeringClose = false;

  constructor(
    private readonly socket: Socket,
    private readonly broken: BrokenRule | null,
    private readonly deflate: DeflateAgreement | null,
    maxMessageSize: number,
  ) {
    this.connection = new Connection({ role: 'server', maxMessageSize, deflate, autoPong: broken !== 'no-auto-pong' });
    this.rewriter = this.makeRewriter();
  }

  start(leftover: Uint8Array): void {
    this.connection.open();
    this.socket.on('data', (chunk: Buffer) => this.receive(new Uint8Array(chunk)));
    this.socket.on('end', () => {
      this.connection.receiveEof();
      this.socket.destroy();
    });
    if (leftover.length) this.receive(leftover);
  }

  private receive(chunk: Uint8Array): void {
    const bytes = this.rewriter ? this.rewriter.push(chunk) : chunk;
    let offset = 0;
    // One event at a time, as the explorer's server reads: an echo goes out before a later frame fails the connection.
    while (offset < bytes.length && !this.socket.destroyed) {
      offset += this.connection.receiveUntilEvent(bytes.subarray(offset));
      this.handleEvents();
      if (this.connection.transportShouldClose) {
        this.flush();
        this.socket.end();
        return;
      }
    }
    this.flush();
  }

  private handleEvents(): void {
    for (const event of this.connection.takeEvents()) {
      if (event.type === 'close-received') this.answeringClose = true;
      if (event.type === 'text') {
        if (this.broken === 'text-as-binary') this.connection.sendBinary(new TextEncoder().encode(event.text));
        else this.connection.sendText(event.text);
      } else if (event.type === 'binary') {
        if (this.broken === 'no-utf8-check' && this.realKinds.shift() === 'text') {
          // Echoed as it came, valid or not: sent as binary, relabelled text on the way out.
          this.flush();
          this.connection.sendBinary(event.data);
          this.flush((frame, index) => (index === 0 ? relabel(frame, Opcode.Text) : frame));
        } else {
          this.connection.sendBinary(event.data);
        }
      }
    }
  }

  /** Writes what the connection queued, through the rule's rewriting of outgoing frames. */
  private flush(rewrite: (frame: Uint8Array, index: number) => Uint8Array = (frame) => frame): void {
    this.connection.takeOutgoing().forEach((frame, index) => {
      let out = rewrite(frame, index);
      // Only the answer to the client's close is rewritten: a close that fails the connection keeps its code.
      const answer = this.answeringClose && (out[0] & 0x0f) === Opcode.Close;
      if (answer && this.broken === 'close-echo-1005' && isEmptyClose(out)) out = encodeFrame({ opcode: Opcode.Close, payload: buildClosePayload(CloseCode.NoStatusReceived) });
      if (answer && this.broken === 'close-answers-1000') out = encodeFrame({ opcode: Opcode.Close, payload: buildClosePayload(CloseCode.Normal) });
      if (this.broken === 'masked-server-frames') out = withMask(out);
      if (!this.socket.destroyed) this.socket.write(out);
    });
  }

  private makeRewriter(): ClientStreamRewriter | null {
    const negotiatedRsv1 = this.deflate !== null;
    switch (this.broken) {
      case 'no-utf8-check':
        return new ClientStreamRewriter({
          header: (h) => {
            if (h.opcode === Opcode.Text || h.opcode === Opcode.Binary) this.realKinds.push(h.opcode === Opcode.Text ? 'text' : 'binary');
            return h.opcode === Opcode.Text ? { ...h, opcode: Opcode.Binary } : h;
          },
          // A close reason that is not UTF-8 is dropped, so the connection never looks at it.
          wholeFrame: (h) => h.opcode === Opcode.Close,
          frame: (payload) => (payload.length > 2 && findInvalidUtf8(payload.subarray(2)) ? payload.subarray(0, 2) : payload),
        });
      case 'rsv-ignored':
        // RSV1 belongs to permessage-deflate when it was agreed; every other set bit is cleared.
        return new ClientStreamRewriter({ header: (h) => ({ ...h, rsv1: negotiatedRsv1 && h.rsv1, rsv2: false, rsv3: false }) });
      case 'unmasked-accepted':
        // An all-zero key: the frame becomes masked and its payload stays exactly as it was.
        return new ClientStreamRewriter({ header: (h) => h, maskUnmasked: true });
      default:
        return null;
    }
  }
}

// The client's stream, rewritten frame by frame

interface RewriteRules {
  /** The header to pass on instead (the payload length stays). */
  header: (header: HeaderFacts) => HeaderFacts;
  /** Frames to hold whole and hand to `frame` (small control frames). */
  wholeFrame?: (header: HeaderFacts) => boolean;
  /** The new (unmasked) payload of a held frame. */
  frame?: (payload: Uint8Array) => Uint8Array;
  /** Give a frame that came without a mask an all-zero key (which changes none of its bytes). */
  maskUnmasked?: boolean;
}

/**
 * Reads the client's stream a header at a time (the engine's frame-header),
 * passes each header on as the rules rewrite it, and the payload on as it
 * came; a frame keeps its key, or its lack of one unless maskUnmasked.
 */
class ClientStreamRewriter {
  private header = emptyHeaderFacts();
  private readonly headerBytes = new Uint8Array(14);
  private payloadLeft = 0;
  private held: { header: HeaderFacts; key: Uint8Array | null; payload: Uint8Array[] } | null = null;

  constructor(private readonly rules: RewriteRules) {}

  push(chunk: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, chunk.length - i);
        const piece = chunk.subarray(i, i + take);
        if (this.held) this.held.payload.push(piece.slice());
        else out.push(piece);
        this.payloadLeft -= take;
        i += take;
        if (this.payloadLeft === 0 && this.held) out.push(this.releaseHeld());
        continue;
      }
      const index = this.header.bytesRead;
      this.headerBytes[index] = chunk[i++];
      readHeaderByte(this.header, this.headerBytes, index);
      if (this.header.lengthBeyondSafeInteger || this.header.lengthMostSignificantBitSet) {
        // Nothing to rewrite in a frame the connection refuses anyway.
        out.push(this.headerBytes.slice(0, this.header.bytesRead), chunk.subarray(i));
        this.header = emptyHeaderFacts();
        return concat(...out);
      }
      if (this.header.bytesRead >= 2 && this.header.bytesRead === this.header.headerLength) out.push(...this.headerDone());
    }
    return concat(...out);
  }

  private headerDone(): Uint8Array[] {
    const original = this.header;
    this.header = emptyHeaderFacts();
    const key = original.masked ? this.headerBytes.slice(original.headerLength - 4, original.headerLength) : this.rules.maskUnmasked ? new Uint8Array(4) : null;
    const rewritten = this.rules.header({ ...original });
    this.payloadLeft = original.payloadLength!;
    if (this.rules.wholeFrame?.(original)) {
      this.held = { header: rewritten, key, payload: [] };
      return this.payloadLeft === 0 ? [this.releaseHeld()] : [];
    }
    return [encodeHeader(rewritten, original.payloadLength!, key)];
  }

  private releaseHeld(): Uint8Array {
    const { header, key, payload } = this.held!;
    this.held = null;
    const unmasked = concat(...payload);
    if (key) maskInPlace(unmasked, key);
    const next = this.rules.frame ? this.rules.frame(unmasked) : unmasked;
    return encodeFrame({ opcode: header.opcode, fin: header.fin, rsv1: header.rsv1, rsv2: header.rsv2, rsv3: header.rsv3, payload: next, maskingKey: key }, { allowInvalid: true });
  }
}

/** A frame header for `length` payload bytes, masked with `key` or unmasked (5.2). */
function encodeHeader(h: HeaderFacts, length: number, key: Uint8Array | null): Uint8Array {
  const extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const out = new Uint8Array(2 + extended + (key ? 4 : 0));
  out[0] = (h.fin ? 0x80 : 0) | (h.rsv1 ? 0x40 : 0) | (h.rsv2 ? 0x20 : 0) | (h.rsv3 ? 0x10 : 0) | h.opcode;
  out[1] = (key ? 0x80 : 0) | (extended === 0 ? length : extended === 2 ? 126 : 127);
  const view = new DataView(out.buffer);
  if (extended === 2) view.setUint16(2, length);
  if (extended === 8) {
    view.setUint32(2, Math.floor(length / 2 ** 32));
    view.setUint32(6, length >>> 0);
  }
  if (key) out.set(key, 2 + extended);
  return out;
}

/** The same frame with another opcode (a server's own, unmasked frame). */
function relabel(frame: Uint8Array, opcode: number): Uint8Array {
  const copy = frame.slice();
  copy[0] = (copy[0] & 0xf0) | opcode;
  return copy;
}

/** A server frame with a mask it must not have: the key inserted after the length, the payload masked. */
function withMask(frame: Uint8Array): Uint8Array {
  const length7 = frame[1] & 0x7f;
  const headerLength = 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0);
  const key = new Uint8Array(randomBytes(4));
  const out = new Uint8Array(frame.length + 4);
  out.set(frame.subarray(0, headerLength));
  out[1] |= 0x80;
  out.set(key, headerLength);
  out.set(frame.subarray(headerLength), headerLength + 4);
  maskInPlace(out.subarray(headerLength + 4), key);
  return out;
}

function isEmptyClose(frame: Uint8Array): boolean {
  return (frame[0] & 0x0f) === Opcode.Close && (frame[1] & 0x7f) === 0;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// The Node Conn: one net.Socket driving one sans-I/O engine Connection
// (engine/connection.ts), like gorilla's Conn. The engine decides what every
// byte means and what to answer; this file owns what the engine cannot:
// the socket, the clocks and the bounds that need them.
//
// - Write deadline (gorilla's writeWait): a write that makes no progress for
//   `writeWaitMs` drops the connection and rejects the pending sends.
// - Keepalive (gorilla/websocket's examples/command): a ping every
//   `pingPeriodMs`, and the connection is dropped when no pong came for
//   `pongWaitMs`; pingPeriod must be shorter than pongWait so a pong can
//   arrive in time.
// - Backpressure: while more than `maxBufferedBytes` wait in the socket's
//   write buffer, we stop reading, so a peer that sends but never reads (an
//   echo client that never reads its echoes) cannot make us buffer without
//   bound; TCP flow control then slows the peer down.
// - Close: RFC 6455 7.1.1, the server closes TCP first once the close
//   handshake is done; a peer that never answers our close frame is dropped
//   after `closeTimeoutMs`.
// - Text: the engine's UTF-8 validator checks long chunks with Node's native
//   buffer.isUtf8 (as ws does) and scans byte by byte only to name the byte
//   where text breaks; every connection of this process gets it.

import type { DeflateAgreement } from '../engine/deflate-negotiation';
import { concatBytes } from '../engine/concat-bytes';
import type { HeldBytesBudget } from './held-bytes-budget';
import { isUtf8 } from 'node:buffer';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { CloseCode } from '../engine/close';
import { useNativeUtf8Check } from '../engine/utf8';
import { Connection, type ConnectionEvent, type ConnectionState } from '../engine/connection';
import type { HttpRequest } from '../engine/http-message';
import type { TapRecorder } from './tap';

useNativeUtf8Check(isUtf8);

export type IncomingMessage = { kind: 'text'; text: string } | { kind: 'binary'; data: Uint8Array };

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

export interface KeepaliveOptions {
  pingPeriodMs: number;
  pongWaitMs: number;
}

/** The defaults of gorilla/websocket's examples: the command example's writeWait, pongWait and pingPeriod. */
export const CONNECTION_DEFAULTS = {
  writeWaitMs: 10_000,
  keepalive: { pongWaitMs: 60_000, pingPeriodMs: (60_000 * 9) / 10 } as KeepaliveOptions,
  closeTimeoutMs: 5_000,
  maxMessageSize: 16 * 1024 * 1024,
  maxBufferedBytes: 1024 * 1024,
  messageStallMs: 30_000,
};

/**
 * What one connection may hold and how long it may wait: the same knobs for
 * the server's connections (UpgraderOptions) and a client's (DialOptions).
 */
export interface ConnectionLimits {
  /** Write deadline, gorilla's writeWait. Default 10 s. */
  writeWaitMs?: number;
  /** Ping/pong keepalive; null turns it off. By default a server pings and a client does not. */
  keepalive?: KeepaliveOptions | null;
  /** Largest message accepted (larger → close 1009, RFC 6455 7.4.1). Default 16 MiB. */
  maxMessageSize?: number;
  /** How long the close handshake may take before TCP is dropped. Default 5 s. */
  closeTimeoutMs?: number;
  /** Stop reading while more than this waits to be written. Default 1 MiB. */
  maxBufferedBytes?: number;
  /**
   * A message that has started but gains no data for this long is closed
   * with 1008, whatever pings and pongs still flow. Default 30 s.
   */
  messageStallMs?: number;
}

export interface SocketConnectionOptions extends ConnectionLimits {
  socket: Socket;
  role: 'server' | 'client';
  /** The upgrade request (received by a server, sent by a client). */
  request: HttpRequest;
  url: URL;
  subprotocol?: string | null;
  /** Bytes that arrived behind the handshake head: already WebSocket frames. */
  leftover?: Uint8Array;
  /** Tap session id; a fresh one when absent. */
  id?: string;
  tap?: TapRecorder | null;
  /** Largest single frame accepted; defaults to maxMessageSize. */
  maxFrameSize?: number;
  /** Masking keys for a client (RFC 6455 5.3: from a strong source of entropy). */
  randomBytes?: (length: number) => Uint8Array;
  /** Shared by a server's connections: what they may hold together for unfinished messages. */
  heldBytesBudget?: HeldBytesBudget | null;
  /** permessage-deflate as the handshake agreed it (RFC 7692); absent: messages are not compressed. */
  deflate?: DeflateAgreement | null;
}

let sessionCounter = 0;

/** Ids for connections and tap sessions: unique per process, short enough to read. */
export function nextSessionId(): string {
  sessionCounter++;
  return `s${sessionCounter}`;
}

interface PendingWrite {
  resolve(): void;
  reject(error: Error): void;
}

export class SocketConnection {
  readonly id: string;
  readonly request: HttpRequest;
  readonly url: URL;
  readonly subprotocol: string | null;
  readonly role: 'server' | 'client';
  /** The peer's IP address, as the socket had it when the connection began ('' when unknown). */
  readonly remoteAddress: string;

  private readonly socket: Socket;
  private readonly engine: Connection;
  private readonly tap: TapRecorder | null;
  private readonly writeWaitMs: number;
  private readonly keepalive: KeepaliveOptions | null;
  private readonly closeTimeoutMs: number;
  private readonly maxBufferedBytes: number;
  private readonly messageStallMs: number;
  private readonly heldBytesBudget: HeldBytesBudget | null;
  private readonly peer: 'server' | 'client';

  private readonly messageHandlers: Array<(message: IncomingMessage) => void> = [];
  private readonly pongHandlers: Array<(payload: Uint8Array) => void> = [];
  private readonly closeHandlers: Array<(info: CloseInfo) => void> = [];

  private leftover: Uint8Array | null;
  private started = false;
  private pumping = false;
  private readPausedForBackpressure = false;
  private readonly pendingWrites = new Set<PendingWrite>();
  /** Bytes waiting for the end of the received chunk being handled (see write()). */
  private outbox: Array<{ parts: Uint8Array[]; pending: PendingWrite }> = [];
  private gathering = false;
  private writeDeadline: NodeJS.Timeout | null = null;
  /** When a write last made progress, or when writing started after a pause (performance.now()). */
  private lastWriteProgressAt = 0;
  private pingTimer: NodeJS.Timeout | null = null;
  private pongDeadline: NodeJS.Timeout | null = null;
  private closeTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  /** The unfinished message's size when the stall timer was last armed. */
  private stallWatchedBytes = 0;
  /** What this connection counts against the held-bytes budget. */
  private heldBytes = 0;
  /** Reading stopped for good: we are closing because of a limit, not waiting for more. */
  private readingStopped = false;
  private engineClose: CloseInfo | null = null;
  private finalInfo: CloseInfo | null = null;
  /** Why we dropped TCP ourselves, for the log and the close reason. */
  private dropReason: string | null = null;
  private readonly closed: Promise<CloseInfo>;
  private resolveClosed!: (info: CloseInfo) => void;

  constructor(options: SocketConnectionOptions) {
    this.id = options.id ?? nextSessionId();
    this.socket = options.socket;
    this.role = options.role;
    this.remoteAddress = options.socket.remoteAddress ?? '';
    this.peer = options.role === 'server' ? 'client' : 'server';
    this.request = options.request;
    this.url = options.url;
    this.subprotocol = options.subprotocol ?? null;
    this.tap = options.tap ?? null;
    this.leftover = options.leftover && options.leftover.length > 0 ? options.leftover : null;
    this.writeWaitMs = options.writeWaitMs ?? CONNECTION_DEFAULTS.writeWaitMs;
    this.keepalive = options.keepalive === undefined ? CONNECTION_DEFAULTS.keepalive : options.keepalive;
    this.closeTimeoutMs = options.closeTimeoutMs ?? CONNECTION_DEFAULTS.closeTimeoutMs;
    this.maxBufferedBytes = options.maxBufferedBytes ?? CONNECTION_DEFAULTS.maxBufferedBytes;
    this.messageStallMs = options.messageStallMs ?? CONNECTION_DEFAULTS.messageStallMs;
    this.heldBytesBudget = options.heldBytesBudget ?? null;
    if (this.keepalive && !(this.keepalive.pingPeriodMs < this.keepalive.pongWaitMs)) {
      throw new RangeError(`keepalive: pingPeriodMs (${this.keepalive.pingPeriodMs}) must be less than pongWaitMs (${this.keepalive.pongWaitMs})`);
    }
    const maxMessageSize = options.maxMessageSize ?? CONNECTION_DEFAULTS.maxMessageSize;
    this.engine = new Connection({
      role: options.role,
      randomBytes: options.randomBytes ?? ((length: number) => new Uint8Array(nodeRandomBytes(length))),
      now: Date.now,
      maxMessageSize,
      maxFrameSize: options.maxFrameSize ?? maxMessageSize,
      autoPong: true,
      deflate: options.deflate ?? null,
      // Each socket read is a fresh Buffer the tap has already copied: frames may be unmasked in it.
      borrowChunks: true,
      // write() gathers a frame's header and payload into one socket write, the payload uncopied.
      gatherParts: true,
    });
    this.engine.open();
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    // Nothing is read until start(): the owner attaches its handlers first.
    this.socket.pause();
  }

  get state(): ConnectionState {
    return this.finalInfo ? 'CLOSED' : this.engine.state;
  }

  /** Bytes queued for the socket and not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  /** How the connection ended, once it has. */
  get closeInfo(): CloseInfo | null {
    return this.finalInfo;
  }

  /** Resolves once TCP is closed, with how the connection ended. */
  get whenClosed(): Promise<CloseInfo> {
    return this.closed;
  }

  onMessage(handler: (message: IncomingMessage) => void): void {
    this.messageHandlers.push(handler);
  }

  onPong(handler: (payload: Uint8Array) => void): void {
    this.pongHandlers.push(handler);
  }

  /** Called exactly once, when TCP is closed (a late handler on a closed connection is called at once). */
  onClose(handler: (info: CloseInfo) => void): void {
    if (this.finalInfo) {
      const info = this.finalInfo;
      queueMicrotask(() => handler(info));
      return;
    }
    this.closeHandlers.push(handler);
  }

  /**
   * Starts reading (and keepalive). The Upgrader and the Dialer call it once
   * the owner has attached its handlers, so no message arrives unheard.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const socket = this.socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.receiveEof());
    socket.on('drain', () => this.onDrain());
    socket.on('error', (error) => {
      this.dropReason ??= error.message;
    });
    socket.on('close', () => this.finish());
    if (socket.destroyed) {
      this.finish();
      return;
    }
    if (this.keepalive) this.startKeepalive(this.keepalive);
    const leftover = this.leftover;
    this.leftover = null;
    if (leftover) this.receive(leftover);
    if (!this.readPausedForBackpressure && !this.finalInfo) socket.resume();
  }

  sendText(text: string): Promise<void> {
    return this.send(() => this.engine.sendText(text));
  }

  sendBinary(data: Uint8Array): Promise<void> {
    return this.send(() => this.engine.sendBinary(data));
  }

  ping(payload?: Uint8Array): Promise<void> {
    return this.send(() => this.engine.ping(payload));
  }

  /**
   * Starts the closing handshake (RFC 6455 7.1.2) and resolves once TCP is
   * closed: when the peer answered, or after closeTimeoutMs without an answer.
   */
  close(code: number = CloseCode.Normal, reason = ''): Promise<void> {
    if (this.engine.state === 'OPEN' && !this.finalInfo) {
      this.engine.close(code, reason);
      this.pump();
    }
    return this.closed.then(() => undefined);
  }

  /** Drops TCP now, without a closing handshake (the peer sees 1006). */
  terminate(reason = 'terminated'): void {
    this.dropReason ??= reason;
    this.socket.destroy();
  }

  private send(produce: () => void): Promise<void> {
    if (this.finalInfo || this.engine.state !== 'OPEN') {
      return handled(Promise.reject(new Error(`cannot send: the connection is ${this.state}`)));
    }
    produce();
    return this.pump();
  }

  private receive(bytes: Uint8Array): void {
    if (this.finalInfo) return;
    this.tap?.record(this.peer, 'frames', bytes);
    // One frame at a time, with the handlers' answers written in between, as
    // gorilla's reader hands out one message before it reads the next frame:
    // an echo of message N goes out even when frame N+1 in the same TCP
    // segment fails the connection or closes it (Autobahn 3.2, 4.1.3, 7.1.6).
    let offset = 0;
    this.gathering = true;
    try {
      while (offset < bytes.length && this.engine.state !== 'CLOSED' && !this.engine.protocolError && !this.readingStopped) {
        offset += this.engine.receiveUntilEvent(bytes.subarray(offset));
        this.pump();
      }
    } finally {
      this.gathering = false;
      this.flushOutbox();
    }
    this.accountHeldBytes();
    this.watchForStall();
  }

  /** Reports what the engine holds to the server-wide budget; refuses this connection when it is spent. */
  private accountHeldBytes(): void {
    if (!this.heldBytesBudget) return;
    const held = this.finalInfo ? 0 : this.engine.bufferedBytes;
    const grew = held > this.heldBytes;
    this.heldBytesBudget.change(held - this.heldBytes);
    this.heldBytes = held;
    // The connections that grow while the budget is spent are refused; the
    // ones that only hold what they had may still finish their messages.
    if (grew && this.heldBytesBudget.exceeded) {
      this.closeAndLetGo(CloseCode.TryAgainLater, 'the server holds too many unfinished messages; try again later');
    }
  }

  /**
   * A message that started must keep arriving: the timer restarts whenever
   * the unfinished message grows, and stops when it completes.
   */
  private watchForStall(): void {
    const unfinished = this.finalInfo ? 0 : this.engine.unfinishedMessageBytes;
    if (unfinished === 0) {
      this.clearStallTimer();
      this.stallWatchedBytes = 0;
      return;
    }
    if (this.stallTimer && unfinished === this.stallWatchedBytes) return;
    this.clearStallTimer();
    this.stallWatchedBytes = unfinished;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      this.closeAndLetGo(CloseCode.PolicyViolation, `a message stalled: no data for ${this.messageStallMs} ms`);
    }, this.messageStallMs);
  }

  private clearStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  /**
   * Lets go of a peer the server will not listen to any more (over a limit,
   * flooding, too slow to read): sends the close frame, reads nothing more
   * (what it sends next would only be parsed and dropped), ends TCP after the
   * close frame, as a server does first (RFC 6455 7.1.1), and drops it after
   * `graceMs` if the peer has not gone by then.
   */
  closeAndLetGo(code: number, reason: string, graceMs = this.closeTimeoutMs): void {
    if (this.readingStopped || this.finalInfo) return;
    this.readingStopped = true;
    this.dropReason ??= reason;
    this.socket.pause();
    if (this.engine.state === 'OPEN') this.engine.close(code, reason);
    this.pump();
    this.flushOutbox();
    if (this.socket.writable) this.socket.end();
    setTimeout(() => this.terminate(reason), graceMs).unref();
  }

  private receiveEof(): void {
    if (this.finalInfo) return;
    this.engine.receiveEof();
    this.pump();
    // The peer will send nothing more; once our side is written, so are we.
    if (!this.socket.destroyed && this.socket.writable) this.socket.end();
  }

  /**
   * One place decides what the engine's output means for the socket: hand
   * events to the handlers, write the bytes, act on the close state. Handlers
   * that send re-enter here; the flag keeps events in order.
   */
  private pump(): Promise<void> {
    let lastWrite: Promise<void> = Promise.resolve();
    if (!this.pumping) {
      this.pumping = true;
      try {
        for (;;) {
          const events = this.engine.takeEvents();
          const outgoing = this.engine.takeOutgoing();
          if (outgoing.length > 0) lastWrite = this.write(outgoing);
          if (events.length === 0 && outgoing.length === 0) break;
          for (const event of events) this.dispatch(event);
        }
      } finally {
        this.pumping = false;
      }
    } else {
      const outgoing = this.engine.takeOutgoing();
      if (outgoing.length > 0) lastWrite = this.write(outgoing);
    }
    this.actOnCloseState();
    return lastWrite;
  }

  private dispatch(event: ConnectionEvent): void {
    switch (event.type) {
      case 'text':
        this.deliver({ kind: 'text', text: event.text });
        break;
      case 'binary':
        this.deliver({ kind: 'binary', data: event.data });
        break;
      case 'pong':
        this.armPongDeadline();
        for (const handler of this.pongHandlers) handler(event.payload);
        break;
      case 'closed':
        this.engineClose = { code: event.code, reason: event.reason, wasClean: event.wasClean };
        break;
      default:
        // ping (answered by the engine's autoPong), close-received and
        // protocol-error (the engine already queued the close frame) need
        // nothing from the socket layer.
        break;
    }
  }

  private deliver(message: IncomingMessage): void {
    for (const handler of this.messageHandlers) {
      try {
        handler(message);
      } catch (error) {
        // A handler bug must not leave the connection half-processed: RFC
        // 6455 7.4.1, 1011 "an unexpected condition prevented it from
        // fulfilling the request".
        this.dropReason ??= `message handler threw: ${error instanceof Error ? error.message : String(error)}`;
        if (this.engine.state === 'OPEN') this.engine.close(CloseCode.InternalError, 'internal error');
      }
    }
  }

  private actOnCloseState(): void {
    if (this.finalInfo || this.socket.destroyed) return;
    // What is gathered goes out before TCP is ended: the close frame above all.
    if (this.engine.transportShouldClose) this.flushOutbox();
    if (this.engine.transportShouldClose) {
      this.stopKeepalive();
      // End our half once everything queued is written; a peer that then
      // keeps TCP open is dropped by the close timer.
      if (this.socket.writable) this.socket.end();
      this.armCloseTimer();
    } else if (this.engine.closeExpected) {
      this.stopKeepalive();
      this.armCloseTimer();
    }
  }

  /**
   * Queues the engine's output (frames, or a server frame's header and
   * payload) for the socket. While a received chunk is being handled,
   * everything its messages produce (echoes, pongs, a close) is gathered and
   * written at the end: a thousand echoes in one TCP segment cost one system
   * call, not a thousand.
   */
  private write(parts: Uint8Array[]): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) {
      return handled(Promise.reject(new Error('cannot send: the socket is closed')));
    }
    // The write deadline counts from here when nothing else was waiting to be written.
    if (this.pendingWrites.size === 0) this.lastWriteProgressAt = performance.now();
    const promise = handled(new Promise<void>((resolve, reject) => {
      const pending: PendingWrite = { resolve, reject };
      this.pendingWrites.add(pending);
      this.outbox.push({ parts, pending });
    }));
    if (!this.gathering) this.flushOutbox();
    return promise;
  }

  private flushOutbox(): void {
    const queued = this.outbox;
    if (queued.length === 0) return;
    this.outbox = [];
    if (this.socket.destroyed || !this.socket.writable) {
      for (const { pending } of queued) this.settleWrite(pending, new Error('cannot send: the socket is closed'));
      return;
    }
    const writes = gatherWrites(queued.length === 1 ? queued[0].parts : queued.flatMap((q) => q.parts));
    const last = writes.length - 1;
    if (last > 0) this.socket.cork();
    writes.forEach((bytes, index) => {
      this.tap?.record(this.role, 'frames', bytes);
      if (index < last) {
        this.socket.write(bytes);
        return;
      }
      // Writes complete in order: the last one's callback settles them all.
      this.socket.write(bytes, (error) => {
        for (const { pending } of queued) this.settleWrite(pending, error ?? null);
        this.onWriteProgress();
      });
    });
    if (last > 0) this.socket.uncork();
    if (!this.writeDeadline) this.armWriteDeadline();
    if (this.socket.writableLength > this.maxBufferedBytes && !this.readPausedForBackpressure) {
      this.readPausedForBackpressure = true;
      this.socket.pause();
    }
  }

  private settleWrite(pending: PendingWrite, error: Error | null): void {
    if (!this.pendingWrites.delete(pending)) return;
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private onWriteProgress(): void {
    // The deadline measures time without progress (gorilla sets a fresh
    // write deadline before each write). Progress only moves the mark: one
    // timer per writeWait, not a timer set and cleared for every write.
    this.lastWriteProgressAt = performance.now();
  }

  private armWriteDeadline(delayMs = this.writeWaitMs): void {
    this.writeDeadline = setTimeout(() => this.checkWriteDeadline(), delayMs);
  }

  /** Fires writeWait after the mark it was armed for: drops the peer if nothing was written since, or waits for the rest. */
  private checkWriteDeadline(): void {
    this.writeDeadline = null;
    if (this.pendingWrites.size === 0) return;
    const stalledMs = performance.now() - this.lastWriteProgressAt;
    if (stalledMs < this.writeWaitMs) {
      this.armWriteDeadline(this.writeWaitMs - stalledMs);
      return;
    }
    this.failPendingWrites(new Error(`write deadline: nothing written for ${this.writeWaitMs} ms`));
    this.terminate('write deadline exceeded');
  }

  private clearWriteDeadline(): void {
    if (this.writeDeadline) clearTimeout(this.writeDeadline);
    this.writeDeadline = null;
  }

  private onDrain(): void {
    if (this.readPausedForBackpressure && this.socket.writableLength <= this.maxBufferedBytes) {
      this.readPausedForBackpressure = false;
      if (!this.finalInfo && !this.readingStopped) this.socket.resume();
    }
  }

  private startKeepalive({ pingPeriodMs }: KeepaliveOptions): void {
    this.armPongDeadline();
    this.pingTimer = setInterval(() => {
      if (this.engine.state !== 'OPEN') return;
      this.ping().catch(() => {});
    }, pingPeriodMs);
  }

  /** Gorilla's pong handler: `SetReadDeadline(time.Now().Add(pongWait))`. */
  private armPongDeadline(): void {
    if (!this.keepalive || this.finalInfo) return;
    if (this.pongDeadline) clearTimeout(this.pongDeadline);
    this.pongDeadline = setTimeout(() => {
      this.pongDeadline = null;
      this.terminate(`no pong within ${this.keepalive!.pongWaitMs} ms`);
    }, this.keepalive.pongWaitMs);
  }

  private stopKeepalive(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongDeadline) clearTimeout(this.pongDeadline);
    this.pingTimer = null;
    this.pongDeadline = null;
  }

  private armCloseTimer(): void {
    if (this.closeTimer) return;
    this.closeTimer = setTimeout(() => {
      this.closeTimer = null;
      this.terminate(`close handshake not finished within ${this.closeTimeoutMs} ms`);
    }, this.closeTimeoutMs);
  }

  private failPendingWrites(error: Error): void {
    for (const pending of this.pendingWrites) pending.reject(error);
    this.pendingWrites.clear();
  }

  /** TCP is gone: settle everything exactly once. */
  private finish(): void {
    if (this.finalInfo) return;
    this.stopKeepalive();
    this.clearWriteDeadline();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    this.clearStallTimer();
    this.heldBytesBudget?.change(-this.heldBytes);
    this.heldBytes = 0;
    if (!this.engineClose) {
      // The engine may still have a verdict to give on what it has (a
      // truncated frame, a missing close frame): ask it, then fall back to
      // 1006 (RFC 6455 7.1.5: "If _The WebSocket Connection is Closed_ and no
      // Close control frame was received … 1006").
      this.engine.receiveEof();
      for (const event of this.engine.takeEvents()) {
        if (event.type === 'closed') this.engineClose = { code: event.code, reason: event.reason, wasClean: event.wasClean };
      }
      this.engine.takeOutgoing();
    }
    // When we failed the connection (7.1.7), the code we sent says why; the
    // RFC's own bookkeeping would say 1006, which hides the reason.
    const failure = this.engine.protocolError;
    const info: CloseInfo = failure
      ? { code: failure.closeCode ?? CloseCode.ProtocolError, reason: failure.kind, wasClean: false }
      : (this.engineClose ?? { code: CloseCode.Abnormal, reason: '', wasClean: false });
    this.finalInfo = info;
    this.failPendingWrites(new Error('the connection closed before the data was written'));
    this.tap?.close({ code: info.code, reason: info.reason, wasClean: info.wasClean });
    for (const handler of this.closeHandlers.splice(0)) {
      try {
        handler(info);
      } catch {
        // One failing close handler must not keep the others from running.
      }
    }
    this.resolveClosed(info);
  }
}

/**
 * Marks a send's promise as handled: a route that fires and forgets a send
 * to a peer that just vanished must not crash the server with an unhandled
 * rejection. A caller that awaits it still sees the rejection.
 */
function handled(promise: Promise<void>): Promise<void> {
  promise.catch(() => {});
  return promise;
}

/** A part this long is written as it is; shorter neighbours are copied together. */
const WRITE_WITHOUT_COPY_BYTES = 16 * 1024;

/**
 * Groups queued bytes into as few writes as copying allows: runs of short
 * parts (frame headers, small messages) become one buffer, one system call
 * for a thousand echoes; a long payload goes out as it is, not copied.
 */
function gatherWrites(parts: Uint8Array[]): Uint8Array[] {
  if (parts.length === 1) return parts;
  const writes: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  const endRun = () => {
    if (run.length > 0) writes.push(run.length === 1 ? run[0] : concatBytes(run));
    run = [];
  };
  for (const part of parts) {
    if (part.length >= WRITE_WITHOUT_COPY_BYTES) {
      endRun();
      writes.push(part);
    } else {
      run.push(part);
    }
  }
  endRun();
  return writes;
}

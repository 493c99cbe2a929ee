// One client's session through wsx proxy: the client's upgrade request goes
// to the target (rewritten where it must be: proxy-target.ts), the target's
// answer comes back exactly as it was sent, a refusal too, and after a 101
// the bytes cross byte for byte both ways. The proxy is transparent: it
// does not re-frame, unmask or judge anything; the client and the target
// speak RFC 6455 to each other. It only watches (frame-watch.ts) for close
// frames, to tell the tap how the session ended.
//
// Its bounds: one clock from the hand-over to the target's complete
// response head (connect, TLS and answer: 504 when it runs out); a bound on
// that head's size (502 past it); an idle clock once open (no byte either
// way for that long: the session is closed with 1001); and backpressure
// each way: while more than `maxBufferedBytes` wait to be written to one
// side, the other side is not read, so a fast writer is slowed to the pace
// of a slow reader instead of filling the proxy's memory.
//
// Ending: a FIN from one side is passed on as a FIN to the other (TCP
// half-close, RFC 9293 3.6), and a side that goes away entirely, or fails,
// takes the other with it. When the proxy itself ends a session (shutdown,
// idle), it sends the client a close frame with 1001 Going Away and the
// target a masked one (RFC 6455 5.3: it speaks as a client there), each
// only between two frames, and forwards nothing more.
//
// What the tap records: the bytes on the client's side of the proxy, which
// are the target's bytes too except for the request (the rewritten one is
// the session's `upstream`, engine/tap-messages.ts) and the proxy's own
// answers: a 502/503/504, and the close frame it sends the client.

import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { buildClosePayload, CloseCode, type ClosePayload } from '../engine/close';
import { concatBytes } from '../engine/concat-bytes';
import { encodeFrame } from '../engine/frame';
import { headerValues, parseResponseHead } from '../engine/http-message';
import { Opcode } from '../engine/opcode';
import type { TapPhase, TapSender } from '../engine/tap-messages';
import { FrameWatch } from './frame-watch';
import type { HeldBytesBudget } from './held-bytes-budget';
import { gatewayResponse, gatewayStatusLine, type GatewayStatus } from './gateway-response';
import { connectToTarget, type TargetTlsOptions, type TargetUnreachable } from './proxy-dial';
import { rewriteUpgradeRequest, type ProxyTarget } from './proxy-target';
import type { TapRecorder } from './tap';
import type { HandedOverUpgrade } from './upgrader';

export interface ProxyLimits {
  /** From the hand-over to the target's complete response head. */
  handshakeTimeoutMs: number;
  /** The target's response head, status line through the blank line; larger → 502. */
  maxResponseHeadBytes: number;
  maxResponseHeaderCount: number;
  /** No byte either way for this long → the session is closed with 1001; 0 for never. */
  idleTimeoutMs: number;
  /** Bytes waiting to be written to one side before the other side is no longer read. */
  maxBufferedBytes: number;
  /** How long an ending side may take to close TCP before it is dropped. */
  closeTimeoutMs: number;
  /** The largest frame the close-frame watch follows (it holds that much per direction). */
  maxWatchedFrameBytes: number;
}

export interface ProxyShared {
  tls: TargetTlsOptions;
  limits: ProxyLimits;
  /** What every session's frame watches hold together (frame-watch.ts). */
  watchBudget: HeldBytesBudget;
}

type Phase =
  /** Connecting to the target, or waiting for its answer. */
  | 'handshake'
  /** The target's 101 is passed on: frames cross both ways. */
  | 'open'
  /** The target's refusal is passed on; the rest of its response follows. */
  | 'refused'
  /** The proxy is ending the session (its own answer, shutdown, idle): nothing more is forwarded. */
  | 'closing'
  /** Both sockets are closed. */
  | 'ended';

interface TapEnding {
  code: number | null;
  reason: string;
  wasClean: boolean;
}

export class ProxySession {
  private phase: Phase = 'handshake';
  private upstream: Socket | null = null;
  private upstreamReady = false;
  private upstreamClosed = false;
  private clientClosed = false;
  /** The target's answer while its head is still arriving. */
  private responseBytes: Uint8Array = new Uint8Array(0);
  private readonly watches: Record<TapSender, FrameWatch>;
  /** RFC 6455 7.1.5: the session's close code is the one in the first close frame. */
  private firstClose: ClosePayload | null = null;
  /** Set when the session ended some other way than by its frames (a refusal, a gateway error, the client leaving early). */
  private ending: TapEnding | null = null;
  /** Sockets not read until the other side has written what waits for it. */
  private readonly pausedForBackpressure = new Set<Socket>();
  private handshakeTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private resolveDone: () => void = () => {};
  /** Resolves once both sockets are closed and the tap has the ending. */
  readonly done: Promise<void>;
  private readonly client: Socket;
  private readonly recorder: TapRecorder | null;
  private readonly tls: TargetTlsOptions;
  private readonly limits: ProxyLimits;

  constructor(
    private readonly upgrade: HandedOverUpgrade,
    private readonly target: ProxyTarget,
    shared: ProxyShared,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.client = upgrade.socket;
    this.recorder = upgrade.recorder;
    this.tls = shared.tls;
    this.limits = shared.limits;
    const watch = () => new FrameWatch(shared.limits.maxWatchedFrameBytes, shared.watchBudget);
    this.watches = { client: watch(), server: watch() };
    // Not read until the target is there to take the bytes.
    this.client.pause();
    this.client.on('data', (chunk: Buffer) => this.fromClient(chunk));
    this.client.on('end', () => this.sideEnded('client'));
    this.client.on('error', () => {
      // Every error ends in 'close', which is where it is handled.
    });
    this.client.on('close', (hadError: boolean) => this.sideClosed('client', hadError));
    this.client.on('timeout', () => this.goAway(`no traffic for ${this.limits.idleTimeoutMs / 1000} s`));
  }

  /** Bytes waiting to be written, to both sides. */
  get bufferedBytes(): number {
    return this.client.writableLength + (this.upstream?.writableLength ?? 0);
  }

  /** Connects to the target and sends it the client's request. */
  start(): void {
    if (this.client.destroyed) return this.sideClosed('client', false);
    const request = rewriteUpgradeRequest(this.upgrade.requestBytes, this.upgrade.request, this.target);
    this.recorder?.update({ upstream: { url: this.target.url, request } });
    this.handshakeTimer = setTimeout(
      () => this.answerInstead(504, `the target ${this.target.url} did not answer the upgrade within ${this.limits.handshakeTimeoutMs} ms`),
      this.limits.handshakeTimeoutMs,
    );
    const { socket, ready } = connectToTarget(this.target, this.tls);
    this.upstream = socket;
    socket.on('data', (chunk: Buffer) => this.fromTarget(chunk));
    socket.on('end', () => this.sideEnded('server'));
    socket.on('error', () => {
      // As for the client: handled at 'close' (and, while connecting, by `ready`).
    });
    socket.on('close', (hadError: boolean) => this.sideClosed('server', hadError));
    ready.then(
      () => this.targetReached(request),
      (error: TargetUnreachable) => this.answerInstead(502, error.message),
    );
  }

  /** Refuses the client without asking the target (the proxy is full or shutting down). */
  refuse(status: GatewayStatus, reason: string, extraHeaders?: { name: string; value: string }[]): void {
    this.answerInstead(status, reason, extraHeaders);
  }

  /**
   * Ends the session from the proxy's side with 1001 Going Away (RFC 6455
   * 7.4.1): on shutdown, and when it has been idle too long.
   */
  goAway(reason: string): void {
    switch (this.phase) {
      case 'handshake':
        return this.answerInstead(503, `the proxy is closing this session: ${reason}`);
      case 'refused':
        this.phase = 'closing';
        this.closeSide(this.client, false);
        this.closeSide(this.upstream, false);
        return;
      case 'open':
        break;
      default:
        return;
    }
    this.phase = 'closing';
    this.client.setTimeout(0);
    // Its close frame must be read even if the target stopped taking its bytes.
    this.resumeReading(this.client);
    const payload = buildClosePayload(CloseCode.GoingAway, reason.slice(0, 120));
    // RFC 6455 5.5.1: after its close frame an endpoint sends no more data,
    // so nothing is forwarded from here on. A close frame goes in only
    // between two frames, and only where that side has not had one yet.
    if (this.watches.server.atFrameBoundary && !this.watches.server.close && this.client.writable) {
      const frame = encodeFrame({ opcode: Opcode.Close, payload });
      this.client.write(frame);
      this.recorder?.record('server', 'frames', frame);
      this.noteClose(this.watches.server.observe(frame));
      // The client answers with its close frame (fromClient ends TCP then), or the linger clock drops it.
      this.armLinger();
    } else {
      this.closeSide(this.client, false);
    }
    const upstream = this.upstream;
    if (upstream && this.watches.client.atFrameBoundary && !this.watches.client.close && upstream.writable) {
      upstream.write(encodeFrame({ opcode: Opcode.Close, payload, maskingKey: new Uint8Array(randomBytes(4)) }));
    }
    this.closeSide(upstream, false);
  }

  /** Drops both sockets at once. */
  destroy(): void {
    this.client.destroy();
    this.upstream?.destroy();
  }

  private targetReached(request: Uint8Array): void {
    if (this.phase !== 'handshake' || !this.upstream) return;
    this.upstreamReady = true;
    this.upstream.write(request);
    // Bytes the client sent behind its request: the target's to judge
    // (RFC 6455 4.1 has the client wait for the 101 first).
    if (this.upgrade.leftover.length > 0) this.forward('client', this.upgrade.leftover, 'frames');
    this.client.resume();
  }

  private fromClient(chunk: Buffer): void {
    if (this.phase === 'closing') {
      // The client's last bytes crossed its side of the proxy: the tap has
      // them; the target does not. Its close frame ends its TCP.
      this.recorder?.record('client', 'frames', chunk);
      this.noteClose(this.watches.client.observe(chunk));
      if (this.watches.client.close) this.closeSide(this.client, false);
      return;
    }
    if (this.phase !== 'ended') this.forward('client', chunk, 'frames');
  }

  private fromTarget(chunk: Buffer): void {
    switch (this.phase) {
      case 'handshake':
        return this.readResponseHead(chunk);
      case 'open':
        return this.forward('server', chunk, 'frames');
      case 'refused':
        // The refusal's body: still the HTTP response.
        return this.forward('server', chunk, 'handshake');
      default:
        // Closing: nothing more reaches the client.
        return;
    }
  }

  /** Collects the target's response head; once whole, passes it on exactly as received. */
  private readResponseHead(chunk: Buffer): void {
    this.responseBytes = concatBytes([this.responseBytes, chunk]);
    const parsed = parseResponseHead(this.responseBytes, { maxHeadBytes: this.limits.maxResponseHeadBytes, maxHeaderCount: this.limits.maxResponseHeaderCount });
    if (parsed.state === 'incomplete') return;
    if (parsed.state === 'error') {
      const why = parsed.status === 431 ? `its head is over the proxy's bound (${parsed.message})` : `${parsed.message} (line ${parsed.line})`;
      return this.answerInstead(502, `the target's answer to the upgrade is not one the proxy can pass on: ${why}`);
    }
    this.stopHandshakeClock();
    const head = this.responseBytes.subarray(0, parsed.headLength);
    const rest = this.responseBytes.subarray(parsed.headLength);
    this.responseBytes = new Uint8Array(0);
    const response = parsed.message;
    this.client.write(head);
    this.recorder?.record('server', 'handshake', head);
    // The idle clock from here on, a refusal's body included.
    if (this.limits.idleTimeoutMs > 0) this.client.setTimeout(this.limits.idleTimeoutMs);
    if (response.status === 101) {
      this.phase = 'open';
      this.recorder?.update({ state: 'open', subprotocol: headerValues(response.headers, 'sec-websocket-protocol')[0] ?? null });
    } else {
      this.phase = 'refused';
      this.recorder?.update({ state: 'refused' });
      this.ending = { code: null, reason: `the target refused the upgrade: ${response.status} ${response.reason}`.trim(), wasClean: false };
    }
    if (rest.length > 0) this.forward('server', rest, this.phase === 'open' ? 'frames' : 'handshake');
  }

  /** Passes bytes to the other side as they are, with the tap and the watch reading along. */
  private forward(from: TapSender, chunk: Uint8Array, phase: TapPhase): void {
    this.recorder?.record(from, phase, chunk);
    if (phase === 'frames') this.noteClose(this.watches[from].observe(chunk));
    const source = from === 'client' ? this.client : this.upstream;
    const destination = from === 'client' ? this.upstream : this.client;
    if (!source || !destination || !destination.writable) return;
    destination.write(chunk);
    if (destination.writableLength > this.limits.maxBufferedBytes) this.pauseUntilDrained(source, destination);
  }

  private pauseUntilDrained(source: Socket, destination: Socket): void {
    if (this.pausedForBackpressure.has(source)) return;
    this.pausedForBackpressure.add(source);
    source.pause();
    destination.once('drain', () => this.resumeReading(source));
  }

  private resumeReading(source: Socket): void {
    if (!this.pausedForBackpressure.delete(source)) return;
    if (!source.destroyed) source.resume();
  }

  private noteClose(close: ClosePayload | null): void {
    if (close && !this.firstClose) this.firstClose = close;
  }

  /** One side sent FIN: pass it on (TCP half-close), unless the session is already ending its own way. */
  private sideEnded(side: TapSender): void {
    if (side === 'server' && this.phase === 'handshake') {
      return this.answerInstead(502, `the target ${this.target.url} closed the connection before it answered the upgrade`);
    }
    // Ending its own way, the proxy has already ended the target's side; the client's ends when it says so.
    if (this.phase === 'closing') return side === 'client' ? this.closeSide(this.client, false) : undefined;
    this.closeSide(side === 'client' ? this.upstream : this.client, false);
  }

  private sideClosed(side: TapSender, hadError: boolean): void {
    if (side === 'client') this.clientClosed = true;
    else this.upstreamClosed = true;
    if (side === 'client' && this.phase === 'handshake') {
      // RFC 6455 7.1.5: TCP went without a close frame.
      this.ending = { code: CloseCode.Abnormal, reason: 'the client left before the target answered', wasClean: false };
      this.stopHandshakeClock();
      this.phase = 'closing';
      this.upstream?.destroy();
    } else if (side === 'server' && this.phase === 'handshake') {
      // Before the connection was up, `ready` says why it failed; after it, the target left without answering.
      if (this.upstreamReady) this.answerInstead(502, `the target ${this.target.url} closed the connection before it answered the upgrade`);
    } else {
      // A side that failed takes the other down at once; one that closed cleanly gets a FIN passed on.
      this.closeSide(side === 'client' ? this.upstream : this.client, hadError);
    }
    this.finishWhenBothClosed();
  }

  /**
   * The proxy answers the client itself (502, 503, 504) instead of the
   * target; only while the target's answer has not been passed on.
   */
  private answerInstead(status: GatewayStatus, reason: string, extraHeaders?: { name: string; value: string }[]): void {
    if (this.phase !== 'handshake') return;
    this.stopHandshakeClock();
    this.phase = 'closing';
    const bytes = gatewayResponse(status, reason, extraHeaders);
    this.recorder?.record('server', 'handshake', bytes);
    this.recorder?.update({ state: 'refused' });
    this.ending = { code: null, reason: `${gatewayStatusLine(status)}: ${reason}`, wasClean: false };
    this.upstream?.destroy();
    if (!this.client.destroyed) {
      this.client.end(bytes);
      // Read what the client still sends (the tap keeps it), so its FIN is seen.
      this.client.resume();
      this.armLinger();
    }
    this.finishWhenBothClosed();
  }

  /** Ends one side: FIN after what waits to be written, or at once when `abrupt`; dropped if it does not close in time. */
  private closeSide(socket: Socket | null, abrupt: boolean): void {
    if (!socket || socket.destroyed) return;
    if (abrupt) {
      socket.destroy();
      return;
    }
    socket.end();
    // It may be paused for a side that is gone: read it, so its own FIN comes through.
    this.resumeReading(socket);
    this.armLinger();
  }

  private armLinger(): void {
    this.lingerTimer ??= setTimeout(() => this.destroy(), this.limits.closeTimeoutMs);
  }

  private stopHandshakeClock(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  private finishWhenBothClosed(): void {
    if (this.phase === 'ended' || !this.clientClosed || (this.upstream && !this.upstreamClosed)) return;
    this.phase = 'ended';
    this.stopHandshakeClock();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.recorder?.close(this.ending ?? this.endingFromFrames());
    this.watches.client.release();
    this.watches.server.release();
    this.resolveDone();
  }

  /** RFC 6455 7.1.5 and 7.1.6, from the close frames that crossed the proxy. */
  private endingFromFrames(): TapEnding {
    const first = this.firstClose;
    if (!first) {
      const lost = this.watches.client.lostTrack ?? this.watches.server.lostTrack;
      return { code: CloseCode.Abnormal, reason: lost ? `TCP closed; the proxy had stopped following the frames (${lost})` : 'TCP closed without a close frame', wasClean: false };
    }
    return {
      // 7.1.5: a close frame without a code is 1005 to the application.
      code: first.code ?? CloseCode.NoStatusReceived,
      reason: first.reason,
      // 7.1.6: clean when both close frames were exchanged before TCP closed.
      wasClean: this.watches.client.close !== null && this.watches.server.close !== null,
    };
  }
}

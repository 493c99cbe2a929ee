// The client side, like gorilla's Dialer: open TCP to a ws:// URL, send the
// opening handshake the engine builds (RFC 6455 4.1), verify the server's
// answer with the engine's checks, and drive the rest with the same
// SocketConnection the server uses. As gorilla does, a failed handshake
// reports the server's response along with the error.
//
// For teaching and conformance it can also skip the connection logic after
// the handshake: `dialRaw` hands over the socket so a caller can write any
// bytes at all (invalid frames included) and see exactly what came back.

import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { buildClientHandshake, verifyServerResponse } from '../engine/client-handshake';
import { CloseCode } from '../engine/close';
import { clientDeflateOffer, type DeflateAgreement, verifyDeflateResponse } from '../engine/deflate-negotiation';
import { parseExtensionsHeader } from '../engine/extensions-header';
import { decodeFrames } from '../engine/frame';
import type { DecodeResult } from '../engine/frame-model';
import type { HandshakeCheck } from '../engine/handshake';
import { headerValues, parseResponseHead, type HttpHeader, type HttpRequest, type HttpResponse } from '../engine/http-message';
import { CONNECTION_DEFAULTS, SocketConnection, nextSessionId, type ConnectionLimits } from './socket-connection';
import type { Tap, TapRecorder } from './tap';
import { concatBytes } from '../engine/concat-bytes';

export interface DialOptions extends ConnectionLimits {
  /** Sec-WebSocket-Protocol offers (RFC 6455 4.1). */
  protocols?: string[];
  origin?: string;
  headers?: HttpHeader[];
  /** TCP connect through the 101. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** Largest response head accepted. Default 16 KiB. */
  maxResponseHeadBytes?: number;
  /** Record the session (handshake included) on this tap. */
  tap?: Tap | null;
  /** Offer permessage-deflate (RFC 7692) and compress if the server agrees. Default false. */
  deflate?: boolean;
}

export interface HandshakeOutcome {
  request: HttpRequest;
  requestBytes: Uint8Array;
  response: HttpResponse;
  responseBytes: Uint8Array;
  /** The engine's named checks of the response (engine/client-handshake.ts). */
  checks: HandshakeCheck[];
  subprotocol: string | null;
  /** permessage-deflate as the server agreed it, or null when it answered without it. */
  deflate: DeflateAgreement | null;
}

export interface DialResult extends HandshakeOutcome {
  connection: SocketConnection;
}

/** A dial that did not end in an open connection; `response` is set when the server answered. */
export class DialError extends Error {
  constructor(
    message: string,
    readonly response: HttpResponse | null = null,
    readonly checks: HandshakeCheck[] = [],
  ) {
    super(message);
    this.name = 'DialError';
  }
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

const randomBytes = (length: number) => new Uint8Array(nodeRandomBytes(length));

/** Connects to a ws:// URL and completes the opening handshake. Rejects with DialError. */
export async function dial(url: string, options: DialOptions = {}): Promise<DialResult> {
  const { socket, outcome, leftover, recorder } = await handshake(url, options);
  const connection = new SocketConnection({
    id: recorder?.sessionId,
    deflate: outcome.deflate,
    socket,
    role: 'client',
    request: outcome.request,
    url: new URL(url),
    subprotocol: outcome.subprotocol,
    leftover,
    tap: recorder,
    maxMessageSize: options.maxMessageSize ?? CONNECTION_DEFAULTS.maxMessageSize,
    writeWaitMs: options.writeWaitMs,
    keepalive: options.keepalive ?? null,
    closeTimeoutMs: options.closeTimeoutMs,
    maxBufferedBytes: options.maxBufferedBytes,
    randomBytes,
  });
  // Reading starts once the caller had its turn to attach handlers.
  setImmediate(() => connection.start());
  return { ...outcome, connection };
}

/** After the handshake, the socket is yours: write anything, read everything. */
export interface RawSession extends HandshakeOutcome {
  socket: Socket;
  /** Writes bytes as they are; resolves once handed to the kernel. */
  send(bytes: Uint8Array): Promise<void>;
  /** Every byte received after the handshake so far. */
  received(): Uint8Array;
  /** True once the server closed TCP. */
  readonly serverClosed: boolean;
  /** Waits until the server closes TCP or `timeoutMs` passes; true if it closed. */
  waitForClose(timeoutMs: number): Promise<boolean>;
  /** Waits until at least `count` bytes arrived (or close/timeout); returns what arrived. */
  waitForBytes(count: number, timeoutMs: number): Promise<Uint8Array>;
  /** The received bytes decoded as server frames (engine/frame.ts). */
  decode(): DecodeResult;
  close(): void;
}

export interface RawDialOptions extends DialOptions {
  /** Bytes kept of what the server sends; past it the socket is closed (a flood is not worth reading). Default: no bound. */
  maxReceivedBytes?: number;
}

export async function dialRaw(url: string, options: RawDialOptions = {}): Promise<RawSession> {
  const { socket, outcome, leftover, recorder } = await handshake(url, options);
  const chunks: Uint8Array[] = leftover.length ? [leftover] : [];
  const maxReceivedBytes = options.maxReceivedBytes ?? Infinity;
  let total = leftover.length;
  let closed = false;
  let waiters: Array<() => void> = [];
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  socket.on('data', (chunk: Buffer) => {
    recorder?.record('server', 'frames', chunk);
    const room = maxReceivedBytes - total;
    chunks.push(new Uint8Array(chunk.subarray(0, Math.max(0, room))));
    total += Math.min(chunk.length, Math.max(0, room));
    if (chunk.length > room) socket.destroy();
    wake();
  });
  socket.on('close', () => {
    closed = true;
    recorder?.close({ code: CloseCode.Abnormal, reason: 'raw session', wasClean: false });
    wake();
  });
  socket.resume();
  const received = () => {
    if (chunks.length > 1) chunks.splice(0, chunks.length, Buffer.concat(chunks));
    return chunks[0] ?? new Uint8Array(0);
  };
  const waitUntil = (done: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve) => {
      if (done()) return resolve();
      const timer = setTimeout(finish, timeoutMs);
      function check() {
        if (done()) finish();
        else waiters.push(check);
      }
      function finish() {
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== check);
        resolve();
      }
      waiters.push(check);
    });
  return {
    ...outcome,
    socket,
    send(bytes) {
      recorder?.record('client', 'frames', bytes);
      return new Promise((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
    },
    received,
    get serverClosed() {
      return closed;
    },
    async waitForClose(timeoutMs) {
      await waitUntil(() => closed, timeoutMs);
      return closed;
    },
    async waitForBytes(count, timeoutMs) {
      await waitUntil(() => closed || total >= count, timeoutMs);
      return received();
    },
    decode() {
      return decodeFrames(received(), { from: 'server' });
    },
    close() {
      socket.destroy();
    },
  };
}

export interface RawExchangeReport {
  handshake: HandshakeOutcome;
  sent: Uint8Array;
  received: Uint8Array;
  decoded: DecodeResult;
  /** True when the server closed TCP within the wait. */
  serverClosed: boolean;
  elapsedMs: number;
}

/**
 * Handshakes, writes `bytes` as they are, and reports what the server sent
 * back until it closed TCP or `waitMs` passed.
 */
export async function exchangeRaw(url: string, bytes: Uint8Array, options: RawDialOptions & { waitMs?: number } = {}): Promise<RawExchangeReport> {
  const session = await dialRaw(url, options);
  const started = performance.now();
  try {
    await session.send(bytes);
    const serverClosed = await session.waitForClose(options.waitMs ?? 1000);
    const { request, requestBytes, response, responseBytes, checks, subprotocol, deflate } = session;
    return {
      handshake: { request, requestBytes, response, responseBytes, checks, subprotocol, deflate },
      sent: bytes,
      received: session.received(),
      decoded: session.decode(),
      serverClosed,
      elapsedMs: performance.now() - started,
    };
  } finally {
    session.close();
  }
}

async function handshake(
  url: string,
  options: DialOptions,
): Promise<{ socket: Socket; outcome: HandshakeOutcome; leftover: Uint8Array; recorder: TapRecorder | null }> {
  const plan = buildClientHandshake({
    url,
    randomBytes,
    ...(options.protocols ? { protocols: options.protocols } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.deflate ? { extensions: clientDeflateOffer() } : {}),
  });
  if (plan.secure) throw new DialError('wss:// needs TLS, which this dialer does not speak; use ws://');
  const timeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const maxHeadBytes = options.maxResponseHeadBytes ?? DEFAULT_MAX_RESPONSE_HEAD_BYTES;

  const socket = await new Promise<Socket>((resolve, reject) => {
    const attempt = connect({ host: plan.host, port: plan.port });
    const timer = setTimeout(() => {
      attempt.destroy();
      reject(new DialError(`no TCP connection to ${plan.host}:${plan.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    attempt.once('connect', () => {
      clearTimeout(timer);
      attempt.off('error', onError);
      resolve(attempt);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(new DialError(`cannot connect to ${plan.host}:${plan.port}: ${error.message}`));
    };
    attempt.once('error', onError);
  });
  socket.on('error', () => {
    // Reported through 'close' and the promises below.
  });
  const recorder =
    options.tap?.openSession({ id: nextSessionId(), target: plan.path, remote: `${plan.host}:${plan.port}` }) ?? null;
  recorder?.record('client', 'handshake', plan.requestBytes);
  socket.write(plan.requestBytes);

  return new Promise((resolve, reject) => {
    let received: Uint8Array = new Uint8Array(0);
    const fail = (message: string, response: HttpResponse | null = null, checks: HandshakeCheck[] = []) => {
      cleanup();
      socket.destroy();
      recorder?.close({ code: null, reason: message, wasClean: false });
      reject(new DialError(message, response, checks));
    };
    const timer = setTimeout(() => fail(`no handshake response within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      received = concatBytes([received, chunk]);
      const parsed = parseResponseHead(received, { maxHeadBytes, maxHeaderCount: 100 });
      if (parsed.state === 'incomplete') return;
      if (parsed.state === 'error') return fail(`bad handshake response: ${parsed.message} (byte ${parsed.offset}, line ${parsed.line})`);
      const responseBytes = received.slice(0, parsed.headLength);
      recorder?.record('server', 'handshake', responseBytes);
      const verdict = verifyServerResponse(plan, parsed.message);
      const checks = verdict.checks;
      if (!verdict.ok) return fail(`handshake refused: ${verdict.reason}`, parsed.message, checks);
      // RFC 7692 7.1: an answer that does not follow from the offer fails the connection.
      const answered = parseExtensionsHeader(headerValues(parsed.message.headers, 'sec-websocket-extensions')).offers;
      const deflate = verifyDeflateResponse(answered, plan.offeredExtensions);
      if (deflate && !deflate.ok) return fail(`handshake refused: ${deflate.reason}`, parsed.message, checks);
      cleanup();
      recorder?.update({ state: 'open', subprotocol: verdict.subprotocol });
      // Hold further bytes in the socket until the connection takes over.
      socket.pause();
      resolve({
        socket,
        leftover: received.slice(parsed.headLength),
        recorder,
        outcome: {
          request: plan.request,
          requestBytes: plan.requestBytes,
          response: parsed.message,
          responseBytes,
          checks,
          subprotocol: verdict.subprotocol,
          deflate: deflate?.ok ? deflate.agreement : null,
        },
      });
    };
    const onClose = () => fail('the server closed the connection during the handshake');
    function cleanup() {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
    }
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

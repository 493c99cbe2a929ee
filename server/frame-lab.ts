// The frame lab: bytes a person built (valid or broken on purpose) sent to a
// real server, and what it answered. A browser's WebSocket cannot send a
// frame with RSV2 set or bad UTF-8 in a text frame; the explorer's server
// can, with its raw Dialer: it opens the handshake itself, writes exactly the
// bytes it was given, and reports everything that came back until the server
// closed TCP or the wait ran out.
//
// The lab is a tool someone could point at others, so it is fenced in:
// only the explorer's own endpoints unless the operator named more targets
// (--lab-target), a bound on what is sent and what is read, a wait bound,
// and a per-address rate limit. Beyond loopback it sits under /api, which
// needs the server's token (access-policy.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseHex, bytesToHex } from '../engine/hex';
import { exchangeRaw } from './dialer';
import { readBody } from './read-body';
import { type RateLimit, TokenBucket } from './token-bucket';

export interface FrameLabOptions {
  /** ws://host:port of this server, once it listens. */
  ownBase: () => string | null;
  /** The paths of this server's own WebSocket endpoints. */
  ownPaths: () => readonly string[];
  /** Other ws:// URLs the operator allowed with --lab-target. */
  allowedTargets?: readonly string[];
  /** Largest frame bytes one exchange may send. Default 64 KiB. */
  maxSendBytes?: number;
  /** Largest answer kept. Default 256 KiB. */
  maxReceiveBytes?: number;
  /** Longest wait for the server to close. Default 2 s; a request may ask for less. */
  maxWaitMs?: number;
  /** Exchanges per address. Default 10 at once, then 2 a second. */
  rateLimit?: RateLimit;
}

export interface LabRequest {
  /** One of this server's paths ('/echo') or an allowed ws:// URL. */
  target: string;
  /** The bytes to write after the handshake, as hex. */
  hex: string;
  waitMs?: number;
}

export interface LabReport {
  url: string;
  requestHead: string;
  responseHead: string;
  status: number;
  sentHex: string;
  /** Everything the server sent after its 101, as hex: decode it as server frames. */
  receivedHex: string;
  /** True when the answer was cut at maxReceiveBytes. */
  receivedTruncated: boolean;
  serverClosedTcp: boolean;
  elapsedMs: number;
}

export type LabOutcome = { ok: true; report: LabReport } | { ok: false; status: number; reason: string };

const DEFAULTS = { maxSendBytes: 64 * 1024, maxReceiveBytes: 256 * 1024, maxWaitMs: 2_000, rateLimit: { burst: 10, messagesPerSecond: 2 } };

export class FrameLab {
  private readonly options: Required<FrameLabOptions>;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(options: FrameLabOptions) {
    this.options = {
      ownBase: options.ownBase,
      ownPaths: options.ownPaths,
      allowedTargets: options.allowedTargets ?? [],
      maxSendBytes: options.maxSendBytes ?? DEFAULTS.maxSendBytes,
      maxReceiveBytes: options.maxReceiveBytes ?? DEFAULTS.maxReceiveBytes,
      maxWaitMs: options.maxWaitMs ?? DEFAULTS.maxWaitMs,
      rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
    };
  }

  /** The targets a page may choose from: this server's endpoints, then the allowed ones. */
  targets(): string[] {
    return [...this.options.ownPaths(), ...this.options.allowedTargets];
  }

  async exchange(request: LabRequest, peerAddress: string): Promise<LabOutcome> {
    if (!this.bucketFor(peerAddress).take()) return { ok: false, status: 429, reason: 'too many lab exchanges from this address; wait a moment' };
    const url = this.resolveTarget(request.target);
    if (!url) {
      return { ok: false, status: 403, reason: `${JSON.stringify(request.target)} is not a lab target: use one of this server's endpoints, or start the server with --lab-target URL` };
    }
    const parsed = parseHex(typeof request.hex === 'string' ? request.hex : '');
    if (!parsed.ok) return { ok: false, status: 400, reason: `not hex: ${parsed.error.message}` };
    if (parsed.bytes.length > this.options.maxSendBytes) return { ok: false, status: 413, reason: `at most ${this.options.maxSendBytes} bytes per exchange, not ${parsed.bytes.length}` };
    const waitMs = Math.min(this.options.maxWaitMs, request.waitMs ?? this.options.maxWaitMs);
    try {
      // A short wait is for the answer to the bytes sent; the opening handshake
      // always gets the full allowance, so a busy target is not reported as refusing.
      const result = await exchangeRaw(url, parsed.bytes, { waitMs, maxReceivedBytes: this.options.maxReceiveBytes, handshakeTimeoutMs: this.options.maxWaitMs });
      const ascii = new TextDecoder('latin1');
      return {
        ok: true,
        report: {
          url,
          requestHead: ascii.decode(result.handshake.requestBytes),
          responseHead: ascii.decode(result.handshake.responseBytes),
          status: result.handshake.response.status,
          sentHex: bytesToHex(result.sent),
          receivedHex: bytesToHex(result.received),
          receivedTruncated: result.received.length >= this.options.maxReceiveBytes,
          serverClosedTcp: result.serverClosed,
          elapsedMs: Math.round(result.elapsedMs),
        },
      };
    } catch (error) {
      // RFC 9110 15.6.3: the gateway could not get a usable answer.
      return { ok: false, status: 502, reason: `the target did not open a WebSocket: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** A path of this server, or an allowed URL as given; anything else is refused. */
  private resolveTarget(target: string): string | null {
    if (typeof target !== 'string') return null;
    if (this.options.allowedTargets.includes(target)) return target;
    const base = this.options.ownBase();
    const path = target.split('?')[0];
    if (base && target.startsWith('/') && this.options.ownPaths().includes(path)) return `${base}${target}`;
    return null;
  }

  private bucketFor(address: string): TokenBucket {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      // Addresses come and go; forget them all now and then so the map stays small.
      if (this.buckets.size > 10_000) this.buckets.clear();
      bucket = new TokenBucket(this.options.rateLimit);
      this.buckets.set(address, bucket);
    }
    return bucket;
  }
}

/** Largest JSON body of a lab request: the hex of maxSendBytes and some room. */
const MAX_REQUEST_BODY = 256 * 1024;

/**
 * POST /api/lab: a JSON LabRequest in, a LabReport (or {error}) out.
 * GET /api/lab: the targets. JSON only, so a page on another site cannot
 * post a form here without a CORS preflight the server never answers, and
 * a request whose Origin is not this server's is refused outright.
 */
export async function handleLabRequest(lab: FrameLab, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    response.end(text);
  };
  if (request.method === 'GET') return reply(200, { targets: lab.targets() });
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'GET, POST');
    return reply(405, { error: 'the lab takes GET (its targets) and POST (an exchange)' });
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return reply(415, { error: 'send the exchange as application/json' });
  const origin = request.headers.origin;
  if (origin !== undefined && new URL(origin, 'http://invalid').host !== request.headers.host) {
    return reply(403, { error: `a page from ${origin} may not use this server's lab` });
  }
  const body = await readBody(request, MAX_REQUEST_BODY);
  if (body === null) return reply(413, { error: `the request is over ${MAX_REQUEST_BODY} bytes` });
  let parsed: LabRequest;
  try {
    parsed = JSON.parse(body) as LabRequest;
  } catch {
    return reply(400, { error: 'the request is not JSON: {"target": "/echo", "hex": "81 85 …"}' });
  }
  const outcome = await lab.exchange(parsed, request.socket.remoteAddress ?? '?');
  if (!outcome.ok) return reply(outcome.status, { error: outcome.reason });
  reply(200, outcome.report);
}

// POST /api/conform: the conformance suite run from the explorer's page
// against one of this server's own endpoints (or a URL the operator allowed
// with --lab-target, the frame lab's rule), its progress streamed back as
// newline-delimited JSON (report.ts's ConformanceEvent, one per line) so the
// page can show each case as it ends. GET /api/conform: the targets and the
// catalogue of cases, for the page to offer.
//
// It is a tool that sends broken frames to a server, so it is bounded: one
// run at a time per address, a few at a time in all, each under a time cap,
// and a run stops when its reader goes away. Beyond loopback it sits under
// /api, which needs the server's token (access-policy.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { categoryOf } from './case-model';
import { ALL_CASES } from './cases/index';
import { categoryTitle } from './categories';
import type { ConformanceEvent } from './report';
import { ConformanceSetupError, plannedCases, runConformance } from './runner';
import { readBody } from '../read-body';

export interface ConformanceApiOptions {
  /** What the frame lab may target: this server's paths ('/echo') and the allowed ws:// URLs (FrameLab.targets()). */
  targets: () => readonly string[];
  /** Runs at once from one address. Default 1. */
  maxRunsPerAddress?: number;
  /** Runs at once in all. Default 2. */
  maxRuns?: number;
  /** A run's time cap; a request may ask for less. Default 5 minutes. */
  maxRunMs?: number;
}

export interface ConformRequest {
  /** One of this server's paths ('/echo') or an allowed ws:// URL. */
  target: string;
  /** Globs on case ids, as --cases takes them; default every case. */
  cases?: string[];
  /** As --max-message: the target's message limit in bytes. */
  maxMessage?: number;
  timeoutMs?: number;
}

const DEFAULTS = { maxRunsPerAddress: 1, maxRuns: 2, maxRunMs: 5 * 60_000 };
const MAX_REQUEST_BODY = 16 * 1024;

type Refusal = { status: number; error: string };

export class ConformanceApi {
  private readonly options: Required<ConformanceApiOptions>;
  private readonly runsByAddress = new Map<string, number>();
  private runs = 0;

  constructor(options: ConformanceApiOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** What GET answers: where a run may go, and which cases there are. */
  catalogue(): { targets: string[]; cases: Array<{ id: string; category: string; categoryTitle: string; description: string }> } {
    return {
      targets: [...this.options.targets()],
      cases: ALL_CASES.map((c) => ({ id: c.id, category: categoryOf(c.id), categoryTitle: categoryTitle(categoryOf(c.id)), description: c.description })),
    };
  }

  /**
   * The ws:// URL a request may run against: an allowed URL as given, or
   * one of this server's paths on the address the request came in on.
   */
  resolveTarget(target: unknown, localBase: string): string | null {
    if (typeof target !== 'string') return null;
    const allowed = this.options.targets();
    if (!allowed.includes(target.split('?')[0])) return null;
    return target.startsWith('/') ? `${localBase}${target}` : target;
  }

  /** Takes a run slot for `address`, or says why not. */
  admit(address: string): Refusal | (() => void) {
    if ((this.runsByAddress.get(address) ?? 0) >= this.options.maxRunsPerAddress) return { status: 409, error: 'a conformance run from this address is already going; wait for it to end' };
    if (this.runs >= this.options.maxRuns) return { status: 429, error: 'the server is running as many conformance runs as it allows; try again in a minute' };
    this.runs++;
    this.runsByAddress.set(address, (this.runsByAddress.get(address) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.runs--;
      const left = (this.runsByAddress.get(address) ?? 1) - 1;
      if (left > 0) this.runsByAddress.set(address, left);
      else this.runsByAddress.delete(address);
    };
  }

  get maxRunMs(): number {
    return this.options.maxRunMs;
  }
}

export async function handleConformRequest(api: ConformanceApi, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    response.end(text);
  };
  if (request.method === 'GET') return reply(200, api.catalogue());
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'GET, POST');
    return reply(405, { error: 'the conformance API takes GET (targets and cases) and POST (a run)' });
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return reply(415, { error: 'send the run as application/json' });
  // As the frame lab: a page from another site may not start runs from here.
  const origin = request.headers.origin;
  if (origin !== undefined && new URL(origin, 'http://invalid').host !== request.headers.host) {
    return reply(403, { error: `a page from ${origin} may not run the conformance suite on this server` });
  }
  const body = await readBody(request, MAX_REQUEST_BODY);
  if (body === null) return reply(413, { error: `the request is over ${MAX_REQUEST_BODY} bytes` });
  let parsed: ConformRequest;
  try {
    parsed = JSON.parse(body) as ConformRequest;
  } catch {
    return reply(400, { error: 'the request is not JSON: {"target": "/echo", "cases": ["1.*"]}' });
  }
  const url = api.resolveTarget(parsed?.target, localBase(request));
  if (!url) {
    return reply(403, { error: `${JSON.stringify(parsed?.target)} is not a conformance target: use one of this server's endpoints, or start the server with --lab-target URL` });
  }
  const cases = Array.isArray(parsed.cases) ? parsed.cases.filter((c): c is string => typeof c === 'string') : null;
  const maxMessage = Number.isSafeInteger(parsed.maxMessage) && parsed.maxMessage! > 0 ? parsed.maxMessage! : null;
  try {
    plannedCases({ url, cases });
  } catch (error) {
    if (error instanceof ConformanceSetupError) return reply(400, { error: error.message });
    throw error;
  }
  const admitted = api.admit(request.socket.remoteAddress ?? '?');
  if (typeof admitted !== 'function') return reply(admitted.status, { error: admitted.error });

  const controller = new AbortController();
  // The reader left (or the server is shutting down): no more cases start.
  response.on('close', () => controller.abort());
  response.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  const send = (event: ConformanceEvent) => {
    if (!response.writableEnded && !response.destroyed) response.write(`${JSON.stringify(event)}\n`);
  };
  const timeoutMs = Math.min(api.maxRunMs, typeof parsed.timeoutMs === 'number' && parsed.timeoutMs > 0 ? parsed.timeoutMs : api.maxRunMs);
  try {
    await runConformance({ url, cases, maxMessage, totalTimeoutMs: timeoutMs, signal: controller.signal, onEvent: send });
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    admitted();
    response.end();
  }
}

/** ws://address:port of the connection the request came in on: this server, as its client reached it. */
function localBase(request: IncomingMessage): string {
  const address = request.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return `ws://${host.includes(':') ? `[${host}]` : host}:${request.socket.localPort}`;
}

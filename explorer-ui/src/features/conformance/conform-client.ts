// The page's side of the conformance API (server/conformance/api.ts): GET
// /api/conform for the targets and the catalogue of cases, POST to run the
// suite, whose progress comes back as newline-delimited JSON, one
// ConformanceEvent a line, read here as it arrives. /api lives on the
// page's own server, with the page's ?token= when it has one; opened from
// disk there is no server to ask (the frame lab's rule, lab-client.ts).

import type { ConformanceEvent } from '../../../../server/conformance/report';
import { tapAddress, type PageAddress } from '../live/tap-address';
import type { LabUnavailable } from '../frame-lab/lab-client';
import { notJsonLine, streamBroke } from './run-messages';

export type ConformPlace = { kind: 'static' } | { kind: 'server'; apiUrl: string; token: string | null };

export function conformPlace(page: PageAddress): ConformPlace {
  const address = tapAddress(page);
  if (address.kind === 'no-server') return { kind: 'static' };
  const query = address.token ? `?token=${encodeURIComponent(address.token)}` : '';
  return { kind: 'server', apiUrl: `${address.origin}/api/conform${query}`, token: address.token };
}

/** A case as GET /api/conform lists it. */
export interface CatalogueCase {
  id: string;
  category: string;
  categoryTitle: string;
  description: string;
}

export type Catalogue = { kind: 'catalogue'; targets: string[]; cases: CatalogueCase[] } | LabUnavailable;

type Fetch = typeof fetch;

export async function fetchCatalogue(place: Extract<ConformPlace, { kind: 'server' }>, fetchFn: Fetch = fetch): Promise<Catalogue> {
  let response: Response;
  try {
    response = await fetchFn(place.apiUrl, { cache: 'no-store' });
  } catch {
    return { kind: 'no-server', detail: { kind: 'silent' } };
  }
  if (response.status === 401) return { kind: 'token', given: place.token !== null };
  const body = (response.ok ? await response.json().catch(() => null) : null) as { targets?: unknown; cases?: unknown } | null;
  if (!body || !Array.isArray(body.targets) || !body.targets.every((t) => typeof t === 'string') || !Array.isArray(body.cases)) {
    return { kind: 'no-server', detail: { kind: 'unexpected', path: '/api/conform', status: response.status, expected: 'conformance-cases' } };
  }
  const cases = (body.cases as CatalogueCase[]).filter((c) => typeof c?.id === 'string' && typeof c.category === 'string');
  return { kind: 'catalogue', targets: body.targets as string[], cases };
}

/** What POST /api/conform takes (server/conformance/api.ts ConformRequest). */
export interface ConformRequest {
  target: string;
  /** Globs on case ids ("1.*"); absent for every case. */
  cases?: string[];
  maxMessage?: number;
}

export type RunOpening =
  | { kind: 'started' }
  /** The server said no before the run began (a target not allowed, a run already going from here…), in its own words. */
  | { kind: 'refused'; status: number; reason: string }
  | LabUnavailable;

/**
 * Starts a run: `onOpen` once the server took it, then each event to
 * `onEvent` as its line arrives. Resolves once the server refused, or once
 * the stream ended (or broke: the last event is then an 'error' made here). `signal` stops the run: the
 * server stops starting cases when its reader goes away.
 */
export async function runConformanceStream(
  place: Extract<ConformPlace, { kind: 'server' }>,
  request: ConformRequest,
  handlers: { onOpen: () => void; onEvent: (event: ConformanceEvent) => void },
  signal: AbortSignal,
  fetchFn: Fetch = fetch,
): Promise<RunOpening> {
  const { onOpen, onEvent } = handlers;
  let response: Response;
  try {
    response = await fetchFn(place.apiUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      cache: 'no-store',
      signal,
    });
  } catch {
    if (signal.aborted) return { kind: 'started' };
    return { kind: 'no-server', detail: { kind: 'silent' } };
  }
  if (response.status === 401) return { kind: 'token', given: place.token !== null };
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    const reason = errorOf(text) ?? (text.trim() || `HTTP ${response.status}`);
    return { kind: 'refused', status: response.status, reason };
  }
  onOpen();
  const lines = new NdjsonLines();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const line of lines.push(value)) deliver(line, onEvent);
    }
    for (const line of lines.end()) deliver(line, onEvent);
  } catch (error) {
    if (!signal.aborted) onEvent({ type: 'error', message: streamBroke(error instanceof Error ? error.message : String(error)) });
  }
  return { kind: 'started' };
}

function deliver(line: string, onEvent: (event: ConformanceEvent) => void): void {
  let event: ConformanceEvent;
  try {
    event = JSON.parse(line) as ConformanceEvent;
  } catch {
    onEvent({ type: 'error', message: notJsonLine(line.slice(0, 80)) });
    return;
  }
  if (event && typeof event === 'object' && typeof event.type === 'string') onEvent(event);
}

function errorOf(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body?.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

/** Cuts text that arrives in any pieces into whole lines; a case's line can be hundreds of kilobytes, split across many reads. */
export class NdjsonLines {
  /** The line being gathered, in the pieces it came in (joined once, when its newline arrives). */
  private pieces: string[] = [];

  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.pieces.push(text.slice(start, newline));
      const line = this.pieces.join('');
      this.pieces = [];
      if (line.trim()) lines.push(line);
      start = newline + 1;
    }
    if (start < text.length) this.pieces.push(text.slice(start));
    return lines;
  }

  end(): string[] {
    const last = this.pieces.join('');
    this.pieces = [];
    return last.trim() ? [last] : [];
  }
}

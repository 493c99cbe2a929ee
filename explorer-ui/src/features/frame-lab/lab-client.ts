// The page's side of the frame lab (server/frame-lab.ts): GET /api/lab for
// the targets, POST /api/lab to send bytes and get back what the server
// answered. /api lives on the page's own server, with the page's ?token=
// when it has one (the tap's address helper, features/live/tap-address.ts,
// already reads it). Opened from disk there is no server to ask.

import { tapAddress, type PageAddress } from '../live/tap-address';
import type { ServerAbsence } from '../../i18n/server-absence';

/** server/frame-lab.ts LabReport, as the JSON the server sends. */
export interface LabReport {
  url: string;
  requestHead: string;
  responseHead: string;
  status: number;
  sentHex: string;
  receivedHex: string;
  receivedTruncated: boolean;
  serverClosedTcp: boolean;
  elapsedMs: number;
}

export type LabPlace = { kind: 'static' } | { kind: 'server'; labUrl: string; token: string | null };

/** Where this page's lab is: /api/lab on its own server, or nowhere from file://. */
export function labPlace(page: PageAddress): LabPlace {
  const address = tapAddress(page);
  if (address.kind === 'no-server') return { kind: 'static' };
  const query = address.token ? `?token=${encodeURIComponent(address.token)}` : '';
  return { kind: 'server', labUrl: `${address.origin}/api/lab${query}`, token: address.token };
}

/** Why the lab cannot be used from this page, when it cannot. */
export type LabUnavailable =
  /** Nothing at /api/lab that is the explorer's lab: a static host, or the server is down. */
  | { kind: 'no-server'; detail: ServerAbsence }
  /** 401: the server listens beyond loopback and the page address lacks its token. */
  | { kind: 'token'; given: boolean };

export type LabTargets = { kind: 'targets'; targets: string[] } | LabUnavailable;

export type LabExchange =
  | { kind: 'answer'; report: LabReport }
  /** The lab said no (a target not allowed, too many bytes, too many exchanges…), in its own words. */
  | { kind: 'refused'; status: number; reason: string }
  | LabUnavailable;

type Fetch = typeof fetch;

export async function fetchLabTargets(place: Extract<LabPlace, { kind: 'server' }>, fetchFn: Fetch = fetch): Promise<LabTargets> {
  let response: Response;
  try {
    response = await fetchFn(place.labUrl, { cache: 'no-store' });
  } catch {
    return { kind: 'no-server', detail: { kind: 'silent' } };
  }
  if (response.status === 401) return { kind: 'token', given: place.token !== null };
  const body = response.ok ? await response.json().catch(() => null) : null;
  const targets = (body as { targets?: unknown } | null)?.targets;
  if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string')) {
    return { kind: 'no-server', detail: { kind: 'unexpected', path: '/api/lab', status: response.status, expected: 'lab-targets' } };
  }
  return { kind: 'targets', targets };
}

export async function exchangeWithLab(place: Extract<LabPlace, { kind: 'server' }>, target: string, hex: string, fetchFn: Fetch = fetch): Promise<LabExchange> {
  let response: Response;
  try {
    response = await fetchFn(place.labUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target, hex }),
      cache: 'no-store',
    });
  } catch {
    return { kind: 'no-server', detail: { kind: 'silent' } };
  }
  if (response.status === 401) return { kind: 'token', given: place.token !== null };
  const text = await response.text();
  const body = parseJson(text);
  if (response.ok) {
    return isLabReport(body) ? { kind: 'answer', report: body } : { kind: 'no-server', detail: { kind: 'unexpected', path: '/api/lab', status: response.status, expected: 'lab-report' } };
  }
  // The lab's refusals are JSON {error}; the server's own (a Host it does not answer to) are plain text.
  const reason = typeof (body as { error?: unknown } | null)?.error === 'string' ? (body as { error: string }).error : text.trim() || `HTTP ${response.status}`;
  return { kind: 'refused', status: response.status, reason };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isLabReport(value: unknown): value is LabReport {
  const r = value as LabReport | null;
  return typeof r === 'object' && r !== null && typeof r.url === 'string' && typeof r.responseHead === 'string' && typeof r.receivedHex === 'string'
    && typeof r.sentHex === 'string' && typeof r.status === 'number' && typeof r.elapsedMs === 'number';
}

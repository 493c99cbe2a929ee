// Where this page finds the tap: /tap on the page's own origin, ws:// for an
// http:// page and wss:// for https:// (RFC 6455 3), with the token from the
// page address's ?token= when there is one. A server bound beyond loopback
// wants that token (it prints the URL that carries it at start) and answers
// 401 without; a page opened from disk (file://) has no server at all.

import { TAP_PATH } from '../../../../engine/tap-messages';

export interface PageAddress {
  protocol: string;
  host: string;
  /** The page's own query, e.g. "?token=abc". */
  search: string;
}

export type TapAddress =
  | { kind: 'no-server'; reason: 'file' }
  | { kind: 'server'; tapUrl: string; endpointsUrl: string; token: string | null; origin: string };

export function tapAddress(page: PageAddress): TapAddress {
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return { kind: 'no-server', reason: 'file' };
  const token = new URLSearchParams(page.search).get('token') || null;
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    kind: 'server',
    tapUrl: `${scheme}//${page.host}${TAP_PATH}${query}`,
    endpointsUrl: `${page.protocol}//${page.host}/api/endpoints${query}`,
    token,
    origin: `${page.protocol}//${page.host}`,
  };
}

/** The ws:// or wss:// URL of an endpoint path on the page's server. */
export function endpointUrl(page: PageAddress, path: string): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${path}`;
}

/**
 * Waits before the next try to reach the tap: 0.5 s, doubling to 15 s, with
 * up to a fifth added at random so a classroom of pages does not come back
 * at the same instant.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + random() / 5));
}

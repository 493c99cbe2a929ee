// How a page finds the session it just opened among everyone's: it puts a
// random nonce in its WebSocket URL's query (/echo?live=k3x9…), the tap
// records the request target with its query, and the Live view picks the
// newest session whose target carries that nonce. The demo pages do the
// same and link to #/live?follow=<nonce>.

/** The query parameter that carries the nonce in a WebSocket URL. */
export const NONCE_PARAM = 'live';

/** 8 random bytes, as 16 hex digits: no two pages in a classroom pick the same one. */
export function newNonce(random: (bytes: Uint8Array<ArrayBuffer>) => void): string {
  const bytes = new Uint8Array(8);
  random(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The nonce a request target carries ("/echo?live=abc" → "abc"), or null. */
export function nonceOfTarget(target: string): string | null {
  const query = target.indexOf('?');
  if (query === -1) return null;
  const nonce = new URLSearchParams(target.slice(query + 1)).get(NONCE_PARAM);
  return nonce || null;
}

/** A nonce as a link may carry it: letters, digits, '-' and '_', at most 64. */
export function isNonce(text: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(text);
}

/** `url` with the nonce added to its query. */
export function withNonce(url: string, nonce: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(NONCE_PARAM, nonce);
  return parsed.toString();
}

// @ts-check
// What every demo page does the same way: find its elements, open a socket
// on the server that served it, and add lines to a log. Text only: every
// line is set with textContent, so a payload that looks like markup is shown
// as the characters it is, never parsed as HTML.

/** @import { CloseCode } from '../../../engine/close' */

/**
 * 1000 Normal Closure. The browser cannot load the engine's TypeScript, so
 * the number is written here, and the type-checker holds it to
 * engine/close.ts's registry.
 */
export const NORMAL_CLOSURE = /** @satisfies {typeof CloseCode.Normal} */ (1000);

/**
 * The element with this id, checked to be of the expected kind.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T }} type
 * @returns {T}
 */
export function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return found;
}

/**
 * The ws:// (or wss://) URL of an endpoint on the server that served this page.
 * @param {string} path e.g. '/echo'
 */
export function socketUrl(path) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/**
 * A random tag for this page's sessions: 16 hex digits. The page puts it in
 * its WebSocket URL's query (?live=…); the tap records the request target
 * with its query, so the explorer's Live view can find this page's session
 * among everyone's (explorer-ui/src/features/live/live-nonce.ts).
 */
export function liveNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `url` tagged with the nonce, as the Live view looks for it.
 * @param {string} url
 * @param {string} nonce
 */
export function withLiveNonce(url, nonce) {
  return `${url}${url.includes('?') ? '&' : '?'}live=${nonce}`;
}

/**
 * Points the page's "watch it live" link at the Live view, following this
 * page's session. A token in this page's address (a server beyond loopback
 * wants it for the tap) goes along.
 * @param {string} nonce
 */
export function linkToLiveView(nonce) {
  const link = element('live-link', HTMLAnchorElement);
  const token = new URLSearchParams(location.search).get('token');
  link.href = `/${token ? `?token=${encodeURIComponent(token)}` : ''}#/live?follow=${nonce}`;
}

/**
 * Adds one line to a log as text, and keeps the log scrolled to the bottom
 * when it was there already.
 * @param {HTMLElement} log
 * @param {string} text
 * @param {string} [className]
 */
export function appendLine(log, text, className) {
  const atBottom = log.scrollTop >= log.scrollHeight - log.clientHeight - 1;
  const line = document.createElement('div');
  line.textContent = text;
  if (className) line.className = className;
  log.append(line);
  if (atBottom) log.scrollTop = log.scrollHeight;
}

/**
 * "1000" or "1008: send queue full": the close code and the reason, if any.
 * @param {CloseEvent} event
 */
export function closeSummary(event) {
  return event.reason ? `${event.code}: ${event.reason}` : String(event.code);
}

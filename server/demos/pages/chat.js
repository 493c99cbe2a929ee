// @ts-check
// /demo/chat: gorilla/websocket's examples/chat home.html, except that each
// message is set with textContent, where gorilla's page sets markup, so a
// message is always shown as text.

import { appendLine, closeSummary, element, linkToLiveView, liveNonce, socketUrl, withLiveNonce } from './common.js';

/** @import { CloseCode } from '../../../engine/close' */

// The close codes the room sends (server/demos/chat.ts). The browser cannot
// load the engine's TypeScript, so the numbers are written here, and the
// type-checker holds each to engine/close.ts's registry.
const POLICY_VIOLATION = /** @satisfies {typeof CloseCode.PolicyViolation} */ (1008);
const MESSAGE_TOO_BIG = /** @satisfies {typeof CloseCode.MessageTooBig} */ (1009);
const TRY_AGAIN_LATER = /** @satisfies {typeof CloseCode.TryAgainLater} */ (1013);

/**
 * What the room's close codes mean for the person at this page. The close
 * reason, shown before this, says which rule it was and its numbers (e.g.
 * "rate limit: more than 20 messages at once or 5 a second").
 * @type {Map<number, string>}
 */
const CLOSE_ADVICE = new Map([
  [POLICY_VIOLATION, 'The room closed this connection for breaking one of its rules: sending messages faster than its rate limit, or reading them too slowly. Reload the page to join again.'],
  [MESSAGE_TOO_BIG, 'A message was over the room\'s 512-byte limit. Reload the page to join again.'],
  [TRY_AGAIN_LATER, 'The room is too busy right now. Reload the page in a moment to join again.'],
]);

const log = element('log', HTMLElement);
const form = element('form', HTMLFormElement);
const input = element('msg', HTMLInputElement);

// Tagged so the Live view can show this page's own session (common.js liveNonce).
const nonce = liveNonce();
const socket = new WebSocket(withLiveNonce(socketUrl('/chat'), nonce));
linkToLiveView(nonce);
socket.onopen = () => appendLine(log, 'Connected.', 'note');
socket.onclose = (event) => {
  appendLine(log, `Connection closed (${closeSummary(event)}).`, 'note');
  const advice = CLOSE_ADVICE.get(event.code);
  if (advice) appendLine(log, advice, 'note');
  // Nothing typed now could be sent: say so with the form itself.
  for (const control of form.elements) if (control instanceof HTMLInputElement) control.disabled = true;
};
// The server batches messages queued for a slow reader into one, separated
// by newlines (gorilla's writePump does the same).
socket.onmessage = (event) => {
  for (const line of String(event.data).split('\n')) appendLine(log, line);
};

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (socket.readyState !== WebSocket.OPEN || !input.value) return;
  socket.send(input.value);
  input.value = '';
});

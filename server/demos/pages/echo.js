// @ts-check
// /demo/echo: every message sent to /echo comes back unchanged
// (gorilla/websocket's examples/echo).

import { appendLine, closeSummary, element, linkToLiveView, liveNonce, socketUrl, withLiveNonce } from './common.js';

const log = element('log', HTMLElement);
const form = element('form', HTMLFormElement);
const input = element('msg', HTMLInputElement);

const url = socketUrl('/echo');
// Tagged so the Live view can show this page's own session (common.js liveNonce).
const nonce = liveNonce();
const socket = new WebSocket(withLiveNonce(url, nonce));
linkToLiveView(nonce);
socket.binaryType = 'arraybuffer';
socket.onopen = () => appendLine(log, `open ${url}`, 'note');
socket.onmessage = (event) => {
  if (typeof event.data === 'string') {
    appendLine(log, `< ${event.data}`, 'in');
  } else {
    const bytes = new Uint8Array(/** @type {ArrayBuffer} */ (event.data));
    appendLine(log, `< binary, ${bytes.length} bytes: ${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`, 'in');
  }
};
socket.onclose = (event) => appendLine(log, `closed ${closeSummary(event)}`, 'note');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(input.value);
  appendLine(log, `> ${input.value}`, 'out');
  input.value = '';
});

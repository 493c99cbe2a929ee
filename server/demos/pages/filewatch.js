// @ts-check
// /demo/filewatch: gorilla/websocket's examples/filewatch page, made static.
// It remembers nothing, so the server sends the file as soon as it connects;
// the content is set with textContent, never parsed as HTML.

import { closeSummary, element, linkToLiveView, liveNonce, socketUrl, withLiveNonce } from './common.js';

const data = element('fileData', HTMLElement);
const status = element('status', HTMLElement);

// Tagged so the Live view can show this page's own session (common.js liveNonce).
const nonce = liveNonce();
const socket = new WebSocket(withLiveNonce(socketUrl('/filewatch'), nonce));
linkToLiveView(nonce);
socket.onopen = () => {
  status.textContent = 'Connected; waiting for the file.';
};
socket.onclose = (event) => {
  status.textContent = `Connection closed (${closeSummary(event)}).`;
};
socket.onmessage = (event) => {
  status.textContent = `File updated at ${new Date().toLocaleTimeString()}.`;
  data.textContent = String(event.data);
};

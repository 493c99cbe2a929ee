// @ts-check
// /demo/command: gorilla/websocket's examples/command home.html. Every output
// line is added with textContent, so a process printing markup shows markup.

import { appendLine, closeSummary, element, linkToLiveView, liveNonce, socketUrl, withLiveNonce } from './common.js';

/** @import { CloseCode } from '../../../engine/close' */

// The browser cannot load the engine's TypeScript, so the number is written
// here, and the type-checker holds it to engine/close.ts's registry.
const POLICY_VIOLATION = /** @satisfies {typeof CloseCode.PolicyViolation} */ (1008);

const log = element('log', HTMLElement);
const form = element('form', HTMLFormElement);
const input = element('msg', HTMLInputElement);

let opened = false;
// Tagged so the Live view can show this page's own session (common.js liveNonce).
const nonce = liveNonce();
const socket = new WebSocket(withLiveNonce(socketUrl('/command'), nonce));
linkToLiveView(nonce);
socket.onopen = () => {
  opened = true;
  appendLine(log, 'Connected: the command is running.', 'note');
};
socket.onclose = (event) => {
  appendLine(log, `Connection closed (${closeSummary(event)}).`, 'note');
  // A refused handshake reaches a page as a bare 1006: say what the server
  // refuses (server/demos/command.ts, mayRunCommand).
  if (!opened) appendLine(log, 'The server refused this page: the command runs only for pages opened on the server\'s own machine, at localhost or 127.0.0.1, on its port.', 'note');
  else if (event.code === POLICY_VIOLATION) appendLine(log, 'The server stopped the command\'s input: the reason above says why. Reload the page to start the command again.', 'note');
  for (const control of form.elements) if (control instanceof HTMLInputElement) control.disabled = true;
};
socket.onmessage = (event) => appendLine(log, String(event.data));

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(input.value);
  input.value = '';
});

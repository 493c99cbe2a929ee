// @ts-check
// /demo/chat: gorilla/websocket's examples/chat home.html, except that each
// message is set with textContent, where gorilla's page sets markup, so a
// message is always shown as text.

import { appendLine, closeSummary, element, socketUrl } from './common.js';

const log = element('log', HTMLElement);
const form = element('form', HTMLFormElement);
const input = element('msg', HTMLInputElement);

const socket = new WebSocket(socketUrl('/chat'));
socket.onopen = () => appendLine(log, 'Connected.', 'note');
socket.onclose = (event) => appendLine(log, `Connection closed (${closeSummary(event)}).`, 'note');
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

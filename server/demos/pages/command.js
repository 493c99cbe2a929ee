// @ts-check
// /demo/command: gorilla/websocket's examples/command home.html. Every output
// line is added with textContent, so a process printing markup shows markup.

import { appendLine, closeSummary, element, socketUrl } from './common.js';

const log = element('log', HTMLElement);
const form = element('form', HTMLFormElement);
const input = element('msg', HTMLInputElement);

const socket = new WebSocket(socketUrl('/command'));
socket.onopen = () => appendLine(log, 'Connected: the command is running.', 'note');
socket.onclose = (event) => appendLine(log, `Connection closed (${closeSummary(event)}).`, 'note');
socket.onmessage = (event) => appendLine(log, String(event.data));

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(input.value);
  input.value = '';
});

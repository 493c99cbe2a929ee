// @ts-check
// /demo/many: gorilla/websocket's examples/bufferpool from the browser. Opens
// N mostly idle connections to /many and asks the server what they cost.
// Every figure is shown with textContent.

/** @import { ManyClientsStats } from '../many-clients' */
import { closeSummary, element, linkToLiveView, liveNonce, NORMAL_CLOSURE, socketUrl, withLiveNonce } from './common.js';

/** The most connections one click opens: the browser has its own limits. */
const MAX_CONNECTIONS = 1000;

const form = element('form', HTMLFormElement);
const countInput = element('count', HTMLInputElement);
const intervalInput = element('interval', HTMLInputElement);
const closeAllButton = element('closeAll', HTMLButtonElement);
const askButton = element('ask', HTMLButtonElement);
const status = element('status', HTMLElement);
const statsView = element('stats', HTMLElement);

// Every connection this page opens carries one nonce: the Live view follows the newest of them.
const nonce = liveNonce();
const url = withLiveNonce(socketUrl('/many'), nonce);
linkToLiveView(nonce);
/** @type {WebSocket[]} */
let sockets = [];
/** @type {ReturnType<typeof setInterval>[]} */
let timers = [];

function showStatus() {
  const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
  status.textContent = `${open} of ${sockets.length} connections open.`;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const count = Math.min(MAX_CONNECTIONS, Math.max(1, Number(countInput.value) || 1));
  const intervalMs = Math.max(1, Number(intervalInput.value) || 10) * 1000;
  for (let i = 0; i < count; i++) {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.onopen = showStatus;
    socket.onclose = showStatus;
    // Each connection sends the time now and then, as gorilla's clients do.
    timers.push(
      setInterval(() => {
        if (socket.readyState === WebSocket.OPEN) socket.send(new Date().toISOString());
      }, intervalMs),
    );
  }
  showStatus();
});

closeAllButton.addEventListener('click', () => {
  for (const timer of timers) clearInterval(timer);
  for (const socket of sockets) socket.close(NORMAL_CLOSURE);
  timers = [];
  sockets = [];
  showStatus();
});

/** @param {number} bytes */
const mebibytes = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;

askButton.addEventListener('click', () => {
  const probe = new WebSocket(url);
  probe.onopen = () => probe.send('stats');
  probe.onmessage = (event) => {
    /** @type {ManyClientsStats} */
    const stats = JSON.parse(String(event.data));
    statsView.textContent = [
      `connections now:   ${stats.connections} (peak ${stats.peakConnections})`,
      `messages received: ${stats.messages} (${stats.messageBytes} bytes)`,
      `server rss:        ${mebibytes(stats.memory.rss)}`,
      `server heap used:  ${mebibytes(stats.memory.heapUsed)}`,
      `server external:   ${mebibytes(stats.memory.external)}`,
    ].join('\n');
    probe.close(NORMAL_CLOSURE);
  };
  probe.onclose = (event) => {
    if (event.code !== NORMAL_CLOSURE) statsView.textContent = `The server did not answer (${closeSummary(event)}).`;
  };
});

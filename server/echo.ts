// The /echo endpoint, gorilla's examples/echo on our server, and the
// conformance target: every message comes back as it was sent. Text stays
// text, binary stays binary (RFC 6455 5.6), and a fragmented message is
// reassembled by the engine (5.4) and echoed whole.

import type { SocketConnection } from './socket-connection';
import type { Route } from './upgrader';

export const ECHO_PATH = '/echo';

export interface EchoOptions {
  /** Largest message echoed; a larger one is answered with 1009 (RFC 6455 7.4.1). */
  maxMessageSize?: number;
}

export function createEchoRoute(options: EchoOptions = {}): Route {
  return {
    path: ECHO_PATH,
    ...(options.maxMessageSize !== undefined ? { maxMessageSize: options.maxMessageSize } : {}),
    accept(connection: SocketConnection) {
      connection.onMessage((message) => {
        const sent = message.kind === 'text' ? connection.sendText(message.text) : connection.sendBinary(message.data);
        // A failed echo means the connection is already being dropped (write
        // deadline, peer gone); its close handler has the story.
        sent.catch(() => {});
      });
    },
  };
}

/** A one-screen page that talks to /echo, for people and for the browser tests. */
export const echoPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Echo: WebSocket Explorer</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1em; }
  #log { background: #f6f6f6; padding: 0.5em; white-space: pre-wrap; min-height: 10em; }
</style>
</head>
<body>
<h1>Echo</h1>
<p>Every message you send to <code>/echo</code> comes back unchanged.</p>
<form id="form"><input id="msg" size="60" autofocus> <button>Send</button></form>
<pre id="log"></pre>
<script>
  const log = document.getElementById('log');
  const line = (text) => { log.textContent += text + '\\n'; };
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/echo';
  const socket = new WebSocket(url);
  socket.onopen = () => line('open ' + url);
  socket.onmessage = (event) => line('< ' + event.data);
  socket.onclose = (event) => line('closed ' + event.code + ' ' + event.reason);
  document.getElementById('form').onsubmit = (event) => {
    event.preventDefault();
    const input = document.getElementById('msg');
    socket.send(input.value);
    line('> ' + input.value);
    input.value = '';
  };
</script>
</body>
</html>
`;

// Opening handshakes to step through: the RFC's own (1.2, 1.3), what real
// clients send (header order and extras as Chromium, Firefox and curl write
// them), and a request that breaks most rules at once.
//
// Each request has the response a conforming server gives it, for the
// client-side view.

export interface HandshakeSample {
  label: string;
  request: string;
  response: string;
  /** The server the sample was made against, when it is not the default same-origin one. */
  server?: { originPolicy: 'same-origin' | 'any'; subprotocols: string };
}

const lines = (...l: string[]) => `${l.join('\r\n')}\r\n\r\n`;

export const HANDSHAKE_SAMPLES: readonly HandshakeSample[] = [
  {
    label: 'RFC 6455 1.2 sample',
    // The RFC's server accepts example.com's page and speaks "chat" (1.3).
    server: { originPolicy: 'any', subprotocols: 'chat' },
    request: lines(
      'GET /chat HTTP/1.1',
      'Host: server.example.com',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Origin: http://example.com',
      'Sec-WebSocket-Protocol: chat, superchat',
      'Sec-WebSocket-Version: 13',
    ),
    response: lines(
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      'Sec-WebSocket-Protocol: chat',
    ),
  },
  {
    label: 'Chromium',
    request: lines(
      'GET /echo HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'Connection: Upgrade',
      'Pragma: no-cache',
      'Cache-Control: no-cache',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Upgrade: websocket',
      'Origin: http://127.0.0.1:8080',
      'Sec-WebSocket-Version: 13',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Accept-Language: en-US,en;q=0.9',
      'Sec-WebSocket-Key: o1r0usngqITvk+wiGg18VQ==',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
    ),
    response: lines(
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Accept: E1L7ewuAIUL+C9wEgLGAV738E7E=',
    ),
  },
  {
    label: 'Firefox',
    request: lines(
      'GET /echo HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Accept: */*',
      'Accept-Language: en-US,en;q=0.5',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Sec-WebSocket-Version: 13',
      'Origin: http://127.0.0.1:8080',
      'Sec-WebSocket-Extensions: permessage-deflate',
      'Sec-WebSocket-Key: IhDVf2LI4rRsY5XvNL/PxQ==',
      'Connection: keep-alive, Upgrade',
      'Sec-Fetch-Dest: empty',
      'Sec-Fetch-Mode: websocket',
      'Sec-Fetch-Site: same-origin',
      'Pragma: no-cache',
      'Cache-Control: no-cache',
      'Upgrade: websocket',
    ),
    response: lines(
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Accept: EJdgqw2Q7nWHroDQHQVhFLnJTCU=',
    ),
  },
  {
    label: 'curl',
    request: lines(
      'GET /echo HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'User-Agent: curl/8.11.1',
      'Accept: */*',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: c7rXUist3OB4ZIJLaospcA==',
      'Connection: Upgrade',
    ),
    response: lines(
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Accept: HQYCySQkGOa/g34GGd+BE03NcEA=',
    ),
  },
  {
    label: 'Broken request',
    request: lines(
      'POST /chat HTTP/1.1',
      'Host: example.com',
      'Upgrade: h2c',
      'Connection: keep-alive',
      'Sec-WebSocket-Key: not-a-key',
      'Sec-WebSocket-Version: 8',
      'Origin: https://evil.example',
    ),
    response: lines(
      'HTTP/1.1 200 OK',
      'Content-Type: text/html',
    ),
  },
];

// Real opening-handshake messages, byte for byte, for tests, lessons and the
// UI's "pick a sample" menu. Where a sample was captured, it says from what;
// the only edit to captures is the ephemeral port, replaced by 8080 in both
// Host and Origin. Broken samples each break one rule, named in `breaks`.

export interface HandshakeSample {
  id: string;
  title: string;
  kind: 'request' | 'response';
  /** Where the bytes come from. */
  source: string;
  /** The message exactly as on the wire (CRLF line endings). */
  text: string;
  /**
   * Requests: the status a server with the default policy and subprotocols
   * ["chat", "superchat"] answers (101, or the refusal / parse-error status).
   * Responses: 101 when a client that sent `answers` accepts it, else the
   * status the response carries.
   */
  expectedStatus: number;
  /** The check (handshake.ts / client-handshake.ts id) or parse rule it breaks, if any. */
  breaks?: string;
  /** Responses: the id of the request sample this response answers. */
  answers?: string;
  /**
   * Requests written for a server other than DEFAULT_SAMPLE_SERVER: that
   * server's policy, and the status it answers. The RFC's own sample (1.2)
   * comes from a server that accepts example.com's page and speaks "chat".
   */
  server?: SampleServer & { expectedStatus: number };
}

/** The server a request sample is answered by (RFC 6455 4.2.1 step 8 leaves Origin to it; 4.2.2 the subprotocol). */
export interface SampleServer {
  /** 'same-origin' is gorilla's CheckOrigin default (a request without Origin passes); 'any' accepts every page. */
  originPolicy: 'same-origin' | 'any';
  /** Subprotocols it speaks, in its order of preference. */
  subprotocols: string[];
}

/** The server `expectedStatus` of a request assumes. */
export const DEFAULT_SAMPLE_SERVER: SampleServer = { originPolicy: 'same-origin', subprotocols: ['chat', 'superchat'] };

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

export const RFC_SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const RFC_SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

export const handshakeSamples: HandshakeSample[] = [
  {
    id: 'chromium',
    title: 'Chromium 156, two subprotocols, permessage-deflate offer',
    kind: 'request',
    source: "captured from headless Chromium 156 running new WebSocket('ws://127.0.0.1:8080/chat', ['chat', 'superchat']) on a page from the same origin",
    text: crlf([
      'GET /chat HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'Connection: Upgrade',
      'Pragma: no-cache',
      'Cache-Control: no-cache',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      'Upgrade: websocket',
      'Origin: http://127.0.0.1:8080',
      'Sec-WebSocket-Version: 13',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Accept-Language: en-US,en;q=0.9',
      'Sec-WebSocket-Key: me9UMlFdQDU4jOo470u15Q==',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      'Sec-WebSocket-Protocol: chat, superchat',
    ]),
    expectedStatus: 101,
  },
  {
    id: 'firefox',
    title: 'Firefox 128: "Connection: keep-alive, Upgrade"',
    kind: 'request',
    source: "Firefox 128's header set and order for the same page (written out, not captured here: no Firefox on this machine); note Connection lists keep-alive first",
    text: crlf([
      'GET /chat HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      'Accept: */*',
      'Accept-Language: en-US,en;q=0.5',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Sec-WebSocket-Version: 13',
      'Origin: http://127.0.0.1:8080',
      'Sec-WebSocket-Protocol: chat, superchat',
      'Sec-WebSocket-Extensions: permessage-deflate',
      'Sec-WebSocket-Key: 4ZKWBPuZ2gxGCIhyf1/k5w==',
      'Connection: keep-alive, Upgrade',
      'Sec-Fetch-Dest: empty',
      'Sec-Fetch-Mode: websocket',
      'Sec-Fetch-Site: same-origin',
      'Pragma: no-cache',
      'Cache-Control: no-cache',
      'Upgrade: websocket',
    ]),
    expectedStatus: 101,
  },
  {
    id: 'curl',
    title: 'curl 7.88 with hand-typed headers: the popular key is "Hello, world!", 13 bytes',
    kind: 'request',
    source: 'captured from curl -i -N --http1.1 -H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: SGVsbG8sIHdvcmxkIQ==" http://127.0.0.1:8080/echo',
    text: crlf([
      'GET /echo HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'User-Agent: curl/7.88.1',
      'Accept: */*',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: SGVsbG8sIHdvcmxkIQ==',
    ]),
    expectedStatus: 400,
    breaks: 'key',
  },
  {
    id: 'node-ws',
    title: "Node's ws client (no Origin: not a browser)",
    kind: 'request',
    source: "captured from the ws 8 package: new WebSocket('ws://127.0.0.1:8080/echo', ['chat'])",
    text: crlf([
      'GET /echo HTTP/1.1',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: fkQa1KXr1S7hFpxhZwNySQ==',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      'Sec-WebSocket-Protocol: chat',
      'Host: 127.0.0.1:8080',
    ]),
    expectedStatus: 101,
  },
  {
    id: 'sample-key-with-deflate',
    title: 'The RFC sample key offering chat, superchat and permessage-deflate',
    kind: 'request',
    source: 'hand-written; the request the captured ws server response below answers',
    text: crlf([
      'GET /chat HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: chat, superchat',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
    ]),
    expectedStatus: 101,
  },
  {
    id: 'rfc6455',
    title: 'The RFC 6455 section 1.2 sample request (cross-origin!)',
    kind: 'request',
    source: 'RFC 6455 section 1.2',
    text: crlf([
      'GET /chat HTTP/1.1',
      'Host: server.example.com',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`,
      'Origin: http://example.com',
      'Sec-WebSocket-Protocol: chat, superchat',
      'Sec-WebSocket-Version: 13',
    ]),
    expectedStatus: 403,
    breaks: 'origin',
    server: { originPolicy: 'any', subprotocols: ['chat'], expectedStatus: 101 },
  },
  {
    id: 'shouting-and-folding',
    title: 'Header names in odd case, a folded header line',
    kind: 'request',
    source: 'hand-written: header names are case-insensitive (RFC 9110 5.1) and obs-fold is unfolded (RFC 9112 5.2)',
    text: crlf([
      'GET /chat HTTP/1.1',
      'HOST: 127.0.0.1:8080',
      'upgrade: WebSocket',
      'CONNECTION: keep-alive, UPGRADE',
      'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==',
      'SEC-WEBSOCKET-VERSION: 13',
      'Sec-WebSocket-Protocol: superchat,',
      '\tchat',
    ]),
    expectedStatus: 101,
  },
  {
    id: 'post',
    title: 'POST instead of GET',
    kind: 'request',
    source: 'hand-written',
    text: crlf(['POST /chat HTTP/1.1', 'Host: 127.0.0.1:8080', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`, 'Sec-WebSocket-Version: 13']),
    expectedStatus: 405,
    breaks: 'method',
  },
  {
    id: 'http10',
    title: 'HTTP/1.0',
    kind: 'request',
    source: 'hand-written',
    text: crlf(['GET /chat HTTP/1.0', 'Host: 127.0.0.1:8080', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`, 'Sec-WebSocket-Version: 13']),
    expectedStatus: 400,
    breaks: 'http-version',
  },
  {
    id: 'plain-get',
    title: 'A plain page request (no Upgrade, no key)',
    kind: 'request',
    source: 'hand-written',
    text: crlf(['GET /chat HTTP/1.1', 'Host: 127.0.0.1:8080', 'Connection: keep-alive', 'Accept: text/html']),
    expectedStatus: 400,
    breaks: 'connection',
  },
  {
    id: 'version-8',
    title: 'An old draft client (Sec-WebSocket-Version: 8)',
    kind: 'request',
    source: 'hand-written, as hybi-10 era clients sent it',
    text: crlf([
      'GET /chat HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`,
      'Sec-WebSocket-Origin: http://127.0.0.1:8080',
      'Sec-WebSocket-Version: 8',
    ]),
    expectedStatus: 426,
    breaks: 'websocket-version',
  },
  {
    id: 'hixie-76',
    title: 'A hixie-76 client (two keys and no version)',
    kind: 'request',
    source: 'draft-hixie-thewebsocketprotocol-76 section 1.3 (its 8-byte body left out)',
    text: crlf([
      'GET /demo HTTP/1.1',
      'Host: example.com',
      'Connection: Upgrade',
      'Sec-WebSocket-Key2: 12998 5 Y3 1  .P00',
      'Sec-WebSocket-Protocol: sample',
      'Upgrade: WebSocket',
      'Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5',
      'Origin: http://example.com',
    ]),
    expectedStatus: 426,
    breaks: 'websocket-version',
  },
  {
    id: 'short-key',
    title: 'A key of 15 bytes',
    kind: 'request',
    source: 'hand-written',
    text: crlf(['GET /chat HTTP/1.1', 'Host: 127.0.0.1:8080', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j', 'Sec-WebSocket-Version: 13']),
    expectedStatus: 400,
    breaks: 'key',
  },
  {
    id: 'cross-origin',
    title: "A page on another site connecting (cross-site WebSocket hijacking)",
    kind: 'request',
    source: 'hand-written',
    text: crlf([
      'GET /chat HTTP/1.1',
      'Host: 127.0.0.1:8080',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Origin: https://evil.example',
      `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`,
      'Sec-WebSocket-Version: 13',
    ]),
    expectedStatus: 403,
    breaks: 'origin',
  },
  {
    id: 'space-before-colon',
    title: 'Whitespace between a header name and its colon',
    kind: 'request',
    source: 'hand-written; RFC 9112 5.1 requires a 400 (request smuggling risk)',
    text: crlf(['GET /chat HTTP/1.1', 'Host: 127.0.0.1:8080', 'Upgrade : websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${RFC_SAMPLE_KEY}`, 'Sec-WebSocket-Version: 13']),
    expectedStatus: 400,
    breaks: 'parse: whitespace before colon',
  },
  {
    id: 'rfc6455-response',
    title: 'The RFC 6455 section 1.2 sample response',
    kind: 'response',
    source: 'RFC 6455 section 1.2',
    text: crlf(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${RFC_SAMPLE_ACCEPT}`, 'Sec-WebSocket-Protocol: chat']),
    expectedStatus: 101,
    answers: 'rfc6455',
  },
  {
    id: 'node-ws-response',
    title: "Node's ws server accepting chat and permessage-deflate",
    kind: 'response',
    source: "captured from the ws 8 package's WebSocketServer (perMessageDeflate on) answering the RFC sample key",
    text: crlf([
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${RFC_SAMPLE_ACCEPT}`,
      'Sec-WebSocket-Protocol: chat',
      'Sec-WebSocket-Extensions: permessage-deflate',
    ]),
    expectedStatus: 101,
    answers: 'sample-key-with-deflate',
  },
  {
    id: 'wrong-accept-response',
    title: 'A 101 whose accept value belongs to another key, checked against the RFC sample key',
    kind: 'response',
    source: 'a response printed in a popular walkthrough of gorilla/websocket; its Sec-WebSocket-Accept was derived from a different key',
    text: crlf(['HTTP/1.1 101 Web Socket Protocol Handshake', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Accept: 2mQFj9iUA/Nz8E6OA4c2/MboVUk=']),
    expectedStatus: 101,
    breaks: 'accept',
    answers: 'rfc6455',
  },
  {
    id: 'unoffered-subprotocol',
    title: 'A server choosing a subprotocol nobody offered',
    kind: 'response',
    source: 'hand-written',
    text: crlf(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${RFC_SAMPLE_ACCEPT}`, 'Sec-WebSocket-Protocol: graphql-ws']),
    expectedStatus: 101,
    breaks: 'subprotocol',
    answers: 'rfc6455',
  },
  {
    id: 'refused-426',
    title: 'A refusal naming the version the server speaks',
    kind: 'response',
    source: 'hand-written, the answer to a version-8 request (RFC 6455 4.4)',
    text: crlf([
      'HTTP/1.1 426 Upgrade Required',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Length: 0',
      'Connection: Upgrade, close',
      'Sec-WebSocket-Version: 13',
      'Upgrade: websocket',
    ]),
    expectedStatus: 426,
    breaks: 'status',
    answers: 'rfc6455',
  },
];

export function findSample(id: string): HandshakeSample | undefined {
  return handshakeSamples.find((sample) => sample.id === id);
}

/** The sample's bytes (every sample is ASCII). */
export function sampleBytes(sample: HandshakeSample): Uint8Array {
  return new TextEncoder().encode(sample.text);
}

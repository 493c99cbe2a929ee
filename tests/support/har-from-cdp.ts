// A HAR file's WebSocket entries built from Chromium's own DevTools protocol
// events, the way DevTools' Network panel builds its export (its HARWriter):
// the handshake request and response headers from
// Network.webSocketWillSendHandshakeRequest and
// Network.webSocketHandshakeResponseReceived, and `_webSocketMessages` from
// Network.webSocketFrameSent / webSocketFrameReceived ({type, time in
// seconds since the epoch, opcode, data}: text as it is, binary in base64).

import type { CDPSession } from 'playwright-core';

interface SocketRecord {
  url: string;
  wallTime: number | null;
  timestamp: number | null;
  request: { headers: Record<string, string> } | null;
  response: { status: number; statusText: string; headers: Record<string, string> } | null;
  messages: Array<{ type: 'send' | 'receive'; time: number; opcode: number; data: string }>;
}

export class CdpHarRecorder {
  private readonly sockets = new Map<string, SocketRecord>();

  static async start(session: CDPSession): Promise<CdpHarRecorder> {
    const recorder = new CdpHarRecorder();
    await session.send('Network.enable');
    session.on('Network.webSocketCreated', (event) => {
      recorder.sockets.set(event.requestId, { url: event.url, wallTime: null, timestamp: null, request: null, response: null, messages: [] });
    });
    session.on('Network.webSocketWillSendHandshakeRequest', (event) => {
      const socket = recorder.sockets.get(event.requestId);
      if (!socket) return;
      socket.wallTime = event.wallTime;
      socket.timestamp = event.timestamp;
      socket.request = { headers: event.request.headers };
    });
    session.on('Network.webSocketHandshakeResponseReceived', (event) => {
      const socket = recorder.sockets.get(event.requestId);
      if (socket) socket.response = { status: event.response.status, statusText: event.response.statusText, headers: event.response.headers };
    });
    const frame = (type: 'send' | 'receive') => (event: { requestId: string; timestamp: number; response: { opcode: number; payloadData: string } }) => {
      const socket = recorder.sockets.get(event.requestId);
      if (!socket || socket.wallTime === null || socket.timestamp === null) return;
      socket.messages.push({ type, time: socket.wallTime + (event.timestamp - socket.timestamp), opcode: event.response.opcode, data: event.response.payloadData });
    };
    session.on('Network.webSocketFrameSent', frame('send'));
    session.on('Network.webSocketFrameReceived', frame('receive'));
    return recorder;
  }

  /** The HAR document, in the shape DevTools exports. */
  har(): unknown {
    const headers = (record: Record<string, string>) => Object.entries(record).flatMap(([name, value]) => value.split('\n').map((line) => ({ name, value: line })));
    return {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        pages: [],
        entries: [...this.sockets.values()].map((socket) => ({
          _resourceType: 'websocket',
          startedDateTime: new Date((socket.wallTime ?? 0) * 1000).toISOString(),
          time: 0,
          request: { method: 'GET', url: socket.url, httpVersion: 'HTTP/1.1', headers: headers(socket.request?.headers ?? {}), queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
          response: { status: socket.response?.status ?? 0, statusText: socket.response?.statusText ?? '', httpVersion: 'HTTP/1.1', headers: headers(socket.response?.headers ?? {}), cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
          cache: {},
          timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
          serverIPAddress: '127.0.0.1',
          _webSocketMessages: socket.messages,
        })),
      },
    };
  }
}

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

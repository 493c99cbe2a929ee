// The proxy's own answers to an upgrade, for when the target's cannot be
// passed on: RFC 9110 15.6.3 502 Bad Gateway ("the server, while acting as
// a gateway or proxy, received an invalid response from an inbound server
// it accessed"; no connection at all is the same failure to the client),
// 15.6.4 503 Service Unavailable (the proxy is full or shutting down), and
// 15.6.5 504 Gateway Timeout (no answer in time). The body says why, so the
// person in front of the client can fix it.

import { serializeResponse, type HttpHeader } from '../engine/http-message';

export type GatewayStatus = 502 | 503 | 504;

const REASON_PHRASES: Record<GatewayStatus, string> = {
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function gatewayResponse(status: GatewayStatus, reason: string, extraHeaders: HttpHeader[] = []): Uint8Array {
  return serializeResponse(
    {
      version: 'HTTP/1.1',
      status,
      reason: REASON_PHRASES[status],
      headers: [
        { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
        // The connection ends with this answer (RFC 9112 9.6).
        { name: 'Connection', value: 'close' },
        ...extraHeaders,
      ],
    },
    `${reason}\n`,
  );
}

/** "502 Bad Gateway", for the tap's record of how the session ended. */
export function gatewayStatusLine(status: GatewayStatus): string {
  return `${status} ${REASON_PHRASES[status]}`;
}

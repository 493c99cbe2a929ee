// A live session's opening handshake as text for the handshake stepper
// (features/handshake): the request exactly as the client sent it (only
// credential values starred by the tap) and the server's real answer, with
// the Sec-WebSocket-Accept it really sent (RFC 6455 4.2.2), which the
// stepper compares with the one it derives from the real key.

import { headerValues, parseResponseHead } from '../../../../engine/http-message';
import type { LiveSession } from './live-model';

export interface LiveHandshakeText {
  request: string;
  /** '' while the answer has not arrived. */
  response: string;
}

const latin1 = new TextDecoder('latin1');

export function liveHandshakeText(session: Pick<LiveSession, 'request' | 'response'>): LiveHandshakeText | null {
  if (!session.request) return null;
  return { request: headText(session.request), response: session.response ? headText(session.response) : '' };
}

/** The head of an HTTP message (up to its blank line), as text; a body (a refusal's explanation) is left out. */
function headText(bytes: Uint8Array): string {
  const text = latin1.decode(bytes);
  const end = text.indexOf('\r\n\r\n');
  return end === -1 ? text : text.slice(0, end + 2);
}

/** The Sec-WebSocket-Accept a response carries, or null when it has none (or cannot be read). */
export function acceptSent(responseText: string): string | null {
  const text = responseText.replace(/\r?\n/g, '\r\n').replace(/\s+$/, '');
  const parsed = parseResponseHead(new TextEncoder().encode(`${text}\r\n\r\n`));
  if (parsed.state !== 'complete') return null;
  return headerValues(parsed.message.headers, 'sec-websocket-accept')[0] ?? null;
}

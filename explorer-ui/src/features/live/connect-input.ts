// What the Connect panel sends, checked before a browser WebSocket is asked
// to send it: a message as text, or binary typed as hex (the engine's
// parseHex, whose errors name the character and where it is), and a close
// code and reason a browser may send.
//
// A browser's WebSocket.close() accepts only 1000 and 3000–4999 (the WHATWG
// WebSockets standard; anything else throws InvalidAccessError), and the
// reason must fit in a control frame: 125 bytes of payload less the 2-byte
// code (RFC 6455 5.5, 5.5.1).

import { parseHex } from '../../../../engine/hex';
import { MAX_CLOSE_REASON_BYTES } from '../../../../engine/frame-format';

export type SendMode = 'text' | 'hex';

export type OutgoingMessage = { ok: true; data: string | Uint8Array<ArrayBuffer> } | { ok: false; error: string };

export function outgoingMessage(mode: SendMode, input: string): OutgoingMessage {
  if (mode === 'text') return { ok: true, data: input };
  const parsed = parseHex(input);
  if (!parsed.ok) {
    const { message } = parsed.error;
    return { ok: false, error: `${message[0].toUpperCase()}${message.slice(1)}.` };
  }
  return { ok: true, data: new Uint8Array(parsed.bytes) };
}

export type CloseRequest = { ok: true; code: number; reason: string } | { ok: false; error: string };

export function closeRequest(codeText: string, reason: string): CloseRequest {
  const text = codeText.trim();
  if (!/^\d{1,5}$/.test(text)) return { ok: false, error: 'The close code is a number: 1000, or 3000–4999.' };
  const code = Number(text);
  if (code !== 1000 && (code < 3000 || code > 4999)) {
    return {
      ok: false,
      error: `A browser may close with 1000 or a code in 3000–4999 only; ${code} is for the endpoints' own use (RFC 6455 7.4.1, 7.4.2), and the WebSocket API refuses it.`,
    };
  }
  const bytes = new TextEncoder().encode(reason).length;
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    return { ok: false, error: `The reason is ${bytes} bytes of UTF-8; at most ${MAX_CLOSE_REASON_BYTES} fit in a close frame beside the code (RFC 6455 5.5).` };
  }
  return { ok: true, code, reason };
}

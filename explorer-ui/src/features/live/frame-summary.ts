// The one line a frame gets in the live timeline: what a person needs to
// tell frames apart at a glance, from the frame's (unmasked) payload.
// Text frames show their text, close frames their code and its meaning
// (RFC 6455 5.5.1, 7.4), pings and pongs their payload (5.5.2, 5.5.3),
// binary frames their first bytes. The text is only ever put in the page as
// a text node.

import { closeCodeInfo, isSendableCloseCode, readClosePayload } from '../../../../engine/close';
import { Opcode, opcodeInfo } from '../../../../engine/opcode';

/** Characters of a payload a row shows; the frame's detail shows all of it. */
export const PREVIEW_CHARS = 120;
/** Bytes of a binary payload a row shows as hex. */
const PREVIEW_BYTES = 24;

const lenientUtf8 = new TextDecoder('utf-8');

export function summarizeFrame(opcode: number, payload: Uint8Array): string {
  switch (opcode) {
    case Opcode.Text:
      return quoted(payload);
    case Opcode.Continuation:
      return `continues the message: ${payload.length ? quotedOrHex(payload) : '(empty)'}`;
    case Opcode.Binary:
      return payload.length ? hexPreview(payload) : '(empty)';
    case Opcode.Close:
      return summarizeClose(payload);
    case Opcode.Ping:
    case Opcode.Pong:
      return payload.length ? `payload ${quotedOrHex(payload)}` : 'no payload';
    default:
      return `${opcodeInfo(opcode).name}: a receiver fails the connection (5.2)`;
  }
}

/** A close frame's body in words: its code and meaning, or why it has none (5.5.1, 7.1.5, 7.4). */
export function summarizeClose(payload: Uint8Array): string {
  if (payload.length === 0) return 'no status code: the application sees 1005 No Status Received';
  if (payload.length === 1) return 'a 1-byte body: a close code needs 2 bytes (protocol error, 1002)';
  const { code, reason } = readClosePayload(payload);
  const info = closeCodeInfo(code!);
  const because = reason ? ` “${clip(reason)}”` : '';
  if (!isSendableCloseCode(code!)) return `${code} ${info.name}${because}: not allowed in a close frame (protocol error, 1002)`;
  return `${code} ${info.name}${because}`;
}

function quoted(payload: Uint8Array): string {
  return `“${clip(previewText(payload))}”`;
}

/**
 * The start of a payload as text. Short ASCII, what most messages in a
 * classroom are, is read without a TextDecoder: a hundred thousand frames
 * arrive in seconds, and the decoder's per-call cost would dominate.
 */
function previewText(payload: Uint8Array): string {
  const bytes = payload.subarray(0, PREVIEW_CHARS * 4);
  if (bytes.length <= 64) {
    let text = '';
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 0x80) return lenientUtf8.decode(bytes);
      text += String.fromCharCode(bytes[i]);
    }
    return text;
  }
  return lenientUtf8.decode(bytes);
}

/** Text when the bytes read as printable UTF-8, else hex: ping payloads are often either. */
function quotedOrHex(payload: Uint8Array): string {
  const text = previewText(payload);
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text) ? hexPreview(payload) : `“${clip(text)}”`;
}

function hexPreview(payload: Uint8Array): string {
  let hex = '';
  const shown = Math.min(payload.length, PREVIEW_BYTES);
  for (let i = 0; i < shown; i++) hex += (i ? ' ' : '') + payload[i].toString(16).padStart(2, '0');
  return payload.length > shown ? `${hex} …` : hex;
}

/** One line: newlines and tabs become visible marks, long text is cut. */
function clip(text: string): string {
  const line = text.replace(/\r?\n/g, '⏎').replace(/\t/g, '→');
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

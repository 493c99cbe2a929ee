// A capture's session as the tap's messages (engine/tap-messages.ts), so the
// explorer's Live view can show it as it shows a live session: the same
// summary, the handshake chunks and the frames chunks at their offsets in
// each sender's stream (a gap in the capture is a jump in offset, which the
// Live view already reports as bytes not kept), and how the session ended.

import type { CaptureSession } from './capture-model';
import { formatEndpoint } from './capture-model';
import { sessionChunks } from './session-chunks';
import { bytesFrom } from './stream-lookup';
import { CloseCode } from '../close';
import type { Direction } from '../frame-model';
import { bytesToHex } from '../hex';
import { applyMask } from '../mask';
import type { TapChunk, TapMessage, TapSessionSummary } from '../tap-messages';

/** The target a session shows when the capture began after its upgrade request. */
export const UNCAPTURED_TARGET = '(handshake not captured)';

export function sessionToTapMessages(session: CaptureSession): TapMessage[] {
  const summary: TapSessionSummary = {
    id: session.id,
    target: session.request?.message.target ?? UNCAPTURED_TARGET,
    remote: formatEndpoint(session.client),
    openedAt: session.openedAt ?? 0,
    state: session.state,
    subprotocol: session.subprotocol,
  };
  const messages: TapMessage[] = [{ type: 'session-opened', session: summary }];
  let seq = 0;
  let lastTime = summary.openedAt;
  const push = (from: Direction, phase: TapChunk['phase'], offset: number, bytes: Uint8Array, at: number) => {
    messages.push({ type: 'bytes', chunk: { session: session.id, seq: seq++, from, phase, at, offset, length: bytes.length, hex: bytesToHex(bytes), truncated: false } });
  };
  for (const chunk of sessionChunks(session)) {
    lastTime = chunk.time ?? lastTime;
    // A chunk that holds the end of the handshake head and the first frames is cut in two, as the tap records them.
    const framesStart = session.framesStart[chunk.from] ?? Number.POSITIVE_INFINITY;
    const headEnd = Math.min(chunk.bytes.length, Math.max(0, framesStart - chunk.offset));
    if (headEnd > 0) push(chunk.from, 'handshake', chunk.offset, chunk.bytes.subarray(0, headEnd), lastTime);
    if (headEnd < chunk.bytes.length) push(chunk.from, 'frames', chunk.offset + headEnd, chunk.bytes.subarray(headEnd), lastTime);
  }
  if (session.state === 'closed') {
    const code = firstCloseCode(session);
    const bothClosed = ['client', 'server'].every((direction) => session.frames.some((f) => f.direction === direction && f.opcode === 0x8));
    messages.push({
      type: 'session-closed',
      close: { session: session.id, at: session.closedAt ?? lastTime, code: code ?? CloseCode.Abnormal, reason: '', wasClean: bothClosed },
    });
  }
  return messages;
}

/** The status code of the first close frame (RFC 6455 5.5.1), unmasked; null when there is none, or it has no code. */
function firstCloseCode(session: CaptureSession): number | null {
  const close = session.frames.find((frame) => frame.opcode === 0x8);
  if (!close || close.payloadLength < 2) return null;
  const stream = session.streams[close.direction];
  const frame = bytesFrom(stream, close.streamOffset);
  if (frame.length < close.headerLength + 2) return null;
  let payload = frame.subarray(close.headerLength, close.headerLength + 2);
  if (close.masked) payload = applyMask(payload, frame.subarray(close.headerLength - 4, close.headerLength));
  return (payload[0] << 8) | payload[1];
}

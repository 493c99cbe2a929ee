// A side's state and its log in words a student reads aloud: how it stands
// (and who closed first), each event it emitted, and the virtual time. Pure,
// so the words are tested without a page; payloads stay strings for the
// component to render as text.

import { closeCodeInfo } from '../../../../engine/close';
import { formatHex } from '../../../../engine/hex';
import type { SimulationLogEntry } from '../../../../engine/simulation';
import type { SideSnapshot } from './simulation-snapshot';

/** "12.345 s" of virtual time. */
export function clockWords(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

export function closeCodeWords(code: number): string {
  return `${code} ${closeCodeInfo(code).name}`;
}

/** How a side stands, in one sentence: open, closing, or how it ended and who started the end. */
export function standingWords(side: SideSnapshot): string {
  switch (side.state) {
    case 'CONNECTING':
      return side.side === 'client' ? 'The opening handshake is under way: no frames until the 101 arrives.' : 'The opening handshake is under way: no frames until the request is read and answered.';
    case 'OPEN':
      return 'Open: messages flow both ways.';
    case 'CLOSING':
      return side.closedBy === 'local'
        ? 'Closing: it sent its close and waits for the other side’s (7.1.2).'
        : 'Closing: it received a close and answered it.';
    case 'CLOSED': {
      const code = side.closeCode === null ? 'Closed' : `Closed with ${closeCodeWords(side.closeCode)}`;
      if (side.closedBy === 'local') return `${code}; this side sent the first close.`;
      if (side.closedBy === 'remote') return `${code}; the other side sent the first close.`;
      // 7.1.5: no close frame came before TCP ended, so the code is 1006 (or there never was a WebSocket).
      return side.closeCode === 1006 ? `${code}: TCP ended without a closing handshake (7.1.5).` : `${code}: there was no WebSocket connection.`;
    }
  }
}

/** One log line: what happened, and the payload or details to show beside it (as text). */
export interface LogLine {
  tone: 'event' | 'note' | 'bad' | 'end';
  headline: string;
  /** Application data or a reason, shown as text, never as HTML. */
  text: string | null;
  /** Bytes in hex, when the data is binary. */
  hex: string | null;
  rfc: string | null;
}

export function logLine(entry: SimulationLogEntry): LogLine {
  if (entry.kind === 'note') return { tone: 'note', headline: entry.text, text: null, hex: null, rfc: null };
  const { event } = entry;
  switch (event.type) {
    case 'text':
      return { tone: 'event', headline: 'message (text)', text: event.text, hex: null, rfc: '5.6' };
    case 'binary':
      return { tone: 'event', headline: `message (binary, ${plural(event.data.length, 'byte')})`, text: null, hex: shortHex(event.data), rfc: '5.6' };
    case 'ping':
      return { tone: 'event', headline: `ping (${plural(event.payload.length, 'byte')})`, ...payloadOf(event.payload), rfc: '5.5.2' };
    case 'pong':
      return { tone: 'event', headline: `pong (${plural(event.payload.length, 'byte')})`, ...payloadOf(event.payload), rfc: '5.5.3' };
    case 'close-received':
      return {
        tone: 'event',
        headline: event.code === null ? 'close received with no code (the application sees 1005)' : `close received: ${closeCodeWords(event.code)}`,
        text: event.reason || null,
        hex: null,
        rfc: '5.5.1',
      };
    case 'protocol-error':
      return {
        tone: 'bad',
        headline: `protocol error: ${event.problem.message}; failing the connection with ${closeCodeWords(event.problem.closeCode)}`,
        text: null,
        hex: null,
        rfc: event.problem.rfc,
      };
    case 'closed':
      return {
        tone: 'end',
        headline: `closed: ${closeCodeWords(event.code)}, ${event.wasClean ? 'clean' : 'not clean'}${event.closedBy === 'abnormal' ? '' : `, ${event.closedBy === 'local' ? 'this side' : 'the other side'} closed first`}`,
        text: event.reason || null,
        hex: null,
        rfc: event.code === 1006 ? '7.1.5' : '7.1.4',
      };
  }
}

/** A control frame's payload: text when it is UTF-8, else hex. */
function payloadOf(bytes: Uint8Array): { text: string | null; hex: string | null } {
  if (bytes.length === 0) return { text: null, hex: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), hex: null };
  } catch {
    return { text: null, hex: shortHex(bytes) };
  }
}

const SHOWN_BYTES = 64;

function shortHex(bytes: Uint8Array): string {
  return formatHex(bytes.subarray(0, SHOWN_BYTES)) + (bytes.length > SHOWN_BYTES ? ` … (${bytes.length - SHOWN_BYTES} more)` : '');
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

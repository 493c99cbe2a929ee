// A side's state and its log in words a student reads aloud: how it stands
// (and who closed first), each event it emitted, and the virtual time. Pure,
// so the words are tested without a page: each takes the t() of the language
// to speak (i18n.getFixedT('zh') in a test, useTranslation() on the page).
// Payloads stay strings for the component to render as text.

import type { TFunction } from 'i18next';
import { closeCodeInfo } from '../../../../engine/close';
import { formatHex } from '../../../../engine/hex';
import type { SimulationLogEntry } from '../../../../engine/simulation';
import type { SideSnapshot } from './simulation-snapshot';
import { wordingFor } from './simulation-wording';

/** "12.345 s" of virtual time. */
export function clockWords(t: TFunction, ms: number): string {
  return t('simulation.seconds', { seconds: (ms / 1000).toFixed(3) });
}

/** "1000 Normal Closure": the code and its registered name. */
export function closeCodeWords(t: TFunction, code: number): string {
  return `${code} ${wordingFor(t).engine.closeCodeName(code, closeCodeInfo(code).name)}`;
}

/** How a side stands, in one sentence: open, closing, or how it ended and who started the end. */
export function standingWords(t: TFunction, side: SideSnapshot): string {
  switch (side.state) {
    case 'CONNECTING':
      return side.side === 'client' ? t('simulation.standing.connectingClient') : t('simulation.standing.connectingServer');
    case 'OPEN':
      return t('simulation.standing.open');
    case 'CLOSING':
      return side.closedBy === 'local' ? t('simulation.standing.closingLocal') : t('simulation.standing.closingRemote');
    case 'CLOSED': {
      const closed = side.closeCode === null ? t('simulation.standing.closed') : t('simulation.standing.closedWith', { code: closeCodeWords(t, side.closeCode) });
      if (side.closedBy === 'local') return t('simulation.standing.closedLocal', { closed });
      if (side.closedBy === 'remote') return t('simulation.standing.closedRemote', { closed });
      // 7.1.5: no close frame came before TCP ended, so the code is 1006 (or there never was a WebSocket).
      return side.closeCode === 1006 ? t('simulation.standing.closedAbnormal', { closed }) : t('simulation.standing.closedNoWebSocket', { closed });
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

export function logLine(t: TFunction, entry: SimulationLogEntry): LogLine {
  if (entry.kind === 'note') return { tone: 'note', headline: wordingFor(t).note(entry.text), text: null, hex: null, rfc: null };
  const { event } = entry;
  switch (event.type) {
    case 'text':
      return { tone: 'event', headline: t('simulation.log.text'), text: event.text, hex: null, rfc: '5.6' };
    case 'binary':
      return { tone: 'event', headline: t('simulation.log.binary', { bytes: bytesWords(t, event.data.length) }), text: null, hex: shortHex(t, event.data), rfc: '5.6' };
    case 'ping':
      return { tone: 'event', headline: t('simulation.log.ping', { bytes: bytesWords(t, event.payload.length) }), ...payloadOf(t, event.payload), rfc: '5.5.2' };
    case 'pong':
      return { tone: 'event', headline: t('simulation.log.pong', { bytes: bytesWords(t, event.payload.length) }), ...payloadOf(t, event.payload), rfc: '5.5.3' };
    case 'close-received':
      return {
        tone: 'event',
        headline: event.code === null ? t('simulation.log.closeNoCode') : t('simulation.log.closeReceived', { code: closeCodeWords(t, event.code) }),
        text: event.reason || null,
        hex: null,
        rfc: '5.5.1',
      };
    case 'protocol-error':
      return {
        tone: 'bad',
        headline: t('simulation.log.protocolError', { message: wordingFor(t).engine.problem(event.problem), code: closeCodeWords(t, event.problem.closeCode) }),
        text: null,
        hex: null,
        rfc: event.problem.rfc,
      };
    case 'closed':
      return {
        tone: 'end',
        headline: t('simulation.log.closed', {
          code: closeCodeWords(t, event.code),
          how: event.wasClean ? t('simulation.log.clean') : t('simulation.log.notClean'),
          first: event.closedBy === 'abnormal' ? '' : event.closedBy === 'local' ? t('simulation.log.firstLocal') : t('simulation.log.firstRemote'),
        }),
        text: event.reason || null,
        hex: null,
        rfc: event.code === 1006 ? '7.1.5' : '7.1.4',
      };
  }
}

/** A control frame's payload: text when it is UTF-8, else hex. */
function payloadOf(t: TFunction, bytes: Uint8Array): { text: string | null; hex: string | null } {
  if (bytes.length === 0) return { text: null, hex: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), hex: null };
  } catch {
    return { text: null, hex: shortHex(t, bytes) };
  }
}

const SHOWN_BYTES = 64;

function shortHex(t: TFunction, bytes: Uint8Array): string {
  return formatHex(bytes.subarray(0, SHOWN_BYTES)) + (bytes.length > SHOWN_BYTES ? t('simulation.log.moreBytes', { count: bytes.length - SHOWN_BYTES }) : '');
}

/** "5 bytes", "1 byte". */
export function bytesWords(t: TFunction, n: number): string {
  return t('simulation.count.bytes', { count: n, n: n.toLocaleString('en') });
}

/** "2 units", "1 unit". */
export function unitsWords(t: TFunction, n: number): string {
  return t('simulation.count.units', { count: n, n: n.toLocaleString('en') });
}

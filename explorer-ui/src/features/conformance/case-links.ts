// Where a case's parts open elsewhere in the explorer: each frame of its
// wire log in the decoder, by the same link the CLI's HTML report writes
// (server/conformance/decoder-link.ts), its opening handshake in the
// handshake stepper, and the lesson that teaches the rule it tests.

import type { DeflateAgreement } from '../../../../engine/deflate-negotiation';
import { decoderHash } from '../../../../server/conformance/decoder-link';
import type { CaseReport, WireDirection, WireEntry } from '../../../../server/conformance/report';
import { deflateAgreementOf } from '../live/message-inflation';

const latin1 = new TextDecoder('latin1');

/** A report's hex (whole bytes, no spaces, checked when the report was read) as bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The HTTP heads a case's log holds: what the client sent and what the server answered. */
export interface CaseHandshake {
  request: string | null;
  response: string | null;
  /** permessage-deflate as the 101 agreed it (RFC 7692 7.1), or null. */
  deflate: DeflateAgreement | null;
}

export function caseHandshake(report: Pick<CaseReport, 'wire'>): CaseHandshake {
  const head = (direction: WireDirection) => report.wire.entries.find((e) => e.kind === 'http' && e.direction === direction);
  const request = head('client');
  const response = head('server');
  return {
    request: request ? headText(request) : null,
    response: response ? headText(response) : null,
    deflate: response ? deflateAgreementOf(hexToBytes(response.hex)) : null,
  };
}

/** An HTTP head as text, up to its blank line (a refusal's body is left out), byte for byte as latin1. */
export function headText(entry: WireEntry): string {
  const text = latin1.decode(hexToBytes(entry.hex));
  const end = text.indexOf('\r\n\r\n');
  return end === -1 ? text : text.slice(0, end + 2);
}

/**
 * The decoder's link for a frame of the log: the CLI report's link, and,
 * when the 101 agreed permessage-deflate, the decoder told so for the
 * frame's sender, so RSV1 reads as "compressed" rather than a 1002.
 */
export function frameDecoderLink(entry: WireEntry, deflate: DeflateAgreement | null): { hash: string; bytesLinked: number } {
  const link = decoderHash(entry.hex, entry.direction);
  if (!deflate) return link;
  const noContextTakeover = entry.direction === 'client' ? deflate.clientNoContextTakeover : deflate.serverNoContextTakeover;
  return { ...link, hash: `${link.hash}&deflate=${noContextTakeover ? 'no-context-takeover' : '1'}` };
}

/**
 * The handshake stepper's link (store/url-state.ts): the server's side
 * checks the request as a server must (RFC 6455 4.2.1), the client's side
 * checks the answer against it (4.1). The simulated server compresses when
 * the real one agreed to, as the Live view loads a real handshake.
 */
export function handshakeLink(handshake: CaseHandshake, side: 'server' | 'client'): string | null {
  if (handshake.request === null) return null;
  if (side === 'client' && handshake.response === null) return null;
  const params = new URLSearchParams();
  params.set('side', side);
  params.set('req', handshake.request);
  if (handshake.response !== null) params.set('res', handshake.response);
  if (handshake.deflate) params.set('deflate', '1');
  return `#/handshake?${params.toString()}`;
}

export interface LessonLink {
  /** The lesson's key here, by which the catalog names it (conformance.detail.lessons). */
  key: LessonKey;
  id: string;
  title: string;
  hash: string;
}

/** The lessons (lessons/<language>/*.md) by the rules they teach; the titles in English. */
export const LESSONS = {
  upgrade: { id: '02-upgrade-request', title: 'The upgrade request, check by check' },
  accept: { id: '03-sec-websocket-accept', title: 'Sec-WebSocket-Accept' },
  anatomy: { id: '04-frame-anatomy', title: 'Frame anatomy' },
  masking: { id: '05-masking', title: 'Masking' },
  fragmentation: { id: '06-fragmentation', title: 'Fragmentation' },
  pingPong: { id: '07-ping-pong-keepalive', title: 'Ping, pong and keepalive' },
  closing: { id: '08-closing', title: 'Closing' },
  utf8: { id: '10-utf8', title: 'UTF-8 and bad text' },
  compression: { id: '11-compression', title: 'Compression: permessage-deflate' },
} as const;

export type LessonKey = keyof typeof LESSONS;

/** Each category's lesson. */
const CATEGORY_LESSONS: Readonly<Record<string, LessonKey>> = {
  '0': 'upgrade',
  '1': 'anatomy',
  '2': 'pingPong',
  '3': 'anatomy',
  '4': 'anatomy',
  '5': 'fragmentation',
  '6': 'utf8',
  '7': 'closing',
  // Large messages: the 16- and 64-bit lengths are frame anatomy.
  '9': 'anatomy',
  '10': 'fragmentation',
  '12': 'compression',
  '13': 'compression',
};

/**
 * The lesson for a case: its category's, except that a case resting on the
 * masking rules (RFC 6455 5.1 "a client MUST mask", 5.3) goes to the masking
 * lesson, one resting only on the accept key (4.2.2 step 5) to its lesson,
 * and one resting only on RFC 7692 (a handshake's deflate offer) to compression.
 */
export function lessonFor(report: Pick<CaseReport, 'category' | 'rfc'>): LessonLink | null {
  const sections = report.rfc.map((r) => r.section);
  const only = (test: (section: string) => boolean) => sections.length > 0 && sections.every(test);
  let key: LessonKey | undefined = CATEGORY_LESSONS[report.category];
  if (sections.some((s) => s === 'RFC 6455 5.3' || s === 'RFC 6455 5.1')) key = 'masking';
  else if (only((s) => s.startsWith('RFC 7692 '))) key = 'compression';
  else if (report.category === '0' && only((s) => s === 'RFC 6455 4.2.2')) key = 'accept';
  if (!key) return null;
  const lesson = LESSONS[key];
  return { key, ...lesson, hash: `#/lessons?lesson=${lesson.id}&step=1` };
}

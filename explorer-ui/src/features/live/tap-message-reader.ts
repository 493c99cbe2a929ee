// Reads one text message of the tap (engine/tap-messages.ts) into a value the
// live model can trust. The tap is another program, possibly newer than this
// page: a message type this reader does not know (say, a proxy's rewritten
// upstream request) is handed on as 'unknown' with its fields, never thrown
// at, so the view can still show what it carries. Only a message that is not
// JSON at all, or lacks the fields its own type needs, is 'malformed'.

import type { TapChunk, TapClose, TapMessage, TapSessionState, TapSessionSummary } from '../../../../engine/tap-messages';

/** A message of a type this reader does not know: its type and every field, as sent. */
export interface UnknownTapMessage {
  type: 'unknown';
  /** The message's own `type`, or '' when it had none. */
  name: string;
  /** The session it names (a `session` string at the top or one level down), when it names one. */
  session: string | null;
  fields: Record<string, unknown>;
}

export interface MalformedTapMessage {
  type: 'malformed';
  why: string;
}

/**
 * A summary as sent, with the fields this reader does not know kept aside:
 * a newer tap may describe a session with more than engine/tap-messages.ts
 * says today, and the view shows those fields rather than losing them.
 */
export type ReadSessionSummary = TapSessionSummary & { extra: Record<string, unknown> };

/**
 * A chunk as read. `bytes` is set when its bytes come already read (a
 * capture's session, handed over by the capture worker without hex); then
 * `hex` is empty and is not read.
 */
export type ReadTapChunk = TapChunk & { bytes?: Uint8Array };

export type ReadTapMessage =
  | Exclude<TapMessage, { type: 'session-opened' | 'session-updated' | 'bytes' }>
  | { type: 'bytes'; chunk: ReadTapChunk }
  | { type: 'session-opened' | 'session-updated'; session: ReadSessionSummary }
  | UnknownTapMessage
  | MalformedTapMessage;

const SESSION_STATES: readonly string[] = ['handshake', 'open', 'refused', 'closed'] satisfies readonly TapSessionState[];
const SUMMARY_FIELDS = new Set(['id', 'target', 'remote', 'openedAt', 'state', 'subprotocol']);

export function readTapMessage(text: string): ReadTapMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: 'malformed', why: 'not JSON' };
  }
  if (!isRecord(value)) return { type: 'malformed', why: 'not a JSON object' };
  switch (value.type) {
    case 'hello':
      return { type: 'hello', protocol: value.protocol as 1, ringBytesPerSession: numberOr(value.ringBytesPerSession, 0) };
    case 'session-opened':
    case 'session-updated': {
      const session = readSummary(value.session);
      return session ? { type: value.type, session } : { type: 'malformed', why: `${value.type} without a session summary` };
    }
    case 'bytes': {
      const chunk = readChunk(value.chunk);
      return chunk ? { type: 'bytes', chunk } : { type: 'malformed', why: 'bytes without a readable chunk' };
    }
    case 'session-closed': {
      const close = readClose(value.close);
      return close ? { type: 'session-closed', close } : { type: 'malformed', why: 'session-closed without a readable close' };
    }
    case 'replay-done':
      return { type: 'replay-done', omittedChunks: numberOr(value.omittedChunks, 0) };
    default:
      return { type: 'unknown', name: typeof value.type === 'string' ? value.type : '', session: sessionNamedBy(value), fields: value };
  }
}

function readSummary(value: unknown): ReadSessionSummary | null {
  if (!isRecord(value) || typeof value.id !== 'string') return null;
  const extra: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (!SUMMARY_FIELDS.has(key)) extra[key] = field;
  return {
    id: value.id,
    target: stringOr(value.target, '?'),
    remote: stringOr(value.remote, '?'),
    openedAt: numberOr(value.openedAt, 0),
    // A state from a newer tap reads as the nearest one this page knows.
    state: SESSION_STATES.includes(value.state as string) ? (value.state as TapSessionState) : 'open',
    subprotocol: typeof value.subprotocol === 'string' ? value.subprotocol : null,
    extra,
  };
}

function readChunk(value: unknown): TapChunk | null {
  if (!isRecord(value) || typeof value.session !== 'string' || typeof value.hex !== 'string') return null;
  if (!isCount(value.seq) || !isCount(value.offset)) return null;
  if (value.from !== 'client' && value.from !== 'server') return null;
  return {
    session: value.session,
    seq: value.seq,
    from: value.from,
    // A phase this page does not know is kept as sent: the model shows such bytes as a note.
    phase: value.phase as TapChunk['phase'],
    at: numberOr(value.at, 0),
    offset: value.offset,
    length: isCount(value.length) ? value.length : value.hex.length / 2,
    hex: value.hex,
    truncated: value.truncated === true,
  };
}

function readClose(value: unknown): TapClose | null {
  if (!isRecord(value) || typeof value.session !== 'string') return null;
  return {
    session: value.session,
    at: numberOr(value.at, 0),
    code: typeof value.code === 'number' ? value.code : null,
    reason: stringOr(value.reason, ''),
    wasClean: value.wasClean === true,
  };
}

/** `session: "s1"`, or `{…: {session: "s1"}}` one level down, as the tap's own messages nest it. */
function sessionNamedBy(message: Record<string, unknown>): string | null {
  if (typeof message.session === 'string') return message.session;
  for (const field of Object.values(message)) {
    if (isRecord(field) && typeof field.session === 'string') return field.session;
    if (isRecord(field) && typeof field.id === 'string' && 'target' in field) return field.id;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

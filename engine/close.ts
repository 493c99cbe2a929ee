// Close codes: RFC 6455 sections 7.4.1 (defined codes) and 7.4.2 (ranges),
// plus the codes IANA registered later (1012–1015; RFC 6455 section 11.7).

import { MAX_CLOSE_REASON_BYTES } from './frame-format';
import { findInvalidUtf8 } from './utf8';

/** Which endpoint may put a code in a close frame on the wire. */
export type CloseCodeSender = 'either' | 'client' | 'server' | 'never';

export interface CloseCodeInfo {
  code: number;
  name: string;
  meaning: string;
  /** What to make of it when you see it. */
  advice: string;
  sender: CloseCodeSender;
  /** True when a received close frame may carry this code (7.4.1, 7.4.2). */
  validOnWire: boolean;
  /** Where the code is defined. */
  source: string;
  /** The range it falls in, for codes that are not individually defined. */
  range: string;
}

type Entry = Omit<CloseCodeInfo, 'code' | 'validOnWire' | 'range'>;

const defined: Record<number, Entry> = {
  1000: {
    name: 'Normal Closure',
    meaning: 'The purpose for which the connection was established has been fulfilled.',
    advice: 'Nothing went wrong: the peer is done.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1001: {
    name: 'Going Away',
    meaning: 'An endpoint is going away: a server going down, or a browser having navigated away from the page.',
    advice: 'Expected on shutdown or page unload; reconnect later if you still need the connection.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1002: {
    name: 'Protocol Error',
    meaning: 'The endpoint is terminating the connection due to a protocol error.',
    advice: 'One side sent a frame the RFC forbids; decode the last frames to find which rule broke.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1003: {
    name: 'Unsupported Data',
    meaning: 'The endpoint received a type of data it cannot accept (e.g. binary data when it only understands text).',
    advice: 'Send the kind of message (text or binary) the peer expects.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1004: {
    name: 'Reserved',
    meaning: 'Reserved. The specific meaning might be defined in the future.',
    advice: 'Never valid in a close frame; a peer that sends it earns a 1002.',
    sender: 'never',
    source: 'RFC 6455 7.4.1',
  },
  1005: {
    name: 'No Status Received',
    meaning: 'Reported to applications when a close frame carried no status code. Never sent on the wire.',
    advice: 'The peer closed with an empty close frame: a clean close without a reason. It never appears in a frame; a frame that carries it earns a 1002.',
    sender: 'never',
    source: 'RFC 6455 7.4.1',
  },
  1006: {
    name: 'Abnormal Closure',
    meaning: 'Reported to applications when the connection closed without any close frame. Never sent on the wire.',
    advice: 'The TCP connection dropped with no close handshake: a crash, a network cut, a proxy timeout, or a failed handshake. Look below WebSocket (TCP, TLS, proxies).',
    sender: 'never',
    source: 'RFC 6455 7.4.1',
  },
  1007: {
    name: 'Invalid Frame Payload Data',
    meaning: 'The endpoint received data inconsistent with the message type, such as non-UTF-8 data in a text message.',
    advice: 'A text message or close reason was not valid UTF-8; check how the sender encodes text.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1008: {
    name: 'Policy Violation',
    meaning: 'The endpoint received a message that violates its policy (a generic code when no other fits).',
    advice: 'The application refused the message; the reason text usually says why.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1009: {
    name: 'Message Too Big',
    meaning: 'The endpoint received a message too big for it to handle.',
    advice: 'Send smaller messages, or raise the receiver\'s size limit.',
    sender: 'either',
    source: 'RFC 6455 7.4.1',
  },
  1010: {
    name: 'Mandatory Extension',
    meaning: 'The client expected the server to negotiate one or more extensions, but the server did not.',
    advice: 'Only a client sends this; the reason lists the extensions it needed.',
    sender: 'client',
    source: 'RFC 6455 7.4.1',
  },
  1011: {
    name: 'Internal Error',
    meaning: 'The server encountered an unexpected condition that prevented it from fulfilling the request.',
    advice: 'A bug or failure on the server side; check its logs.',
    sender: 'either',
    source: 'RFC 6455 7.4.1 (widened to either endpoint by IANA)',
  },
  1012: {
    name: 'Service Restart',
    meaning: 'The server is restarting.',
    advice: 'Reconnect after a short, randomised delay.',
    sender: 'server',
    source: 'IANA registry',
  },
  1013: {
    name: 'Try Again Later',
    meaning: 'The server is temporarily unable to serve, for example because it is overloaded.',
    advice: 'Reconnect later, with back-off.',
    sender: 'server',
    source: 'IANA registry',
  },
  1014: {
    name: 'Bad Gateway',
    meaning: 'A gateway or proxy received an invalid response from the upstream server.',
    advice: 'The problem is behind the proxy; check the upstream server.',
    sender: 'server',
    source: 'IANA registry',
  },
  1015: {
    name: 'TLS Handshake',
    meaning: 'Reported to applications when the TLS handshake failed (e.g. the certificate could not be verified). Never sent on the wire.',
    advice: 'Fix the certificate or TLS settings; no WebSocket frame was ever exchanged.',
    sender: 'never',
    source: 'RFC 6455 7.4.1',
  },
};

/** The ranges of RFC 6455 section 7.4.2, for codes that are not individually defined. */
export const CLOSE_CODE_RANGES = [
  { from: 0, to: 999, name: 'Unused', meaning: 'Not used (7.4.2). Invalid in a close frame.' },
  { from: 1000, to: 2999, name: 'Protocol', meaning: 'Reserved for this protocol, its revisions and extensions (7.4.2). Only the defined codes may appear.' },
  { from: 3000, to: 3999, name: 'Registered', meaning: 'For libraries, frameworks and applications, registered with IANA (7.4.2).' },
  { from: 4000, to: 4999, name: 'Private', meaning: 'For private use by agreement between the two applications (7.4.2).' },
] as const;

/** The individually defined codes 1000–1015, in order. */
export const DEFINED_CLOSE_CODES: readonly CloseCodeInfo[] = Object.keys(defined).map((code) => closeCodeInfo(Number(code)));

/**
 * May a close frame on the wire carry this code? 7.4.1 forbids 1004–1006 and
 * 1015 in frames; 7.4.2 leaves 0–999 unused and 1016–2999 to future RFCs.
 */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 1000 && code <= 1014) return code !== 1004 && code !== 1005 && code !== 1006;
  return code >= 3000 && code <= 4999;
}

export function closeCodeInfo(code: number): CloseCodeInfo {
  const validOnWire = isSendableCloseCode(code);
  const range = CLOSE_CODE_RANGES.find((r) => code >= r.from && code <= r.to);
  const rangeName = range ? `${range.from}–${range.to} ${range.name}` : 'outside 0–4999';
  const entry = defined[code];
  if (entry) return { code, validOnWire, range: rangeName, ...entry };
  if (range?.name === 'Registered' || range?.name === 'Private') {
    return {
      code,
      name: range.name === 'Registered' ? 'Registered (library or framework)' : 'Private use',
      meaning: range.meaning,
      advice: range.name === 'Registered'
        ? 'Meaning is defined by whoever registered it with IANA; look it up there.'
        : 'Meaning is agreed between the two applications; read the reason text.',
      sender: 'either',
      validOnWire,
      source: 'RFC 6455 7.4.2',
      range: rangeName,
    };
  }
  return {
    code,
    name: range ? `Undefined (${range.name.toLowerCase()} range)` : 'Out of range',
    meaning: range ? range.meaning : 'Close codes are 16-bit values below 5000; this one has no meaning.',
    advice: 'A peer that sends it breaks the protocol: answer with 1002.',
    sender: 'never',
    validOnWire,
    source: 'RFC 6455 7.4.2',
    range: rangeName,
  };
}

/** A rule the close payload broke; `offset` counts from the start of the payload. */
export interface ClosePayloadProblem {
  kind: 'close-payload-one-byte' | 'close-code-not-sendable' | 'invalid-utf8';
  closeCode: number;
  message: string;
  offset: number;
  rfc: string;
}

export interface ParsedClosePayload {
  /** null when the payload is empty (the application then sees 1005). */
  code: number | null;
  reason: string;
  problems: ClosePayloadProblem[];
}

/** Reads a close frame's (unmasked) payload: 2-byte code, then a UTF-8 reason (5.5.1). */
export function parseClosePayload(payload: Uint8Array): ParsedClosePayload {
  if (payload.length === 0) return { code: null, reason: '', problems: [] };
  if (payload.length === 1) {
    return {
      code: null,
      reason: '',
      problems: [{
        kind: 'close-payload-one-byte',
        closeCode: 1002,
        message: 'close payload is 1 byte: a close body must be empty or start with a 2-byte status code',
        offset: 0,
        rfc: '5.5.1',
      }],
    };
  }
  const problems: ClosePayloadProblem[] = [];
  const code = (payload[0] << 8) | payload[1];
  if (!isSendableCloseCode(code)) {
    const info = closeCodeInfo(code);
    problems.push({
      kind: 'close-code-not-sendable',
      closeCode: 1002,
      message: `close code ${code} (${info.name}) may not appear in a close frame`,
      offset: 0,
      rfc: code >= 1000 && code <= 1015 ? '7.4.1' : '7.4.2',
    });
  }
  const reasonBytes = payload.subarray(2);
  const utf8Failure = findInvalidUtf8(reasonBytes);
  if (utf8Failure) {
    problems.push({
      kind: 'invalid-utf8',
      closeCode: 1007,
      message: `close reason is not valid UTF-8: ${utf8Failure.reason}`,
      offset: 2 + Math.min(utf8Failure.streamOffset, reasonBytes.length - 1),
      rfc: '5.5.1',
    });
  }
  const reason = new TextDecoder('utf-8').decode(reasonBytes);
  return { code, reason, problems };
}

/**
 * Builds a close payload. The code is not checked (lessons build invalid
 * ones on purpose); the reason must fit in a control frame.
 */
export function buildClosePayload(code?: number | null, reason = ''): Uint8Array {
  if (code === undefined || code === null) {
    if (reason !== '') throw new RangeError('a close reason needs a status code before it (RFC 6455 5.5.1)');
    return new Uint8Array(0);
  }
  if (!Number.isInteger(code) || code < 0 || code > 0xffff) throw new RangeError(`close code ${code} does not fit in 16 bits`);
  const reasonBytes = new TextEncoder().encode(reason);
  if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) {
    throw new RangeError(`close reason is ${reasonBytes.length} bytes; at most ${MAX_CLOSE_REASON_BYTES} fit in a control frame (RFC 6455 5.5)`);
  }
  const payload = new Uint8Array(2 + reasonBytes.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(reasonBytes, 2);
  return payload;
}

// Close codes: RFC 6455 sections 7.4.1 (defined codes) and 7.4.2 (ranges),
// plus the codes IANA registered later (RFC 6455 section 11.7 set up the
// registry): 1012–1014 in the protocol's range and, in the 3000–3999 range
// that libraries and frameworks register, 3000, 3003 and 3008.
//
// The registry is the one place a code's number is written: the `CloseCode`
// constants every module imports are derived from it.

import { MAX_CLOSE_REASON_BYTES } from './frame-format';

/**
 * Who may put a code in a close frame on the wire: an endpoint ('either',
 * 'client', 'server'); 'local' for a code an API reports but no frame may
 * carry (1005, 1006, 1015); 'nobody' for a code that is simply invalid.
 */
export type CloseCodeSender = 'either' | 'client' | 'server' | 'local' | 'nobody';

export interface CloseCodeInfo {
  code: number;
  name: string;
  /** The name gorilla/websocket gives the constant (`CloseGoingAway`…), or null when it has none. */
  gorillaName: string | null;
  meaning: string;
  /** What to make of it when you see it. */
  advice: string;
  sender: CloseCodeSender;
  /** True when a received close frame may carry this code (7.4.1, 7.4.2). */
  validOnWire: boolean;
  /** Where the code is defined. */
  source: string;
  /** The range it falls in. */
  range: string;
}

interface RegistryEntry {
  code: number;
  /** The key of the `CloseCode` constant. */
  constant: string;
  name: string;
  gorillaName: string | null;
  meaning: string;
  advice: string;
  sender: CloseCodeSender;
  source: string;
}

const RFC = 'RFC 6455 7.4.1';
const IANA = 'IANA WebSocket Close Code Number Registry';

const REGISTRY = [
  {
    code: 1000, constant: 'Normal', name: 'Normal Closure', gorillaName: 'CloseNormalClosure',
    meaning: 'The purpose for which the connection was established has been fulfilled.',
    advice: 'Nothing went wrong: the peer is done.',
    sender: 'either', source: RFC,
  },
  {
    code: 1001, constant: 'GoingAway', name: 'Going Away', gorillaName: 'CloseGoingAway',
    meaning: 'An endpoint is going away: a server going down, or a browser having navigated away from the page.',
    advice: 'Expected on shutdown or page unload; reconnect later if you still need the connection.',
    sender: 'either', source: RFC,
  },
  {
    code: 1002, constant: 'ProtocolError', name: 'Protocol Error', gorillaName: 'CloseProtocolError',
    meaning: 'The endpoint is terminating the connection due to a protocol error.',
    advice: 'One side sent a frame the RFC forbids; decode the last frames to find which rule broke.',
    sender: 'either', source: RFC,
  },
  {
    code: 1003, constant: 'UnsupportedData', name: 'Unsupported Data', gorillaName: 'CloseUnsupportedData',
    meaning: 'The endpoint received a type of data it cannot accept (e.g. binary data when it only understands text).',
    advice: 'Send the kind of message (text or binary) the peer expects.',
    sender: 'either', source: RFC,
  },
  {
    code: 1004, constant: 'Reserved', name: 'Reserved', gorillaName: null,
    meaning: 'Reserved. The specific meaning might be defined in the future.',
    advice: 'Never valid in a close frame; a peer that sends it earns a 1002.',
    sender: 'nobody', source: RFC,
  },
  {
    code: 1005, constant: 'NoStatusReceived', name: 'No Status Received', gorillaName: 'CloseNoStatusReceived',
    meaning: 'Reported to applications when a close frame carried no status code. Never sent on the wire.',
    advice: 'The peer closed with an empty close frame: a clean close without a reason. It never appears in a frame; a frame that carries it earns a 1002.',
    sender: 'local', source: RFC,
  },
  {
    code: 1006, constant: 'Abnormal', name: 'Abnormal Closure', gorillaName: 'CloseAbnormalClosure',
    meaning: 'Reported to applications when the connection closed without any close frame. Never sent on the wire.',
    advice: 'The TCP connection dropped with no close handshake: a crash, a network cut, a proxy timeout, or a failed handshake. Look below WebSocket (TCP, TLS, proxies).',
    sender: 'local', source: RFC,
  },
  {
    code: 1007, constant: 'InvalidPayload', name: 'Invalid Frame Payload Data', gorillaName: 'CloseInvalidFramePayloadData',
    meaning: 'The endpoint received data inconsistent with the message type, such as non-UTF-8 data in a text message.',
    advice: 'A text message or close reason was not valid UTF-8; check how the sender encodes text.',
    sender: 'either', source: RFC,
  },
  {
    code: 1008, constant: 'PolicyViolation', name: 'Policy Violation', gorillaName: 'ClosePolicyViolation',
    meaning: 'The endpoint received a message that violates its policy (a generic code when no other fits).',
    advice: 'The application refused the message; the reason text usually says why.',
    sender: 'either', source: RFC,
  },
  {
    code: 1009, constant: 'MessageTooBig', name: 'Message Too Big', gorillaName: 'CloseMessageTooBig',
    meaning: 'The endpoint received a message too big for it to handle.',
    advice: "Send smaller messages, or raise the receiver's size limit.",
    sender: 'either', source: RFC,
  },
  {
    code: 1010, constant: 'MandatoryExtension', name: 'Mandatory Extension', gorillaName: 'CloseMandatoryExtension',
    meaning: 'The client expected the server to negotiate one or more extensions, but the server did not.',
    advice: 'Only a client sends this; the reason lists the extensions it needed.',
    sender: 'client', source: RFC,
  },
  {
    code: 1011, constant: 'InternalError', name: 'Internal Error', gorillaName: 'CloseInternalServerErr',
    meaning: 'The server encountered an unexpected condition that prevented it from fulfilling the request.',
    advice: 'A bug or failure on the server side; check its logs.',
    sender: 'either', source: `${RFC} (widened to either endpoint by IANA)`,
  },
  {
    code: 1012, constant: 'ServiceRestart', name: 'Service Restart', gorillaName: 'CloseServiceRestart',
    meaning: 'The server is restarting.',
    advice: 'Reconnect after a short, randomised delay.',
    sender: 'server', source: IANA,
  },
  {
    code: 1013, constant: 'TryAgainLater', name: 'Try Again Later', gorillaName: 'CloseTryAgainLater',
    meaning: 'The server is temporarily unable to serve, for example because it is overloaded.',
    advice: 'Reconnect later, with back-off.',
    sender: 'server', source: IANA,
  },
  {
    code: 1014, constant: 'BadGateway', name: 'Bad Gateway', gorillaName: null,
    meaning: 'A gateway or proxy received an invalid response from the upstream server.',
    advice: 'The problem is behind the proxy; check the upstream server.',
    sender: 'server', source: IANA,
  },
  {
    code: 1015, constant: 'TlsHandshake', name: 'TLS Handshake', gorillaName: 'CloseTLSHandshake',
    meaning: 'Reported to applications when the TLS handshake failed (e.g. the certificate could not be verified). Never sent on the wire.',
    advice: 'Fix the certificate or TLS settings; no WebSocket frame was ever exchanged.',
    sender: 'local', source: RFC,
  },
  {
    code: 3000, constant: 'Unauthorized', name: 'Unauthorized', gorillaName: null,
    meaning: 'The endpoint needs the peer to authenticate first, as an HTTP 401 would say.',
    advice: 'Sign in, or send the credentials the service expects, then connect again.',
    sender: 'either', source: IANA,
  },
  {
    code: 3003, constant: 'Forbidden', name: 'Forbidden', gorillaName: null,
    meaning: 'The peer is known but not allowed to do what it asked, as an HTTP 403 would say.',
    advice: 'Reconnecting will not help; the account or token lacks the permission.',
    sender: 'either', source: IANA,
  },
  {
    code: 3008, constant: 'Timeout', name: 'Timeout', gorillaName: null,
    meaning: 'The endpoint waited too long for the peer, as an HTTP 408 would say.',
    advice: 'Something stalled (a reply, a heartbeat); reconnect and look at what was slow.',
    sender: 'either', source: IANA,
  },
] as const satisfies readonly RegistryEntry[];

type Registered = (typeof REGISTRY)[number];

/** Every registered code by a readable name: `CloseCode.GoingAway` is 1001. */
export const CloseCode = Object.fromEntries(REGISTRY.map((entry) => [entry.constant, entry.code])) as {
  readonly [Entry in Registered as Entry['constant']]: Entry['code'];
};

/** Any registered code's number. */
export type RegisteredCloseCode = Registered['code'];

const byCode = new Map<number, RegistryEntry>(REGISTRY.map((entry) => [entry.code, entry]));

/** The ranges of RFC 6455 section 7.4.2. */
export const CLOSE_CODE_RANGES = [
  { from: 0, to: 999, name: 'Unused', meaning: 'Not used (7.4.2). Invalid in a close frame.' },
  {
    from: 1000, to: 2999, name: 'Protocol',
    meaning: 'Reserved for this protocol, its revisions and extensions with a public specification (7.4.2). Only the codes defined so far may appear in a close frame; 1016–2999 are unassigned.',
  },
  {
    from: 3000, to: 3999, name: 'Registered',
    meaning: 'For libraries, frameworks and applications, each code registered with IANA first come, first served (7.4.2). IANA lists 3000 Unauthorized, 3003 Forbidden and 3008 Timeout; an unlisted code is still valid on the wire, and means what its library says.',
  },
  {
    from: 4000, to: 4999, name: 'Private',
    meaning: 'For private use (7.4.2): these codes cannot be registered, so two applications agree on their meaning between themselves. An application that wants to say why it closed, beyond what 1000–1015 say, picks its codes here.',
  },
] as const;

/** Every code in the registry, in order: 1000–1015, then IANA's 3000-range codes. */
export const REGISTERED_CLOSE_CODES: readonly CloseCodeInfo[] = REGISTRY.map((entry) => closeCodeInfo(entry.code));

/**
 * May a close frame on the wire carry this code? 7.4.1 forbids 1004–1006 and
 * 1015 in frames; 7.4.2 leaves 0–999 unused and 1016–2999 to future RFCs.
 */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  const entry = byCode.get(code);
  if (entry) return entry.sender !== 'local' && entry.sender !== 'nobody';
  return code >= 3000 && code <= 4999;
}

export function closeCodeInfo(code: number): CloseCodeInfo {
  const validOnWire = isSendableCloseCode(code);
  const range = CLOSE_CODE_RANGES.find((r) => code >= r.from && code <= r.to);
  const rangeName = range ? `${range.from}–${range.to} ${range.name}` : 'outside 0–4999';
  const entry = byCode.get(code);
  if (entry) {
    const { constant: _constant, ...info } = entry;
    return { ...info, validOnWire, range: rangeName };
  }
  if (range?.name === 'Registered' || range?.name === 'Private') {
    const registered = range.name === 'Registered';
    return {
      code,
      name: registered ? 'Library or framework code' : 'Private use',
      gorillaName: null,
      meaning: registered
        ? 'A code from the range libraries and frameworks register with IANA; IANA lists no meaning for this one.'
        : 'A code from the private range: its meaning is whatever the two applications agreed on.',
      advice: registered
        ? 'Look in the documentation of the library or service that sent it; the reason text may say more.'
        : 'Read the reason text, or the documentation of the application that sent it.',
      sender: 'either',
      validOnWire,
      source: 'RFC 6455 7.4.2',
      range: rangeName,
    };
  }
  return {
    code,
    name: range ? `Undefined (${range.name.toLowerCase()} range)` : 'Out of range',
    gorillaName: null,
    meaning: range ? range.meaning : 'Close codes are 16-bit values, and only those below 5000 have a place in 7.4.2; this one has none.',
    advice: 'No endpoint may send it: a peer that does breaks the protocol and is answered with 1002.',
    sender: 'nobody',
    validOnWire,
    source: 'RFC 6455 7.4.2',
    range: rangeName,
  };
}

/** A close frame's payload read as code and reason (5.5.1); the rules it may break are in frame-rules.ts. */
export interface ClosePayload {
  /** null when the payload is empty (the application then sees 1005) or a lone byte. */
  code: number | null;
  /** The reason as text; invalid UTF-8 is replaced with U+FFFD here (frame-rules.ts reports it). */
  reason: string;
}

/** Reads a close frame's (unmasked) payload: a 2-byte code in network order, then a UTF-8 reason (5.5.1). */
export function readClosePayload(payload: Uint8Array): ClosePayload {
  if (payload.length < 2) return { code: null, reason: '' };
  return { code: (payload[0] << 8) | payload[1], reason: new TextDecoder('utf-8').decode(payload.subarray(2)) };
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

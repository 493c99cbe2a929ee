// permessage-deflate's negotiation, RFC 7692 section 7.1: what a client
// offers in Sec-WebSocket-Extensions, what a server may answer, and what a
// client must check in the answer. The agreement it produces says, for each
// direction, whether the compressor keeps its window between messages
// ("context takeover") and how large a window it may use.
//
// This engine compresses with zlib's windows, 9 to 15 bits: zlib cannot
// compress raw DEFLATE with an 8-bit (256-byte) window, so an offer that asks
// the server for one (server_max_window_bits=8) is declined, and this
// engine's own offer never lets the server shrink the client's window size.
// Inflating works with any window, so whatever the peer compresses with is
// fine.

import type { ExtensionOffer, ExtensionParam } from './extensions-header';

export const PERMESSAGE_DEFLATE = 'permessage-deflate';

/** The largest LZ77 window (RFC 7692 7.1.2). */
export const MAX_WINDOW_BITS = 15;
const MIN_WINDOW_BITS = 8;
/** The smallest window zlib (and so this engine) can compress raw DEFLATE with. */
export const MIN_COMPRESSION_WINDOW_BITS = 9;

/** What both sides agreed, seen from neither side: "server" is what the server sends. */
export interface DeflateAgreement {
  /** The server starts each message with an empty window (7.1.1.1). */
  serverNoContextTakeover: boolean;
  /** The client starts each message with an empty window (7.1.1.2). */
  clientNoContextTakeover: boolean;
  /** The window the server compresses with, 8–15 bits (7.1.2.1). */
  serverMaxWindowBits: number;
  /** The window the client compresses with, 8–15 bits (7.1.2.2). */
  clientMaxWindowBits: number;
}

/** What a server is willing to agree to. */
export interface DeflateServerPolicy {
  /** Ask the client to reset its window for every message (saves the server memory per connection). */
  requestClientNoContextTakeover?: boolean;
  /** Reset our own window for every message (the same, for the client). */
  serverNoContextTakeover?: boolean;
}

export type OfferReading =
  | { ok: true; agreement: DeflateAgreement; /** client_max_window_bits was offered, so the server may set it. */ clientWindowNegotiable: boolean }
  | { ok: false; reason: string };

const PARAMETERS = ['server_no_context_takeover', 'client_no_context_takeover', 'server_max_window_bits', 'client_max_window_bits'] as const;

/**
 * Reads one permessage-deflate offer (7.1): every parameter known, none
 * twice, values where they belong. A server "MUST decline" an offer that
 * breaks any of these, and reads the next one.
 */
export function readDeflateOffer(offer: ExtensionOffer): OfferReading {
  if (offer.name.toLowerCase() !== PERMESSAGE_DEFLATE) return { ok: false, reason: `"${offer.name}" is not permessage-deflate` };
  const seen = checkParameters(offer.params);
  if (typeof seen === 'string') return { ok: false, reason: seen };
  for (const name of ['server_no_context_takeover', 'client_no_context_takeover'] as const) {
    if (seen.has(name) && seen.get(name) !== null) return { ok: false, reason: `${name} takes no value (RFC 7692 7.1.1)` };
  }
  const serverBits = windowBits(seen, 'server_max_window_bits', false);
  if (typeof serverBits === 'string') return { ok: false, reason: serverBits };
  const clientBits = windowBits(seen, 'client_max_window_bits', true);
  if (typeof clientBits === 'string') return { ok: false, reason: clientBits };
  return {
    ok: true,
    clientWindowNegotiable: seen.has('client_max_window_bits'),
    agreement: {
      serverNoContextTakeover: seen.has('server_no_context_takeover'),
      clientNoContextTakeover: seen.has('client_no_context_takeover'),
      serverMaxWindowBits: serverBits ?? MAX_WINDOW_BITS,
      clientMaxWindowBits: clientBits ?? MAX_WINDOW_BITS,
    },
  };
}

export interface ServerNegotiation {
  /** The Sec-WebSocket-Extensions value to answer with, or null to use no compression. */
  response: string | null;
  agreement: DeflateAgreement | null;
  /** Why each declined offer was declined, in order. */
  declined: string[];
}

/**
 * The server's side (7.1): the first acceptable permessage-deflate offer
 * wins; the answer states every parameter that binds the client.
 */
export function negotiateDeflate(offers: readonly ExtensionOffer[], policy: DeflateServerPolicy = {}): ServerNegotiation {
  const declined: string[] = [];
  for (const offer of offers) {
    if (offer.name.toLowerCase() !== PERMESSAGE_DEFLATE) continue;
    const reading = readDeflateOffer(offer);
    if (!reading.ok) {
      declined.push(reading.reason);
      continue;
    }
    const { agreement } = reading;
    if (agreement.serverMaxWindowBits < MIN_COMPRESSION_WINDOW_BITS) {
      declined.push(`it asks the server for a ${agreement.serverMaxWindowBits}-bit window, and this server compresses with 9 bits at least`);
      continue;
    }
    const agreed: DeflateAgreement = {
      ...agreement,
      serverNoContextTakeover: agreement.serverNoContextTakeover || (policy.serverNoContextTakeover ?? false),
      clientNoContextTakeover: agreement.clientNoContextTakeover || (policy.requestClientNoContextTakeover ?? false),
    };
    return { response: formatAgreement(agreed, reading.clientWindowNegotiable), agreement: agreed, declined };
  }
  return { response: null, agreement: null, declined };
}

/**
 * The offer this engine's client sends: no parameters, so the server cannot
 * shrink the client's window (7.1.2.2), which this engine could not honour.
 */
export function clientDeflateOffer(): string {
  return PERMESSAGE_DEFLATE;
}

/**
 * The client's side (7.1): the server's answer must be one permessage-deflate
 * extension whose parameters follow from what the client offered; otherwise
 * the client must _Fail the WebSocket Connection_. Null when the server
 * answered without compression.
 */
export function verifyDeflateResponse(answers: readonly ExtensionOffer[], offered: readonly ExtensionOffer[]): OfferReading | null {
  const deflate = answers.filter((a) => a.name.toLowerCase() === PERMESSAGE_DEFLATE);
  if (deflate.length === 0) return null;
  if (deflate.length > 1) return { ok: false, reason: `the server answered with ${deflate.length} permessage-deflate extensions; exactly one is allowed` };
  const reading = readDeflateOffer(deflate[0]);
  if (!reading.ok) return reading;
  const clientWindowOffered = offered.some((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE && o.params.some((p) => p.name.toLowerCase() === 'client_max_window_bits'));
  if (reading.clientWindowNegotiable && !clientWindowOffered) {
    return { ok: false, reason: 'the server set client_max_window_bits, which the client did not offer (RFC 7692 7.1.2.2)' };
  }
  if (reading.clientWindowNegotiable && deflate[0].params.some((p) => p.name.toLowerCase() === 'client_max_window_bits' && p.value === null)) {
    return { ok: false, reason: 'client_max_window_bits in an answer needs a value from 8 to 15 (RFC 7692 7.1.2.2)' };
  }
  return reading;
}

/** An agreement as a response's extension value. */
export function formatAgreement(agreement: DeflateAgreement, includeClientWindow = false): string {
  const params = [PERMESSAGE_DEFLATE];
  if (agreement.serverNoContextTakeover) params.push('server_no_context_takeover');
  if (agreement.clientNoContextTakeover) params.push('client_no_context_takeover');
  if (agreement.serverMaxWindowBits < MAX_WINDOW_BITS) params.push(`server_max_window_bits=${agreement.serverMaxWindowBits}`);
  if (includeClientWindow && agreement.clientMaxWindowBits < MAX_WINDOW_BITS) params.push(`client_max_window_bits=${agreement.clientMaxWindowBits}`);
  return params.join('; ');
}

/** Every parameter known and given once; the names with their values. */
function checkParameters(params: readonly ExtensionParam[]): Map<string, string | null> | string {
  const seen = new Map<string, string | null>();
  for (const param of params) {
    const name = param.name.toLowerCase();
    if (!(PARAMETERS as readonly string[]).includes(name)) return `unknown parameter "${param.name}" (RFC 7692 7.1: decline the offer)`;
    if (seen.has(name)) return `${name} appears twice (RFC 7692 7.1: decline the offer)`;
    seen.set(name, param.value);
  }
  return seen;
}

/** A window-bits parameter: absent (undefined), or 8–15; the client's may come without a value in an offer. */
function windowBits(seen: Map<string, string | null>, name: string, valueOptional: boolean): number | undefined | string {
  if (!seen.has(name)) return undefined;
  const value = seen.get(name)!;
  if (value === null) return valueOptional ? undefined : `${name} needs a value from 8 to 15 (RFC 7692 7.1.2)`;
  if (!/^[0-9]+$/.test(value) || Number(value) < MIN_WINDOW_BITS || Number(value) > MAX_WINDOW_BITS) {
    return `${name}=${value} is not a window size from 8 to 15 bits (RFC 7692 7.1.2)`;
  }
  return Number(value);
}

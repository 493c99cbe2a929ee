// permessage-deflate's negotiation (RFC 7692 5, 7.1) laid out for the
// handshake stepper. The decisions are the engine's (engine/
// deflate-negotiation.ts: negotiateDeflate for the server, verifyDeflateResponse
// for the client); this file only says, offer by offer and parameter by
// parameter, what they decided and why, in words a student can follow.

import {
  MAX_WINDOW_BITS,
  PERMESSAGE_DEFLATE,
  negotiateDeflate,
  verifyDeflateResponse,
  type DeflateAgreement,
  type OfferReading,
} from '../../../../engine/deflate-negotiation';
import { parseExtensionsHeader, type ExtensionOffer, type ExtensionParam } from '../../../../engine/extensions-header';
import { headerValues, type HttpHeader } from '../../../../engine/http-message';

export interface ParameterExplained {
  /** "client_max_window_bits=10", as written. */
  text: string;
  meaning: string;
  /** RFC 7692 section. */
  rfc: string;
}

export type OfferVerdict =
  /** The first acceptable permessage-deflate offer: the server takes it. */
  | 'accepted'
  /** A permessage-deflate offer the server may not or cannot take. */
  | 'declined'
  /** An offer after the accepted one: a server uses one permessage-deflate at most. */
  | 'not-considered'
  /** Another extension, which this server does not know. */
  | 'other-extension';

export interface OfferExplained {
  /** 1, 2, 3… among the header's extensions, in order. */
  number: number;
  /** The offer as it reads in the header. */
  text: string;
  parameters: ParameterExplained[];
  verdict: OfferVerdict;
  /** Why, in words. */
  reason: string;
}

/** What the server agreed, seen from each side's messages. */
export interface DirectionExplained {
  /** "server → client" */
  label: string;
  windowBits: number;
  noContextTakeover: boolean;
  text: string;
}

export interface ServerDeflateWalk {
  offers: OfferExplained[];
  /** The Sec-WebSocket-Extensions value of the answer, or null: no compression. */
  response: string | null;
  agreement: DeflateAgreement | null;
  directions: DirectionExplained[];
}

const OFFER_MEANINGS: Record<string, (value: string | null) => { meaning: string; rfc: string }> = {
  server_no_context_takeover: () => ({
    meaning: 'the client asks the server to start every message it sends with an empty window: each one compresses alone, and the server keeps no window between messages',
    rfc: '7.1.1.1',
  }),
  client_no_context_takeover: () => ({
    meaning: 'the client says it will start every message with an empty window, so the server need not keep the client\'s window between messages',
    rfc: '7.1.1.2',
  }),
  server_max_window_bits: (value) => ({
    meaning: `the client asks the server to compress with a window of at most 2^${value ?? '?'} = ${windowBytes(value)} bytes, so the client needs less memory to inflate`,
    rfc: '7.1.2.1',
  }),
  client_max_window_bits: (value) => ({
    meaning: value === null
      ? 'the client can compress with a smaller window if the server asks: the server may answer with client_max_window_bits=N'
      : `the client will compress with a window of at most 2^${value} = ${windowBytes(value)} bytes`,
    rfc: '7.1.2.2',
  }),
};

const ANSWER_MEANINGS: Record<string, (value: string | null) => { meaning: string; rfc: string }> = {
  server_no_context_takeover: () => ({ meaning: 'the server will start every message it sends with an empty window', rfc: '7.1.1.1' }),
  client_no_context_takeover: () => ({ meaning: 'the client must start every message it sends with an empty window', rfc: '7.1.1.2' }),
  server_max_window_bits: (value) => ({ meaning: `the server will compress with a window of at most ${windowBytes(value)} bytes`, rfc: '7.1.2.1' }),
  client_max_window_bits: (value) => ({ meaning: `the client must compress with a window of at most ${windowBytes(value)} bytes`, rfc: '7.1.2.2' }),
};

/** An offer as it reads in the header (RFC 6455 9.1), never throwing on what the parser let through. */
function offerText(offer: ExtensionOffer): string {
  return [offer.name, ...offer.params.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`))].join('; ');
}

function windowBytes(value: string | null): string {
  const bits = Number(value);
  return Number.isInteger(bits) && bits >= 8 && bits <= 15 ? (2 ** bits).toLocaleString('en') : '?';
}

function explainParameters(params: readonly ExtensionParam[], meanings: typeof OFFER_MEANINGS): ParameterExplained[] {
  return params.map((param) => {
    const text = param.value === null ? param.name : `${param.name}=${param.value}`;
    const known = meanings[param.name.toLowerCase()];
    return known ? { text, ...known(param.value) } : { text, meaning: 'not a permessage-deflate parameter: an offer naming it must be declined', rfc: '7.1' };
  });
}

/** The request's offers, in order (RFC 6455 9.1: the headers' lists combine). */
export function offersOf(headers: readonly HttpHeader[]): ExtensionOffer[] {
  return parseExtensionsHeader(headerValues([...headers], 'sec-websocket-extensions')).offers;
}

export function offersDeflate(offers: readonly ExtensionOffer[]): boolean {
  return offers.some((offer) => offer.name.toLowerCase() === PERMESSAGE_DEFLATE);
}

/**
 * The server's side: every offer with its verdict, then the answer. The
 * verdicts are negotiateDeflate's own: it declines offers in order (giving
 * its reasons) and takes the first it can, so the n-th permessage-deflate
 * offer is declined with the n-th reason, or is the one taken.
 */
export function walkServerDeflate(offers: readonly ExtensionOffer[]): ServerDeflateWalk {
  const negotiation = negotiateDeflate(offers);
  let deflateSeen = 0;
  const explained = offers.map((offer, i): OfferExplained => {
    const base = { number: i + 1, text: offerText(offer), parameters: explainParameters(offer.params, OFFER_MEANINGS) };
    if (offer.name.toLowerCase() !== PERMESSAGE_DEFLATE) {
      return { ...base, verdict: 'other-extension', reason: `this server does not know "${offer.name}", so it leaves it out of its answer, as every offer it does not take (RFC 6455 9.1)` };
    }
    const n = deflateSeen++;
    if (n < negotiation.declined.length) return { ...base, verdict: 'declined', reason: negotiation.declined[n] };
    if (n === negotiation.declined.length && negotiation.agreement) {
      return { ...base, verdict: 'accepted', reason: 'the first permessage-deflate offer the server can take: it accepts it, and answers with the parameters that bind both sides (RFC 7692 5, 7.1)' };
    }
    return { ...base, verdict: 'not-considered', reason: 'a server accepts one permessage-deflate offer, the first it can take; this one comes after it (RFC 7692 5)' };
  });
  return {
    offers: explained,
    response: negotiation.response,
    agreement: negotiation.agreement,
    directions: negotiation.agreement ? explainAgreement(negotiation.agreement) : [],
  };
}

/** Each side's messages under the agreement: window size and whether the window carries over (RFC 7692 7.1.1, 7.1.2). */
export function explainAgreement(agreement: DeflateAgreement): DirectionExplained[] {
  const side = (label: string, sender: string, windowBits: number, noContextTakeover: boolean): DirectionExplained => ({
    label,
    windowBits,
    noContextTakeover,
    text: `the ${sender} compresses with a window of ${(2 ** windowBits).toLocaleString('en')} bytes${windowBits === MAX_WINDOW_BITS ? ' (the largest)' : ''}; `
      + (noContextTakeover
        ? 'each message starts with an empty window (no context takeover), so none can refer to an earlier one'
        : 'the window carries over from message to message (context takeover), so a message may refer to the ones before it'),
  });
  return [
    side('server → client', 'server', agreement.serverMaxWindowBits, agreement.serverNoContextTakeover),
    side('client → server', 'client', agreement.clientMaxWindowBits, agreement.clientNoContextTakeover),
  ];
}

export interface ClientDeflateCheck {
  /** The client's permessage-deflate offers, as it sent them. */
  offered: string[];
  /** The server's permessage-deflate answer, as it reads. */
  answer: string;
  parameters: ParameterExplained[];
  /** The engine's verdict: the agreement the client now holds the server to, or why it must fail the connection. */
  reading: OfferReading;
  directions: DirectionExplained[];
}

/**
 * The client's side (RFC 7692 7.1): an answer naming permessage-deflate must
 * be one extension whose parameters follow from the client's offer;
 * otherwise the client must _Fail the WebSocket Connection_. Null when the
 * answer names no permessage-deflate.
 */
export function checkClientDeflate(offered: readonly ExtensionOffer[], answerHeaders: readonly HttpHeader[]): ClientDeflateCheck | null {
  const answers = offersOf(answerHeaders);
  const reading = verifyDeflateResponse(answers, offered);
  if (reading === null) return null;
  const deflateAnswers = answers.filter((a) => a.name.toLowerCase() === PERMESSAGE_DEFLATE);
  return {
    offered: offered.filter((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE).map((o) => offerText(o)),
    answer: deflateAnswers.map(offerText).join(', '),
    parameters: explainParameters(deflateAnswers[0]?.params ?? [], ANSWER_MEANINGS),
    reading,
    directions: reading.ok ? explainAgreement(reading.agreement) : [],
  };
}

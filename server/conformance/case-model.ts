// What a conformance case is, as data: what the client sends (actions), what
// the server must answer (an expectation), and the RFC text it rests on. The
// runner (run-case.ts) plays the actions over a real socket and the judge
// (judge.ts) compares what came back; the cases themselves (cases/*.ts) are
// nothing but these values, numbered as the Autobahn testsuite numbers them.

import type { HttpRequest, HttpResponse } from '../../engine/http-message';
import type { RfcReference } from './report';

/** A frame the client writes, built with the engine's encodeFrame. */
export interface FrameToSend {
  opcode: number;
  /** Unmasked payload; empty when absent. */
  payload?: Uint8Array;
  /** Default true. */
  fin?: boolean;
  /** The Autobahn testsuite's RSV value, 3 bits: 4 is RSV1, 2 is RSV2, 1 is RSV3. */
  rsv?: number;
  /** A chosen masking key; null sends the frame unmasked, which no client may (RFC 6455 5.1). Default: a fresh random key (5.3). */
  maskingKey?: Uint8Array | null;
}

/** Data messages the echo must return; both directions agree on these two. */
export type DataOpcode = 0x1 | 0x2;

export type Action =
  /**
   * Frames written together; with `chopSize`, the bytes go out in pieces of
   * that size, each handed to the kernel before the next (Autobahn's chops);
   * with `frameWise`, each frame is flushed before the next.
   */
  | { type: 'frames'; frames: FrameToSend[]; chopSize?: number; frameWise?: boolean }
  /**
   * A data message, compressed when permessage-deflate was agreed (RFC 7692
   * 7.2.1), split into frames of at most `fragmentSize` payload bytes.
   */
  | { type: 'message'; opcode: DataOpcode; payload: Uint8Array; fragmentSize?: number; chopSize?: number }
  /** One frame whose bytes go out in parts, the payload cut at `payloadCuts`; `between[i]` runs after part i. */
  | { type: 'frame-in-parts'; frame: FrameToSend; payloadCuts: number[]; between: Action[] }
  /**
   * Waits `ms` for the server to fail the connection. If it did not, the
   * checkpoint counts as an observation (Autobahn's "timeout A"), and the
   * actions go on; if it did, the actions stop here.
   */
  | { type: 'checkpoint'; label: string; ms: number }
  | { type: 'pause'; ms: number }
  /**
   * The client's close frame: a code (and reason), an empty body (no code),
   * or a raw `payload` for broken ones. Unless `immediately`, it waits first
   * for what the expectation says the server sends (Autobahn closes once the
   * expected echoes arrived).
   */
  | { type: 'close'; code?: number; reason?: Uint8Array; payload?: Uint8Array; immediately?: boolean; rsv?: number };

/** What the server sends that the judge compares: data messages, pongs, and checkpoints passed. */
export type Observation =
  | { type: 'message'; opcode: DataOpcode; payload: Uint8Array }
  | { type: 'pong'; payload: Uint8Array }
  | { type: 'checkpoint'; label: string };

/** How the connection must end. */
export type Ending =
  /** The client's close frame (the last action) must be answered (5.5.1), then the server closes TCP (7.1.1). */
  | { type: 'answer-close' }
  /**
   * The server must _Fail the WebSocket Connection_ (7.1.7) with one of
   * `codes`; `lenientCodes` are acceptable but less precise; dropping TCP
   * without a close frame is lenient (7.1.7 says SHOULD send one).
   */
  | { type: 'fail'; codes: number[]; lenientCodes?: number[] }
  /** The spec leaves it open (Autobahn's "informational"): failing with `codes` is strict, answering the close is lenient. */
  | { type: 'fail-or-answer'; codes: number[] };

export interface Expectation {
  /** Data messages and pongs the server must send, in order, and the checkpoints the connection must live through. */
  observations: Observation[];
  /** Other sequences that are acceptable but not what the RFC prefers, each with why. */
  lenient?: Array<{ observations: Observation[]; why: string }>;
  ending: Ending;
}

/** The opening handshake a case sends, when it is not the plain valid one, and what must come back. */
export interface HandshakeSpec {
  /** Changes the valid request the engine builds (engine/client-handshake.ts) into the one to send. */
  alter(request: HttpRequest): HttpRequest;
  expect: HandshakeExpectation;
}

export type HandshakeExpectation =
  /** A 101 that passes every check of RFC 6455 4.1, then whatever `check` adds (null when fine). */
  | { type: 'accept'; check?: (response: HttpResponse) => string | null; refusalIsLenient?: string }
  /**
   * A refusal: a status in `statuses` is strict, any other 4xx is lenient
   * unless `otherRefusalsFail`; a 101 fails. `check` judges the refusal's
   * headers: a string fails the case, { lenient } makes it lenient.
   */
  | { type: 'refuse'; statuses: number[]; check?: (response: HttpResponse) => RefusalFinding | null }
  /** Either answer is strict (the RFC leaves the choice to the server). */
  | { type: 'accept-or-refuse'; statuses: number[] };

export type RefusalFinding = { fail: string } | { lenient: string };

/** permessage-deflate offered in the handshake (RFC 7692), for categories 12 and 13. */
export interface CompressionSpec {
  /** The Sec-WebSocket-Extensions value offered. */
  offer: string;
}

/** What a case sends and expects. */
export interface CaseScript {
  actions: Action[];
  expect: Expectation;
}

interface CaseMeta {
  /** Autobahn's numbering: "1.1.1". Its first number is the category. */
  id: string;
  description: string;
  rfc: RfcReference[];
  /** What the server must do, in words. */
  expectation: string;
  /** This case's own bound, from TCP connect to TCP closed. Default 5 s. */
  timeoutMs?: number;
  handshake?: HandshakeSpec;
  compression?: CompressionSpec;
}

/**
 * A case: its script as values, or, for cases with megabytes of payload, as
 * a function that builds it when the case runs (so loading the suite, or
 * running --cases 1.*, costs nothing for category 9).
 */
export type CaseDefinition = CaseMeta & ({ actions: Action[]; expect: Expectation; script?: never } | { script: () => CaseScript; actions?: never; expect?: never });

export function scriptOf(definition: CaseDefinition): CaseScript {
  return definition.script ? definition.script() : { actions: definition.actions, expect: definition.expect };
}

export const DEFAULT_CASE_TIMEOUT_MS = 5_000;

export function categoryOf(id: string): string {
  return id.split('.')[0];
}

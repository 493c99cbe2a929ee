// Small constructors the case files share, so each case reads as what it
// sends and what must come back.

import { CloseCode } from '../../../engine/close';
import { Opcode } from '../../../engine/opcode';
import type { Action, CaseDefinition, DataOpcode, Expectation, FrameToSend, Observation } from '../case-model';

export { CloseCode, Opcode };

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from((hex.replace(/\s+/g, '').match(/../g) ?? []).map((pair) => parseInt(pair, 16)));
}

/** Large payloads already built and still alive: runs at the same time (the tests run several) share them. */
const built = new Map<string, WeakRef<Uint8Array>>();
const SHARED_FROM = 64 * 1024;

/**
 * `length` bytes of `pattern`, repeated (Autobahn's payload_len over a short
 * payload). Nothing writes into a payload (frames are built from copies), so
 * a large one is shared while anything still holds it.
 */
export function repeated(pattern: Uint8Array | string, length: number): Uint8Array {
  const unit = typeof pattern === 'string' ? utf8(pattern) : pattern;
  const key = length >= SHARED_FROM ? `${hex(unit)}:${length}` : null;
  const shared = key ? built.get(key)?.deref() : undefined;
  if (shared) return shared;
  const out = fill(unit, length);
  if (key) built.set(key, new WeakRef(out));
  return out;
}

function fill(unit: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(unit.subarray(0, Math.min(unit.length, length)));
  // Doubling what is filled: 16 MiB in two dozen copies, not millions.
  for (let filled = Math.min(unit.length, length); filled < length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, length - filled));
  return out;
}

export function frame(opcode: number, payload: Uint8Array | string = new Uint8Array(0), options: Omit<FrameToSend, 'opcode' | 'payload'> = {}): FrameToSend {
  return { opcode, payload: typeof payload === 'string' ? utf8(payload) : payload, ...options };
}

export function frames(...list: FrameToSend[]): Action {
  return { type: 'frames', frames: list };
}

export function message(opcode: DataOpcode, payload: Uint8Array | string): Observation {
  return { type: 'message', opcode, payload: typeof payload === 'string' ? utf8(payload) : payload };
}

export function pong(payload: Uint8Array | string = new Uint8Array(0)): Observation {
  return { type: 'pong', payload: typeof payload === 'string' ? utf8(payload) : payload };
}

export function checkpoint(label: string): Observation {
  return { type: 'checkpoint', label };
}

/** The client ends the case with a normal close, once what it expects arrived. */
export const CLOSE_NORMALLY: Action = { type: 'close', code: CloseCode.Normal };

/** The server must send `observations`, then answer the client's close. */
export function answers(...observations: Observation[]): Expectation {
  return { observations, ending: { type: 'answer-close' } };
}

/** The server must fail the connection with `code`, after sending `observations`. */
export function failsWith(code: number, observations: Observation[] = [], lenientCodes?: number[]): Expectation {
  return { observations, ending: { type: 'fail', codes: [code], ...(lenientCodes ? { lenientCodes } : {}) } };
}

/** 1007 is the precise code for bad UTF-8; 1002, the generic protocol error, is acceptable but less precise. */
export function failsWithInvalidPayload(observations: Observation[] = []): Expectation {
  return failsWith(CloseCode.InvalidPayload, observations, [CloseCode.ProtocolError]);
}

export function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Cases are values; this only checks at load time that no id is used twice. */
export function defineCases(cases: CaseDefinition[]): CaseDefinition[] {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`conformance case ${c.id} is defined twice`);
    seen.add(c.id);
  }
  return cases;
}

// What the Simulation view draws, read from the engine's Simulation in one
// go: the two wires (what is queued, what already arrived), and for each
// side its state, what it waits for, the unit it is reading taken apart as
// far as it arrived, the bytes it owes the other side and its log.
//
// The engine's units change in place as bytes are delivered; a snapshot
// copies the counts, so React sees a new value after every step.

import { concatBytes } from '../../../../engine/concat-bytes';
import type { ConnectionState } from '../../../../engine/connection';
import { decodeFrames } from '../../../../engine/frame';
import type { DecodedFrame } from '../../../../engine/frame-model';
import type { Side, SideView, SimulationLogEntry, SimulationOp, WireDirection, WireUnit } from '../../../../engine/simulation';
import type { RunnerState } from './simulation-runner';

export interface UnitSnapshot {
  id: number;
  from: Side;
  kind: WireUnit['kind'];
  label: string;
  bytes: Uint8Array;
  /** Bytes of it already delivered. */
  delivered: number;
}

export interface LaneSnapshot {
  direction: WireDirection;
  from: Side;
  to: Side;
  /** Still on the wire, the next to arrive first. */
  queued: UnitSnapshot[];
  /** Delivered whole, oldest first. */
  arrived: UnitSnapshot[];
}

/** The unit a side is reading (or read last), as far as it arrived. */
export type Reading =
  /** The HTTP head of the handshake (RFC 6455 4.1, 4.2.2): its text so far. */
  | { kind: 'head'; unit: UnitSnapshot; bytesIn: number; whole: boolean; text: string }
  /**
   * Frame bytes. `stream` is every frame byte this side has read, so that a
   * continuation is judged within its message (5.4); `frames` are the
   * frames (whole, or the one cut short) that overlap this unit, with
   * offsets into `stream`; the unit starts at `unitStart`.
   */
  | { kind: 'frames'; unit: UnitSnapshot; bytesIn: number; whole: boolean; stream: Uint8Array; unitStart: number; frames: DecodedFrame[] }
  /** TCP's FIN: no bytes, the end of the stream. */
  | { kind: 'fin'; unit: UnitSnapshot };

export interface SideSnapshot {
  side: Side;
  state: ConnectionState;
  closedBy: SideView['closedBy'];
  closeCode: number | null;
  waitingFor: string;
  autoPong: boolean;
  reading: Reading | null;
  /** This side's units still on the wire: what it wrote that the other side has not read yet. */
  owes: UnitSnapshot[];
  log: SimulationLogEntry[];
}

export interface SimulationSnapshot {
  /** Virtual milliseconds since the start. */
  now: number;
  quiet: boolean;
  lanes: Record<WireDirection, LaneSnapshot>;
  sides: Record<Side, SideSnapshot>;
  /** The wire "play" and "next byte" deliver from: the one whose next unit was written first. */
  next: WireDirection | null;
  /** The engine's refusal of the last step (sending after close…), shown as its message. */
  refusal: { side: Side | null; message: string } | null;
}

/** Frame bytes read before a unit that are decoded with it, so a continuation is judged within its message. */
const MAX_CONTEXT_BYTES = 256 * 1024;

export const DIRECTION_OF: Record<Side, WireDirection> = { client: 'to-server', server: 'to-client' };
export const INCOMING_OF: Record<Side, WireDirection> = { client: 'to-client', server: 'to-server' };

export function takeSnapshot(state: RunnerState, ops: readonly SimulationOp[], options: { maxMessageSize?: number } = {}): SimulationSnapshot {
  const { simulation } = state;
  const lanes = { 'to-server': lane(state, 'to-server'), 'to-client': lane(state, 'to-client') };
  const side = (which: Side): SideSnapshot => {
    const view = simulation.view(which);
    return {
      side: which,
      state: view.state,
      closedBy: view.closedBy,
      closeCode: view.closeCode,
      waitingFor: view.waitingFor,
      autoPong: view.autoPong,
      reading: readingOf(view, lanes[INCOMING_OF[which]], options.maxMessageSize),
      owes: lanes[DIRECTION_OF[which]].queued,
      log: simulation.log.filter((entry) => entry.side === which),
    };
  };
  const lastOp = ops[ops.length - 1];
  const lastRefusal = state.refusals[state.refusals.length - 1] ?? null;
  return {
    now: simulation.now,
    quiet: simulation.quiet,
    lanes,
    sides: { client: side('client'), server: side('server') },
    next: nextDirection(lanes),
    refusal: lastRefusal === null ? null : { side: lastOp?.op === 'act' ? lastOp.side : null, message: lastRefusal },
  };
}

function copyUnit(unit: WireUnit): UnitSnapshot {
  return { id: unit.id, from: unit.from, kind: unit.kind, label: unit.label, bytes: unit.bytes, delivered: unit.delivered };
}

function lane(state: RunnerState, direction: WireDirection): LaneSnapshot {
  const from: Side = direction === 'to-server' ? 'client' : 'server';
  const queued = state.simulation.wire(direction).map(copyUnit);
  const waiting = new Set(queued.map((unit) => unit.id));
  const arrived = [...state.units.values()].filter((unit) => unit.from === from && !waiting.has(unit.id)).map(copyUnit);
  return { direction, from, to: from === 'client' ? 'server' : 'client', queued, arrived };
}

/** The wire whose next unit was written first: delivering in that order replays what happened in the order it happened. */
export function nextDirection(lanes: Record<WireDirection, LaneSnapshot>): WireDirection | null {
  const toServer = lanes['to-server'].queued[0];
  const toClient = lanes['to-client'].queued[0];
  if (!toServer) return toClient ? 'to-client' : null;
  if (!toClient) return 'to-server';
  return toServer.id < toClient.id ? 'to-server' : 'to-client';
}

function readingOf(view: SideView, incoming: LaneSnapshot, maxMessageSize: number | undefined): Reading | null {
  // Mid-unit, the engine says which and how far; between units, the last one that arrived stays in view.
  const partial = view.reading ? incoming.queued.find((unit) => unit.id === view.reading!.unit.id) : undefined;
  const unit = partial ?? incoming.arrived[incoming.arrived.length - 1];
  if (!unit) return null;
  const bytesIn = partial ? view.reading!.bytesIn : unit.bytes.length;
  const whole = !partial;
  if (unit.kind === 'fin') return { kind: 'fin', unit };
  if (unit.kind === 'request' || unit.kind === 'response') {
    return { kind: 'head', unit, bytesIn, whole, text: latin1(unit.bytes.subarray(0, bytesIn)) };
  }
  let before = incoming.arrived.filter((u) => u.id < unit.id && u.kind !== 'request' && u.kind !== 'response' && u.kind !== 'fin');
  // A long conversation is not decoded again at every byte: past this much, the unit is read on its own.
  if (before.reduce((sum, u) => sum + u.bytes.length, 0) > MAX_CONTEXT_BYTES) before = [];
  const unitStart = before.reduce((sum, u) => sum + u.bytes.length, 0);
  const stream = concatBytes([...before.map((u) => u.bytes), unit.bytes.subarray(0, bytesIn)]);
  const decoded = decodeFrames(stream, { from: incoming.from, ...(maxMessageSize === undefined ? {} : { maxMessageSize }) });
  const unitEnd = unitStart + bytesIn;
  const overlaps = (frame: DecodedFrame) => frame.offset < unitEnd && frame.offset + frame.length > unitStart;
  const frames: DecodedFrame[] = decoded.frames.filter(overlaps);
  if (decoded.remainder && overlaps(decoded.remainder.frame)) frames.push(decoded.remainder.frame);
  return { kind: 'frames', unit, bytesIn, whole, stream, unitStart, frames };
}

/** HTTP heads are bytes; latin1 shows each as one character, as a capture tool does. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

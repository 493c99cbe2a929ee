// Two endpoints back to back: a client Connection and a server Connection,
// wired through a visible wire, stepped byte by byte by a person. No socket,
// no timer: the wire is two queues of units (the upgrade request, the 101,
// frames, bytes put there on purpose, TCP's FIN), and time is a virtual
// clock that moves only when asked, so the same steps always give the same
// bytes and the same events.
//
// Each side reads its stream as a real endpoint does: first the HTTP head
// (RFC 6455 4.1 for the server's request, 4.2.2 for the client's 101), then
// frames through the engine's Connection. What the engine writes goes on the
// wire as it would go on a socket, labelled with why it was written (an
// automatic pong, the echoed close, the close that fails the connection).
// The server side also plays the part of its adapter for keepalive: a ping
// every pingPeriod, and TCP dropped when no pong came within pongWait, as
// gorilla's examples do with their read deadline.

import { buildClientHandshake, verifyServerResponse, type ClientHandshake } from './client-handshake';
import { closeCodeInfo } from './close';
import { Connection, type ConnectionEvent, type ConnectionState, type FrameTrace } from './connection';
import { encodeFrame } from './frame';
import type { FrameSpec } from './frame-model';
import { evaluateUpgrade } from './handshake';
import { parseHex } from './hex';
import { parseRequestHead, parseResponseHead } from './http-message';
import { opcodeInfo, Opcode } from './opcode';

export type Side = 'client' | 'server';
/** The wire that carries what `from` writes. */
export type WireDirection = 'to-server' | 'to-client';

/** One thing on the wire: what an endpoint wrote in one go, delivered in order, byte by byte if asked. */
export interface WireUnit {
  readonly id: number;
  readonly from: Side;
  readonly kind: 'request' | 'response' | 'frame' | 'raw' | 'fin';
  /** What it is and why it was written, in words. */
  readonly label: string;
  readonly bytes: Uint8Array;
  /** Bytes already delivered to the other side. */
  delivered: number;
}

export type SimulationLogEntry =
  | { at: number; side: Side; kind: 'event'; event: Exclude<ConnectionEvent, { type: 'trace' }> }
  | { at: number; side: Side; kind: 'note'; text: string };

/** What one side shows: its state, what it waits for, what it has read of the unit arriving. */
export interface SideView {
  side: Side;
  /** CONNECTING until the head is through, then the Connection's state. */
  state: ConnectionState;
  closedBy: 'local' | 'remote' | null;
  /** What the side's reader waits for, in words. */
  waitingFor: string;
  /** The unit being read and how many of its bytes this side has (to highlight the next one). */
  reading: { unit: WireUnit; bytesIn: number } | null;
  /**
   * The close code it ended with, once CLOSED: the code it failed the
   * connection with (7.1.7), else the code of the first close frame it
   * received, or 1006 when TCP went without one (7.1.5).
   */
  closeCode: number | null;
  autoPong: boolean;
}

export type SideAction =
  | { type: 'text'; text: string; fragments?: number }
  | { type: 'binary'; hex: string; fragments?: number }
  | { type: 'ping'; payload?: string }
  | { type: 'pong'; payload?: string }
  | { type: 'close'; code?: number; reason?: string }
  /** Bytes put on the wire as they are (a frame from the builder, broken on purpose). */
  | { type: 'raw'; hex: string; label?: string }
  /** A frame built here, masked as the side must (a client with a fresh key); for fragments between controls. */
  | { type: 'frame'; spec: Omit<FrameSpec, 'maskingKey'>; label?: string };

export type SimulationOp =
  | { op: 'deliver'; direction: WireDirection; amount: 'byte' | 'unit' }
  | { op: 'deliver-all' }
  | { op: 'advance'; ms: number }
  | { op: 'act'; side: Side; action: SideAction };

export interface KeepaliveSettings {
  pingPeriodMs: number;
  pongWaitMs: number;
}

export interface SimulationOptions {
  /** Seeds the client's handshake nonce and masking keys: the same seed, the same bytes. */
  seed?: number;
  maxMessageSize?: number;
  autoPong?: { client?: boolean; server?: boolean };
  /** The server pings and drops a silent client (off when absent). */
  keepalive?: KeepaliveSettings | null;
  /** Actions each side takes the moment it is open (the server after writing its 101, the client after reading it). */
  onOpen?: { client?: SideAction[]; server?: SideAction[] };
  url?: string;
}

const EMPTY = new Uint8Array(0);

/** A small deterministic source of bytes (xorshift32): the simulation's "random" masking keys and nonce. */
export function seededRandomBytes(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 0x9e3779b9;
  return (length) => {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      bytes[i] = state & 0xff;
    }
    return bytes;
  };
}

/** The HTTP head still arriving on one side, then the side's Connection. */
class SideEndpoint {
  readonly connection: Connection;
  /** Bytes of the head so far (until it is complete). */
  head: Uint8Array = EMPTY;
  headDone = false;
  finSent = false;
  eofReceived = false;
  reading: { unit: WireUnit; bytesIn: number } | null = null;
  readonly pendingActions: SideAction[];

  constructor(
    readonly side: Side,
    connection: Connection,
    readonly autoPong: boolean,
    pendingActions: SideAction[],
  ) {
    this.connection = connection;
    this.pendingActions = [...pendingActions];
  }
}

export class Simulation {
  private clock = 0;
  private nextUnitId = 1;
  private readonly wires: Record<WireDirection, WireUnit[]> = { 'to-server': [], 'to-client': [] };
  private readonly entries: SimulationLogEntry[] = [];
  private readonly ops: SimulationOp[] = [];
  private readonly sides: Record<Side, SideEndpoint>;
  private readonly handshake: ClientHandshake;
  private readonly randomBytes: (length: number) => Uint8Array;
  private readonly keepalive: KeepaliveSettings | null;
  private nextPingAt = Infinity;
  private pongDeadline = Infinity;

  constructor(readonly options: SimulationOptions = {}) {
    this.randomBytes = seededRandomBytes(options.seed ?? 6455);
    this.keepalive = options.keepalive ?? null;
    if (this.keepalive && !(this.keepalive.pingPeriodMs < this.keepalive.pongWaitMs)) throw new RangeError('keepalive: pingPeriodMs must be less than pongWaitMs');
    const make = (side: Side) =>
      new SideEndpoint(
        side,
        new Connection({
          role: side,
          randomBytes: side === 'client' ? this.randomBytes : undefined,
          now: () => this.clock,
          maxMessageSize: options.maxMessageSize,
          autoPong: options.autoPong?.[side] ?? true,
          trace: true,
        }),
        options.autoPong?.[side] ?? true,
        options.onOpen?.[side] ?? [],
      );
    this.sides = { client: make('client'), server: make('server') };
    this.handshake = buildClientHandshake({ url: options.url ?? 'ws://explorer.test/echo', randomBytes: this.randomBytes });
    this.enqueue('client', 'request', `the upgrade request (GET ${this.handshake.path}, Sec-WebSocket-Key ${this.handshake.key})`, this.handshake.requestBytes);
  }

  /** Virtual milliseconds since the simulation began. */
  get now(): number {
    return this.clock;
  }

  /** Every event and note, in the order they happened. */
  get log(): readonly SimulationLogEntry[] {
    return this.entries;
  }

  /** What has been done, in order: replaying it on a fresh simulation with the same options gives the same state. */
  get history(): readonly SimulationOp[] {
    return this.ops;
  }

  /** The units still on one wire, oldest (the next to arrive) first. */
  wire(direction: WireDirection): readonly WireUnit[] {
    return this.wires[direction];
  }

  /** True when nothing is left on either wire. */
  get quiet(): boolean {
    return this.wires['to-server'].length === 0 && this.wires['to-client'].length === 0;
  }

  view(side: Side): SideView {
    const endpoint = this.sides[side];
    const { connection } = endpoint;
    const tcpGone = endpoint.eofReceived || endpoint.finSent;
    const state = connection.state === 'CONNECTING' && tcpGone ? 'CLOSED' : connection.state;
    return {
      side,
      state,
      closedBy: connection.closedBy,
      waitingFor: this.describeReader(endpoint, state),
      reading: endpoint.reading,
      closeCode: this.closeCodeOf(side),
      autoPong: endpoint.autoPong,
    };
  }

  /** Does one step and records it; a caller mistake (sending on a closed side) comes back as an error message. */
  apply(op: SimulationOp): string | null {
    this.ops.push(op);
    try {
      switch (op.op) {
        case 'deliver':
          this.deliver(op.direction, op.amount === 'byte' ? 1 : Infinity);
          break;
        case 'deliver-all':
          this.deliverAll();
          break;
        case 'advance':
          this.advance(op.ms);
          break;
        case 'act':
          this.act(op.side, op.action);
          break;
      }
      return null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.note(op.op === 'act' ? op.side : 'client', `refused: ${message}`);
      return message;
    }
  }

  // Delivery

  private deliverAll(): void {
    // Round after round, each direction in turn, until both wires are empty:
    // answers (a pong, the echoed close, the 101) go on the wire as we go.
    for (let guard = 0; !this.quiet && guard < 10_000; guard++) {
      this.deliver('to-server', Infinity);
      this.deliver('to-client', Infinity);
    }
  }

  /** Delivers up to `limit` bytes of the next unit on one wire (Infinity: the rest of it). */
  private deliver(direction: WireDirection, limit: number): void {
    const unit = this.wires[direction][0];
    if (!unit) return;
    const receiver = this.sides[direction === 'to-server' ? 'server' : 'client'];
    if (unit.kind === 'fin') {
      this.wires[direction].shift();
      receiver.reading = null;
      this.receiveEof(receiver);
      return;
    }
    const end = Math.min(unit.bytes.length, unit.delivered + limit);
    const chunk = unit.bytes.subarray(unit.delivered, end);
    unit.delivered = end;
    receiver.reading = unit.delivered < unit.bytes.length ? { unit, bytesIn: unit.delivered } : null;
    if (unit.delivered === unit.bytes.length) this.wires[direction].shift();
    this.receive(receiver, chunk);
  }

  private receive(endpoint: SideEndpoint, bytes: Uint8Array): void {
    if (endpoint.eofReceived || endpoint.finSent) return; // TCP is gone on this side: nothing is read
    if (!endpoint.headDone) {
      const head = new Uint8Array(endpoint.head.length + bytes.length);
      head.set(endpoint.head);
      head.set(bytes, endpoint.head.length);
      endpoint.head = head;
      const rest = endpoint.side === 'server' ? this.readRequestHead(endpoint) : this.readResponseHead(endpoint);
      if (rest === null || rest.length === 0) return;
      bytes = rest;
    }
    const state = endpoint.connection.state;
    if (state === 'CONNECTING') return;
    endpoint.connection.receive(bytes);
    this.collect(endpoint, 'answer');
  }

  /** The server's side of RFC 6455 4.2: the head, the checks, the 101 (or the refusal). Returns bytes read past the head. */
  private readRequestHead(server: SideEndpoint): Uint8Array | null {
    const parsed = parseRequestHead(server.head);
    if (parsed.state === 'incomplete') return null;
    server.headDone = true;
    if (parsed.state === 'error') {
      this.note('server', `the request head is malformed: ${parsed.message}; answering ${parsed.status}`);
      this.refuse(server);
      return null;
    }
    const rest = server.head.subarray(parsed.headLength);
    const verdict = evaluateUpgrade(parsed.message, { checkOrigin: () => true });
    this.enqueue('server', 'response', verdict.accepted ? '101 Switching Protocols, with Sec-WebSocket-Accept' : `${verdict.status}: the upgrade refused`, verdict.responseBytes);
    if (!verdict.accepted) {
      this.note('server', `refuses the upgrade: ${verdict.reason}`);
      this.refuse(server);
      return null;
    }
    this.note('server', `every check passed; wrote the 101 with Sec-WebSocket-Accept ${verdict.derivation.accept}`);
    server.connection.open();
    this.startKeepalive();
    this.runPendingActions(server);
    return rest;
  }

  /** The client's side of RFC 6455 4.1: the response checked against its own key. */
  private readResponseHead(client: SideEndpoint): Uint8Array | null {
    const parsed = parseResponseHead(client.head);
    if (parsed.state === 'incomplete') return null;
    client.headDone = true;
    if (parsed.state === 'error') {
      this.note('client', `the response head is malformed: ${parsed.message}; failing the connection`);
      this.refuse(client);
      return null;
    }
    const verification = verifyServerResponse(this.handshake, parsed.message);
    if (!verification.ok) {
      this.note('client', `fails the connection: ${verification.reason}`);
      this.refuse(client);
      return null;
    }
    this.note('client', `the 101 checks out: Sec-WebSocket-Accept is ${this.handshake.expectedAccept}, as computed from its own key`);
    client.connection.open();
    this.runPendingActions(client);
    return client.head.subarray(parsed.headLength);
  }

  /** A refused or failed handshake: this side closes TCP without a WebSocket connection. */
  private refuse(endpoint: SideEndpoint): void {
    this.sendFin(endpoint, 'TCP FIN: the handshake failed, so the connection ends');
  }

  private receiveEof(endpoint: SideEndpoint): void {
    if (endpoint.eofReceived) return;
    endpoint.eofReceived = true;
    this.note(endpoint.side, 'TCP: the other side closed the connection');
    if (endpoint.headDone && endpoint.connection.state !== 'CONNECTING') {
      endpoint.connection.receiveEof();
      this.collect(endpoint, 'answer');
    }
    // 7.1.1: once the peer's FIN is in, this side closes its end too.
    if (!endpoint.finSent) this.sendFin(endpoint, 'TCP FIN: closing this end in turn');
  }

  // Time

  private startKeepalive(): void {
    if (!this.keepalive) return;
    this.nextPingAt = this.clock + this.keepalive.pingPeriodMs;
    this.pongDeadline = this.clock + this.keepalive.pongWaitMs;
  }

  /** Moves the virtual clock on, firing the server's keepalive pings and its pong deadline in order. */
  private advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`time moves forward only, not by ${ms} ms`);
    const until = this.clock + ms;
    for (;;) {
      const next = Math.min(this.nextPingAt, this.pongDeadline);
      if (next > until) break;
      this.clock = next;
      if (next === this.pongDeadline) this.pongDeadlinePassed();
      else this.sendKeepalivePing();
    }
    this.clock = until;
  }

  private sendKeepalivePing(): void {
    const server = this.sides.server;
    this.nextPingAt = this.clock + this.keepalive!.pingPeriodMs;
    if (server.connection.state !== 'OPEN') return;
    server.connection.ping();
    this.collect(server, 'keepalive');
  }

  /** gorilla's read deadline: no pong within pongWait, and the server drops TCP (the peer then sees 1006). */
  private pongDeadlinePassed(): void {
    this.nextPingAt = Infinity;
    this.pongDeadline = Infinity;
    const server = this.sides.server;
    if (server.finSent || server.connection.state === 'CLOSED') return;
    this.note('server', `no pong within ${this.keepalive!.pongWaitMs} ms: dropping the connection`);
    server.connection.receiveEof();
    this.collect(server, 'answer');
    this.sendFin(server, 'TCP FIN: the server gave up waiting for a pong');
  }

  // Actions

  private runPendingActions(endpoint: SideEndpoint): void {
    for (const action of endpoint.pendingActions.splice(0)) this.act(endpoint.side, action);
  }

  private act(side: Side, action: SideAction): void {
    const endpoint = this.sides[side];
    const { connection } = endpoint;
    switch (action.type) {
      case 'text': {
        const bytes = new TextEncoder().encode(action.text);
        connection.sendText(action.text, fragmentOptions(bytes.length, action.fragments));
        break;
      }
      case 'binary': {
        const bytes = hexOrThrow(action.hex);
        connection.sendBinary(bytes, fragmentOptions(bytes.length, action.fragments));
        break;
      }
      case 'ping':
        connection.ping(new TextEncoder().encode(action.payload ?? ''));
        break;
      case 'pong':
        connection.pong(new TextEncoder().encode(action.payload ?? ''));
        break;
      case 'close':
        connection.close(action.code, action.reason ?? '');
        break;
      case 'raw':
        this.enqueue(side, 'raw', action.label ?? 'bytes put on the wire by hand', hexOrThrow(action.hex));
        return;
      case 'frame': {
        const maskingKey = side === 'client' ? this.randomBytes(4) : null;
        const bytes = encodeFrame({ ...action.spec, maskingKey }, { allowInvalid: true });
        this.enqueue(side, 'raw', action.label ?? `${opcodeInfo(action.spec.opcode).name} frame, FIN ${action.spec.fin === false ? 0 : 1}`, bytes);
        return;
      }
    }
    this.collect(endpoint, 'action');
  }

  /**
   * Takes what a side's Connection produced: its events into the log, its
   * bytes onto the wire with why it wrote them, and TCP's FIN when the
   * engine says the transport should close.
   */
  private collect(endpoint: SideEndpoint, cause: 'action' | 'answer' | 'keepalive'): void {
    const events = endpoint.connection.takeEvents();
    const outgoing = endpoint.connection.takeOutgoing();
    const sent = events.flatMap((e) => (e.type === 'trace' && e.trace.direction === 'out' ? [e.trace] : []));
    let sawCloseReceived = false;
    let sawFailure = false;
    for (const event of events) {
      if (event.type === 'trace') continue;
      this.entries.push({ at: this.clock, side: endpoint.side, kind: 'event', event });
      if (event.type === 'close-received') sawCloseReceived = true;
      if (event.type === 'protocol-error') sawFailure = true;
      if (event.type === 'pong' && endpoint.side === 'server' && this.keepalive) this.pongDeadline = this.clock + this.keepalive.pongWaitMs;
    }
    outgoing.forEach((bytes, i) => {
      const label = sent[i] ? labelFor(sent[i], cause, sawCloseReceived, sawFailure) : 'bytes';
      this.enqueue(endpoint.side, 'frame', label, bytes);
    });
    if (endpoint.connection.transportShouldClose && !endpoint.finSent) this.sendFin(endpoint, 'TCP FIN: the connection is over on this side');
  }

  private sendFin(endpoint: SideEndpoint, label: string): void {
    if (endpoint.finSent) return;
    endpoint.finSent = true;
    this.enqueue(endpoint.side, 'fin', label, EMPTY);
  }

  private enqueue(from: Side, kind: WireUnit['kind'], label: string, bytes: Uint8Array): void {
    this.wires[from === 'client' ? 'to-server' : 'to-client'].push({ id: this.nextUnitId++, from, kind, label, bytes, delivered: 0 });
  }

  private note(side: Side, text: string): void {
    this.entries.push({ at: this.clock, side, kind: 'note', text });
  }

  private describeReader(endpoint: SideEndpoint, state: ConnectionState): string {
    if (endpoint.eofReceived || (endpoint.finSent && !endpoint.headDone)) return 'nothing: the TCP connection is closed';
    if (!endpoint.headDone) {
      const what = endpoint.side === 'server' ? 'the HTTP upgrade request' : "the server's HTTP response";
      return endpoint.head.length === 0
        ? `waiting for ${what}`
        : `reading ${what}: ${endpoint.head.length} bytes so far, waiting for the empty line (CR LF CR LF) that ends the head`;
    }
    if (state === 'CLOSED') return 'nothing: the WebSocket connection is closed';
    return endpoint.connection.parserState.description;
  }

  private closeCodeOf(side: Side): number | null {
    const failure = this.sides[side].connection.protocolError;
    if (failure) return failure.closeCode;
    const closed = [...this.entries].reverse().find((e) => e.side === side && e.kind === 'event' && e.event.type === 'closed');
    return closed && closed.kind === 'event' && closed.event.type === 'closed' ? closed.event.code : null;
  }
}

/** Builds a simulation and replays `ops` on it: what a shared link holds. */
export function replaySimulation(options: SimulationOptions, ops: readonly SimulationOp[]): Simulation {
  const simulation = new Simulation(options);
  for (const op of ops) simulation.apply(op);
  return simulation;
}

/** "Split into N frames" as the Connection's fragment size. */
function fragmentOptions(length: number, fragments: number | undefined): { fragmentSize?: number } {
  if (fragments === undefined || fragments <= 1) return {};
  if (!Number.isInteger(fragments)) throw new RangeError(`fragments must be a whole number, not ${fragments}`);
  return { fragmentSize: Math.max(1, Math.ceil(length / fragments)) };
}

function hexOrThrow(hex: string): Uint8Array {
  const parsed = parseHex(hex);
  if (!parsed.ok) throw new RangeError(`not hex: ${parsed.error.message}`);
  return parsed.bytes;
}

/** Why a side wrote a frame, in words. */
function labelFor(trace: FrameTrace, cause: 'action' | 'answer' | 'keepalive', closeReceived: boolean, failing: boolean): string {
  const { opcode, fin } = trace;
  const name = opcodeInfo(opcode).name;
  if (opcode === Opcode.Pong && cause === 'answer') return 'pong: the automatic answer to a ping (5.5.2)';
  if (opcode === Opcode.Ping && cause === 'keepalive') return 'ping: keepalive, every pingPeriod';
  if (opcode === Opcode.Close) {
    const decoded = trace.decode();
    const code = decoded.truncated ? null : (decoded.close?.code ?? null);
    const named = code === null ? 'no code' : `${code} ${closeCodeInfo(code).name}`;
    if (failing) return `close ${named}: failing the connection (7.1.7)`;
    if (closeReceived) return `close ${named}: echoing the peer's close (5.5.1)`;
    return `close ${named}: starting the closing handshake`;
  }
  return `${name} frame${fin ? '' : ', FIN 0 (more fragments follow)'}`;
}

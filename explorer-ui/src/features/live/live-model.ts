// The tap's messages (engine/tap-messages.ts) turned into what the Live view
// shows: sessions, each with how it ended, and each session's timeline of
// handshake, frames and markers. Pure: no socket, no timer, no DOM; the
// feed (live-feed.ts) hands it messages and runs its work in slices.
//
// Memory is bounded whatever the server sends: at most `maxEntries` timeline
// entries over all sessions and `maxBytes` of their bytes, the oldest
// dropped first wherever they are, and at most `maxSessions` sessions, the
// oldest finished ones dropped first. What was dropped is counted, so the
// view can say so.
//
// A replay after a reconnect repeats what the page already has: chunks are
// numbered per session (seq), so one already seen is skipped, and a jump in
// seq is counted as chunks the page never got.

import { concatBytes } from '../../../../engine/concat-bytes';
import { readClosePayload } from '../../../../engine/close';
import type { Direction } from '../../../../engine/frame-model';
import { Opcode } from '../../../../engine/opcode';
import type { TapChunk, TapClose } from '../../../../engine/tap-messages';
import type { DeflateAgreement } from '../../../../engine/deflate-negotiation';
import { DirectionStream, type StreamEvent } from './direction-stream';
import { EntryLog } from './entry-log';
import { summarizeFrame } from './frame-summary';
import { deflateAgreementOf, DirectionInflation, type FrameInflation } from './message-inflation';
import { nonceOfTarget } from './live-nonce';
import type { CloseFrameSeen, LiveSessionState } from './session-ending';
import { tapHexToBytes } from './tap-hex';
import { WireSlabs } from './wire-slabs';
import type { ReadSessionSummary, ReadTapChunk, ReadTapMessage, UnknownTapMessage } from './tap-message-reader';
import { entryBytes, type TimelineEntry } from './timeline-entry';

export interface LiveLimits {
  /** Timeline entries kept over all sessions. */
  maxEntries: number;
  /** Bytes those entries may hold (frames' wire bytes, handshakes). */
  maxBytes: number;
  /** Sessions kept. */
  maxSessions: number;
}

export const DEFAULT_LIMITS: LiveLimits = {
  maxEntries: 100_000,
  maxBytes: 64 * 1024 * 1024,
  maxSessions: 200,
};

/** Notes about messages that name no session: the newest few. */
const MAX_NOTICES = 20;
/** Characters of an unknown message shown in its note. */
const NOTE_CHARS = 2000;

export interface LiveSession {
  readonly id: string;
  target: string;
  remote: string;
  openedAt: number;
  state: LiveSessionState;
  subprotocol: string | null;
  /** Fields a newer tap sent that this page does not know, and unknown messages about the session, by name. */
  extra: Record<string, unknown>;
  /** The nonce its target carries (live-nonce.ts), if any. */
  readonly nonce: string | null;
  close: TapClose | null;
  /** The first close frame of each side, in the order seen. */
  closeFrames: CloseFrameSeen[];
  /** Frames seen, dropped ones included. */
  frameCount: number;
  /** Timeline entries dropped to stay within the limits. */
  droppedEntries: number;
  /** Chunks the tap numbered that never reached this page (not kept, or not replayed). */
  missingChunks: number;
  /** permessage-deflate as the 101 agreed it (RFC 7692 7.1), or null. */
  deflate: DeflateAgreement | null;
  /** The upgrade request and the answer, whole, kept even when their entries are dropped. */
  request: Uint8Array | null;
  response: Uint8Array | null;
  readonly log: EntryLog<TimelineEntry>;
  /** Bumped whenever anything about the session changes. */
  version: number;
}

interface SessionInternals {
  session: LiveSession;
  nextSeq: number | null;
  streams: Record<Direction, DirectionStream>;
  /** Entry numbers of the handshake entries, to grow them when more bytes come. */
  handshakeEntry: Record<Direction, number | null>;
  /** What the 101 agreed about permessage-deflate (RFC 7692 7.1), and each direction's inflation; null without it. */
  deflate: DeflateAgreement | null;
  inflation: Record<Direction, DirectionInflation> | null;
}

/** Work a message left to do: run() it until it returns true. */
export interface ModelWork {
  run(): boolean;
}

export interface LiveStats {
  /** Entries dropped over all sessions, sessions gone included. */
  droppedEntries: number;
  droppedSessions: number;
  /** Chunks the tap's replays left out (replay-done's omittedChunks, summed). */
  omittedChunks: number;
  /** The tap's ring per session, from hello. */
  ringBytesPerSession: number | null;
  /** Protocol version from hello, when it is not the one this page reads. */
  unexpectedProtocol: unknown;
  /** Between hello and replay-done. */
  replaying: boolean;
}

export class LiveModel {
  readonly limits: LiveLimits;
  private readonly byId = new Map<string, SessionInternals>();
  /** Which session each kept entry belongs to, oldest first: the order entries are dropped in. */
  private readonly dropOrder = new EntryLog<SessionInternals>();
  private totalEntries = 0;
  private totalBytes = 0;
  private replaySeen: Set<string> | null = null;
  private readonly wires = new WireSlabs();
  readonly notices: string[] = [];
  readonly stats: LiveStats = { droppedEntries: 0, droppedSessions: 0, omittedChunks: 0, ringBytesPerSession: null, unexpectedProtocol: null, replaying: false };
  /** Bumped on every change. */
  version = 0;

  constructor(limits: Partial<LiveLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Sessions in the order they opened. */
  sessions(): LiveSession[] {
    return [...this.byId.values()].map((s) => s.session);
  }

  session(id: string): LiveSession | null {
    return this.byId.get(id)?.session ?? null;
  }

  /** The newest session whose target carries `nonce`. */
  findByNonce(nonce: string): LiveSession | null {
    let found: LiveSession | null = null;
    for (const { session } of this.byId.values()) if (session.nonce === nonce) found = session;
    return found;
  }

  get entryCount(): number {
    return this.totalEntries;
  }

  get byteCount(): number {
    return this.totalBytes;
  }

  /** Takes one message; returns the work it left (a chunk of frames to cut), or null when it is done. */
  apply(message: ReadTapMessage): ModelWork | null {
    this.version++;
    switch (message.type) {
      case 'hello':
        this.stats.ringBytesPerSession = message.ringBytesPerSession;
        this.stats.unexpectedProtocol = message.protocol === 1 ? null : message.protocol;
        this.stats.replaying = true;
        this.replaySeen = new Set();
        return null;
      case 'session-opened':
        this.opened(message.session);
        return null;
      case 'session-updated':
        this.updated(message.session);
        return null;
      case 'session-closed':
        this.closed(message.close);
        return null;
      case 'replay-done':
        this.replayDone(message.omittedChunks);
        return null;
      case 'bytes':
        return this.bytes(message.chunk);
      case 'unknown':
        this.unknown(message);
        return null;
      case 'malformed':
        this.notice(`The tap sent a message this page cannot read (${message.why}).`);
        return null;
    }
  }

  /** Forgets every entry and every finished session; open sessions go on, from now. */
  clear(): void {
    for (const [id, internals] of this.byId) {
      const { session } = internals;
      this.totalEntries -= session.log.size;
      for (let n = session.log.first; n < session.log.end; n++) this.totalBytes -= entryBytes(session.log.get(n)!);
      session.log.clear();
      session.droppedEntries = 0;
      session.version++;
      if (session.state === 'closed' || session.state === 'refused' || session.state === 'lost') this.byId.delete(id);
      else internals.handshakeEntry = { client: null, server: null };
    }
    this.stats.droppedEntries = 0;
    this.stats.droppedSessions = 0;
    this.stats.omittedChunks = 0;
    this.notices.length = 0;
    this.compactDropOrder();
    this.version++;
  }

  private opened(summary: ReadSessionSummary): void {
    this.replaySeen?.add(summary.id);
    const known = this.byId.get(summary.id);
    // The same id with another opening is a restarted server reusing ids: a new session.
    if (known && known.session.openedAt === summary.openedAt && known.session.target === summary.target) {
      this.updated(summary);
      return;
    }
    if (known) this.remove(summary.id, known);
    const session: LiveSession = {
      id: summary.id,
      target: summary.target,
      remote: summary.remote,
      openedAt: summary.openedAt,
      state: summary.state,
      subprotocol: summary.subprotocol,
      extra: { ...summary.extra },
      nonce: nonceOfTarget(summary.target),
      close: null,
      closeFrames: [],
      frameCount: 0,
      droppedEntries: 0,
      missingChunks: 0,
      deflate: null,
      request: null,
      response: null,
      log: new EntryLog(),
      version: 0,
    };
    const internals: SessionInternals = {
      session,
      nextSeq: null,
      handshakeEntry: { client: null, server: null },
      deflate: null,
      inflation: null,
      streams: {
        client: new DirectionStream({ from: 'client', compressed: () => internals.deflate !== null }),
        server: new DirectionStream({ from: 'server', compressed: () => internals.deflate !== null }),
      },
    };
    this.byId.set(summary.id, internals);
    this.enforceSessionLimit();
  }

  private updated(summary: ReadSessionSummary): void {
    const internals = this.byId.get(summary.id);
    if (!internals) return this.opened(summary);
    const { session } = internals;
    // A finished session stays finished: a replay can carry an older state.
    if (session.state !== 'closed' && session.state !== 'refused') session.state = summary.state;
    session.subprotocol = summary.subprotocol;
    Object.assign(session.extra, summary.extra);
    session.version++;
  }

  private closed(close: TapClose): void {
    const internals = this.byId.get(close.session);
    if (!internals) return;
    const { session } = internals;
    session.close = close;
    if (session.state !== 'refused') session.state = 'closed';
    session.version++;
    this.enforceSessionLimit();
  }

  private replayDone(omittedChunks: number): void {
    this.stats.replaying = false;
    this.stats.omittedChunks += omittedChunks;
    const seen = this.replaySeen;
    this.replaySeen = null;
    if (!seen) return;
    // Sessions the page knew as open that the tap no longer holds: it forgot them while the page was away.
    for (const { session } of this.byId.values()) {
      if (seen.has(session.id) || session.state === 'closed' || session.state === 'refused') continue;
      session.state = 'lost';
      session.version++;
    }
  }

  private unknown(message: UnknownTapMessage): void {
    const text = `The tap sent “${message.name || 'a message'}” (not known to this page): ${clip(JSON.stringify(message.fields))}`;
    const internals = message.session ? this.byId.get(message.session) : undefined;
    if (!internals) {
      this.notice(text);
      return;
    }
    internals.session.extra[message.name || 'message'] = message.fields;
    this.append(internals, { kind: 'note', from: null, at: Date.now(), text });
  }

  private bytes(chunk: ReadTapChunk): ModelWork | null {
    const internals = this.byId.get(chunk.session) ?? this.placeholder(chunk.session);
    const { session } = internals;
    if (internals.nextSeq !== null && chunk.seq < internals.nextSeq) return null; // a replay repeating what the page has
    const expectedSeq = internals.nextSeq ?? 0;
    if (chunk.seq > expectedSeq) session.missingChunks += chunk.seq - expectedSeq;
    internals.nextSeq = chunk.seq + 1;
    session.version++;

    const bytes = chunk.bytes ?? tapHexToBytes(chunk.hex);
    if (!bytes) {
      this.append(internals, { kind: 'note', from: chunk.from, at: chunk.at, text: `A chunk of ${chunk.length} bytes came with hex this page cannot read.` });
      return null;
    }
    if (chunk.phase === 'handshake') {
      this.handshakeBytes(internals, chunk, bytes);
      return null;
    }
    if (chunk.phase !== 'frames') {
      const text = `${chunk.length} bytes from the ${chunk.from} in a part of the session this page does not know (“${String(chunk.phase)}”): ${clip(new TextDecoder().decode(bytes))}`;
      this.append(internals, { kind: 'note', from: chunk.from, at: chunk.at, text });
      return null;
    }
    const work = internals.streams[chunk.from].push({ offset: chunk.offset, length: chunk.length, bytes, at: chunk.at });
    const events: StreamEvent[] = [];
    return {
      run: () => {
        const done = work.run(events);
        for (const event of events) this.streamEvent(internals, chunk.from, event);
        events.length = 0;
        this.version++;
        session.version++;
        return done;
      },
    };
  }

  private handshakeBytes(internals: SessionInternals, chunk: TapChunk, bytes: Uint8Array): void {
    const { session } = internals;
    const from = chunk.from;
    internals.streams[from].handshakeBytes(chunk.offset, chunk.length);
    const whole = from === 'client' ? (session.request = session.request ? concatBytes([session.request, bytes]) : bytes) : (session.response = session.response ? concatBytes([session.response, bytes]) : bytes);
    if (from === 'server') {
      const agreement = deflateAgreementOf(whole);
      internals.deflate = agreement;
      internals.inflation = agreement
        ? { client: new DirectionInflation(agreement.clientNoContextTakeover), server: new DirectionInflation(agreement.serverNoContextTakeover) }
        : null;
      session.deflate = agreement;
    }
    const entry: TimelineEntry = { kind: 'handshake', from, at: chunk.at, bytes: whole, firstLine: firstLineOf(whole) };
    const existing = internals.handshakeEntry[from];
    const previous = existing === null ? undefined : session.log.get(existing);
    if (existing !== null && previous?.kind === 'handshake') {
      session.log.set(existing, { ...entry, at: previous.at });
      this.totalBytes += whole.length - previous.bytes.length;
      return;
    }
    internals.handshakeEntry[from] = this.append(internals, entry);
  }

  private streamEvent(internals: SessionInternals, from: Direction, event: StreamEvent): void {
    const { session } = internals;
    switch (event.kind) {
      case 'frame': {
        const { frame } = event;
        session.frameCount++;
        if (frame.opcode === Opcode.Close) noteCloseFrame(session, from, event.at, frame.payload);
        const inflation = internals.inflation?.[from].frame(frame.opcode, frame.fin, frame.rsv1, frame.payload) ?? null;
        this.append(internals, {
          kind: 'frame',
          from,
          at: event.at,
          offset: event.offset,
          fin: frame.fin,
          rsv: (frame.rsv1 ? 4 : 0) | (frame.rsv2 ? 2 : 0) | (frame.rsv3 ? 1 : 0),
          opcode: frame.opcode,
          masked: frame.masked,
          payloadLength: frame.payloadLength,
          wire: this.wires.wireOf(frame),
          summary: inflation?.compressed ? compressedSummary(inflation) : summarizeFrame(frame.opcode, frame.payload),
          compressed: inflation?.compressed ?? false,
          inflated: inflation?.message ?? null,
        });
        return;
      }
      case 'gap':
        internals.inflation?.[from].gap();
        this.append(internals, { kind: 'gap', from, at: event.at, cause: event.cause, bytes: event.missingBytes });
        return;
      case 'skipped':
        this.append(internals, { kind: 'gap', from, at: event.at, cause: 'skipped', bytes: event.bytes });
        return;
      case 'failure':
        this.append(internals, { kind: 'failure', from, at: event.at, offset: event.offset, failure: event.failure });
        return;
    }
  }

  /** Bytes for a session the page never heard open (its opening was before what the tap kept). */
  private placeholder(id: string): SessionInternals {
    this.opened({ id, target: '?', remote: '?', openedAt: 0, state: 'open', subprotocol: null, extra: {} });
    return this.byId.get(id)!;
  }

  private append(internals: SessionInternals, entry: TimelineEntry): number {
    const n = internals.session.log.push(entry);
    this.dropOrder.push(internals);
    this.totalEntries++;
    this.totalBytes += entryBytes(entry);
    this.enforceEntryLimits();
    return n;
  }

  private enforceEntryLimits(): void {
    while (this.totalEntries > this.limits.maxEntries || (this.totalBytes > this.limits.maxBytes && this.totalEntries > 1)) {
      const internals = this.dropOrder.dropOldest();
      if (!internals) return;
      // A stale slot: its session was forgotten, or its entries cleared.
      if (this.byId.get(internals.session.id) !== internals) continue;
      const dropped = internals.session.log.dropOldest();
      if (!dropped) continue;
      this.totalEntries--;
      this.totalBytes -= entryBytes(dropped);
      internals.session.droppedEntries++;
      internals.session.version++;
      this.stats.droppedEntries++;
    }
    // Slots of forgotten entries pile up only until they outnumber the kept ones.
    if (this.dropOrder.size > 2 * this.limits.maxEntries + 1024) this.compactDropOrder();
  }

  /** Keeps one drop-order slot per kept entry: the newest ones of each session. */
  private compactDropOrder(): void {
    const wanted = new Map<SessionInternals, number>();
    for (const internals of this.byId.values()) wanted.set(internals, internals.session.log.size);
    const kept: SessionInternals[] = [];
    for (let n = this.dropOrder.end - 1; n >= this.dropOrder.first; n--) {
      const internals = this.dropOrder.get(n)!;
      const left = wanted.get(internals) ?? 0;
      if (left === 0) continue;
      wanted.set(internals, left - 1);
      kept.push(internals);
    }
    this.dropOrder.clear();
    for (let i = kept.length - 1; i >= 0; i--) this.dropOrder.push(kept[i]);
  }

  private enforceSessionLimit(): void {
    while (this.byId.size > this.limits.maxSessions) {
      let victim: [string, SessionInternals] | null = null;
      for (const entry of this.byId) {
        const state = entry[1].session.state;
        if (state === 'closed' || state === 'refused' || state === 'lost') {
          victim = entry;
          break;
        }
      }
      victim ??= this.byId.entries().next().value ?? null;
      if (!victim) return;
      this.remove(victim[0], victim[1]);
      this.stats.droppedSessions++;
    }
  }

  private remove(id: string, internals: SessionInternals): void {
    const { log } = internals.session;
    for (let n = log.first; n < log.end; n++) this.totalBytes -= entryBytes(log.get(n)!);
    this.totalEntries -= log.size;
    this.stats.droppedEntries += log.size;
    this.byId.delete(id);
  }

  private notice(text: string): void {
    this.notices.push(text);
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
  }
}

function noteCloseFrame(session: LiveSession, from: Direction, at: number, payload: Uint8Array): void {
  if (session.closeFrames.some((frame) => frame.from === from)) return;
  const { code, reason } = readClosePayload(payload);
  session.closeFrames.push({ from, at, code, reason, bodyLength: payload.length });
}

const latin1 = new TextDecoder('latin1');

/** "GET /echo HTTP/1.1": HTTP heads are ASCII (RFC 9112 2.2); anything else shows as it decodes. */
function firstLineOf(bytes: Uint8Array): string {
  const end = bytes.indexOf(0x0d);
  const lineEnd = end === -1 ? bytes.indexOf(0x0a) : end;
  return latin1.decode(bytes.subarray(0, lineEnd === -1 ? Math.min(bytes.length, 200) : Math.min(lineEnd, 200)));
}

/** A compressed message's line: its inflated text once whole, or why it is not (RFC 7692 7.2.2). */
function compressedSummary(inflation: FrameInflation): string {
  if (inflation.failure) return `compressed; cannot inflate: ${inflation.failure}`;
  if (inflation.message) return summarizeFrame(inflation.messageOpcode, inflation.message);
  return 'compressed fragment: the message inflates when its last frame arrives';
}

function clip(text: string): string {
  return text.length > NOTE_CHARS ? `${text.slice(0, NOTE_CHARS)}…` : text;
}

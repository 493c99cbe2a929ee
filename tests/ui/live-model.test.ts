// explorer-ui/src/features/live: the tap's messages become sessions and
// timelines. Frames are cut with the engine's FrameParser however the
// chunks fall, a hole in the history is a visible gap, a replay repeats
// nothing, unknown messages are shown rather than thrown at, and memory
// stays within its bounds.

import { describe, expect, it } from 'vitest';
import { buildClosePayload } from '../../engine/close';
import { concatBytes } from '../../engine/concat-bytes';
import { MessageDeflater } from '../../engine/deflate-codec';
import { encodeFrame } from '../../engine/frame';
import type { Direction } from '../../engine/frame-model';
import type { TapMessage, TapPhase, TapSessionSummary } from '../../engine/tap-messages';
import { IngestQueue } from '../../explorer-ui/src/features/live/ingest-queue';
import { LiveModel } from '../../explorer-ui/src/features/live/live-model';
import type { FrameEntry, TimelineEntry } from '../../explorer-ui/src/features/live/timeline-entry';
import { readTapMessage } from '../../explorer-ui/src/features/live/tap-message-reader';

// A scripted tap: the JSON messages engine/tap-messages.ts describes, chunks
// numbered and stream offsets counted the way server/tap.ts does.

const REQUEST = [
  'GET /echo?live=n0nce HTTP/1.1',
  'Host: 127.0.0.1:8080',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version: 13',
  '',
  '',
].join('\r\n');

const RESPONSE = [
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  '',
  '',
].join('\r\n');

const KEY = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);

function textFrame(text: string, from: Direction, opcode = 0x1): Uint8Array {
  return encodeFrame({ opcode, payload: new TextEncoder().encode(text), maskingKey: from === 'client' ? KEY : null });
}

function closeFrame(from: Direction, code?: number, reason = ''): Uint8Array {
  return encodeFrame({ opcode: 0x8, payload: buildClosePayload(code, reason), maskingKey: from === 'client' ? KEY : null }, { allowInvalid: true });
}

class ScriptedSession {
  seq = 0;
  offsets: Record<Direction, number> = { client: 0, server: 0 };
  at = 1_000_000;

  constructor(readonly id = 's1', readonly target = '/echo?live=n0nce') {}

  summary(state: TapSessionSummary['state'] = 'handshake', subprotocol: string | null = null): TapSessionSummary {
    return { id: this.id, target: this.target, remote: '127.0.0.1:5000', openedAt: 1_000_000, state, subprotocol };
  }

  opened(): string {
    return json({ type: 'session-opened', session: this.summary() });
  }

  /** A chunk of `bytes` from `from`; `skip` pretends the tap lost that many chunks first. */
  chunk(from: Direction, phase: TapPhase, bytes: Uint8Array, options: { skipBytes?: number; skipSeq?: number; keep?: number } = {}): string {
    this.offsets[from] += options.skipBytes ?? 0;
    this.seq += options.skipSeq ?? 0;
    const kept = options.keep === undefined ? bytes : bytes.subarray(0, options.keep);
    const message: TapMessage = {
      type: 'bytes',
      chunk: {
        session: this.id, seq: this.seq++, from, phase, at: this.at++, offset: this.offsets[from], length: bytes.length,
        hex: Buffer.from(kept).toString('hex'), truncated: kept.length < bytes.length,
      },
    };
    this.offsets[from] += bytes.length;
    return json(message);
  }

  handshake(): string[] {
    return [
      this.opened(),
      this.chunk('client', 'handshake', new TextEncoder().encode(REQUEST)),
      this.chunk('server', 'handshake', new TextEncoder().encode(RESPONSE)),
      json({ type: 'session-updated', session: this.summary('open') }),
    ];
  }

  closed(code: number | null, wasClean: boolean, reason = ''): string {
    return json({ type: 'session-closed', close: { session: this.id, at: this.at++, code, reason, wasClean } });
  }
}

function json(message: TapMessage): string {
  return JSON.stringify(message);
}

/** Applies messages to a model and runs all their work. */
function feed(model: LiveModel, messages: string[]): LiveModel {
  for (const text of messages) {
    const work = model.apply(readTapMessage(text));
    while (work && !work.run()) { /* next step */ }
  }
  return model;
}

function entries(model: LiveModel, id = 's1'): TimelineEntry[] {
  const { log } = model.session(id)!;
  const out: TimelineEntry[] = [];
  for (let n = log.first; n < log.end; n++) out.push(log.get(n)!);
  return out;
}

function frames(model: LiveModel, id = 's1'): FrameEntry[] {
  return entries(model, id).filter((e): e is FrameEntry => e.kind === 'frame');
}

describe('a session from the tap', () => {
  it('has its handshake first, then frames in both directions, masked as sent', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), [
      json({ type: 'hello', protocol: 1, ringBytesPerSession: 1 << 20 }),
      ...s.handshake(),
      s.chunk('client', 'frames', textFrame('hello', 'client')),
      s.chunk('server', 'frames', textFrame('hello', 'server')),
    ]);
    const all = entries(model);
    expect(all.map((e) => e.kind)).toEqual(['handshake', 'handshake', 'frame', 'frame']);
    expect(all[0]).toMatchObject({ from: 'client', firstLine: 'GET /echo?live=n0nce HTTP/1.1' });
    expect(all[1]).toMatchObject({ from: 'server', firstLine: 'HTTP/1.1 101 Switching Protocols' });
    expect(frames(model).map((f) => [f.from, f.masked, f.opcode, f.payloadLength, f.summary])).toEqual([
      ['client', true, 1, 5, '“hello”'],
      ['server', false, 1, 5, '“hello”'],
    ]);
    const session = model.session('s1')!;
    expect(session).toMatchObject({ state: 'open', nonce: 'n0nce', frameCount: 2 });
    expect(model.findByNonce('n0nce')).toBe(session);
  });

  it('cuts frames out of chunks that do not line up with them', () => {
    const s = new ScriptedSession();
    const stream = concatBytes([textFrame('one', 'client'), textFrame('two', 'client'), textFrame('three', 'client')]);
    const pieces = [stream.subarray(0, 3), stream.subarray(3, 12), stream.subarray(12, 13), stream.subarray(13)];
    const model = feed(new LiveModel(), [...s.handshake(), ...pieces.map((p) => s.chunk('client', 'frames', p))]);
    expect(frames(model).map((f) => f.summary)).toEqual(['“one”', '“two”', '“three”']);
    // Offsets count from the handshake's first byte, as the tap counts them.
    expect(frames(model)[0].offset).toBe(REQUEST.length);
    expect(frames(model)[1].offset - frames(model)[0].offset).toBe(textFrame('one', 'client').length);
  });

  it('keeps every frame’s bytes exactly as they crossed, however its length was written', () => {
    const s = new ScriptedSession();
    const sent = [
      textFrame('short', 'client'),
      encodeFrame({ opcode: 2, payload: new Uint8Array([1, 2, 3]), maskingKey: KEY }, { lengthEncoding: '16' }),
      encodeFrame({ opcode: 1, payload: new TextEncoder().encode('x'.repeat(300)), maskingKey: KEY }),
      encodeFrame({ opcode: 1, fin: false, payload: new TextEncoder().encode('six'), maskingKey: KEY }, { lengthEncoding: '64' }),
      encodeFrame({ opcode: 0, payload: new Uint8Array(70_000), maskingKey: KEY }),
    ];
    const model = feed(new LiveModel(), [...s.handshake(), s.chunk('client', 'frames', concatBytes(sent))]);
    expect(frames(model).map((f) => Buffer.from(f.wire).toString('hex'))).toEqual(sent.map((f) => Buffer.from(f).toString('hex')));
  });

  it('judges masking by direction: an unmasked client frame is a failure, with its close code', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), [...s.handshake(), s.chunk('client', 'frames', textFrame('hi', 'server'))]);
    const failure = entries(model).find((e) => e.kind === 'failure');
    expect(failure).toMatchObject({ from: 'client', failure: { problem: { kind: 'unmasked-client-frame', closeCode: 1002 } } });
  });

  it('marks a jump in a stream as a gap, and finds the next frame boundary', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), [
      ...s.handshake(),
      s.chunk('client', 'frames', textFrame('before', 'client')),
      // 100 bytes and 3 chunks the tap did not keep, then a chunk that starts mid-frame, then a whole one.
      s.chunk('client', 'frames', textFrame('a much longer message', 'client').subarray(9), { skipBytes: 100, skipSeq: 3 }),
      s.chunk('client', 'frames', textFrame('after', 'client')),
    ]);
    const kinds = entries(model).map((e) => (e.kind === 'gap' ? `gap:${e.cause}:${e.bytes}` : e.kind === 'frame' ? e.summary : e.kind));
    expect(kinds.slice(2)).toEqual(['“before”', 'gap:jump:100', 'gap:skipped:18', '“after”']);
    expect(model.session('s1')!.missingChunks).toBe(3);
  });

  it('after a gap, does not trust a chunk start whose bogus header claims a long frame', () => {
    const s = new ScriptedSession();
    // Mid-frame bytes that read as a masked binary header claiming 256 bytes: valid so far, and unproven.
    const bogus = new Uint8Array([0x82, 0xfe, 0x01, 0x00, 1, 2, 3, 4, 9, 9, 9, 9, 9, 9]);
    const model = feed(new LiveModel(), [
      ...s.handshake(),
      s.chunk('client', 'frames', bogus, { skipBytes: 40 }),
      s.chunk('client', 'frames', concatBytes([textFrame('after1', 'client'), textFrame('after2', 'client')])),
      s.chunk('client', 'frames', textFrame('after3', 'client')),
    ]);
    const tail = entries(model).slice(2).map((e) => (e.kind === 'gap' ? `gap:${e.cause}:${e.bytes}` : e.kind === 'frame' ? e.summary : e.kind));
    expect(tail).toEqual(['gap:jump:40', `gap:skipped:${bogus.length}`, '“after1”', '“after2”', '“after3”']);
  });

  it('marks a chunk the tap cut short as a gap', () => {
    const s = new ScriptedSession();
    const big = textFrame('x'.repeat(300), 'server');
    const model = feed(new LiveModel(), [...s.handshake(), s.chunk('server', 'frames', big, { keep: 100 }), s.chunk('server', 'frames', textFrame('next', 'server'))]);
    const tail = entries(model).slice(2).map((e) => (e.kind === 'gap' ? `gap:${e.cause}:${e.bytes}` : e.kind === 'frame' ? e.summary : e.kind));
    expect(tail).toEqual([`gap:truncated:${big.length - 100}`, '“next”']);
  });

  it('starts with a gap when the history begins inside the stream', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), [s.opened(), s.chunk('server', 'frames', textFrame('late', 'server'), { skipBytes: 500, skipSeq: 10 })]);
    expect(entries(model).map((e) => e.kind)).toEqual(['gap', 'frame']);
    expect(model.session('s1')!.missingChunks).toBe(10);
  });

  it('repeats nothing when a replay sends what the page has, and marks what it lost', () => {
    const s = new ScriptedSession();
    const first = [...s.handshake(), s.chunk('client', 'frames', textFrame('one', 'client'))];
    const model = feed(new LiveModel(), first);
    // Reconnect: hello, the replay of the same session, then more.
    feed(model, [json({ type: 'hello', protocol: 1, ringBytesPerSession: 1 << 20 }), ...first, s.chunk('client', 'frames', textFrame('two', 'client')), json({ type: 'replay-done', omittedChunks: 0 })]);
    expect(frames(model).map((f) => f.summary)).toEqual(['“one”', '“two”']);
  });

  it('marks a session the tap forgot while the page was away as lost', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), s.handshake());
    feed(model, [json({ type: 'hello', protocol: 1, ringBytesPerSession: 1 << 20 }), json({ type: 'replay-done', omittedChunks: 7 })]);
    expect(model.session('s1')!.state).toBe('lost');
    expect(model.stats.omittedChunks).toBe(7);
  });

  it('keeps close frames for the ending, even after their entries are dropped', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel({ maxEntries: 3 }), [
      ...s.handshake(),
      s.chunk('client', 'frames', closeFrame('client', 1000, 'bye')),
      s.chunk('server', 'frames', closeFrame('server', 1000, 'bye')),
      s.chunk('client', 'frames', textFrame('x', 'client')),
      s.chunk('client', 'frames', textFrame('y', 'client')),
      s.closed(1000, true, 'bye'),
    ]);
    const session = model.session('s1')!;
    expect(session.closeFrames.map((f) => [f.from, f.code, f.reason])).toEqual([['client', 1000, 'bye'], ['server', 1000, 'bye']]);
    expect(session.state).toBe('closed');
    expect(session.droppedEntries).toBe(3);
    expect(model.entryCount).toBe(3);
    expect(session.request).not.toBeNull();
  });
});

describe('permessage-deflate', () => {
  it('inflates compressed messages for their summaries, each direction with its own window (RFC 7692 7.2.2)', () => {
    const s = new ScriptedSession();
    const response = RESPONSE.replace('\r\n\r\n', '\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n');
    const client = new MessageDeflater(false);
    const server = new MessageDeflater(false);
    const compressed = (deflater: MessageDeflater, text: string, from: Direction) =>
      encodeFrame({ opcode: 1, rsv1: true, payload: deflater.compress(new TextEncoder().encode(text)), maskingKey: from === 'client' ? KEY : null });
    const model = feed(new LiveModel(), [
      s.opened(),
      s.chunk('client', 'handshake', new TextEncoder().encode(REQUEST)),
      s.chunk('server', 'handshake', new TextEncoder().encode(response)),
      s.chunk('client', 'frames', compressed(client, 'hello hello hello', 'client')),
      s.chunk('server', 'frames', compressed(server, 'hello hello hello', 'server')),
      // Context takeover: the second message refers to the first.
      s.chunk('client', 'frames', compressed(client, 'hello hello hello!', 'client')),
      s.chunk('client', 'frames', textFrame('plain', 'client')),
    ]);
    expect(model.session('s1')!.deflate).toMatchObject({ clientNoContextTakeover: false, serverNoContextTakeover: false });
    expect(frames(model).map((f) => [f.from, f.compressed, f.summary])).toEqual([
      ['client', true, '“hello hello hello”'],
      ['server', true, '“hello hello hello”'],
      ['client', true, '“hello hello hello!”'],
      ['client', false, '“plain”'],
    ]);
    expect(new TextDecoder().decode(frames(model)[2].inflated!)).toBe('hello hello hello!');
  });
});

describe('unknown messages', () => {
  it('are shown on their session, and unknown summary fields are kept', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), [
      ...s.handshake(),
      JSON.stringify({ type: 'session-updated', session: { ...s.summary('open'), upstream: { target: 'ws://example.test/x' } } }),
      JSON.stringify({ type: 'upstream-request', session: 's1', request: 'GET /x HTTP/1.1' }),
      JSON.stringify({ type: 'something-global', value: 1 }),
      'not json',
    ]);
    const session = model.session('s1')!;
    expect(session.extra.upstream).toEqual({ target: 'ws://example.test/x' });
    expect(session.extra['upstream-request']).toMatchObject({ request: 'GET /x HTTP/1.1' });
    const note = entries(model).find((e) => e.kind === 'note');
    expect(note && note.kind === 'note' ? note.text : '').toContain('GET /x HTTP/1.1');
    expect(model.notices).toHaveLength(2);
  });

  it('bytes of a phase this page does not know become a note', () => {
    const s = new ScriptedSession();
    const model = feed(new LiveModel(), [...s.handshake(), s.chunk('client', 'upstream-handshake' as never, new TextEncoder().encode('GET /up HTTP/1.1\r\n'))]);
    const note = entries(model).at(-1)!;
    expect(note.kind).toBe('note');
  });
});

describe('bounds', () => {
  it('drop the oldest entries over all sessions first', () => {
    const a = new ScriptedSession('a', '/echo');
    const b = new ScriptedSession('b', '/chat');
    const model = feed(new LiveModel({ maxEntries: 5 }), [
      a.opened(), b.opened(),
      a.chunk('server', 'frames', textFrame('a1', 'server'), { skipBytes: 0 }),
      b.chunk('server', 'frames', textFrame('b1', 'server')),
      a.chunk('server', 'frames', textFrame('a2', 'server')),
      b.chunk('server', 'frames', textFrame('b2', 'server')),
    ]);
    // Each session starts with a 'start-missing' gap (no handshake): 2 gaps + 4 frames = 6 > 5.
    expect(model.entryCount).toBe(5);
    expect(model.stats.droppedEntries).toBe(1);
    expect(entries(model, 'a').map((e) => e.kind)).toEqual(['frame', 'frame']);
  });

  it('keep at most maxSessions, dropping finished ones first', () => {
    const model = new LiveModel({ maxSessions: 2 });
    const open = new ScriptedSession('open1');
    const done = new ScriptedSession('done');
    const third = new ScriptedSession('third');
    feed(model, [open.opened(), done.opened(), done.closed(1006, false), third.opened()]);
    expect(model.sessions().map((s) => s.id)).toEqual(['open1', 'third']);
    expect(model.stats.droppedSessions).toBe(1);
  });

  it('clear forgets entries and finished sessions; open ones go on', () => {
    const s = new ScriptedSession();
    const done = new ScriptedSession('done');
    const model = feed(new LiveModel(), [...s.handshake(), s.chunk('client', 'frames', textFrame('one', 'client')), done.opened(), done.closed(1006, false)]);
    model.clear();
    expect(model.sessions().map((x) => x.id)).toEqual(['s1']);
    expect(model.entryCount).toBe(0);
    feed(model, [s.chunk('client', 'frames', textFrame('two', 'client'))]);
    expect(frames(model).map((f) => f.summary)).toEqual(['“two”']);
  });
});

describe('unread messages', () => {
  it('past the bound, the oldest chunks go and become a gap; openings and endings stay', () => {
    const s = new ScriptedSession();
    const model = new LiveModel();
    const queue = new IngestQueue(model, { now: () => 0, schedule: () => {} }, { maxQueuedChars: 4000 });
    for (const text of s.handshake()) queue.enqueue(text);
    for (let i = 0; i < 20; i++) queue.enqueue(s.chunk('server', 'frames', textFrame(`message ${i} ${'x'.repeat(100)}`, 'server')));
    queue.enqueue(s.closed(1000, true));
    expect(queue.droppedUnread).toBeGreaterThan(0);
    while (queue.pending > 0) queue.runSlice();
    const kinds = entries(model).map((e) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['handshake', 'handshake', 'gap']);
    expect(frames(model).at(-1)!.summary).toContain('message 19');
    expect(model.session('s1')!.state).toBe('closed');
  });
});

describe('reading in slices', () => {
  it('stops when its slice is used and goes on in the next', () => {
    const s = new ScriptedSession();
    const many = concatBytes(Array.from({ length: 2000 }, (_, i) => textFrame(`m${i}`, 'server')));
    let clock = 0;
    const scheduled: (() => void)[] = [];
    const model = new LiveModel();
    // Each call to now() advances the clock by 1 ms: a slice of 3 ms does a few steps.
    const queue = new IngestQueue(model, { now: () => clock++, schedule: (run) => scheduled.push(run) }, { sliceMs: 3 });
    for (const text of [...s.handshake(), s.chunk('server', 'frames', many)]) queue.enqueue(text);
    expect(scheduled).toHaveLength(1);
    let slices = 0;
    while (scheduled.length) {
      scheduled.shift()!();
      slices++;
    }
    expect(slices).toBeGreaterThan(3);
    expect(frames(model)).toHaveLength(2000);
    expect(queue.pending).toBe(0);
  });
});

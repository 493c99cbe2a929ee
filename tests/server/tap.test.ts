import { describe, expect, it } from 'vitest';
import type { TapMessage } from '../../engine/tap-messages';
import { Tap, type TapSubscriber } from '../../server/tap';

class RecordingSubscriber implements TapSubscriber {
  messages: TapMessage[] = [];
  queued = 0;
  dropped: string | null = null;
  deliver(json: string): void {
    this.messages.push(JSON.parse(json) as TapMessage);
  }
  queuedBytes(): number {
    return this.queued;
  }
  drop(reason: string): void {
    this.dropped = reason;
  }
  types(): string[] {
    return this.messages.map((m) => m.type);
  }
}

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('Tap', () => {
  it('records both directions with per-sender stream offsets and timestamps', () => {
    let clock = 1000;
    const tap = new Tap({ now: () => clock++ });
    const session = tap.openSession({ id: 's1', target: '/echo', remote: '127.0.0.1:5000' });
    session.record('client', 'handshake', bytes(1, 2, 3));
    session.record('server', 'handshake', bytes(4, 5));
    session.record('client', 'frames', bytes(0x81, 0x80));
    const chunks = tap.chunks('s1');
    expect(chunks.map((c) => [c.seq, c.from, c.phase, c.offset, c.length, c.hex])).toEqual([
      [0, 'client', 'handshake', 0, 3, '010203'],
      [1, 'server', 'handshake', 0, 2, '0405'],
      [2, 'client', 'frames', 3, 2, '8180'],
    ]);
    expect(chunks.map((c) => c.at)).toEqual([1001, 1002, 1003]);
    expect(tap.sessions()[0]).toMatchObject({ id: 's1', target: '/echo', openedAt: 1000, state: 'handshake' });
  });

  it('copies the bytes it keeps, so later changes to the caller buffer do not show', () => {
    const tap = new Tap();
    const buffer = bytes(1, 2);
    tap.openSession({ id: 's', target: '/', remote: 'r' }).record('client', 'frames', buffer);
    buffer[0] = 0xff;
    expect(tap.chunks('s')[0].hex).toBe('0102');
  });

  it('evicts the oldest chunks when a session ring is over its bound', () => {
    const tap = new Tap({ ringBytesPerSession: 10 });
    const session = tap.openSession({ id: 's', target: '/', remote: 'r' });
    for (let i = 0; i < 5; i++) session.record('client', 'frames', new Uint8Array(4).fill(i));
    const chunks = tap.chunks('s');
    expect(chunks.map((c) => c.seq)).toEqual([3, 4]);
    expect(chunks[0].offset).toBe(12);
    expect(tap.retainedBytes).toBe(8);
  });

  it('keeps only the head of a chunk larger than the ring and says so', () => {
    const tap = new Tap({ ringBytesPerSession: 4 });
    tap.openSession({ id: 's', target: '/', remote: 'r' }).record('server', 'frames', new Uint8Array(1000));
    const [chunk] = tap.chunks('s');
    expect(chunk).toMatchObject({ length: 1000, truncated: true, hex: '00000000' });
  });

  it('bounds the bytes held over all sessions', () => {
    const tap = new Tap({ ringBytesPerSession: 100, maxTotalBytes: 250 });
    for (let s = 0; s < 5; s++) {
      const session = tap.openSession({ id: `s${s}`, target: '/', remote: 'r' });
      session.record('client', 'frames', new Uint8Array(100));
    }
    expect(tap.retainedBytes).toBeLessThanOrEqual(250);
  });

  it('forgets the oldest finished sessions beyond maxClosedSessions', () => {
    const tap = new Tap({ maxClosedSessions: 2 });
    for (let s = 0; s < 4; s++) tap.openSession({ id: `s${s}`, target: '/', remote: 'r' }).close({ code: 1000, reason: '', wasClean: true });
    tap.openSession({ id: 'live', target: '/', remote: 'r' });
    expect(tap.sessions().map((s) => s.id)).toEqual(['s2', 's3', 'live']);
  });

  it('ignores records after a session closed', () => {
    const tap = new Tap();
    const session = tap.openSession({ id: 's', target: '/', remote: 'r' });
    session.close({ code: 1006, reason: '', wasClean: false });
    session.record('client', 'frames', bytes(1));
    session.close({ code: 1000, reason: 'again', wasClean: true });
    expect(tap.chunks('s')).toEqual([]);
    expect(tap.closeOf('s')).toMatchObject({ code: 1006, wasClean: false });
  });

  it('replays history to a new subscriber, then streams live messages', () => {
    const tap = new Tap();
    const old = tap.openSession({ id: 'old', target: '/echo', remote: 'r' });
    old.record('client', 'handshake', bytes(0x47));
    old.close({ code: 1000, reason: 'bye', wasClean: true });
    const subscriber = new RecordingSubscriber();
    tap.subscribe(subscriber);
    tap.openSession({ id: 'new', target: '/chat', remote: 'r' }).record('server', 'frames', bytes(0x81, 0));
    expect(subscriber.types()).toEqual(['hello', 'session-opened', 'bytes', 'session-closed', 'replay-done', 'session-opened', 'bytes']);
    expect(subscriber.messages[3]).toMatchObject({ type: 'session-closed', close: { session: 'old', code: 1000, reason: 'bye', wasClean: true } });
  });

  it('skips history when asked to', () => {
    const tap = new Tap();
    tap.openSession({ id: 'old', target: '/', remote: 'r' }).record('client', 'frames', bytes(1));
    const subscriber = new RecordingSubscriber();
    tap.subscribe(subscriber, { replay: false });
    expect(subscriber.types()).toEqual(['hello', 'replay-done']);
  });

  it('limits replayed history to what fits and counts what it left out', () => {
    const tap = new Tap({ subscriberQueueBytes: 2000 });
    const session = tap.openSession({ id: 's', target: '/', remote: 'r' });
    for (let i = 0; i < 20; i++) session.record('client', 'frames', new Uint8Array(50));
    const subscriber = new RecordingSubscriber();
    tap.subscribe(subscriber);
    const done = subscriber.messages.at(-1);
    expect(done?.type).toBe('replay-done');
    const omitted = done?.type === 'replay-done' ? done.omittedChunks : 0;
    const replayed = subscriber.types().filter((t) => t === 'bytes').length;
    expect(omitted).toBeGreaterThan(0);
    expect(replayed + omitted).toBe(20);
  });

  it('drops a slow subscriber without affecting the session or the others', () => {
    const tap = new Tap({ subscriberQueueBytes: 1000 });
    const slow = new RecordingSubscriber();
    const fast = new RecordingSubscriber();
    tap.subscribe(slow);
    tap.subscribe(fast);
    const session = tap.openSession({ id: 's', target: '/', remote: 'r' });
    slow.queued = 990;
    session.record('client', 'frames', bytes(1, 2, 3));
    expect(slow.dropped).toMatch(/too slow/);
    expect(tap.subscriberCount).toBe(1);
    session.record('client', 'frames', bytes(4));
    expect(fast.types().filter((t) => t === 'bytes')).toHaveLength(2);
    expect(slow.types().filter((t) => t === 'bytes')).toHaveLength(0);
    expect(tap.chunks('s')).toHaveLength(2);
  });

  it('drops a subscriber whose delivery throws', () => {
    const tap = new Tap();
    let dropped = '';
    tap.subscribe({
      deliver() {
        throw new Error('socket gone');
      },
      queuedBytes: () => 0,
      drop: (reason) => {
        dropped = reason;
      },
    });
    expect(dropped).toMatch(/socket gone/);
    expect(tap.subscriberCount).toBe(0);
  });

  it('stops delivering after unsubscribe', () => {
    const tap = new Tap();
    const subscriber = new RecordingSubscriber();
    const unsubscribe = tap.subscribe(subscriber);
    unsubscribe();
    tap.openSession({ id: 's', target: '/', remote: 'r' });
    expect(subscriber.types()).toEqual(['hello', 'replay-done']);
  });

  it('publishes state changes', () => {
    const tap = new Tap();
    const subscriber = new RecordingSubscriber();
    tap.subscribe(subscriber, { replay: false });
    tap.openSession({ id: 's', target: '/', remote: 'r' }).update({ state: 'open', subprotocol: 'chat' });
    expect(subscriber.messages.at(-1)).toMatchObject({ type: 'session-updated', session: { id: 's', state: 'open', subprotocol: 'chat' } });
  });
});

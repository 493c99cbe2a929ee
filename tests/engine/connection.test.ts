import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionEvent, type ConnectionOptions } from '../../engine/connection';
import { concatBytes } from '../../engine/concat-bytes';
import { decodeFrames, encodeFrame } from '../../engine/frame';
import type { AnnotatedFrame, EncodeOptions, FrameSpec } from '../../engine/frame-model';
import { Opcode } from '../../engine/opcode';
import { hex, toHex } from '../support/frames';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

const KEY = RFC_MASKING_KEY;
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A server connection, open, as the Node adapter leaves it after the handshake. */
function openServer(options: Partial<ConnectionOptions> = {}): Connection {
  const connection = new Connection({ role: 'server', ...options });
  connection.open();
  return connection;
}

/** Masking keys 00 00 00 01, 00 00 00 02, …: repeatable, and each frame's key is different. */
function countingKeys(): { randomBytes: (n: number) => Uint8Array; calls: () => number } {
  let count = 0;
  return {
    randomBytes: (n) => {
      count++;
      const key = new Uint8Array(n);
      new DataView(key.buffer).setUint32(0, count);
      return key;
    },
    calls: () => count,
  };
}

function openClient(options: Partial<ConnectionOptions> = {}): Connection {
  const connection = new Connection({ role: 'client', randomBytes: countingKeys().randomBytes, ...options });
  connection.open();
  return connection;
}

/** A frame as a client sends it: masked. */
const clientFrame = (spec: FrameSpec, options?: EncodeOptions) => encodeFrame({ maskingKey: KEY, ...spec }, options);


/** Everything the connection queued to write, decoded as its peer would see it. */
function sentFrames(connection: Connection): AnnotatedFrame[] {
  const result = decodeFrames(concatBytes(connection.takeOutgoing()), { from: connection.role });
  expect(result.remainder).toBeNull();
  return result.frames;
}

const withoutTraces = (events: ConnectionEvent[]) => events.filter((e) => e.type !== 'trace');

describe('Connection: lifecycle', () => {
  it('starts CONNECTING and opens once', () => {
    const connection = new Connection({ role: 'server' });
    expect(connection.state).toBe('CONNECTING');
    expect(() => connection.sendText('early')).toThrow(/open\(\) first/);
    expect(() => connection.receive(hex('8100'))).toThrow(/before open/);
    connection.open();
    expect(connection.state).toBe('OPEN');
    expect(() => connection.open()).toThrow();
  });

  it('refuses a client without a random source for masking keys', () => {
    expect(() => new Connection({ role: 'client' })).toThrow(/randomBytes/);
  });

  it('exposes the parser state for the UI', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Binary, payload: new Uint8Array(10) }).subarray(0, 9));
    expect(server.parserState).toMatchObject({ name: 'payload', payloadReceived: 3, payloadLength: 10 });
  });
});

describe('Connection: sending', () => {
  it('writes an unmasked frame as a server (RFC 5.7 "Hello")', () => {
    const server = openServer();
    server.sendText('Hello');
    expect(toHex(concatBytes(server.takeOutgoing()))).toBe('810548656c6c6f');
  });

  it('masks every client frame with a fresh key from the injected source', () => {
    const keys = countingKeys();
    const client = new Connection({ role: 'client', randomBytes: keys.randomBytes });
    client.open();
    client.sendText('Hello');
    client.ping(utf8('p'));
    expect(keys.calls()).toBe(2);
    const frames = sentFrames(client);
    expect(frames.map((f) => [f.masked, toHex(f.maskingKey!), f.problems])).toEqual([[true, '00000001', []], [true, '00000002', []]]);
    expect(frames[0].text).toBe('Hello');
  });

  it('fails loudly when the random source returns the wrong length', () => {
    const client = openClient({ randomBytes: () => new Uint8Array(3) });
    expect(() => client.sendText('x')).toThrow(/4 bytes/);
  });

  it('fragments a message into frames of the given size', () => {
    const server = openServer();
    server.sendText('Hello', { fragmentSize: 2 });
    const frames = sentFrames(server);
    expect(frames.map((f) => [f.opcodeName, f.fin, toHex(f.payload)])).toEqual([
      ['text', false, '4865'], ['continuation', false, '6c6c'], ['continuation', true, '6f'],
    ]);
  });

  it('sends an empty message as one frame, even with a fragment size', () => {
    const server = openServer();
    server.sendBinary(new Uint8Array(0), { fragmentSize: 4 });
    expect(toHex(concatBytes(server.takeOutgoing()))).toBe('8200');
  });

  it('hands out one array per frame, or with gatherParts a server frame\'s header and its very payload', () => {
    const payload = utf8('gathered, not copied');
    const whole = openServer();
    whole.sendBinary(payload);
    whole.sendText('Hi');
    expect(whole.takeOutgoing().map(toHex)).toEqual([`8214${toHex(payload)}`, '81024869']);

    const gathering = openServer({ gatherParts: true });
    gathering.sendBinary(payload);
    const [header, body, ...rest] = gathering.takeOutgoing();
    expect(toHex(header)).toBe('8214');
    expect(body).toBe(payload);
    expect(rest).toHaveLength(0);
    // A client masks, so its frame is whole whatever the option says.
    const client = openClient({ gatherParts: true });
    client.sendBinary(payload);
    expect(client.takeOutgoing()).toHaveLength(1);
  });

  it.each([0, -1, 1.5])('refuses fragmentSize %s', (fragmentSize) => {
    expect(() => openServer().sendText('Hello', { fragmentSize })).toThrow(RangeError);
  });

  it('refuses a ping payload over 125 bytes', () => {
    expect(() => openServer().ping(new Uint8Array(126))).toThrow(/125/);
  });

  it.each([[1005], [1006], [1015], [999], [2000], [5000]])('refuses to send close code %i', (code) => {
    expect(() => openServer().close(code)).toThrow(/may not be sent/);
  });

  it('refuses a close reason over 123 bytes, and takes one of 123', () => {
    expect(() => openServer().close(1000, 'x'.repeat(124))).toThrow(/123/);
    const server = openServer();
    server.close(1000, 'x'.repeat(123));
    expect(sentFrames(server)[0].close).toMatchObject({ code: 1000, reason: 'x'.repeat(123) });
  });
});

describe('Connection: receiving', () => {
  it('reassembles a fragmented message', () => {
    const server = openServer();
    server.receive(concatBytes([
      clientFrame({ opcode: Opcode.Binary, fin: false, payload: hex('0102') }),
      clientFrame({ opcode: Opcode.Continuation, fin: false, payload: hex('') }),
      clientFrame({ opcode: Opcode.Continuation, fin: true, payload: hex('03') }),
    ]));
    expect(server.takeEvents()).toEqual([{ type: 'binary', data: hex('010203') }]);
  });

  it('delivers a ping between fragments at once, and answers it before the message ends', () => {
    const server = openServer();
    server.receive(concatBytes([clientFrame({ opcode: Opcode.Text, fin: false, payload: utf8('Hel') }), clientFrame({ opcode: Opcode.Ping, payload: utf8('now') })]));
    expect(server.takeEvents()).toEqual([{ type: 'ping', payload: utf8('now') }]);
    expect(sentFrames(server).map((f) => [f.opcodeName, toHex(f.payload)])).toEqual([['pong', toHex(utf8('now'))]]);
    server.receive(clientFrame({ opcode: Opcode.Continuation, payload: utf8('lo') }));
    expect(server.takeEvents()).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it('leaves pings unanswered when autoPong is off', () => {
    const server = openServer({ autoPong: false });
    server.receive(clientFrame({ opcode: Opcode.Ping, payload: utf8('x') }));
    expect(server.takeEvents()).toEqual([{ type: 'ping', payload: utf8('x') }]);
    expect(server.takeOutgoing()).toEqual([]);
  });

  it('reports a pong without answering it', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Pong, payload: utf8('hb') }));
    expect(server.takeEvents()).toEqual([{ type: 'pong', payload: utf8('hb') }]);
    expect(server.takeOutgoing()).toEqual([]);
  });

  it('accepts a code point split across fragments', () => {
    const euro = utf8('€'); // e2 82 ac
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Text, fin: false, payload: euro.subarray(0, 1) }));
    server.receive(clientFrame({ opcode: Opcode.Continuation, fin: false, payload: euro.subarray(1, 2) }));
    server.receive(clientFrame({ opcode: Opcode.Continuation, payload: euro.subarray(2) }));
    expect(server.takeEvents()).toEqual([{ type: 'text', text: '€' }]);
  });

  it('keeps a leading byte order mark as text', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Text, payload: hex('efbbbf41') }));
    expect(server.takeEvents()).toEqual([{ type: 'text', text: '\ufeffA' }]);
  });

  it('fails with 1007 at the first invalid byte, before the frame has fully arrived', () => {
    const frame = clientFrame({ opcode: Opcode.Text, payload: concatBytes([utf8('ok'), hex('ff'), utf8('x'.repeat(50))]) });
    const server = openServer();
    let arrived = 0;
    while (server.state === 'OPEN') server.receive(frame.subarray(arrived, ++arrived));
    expect(arrived).toBe(6 + 3); // header with key, "ok", then 0xff
    const [error] = server.takeEvents();
    expect(error).toMatchObject({ type: 'protocol-error', problem: { kind: 'invalid-utf8', closeCode: 1007, byteOffset: 8 } });
    expect(sentFrames(server)[0].close?.code).toBe(1007);
  });

  it('fails with 1007 when the final fragment ends inside a code point', () => {
    const server = openServer();
    server.receive(concatBytes([clientFrame({ opcode: Opcode.Text, fin: false, payload: utf8('a') }), clientFrame({ opcode: Opcode.Continuation, payload: hex('e282') })]));
    expect(server.takeEvents()).toMatchObject([{ type: 'protocol-error', problem: { kind: 'invalid-utf8', closeCode: 1007 } }]);
  });

  it('refuses a message over maxMessageSize with 1009 without buffering it', () => {
    const server = openServer({ maxMessageSize: 1000 });
    server.receive(clientFrame({ opcode: Opcode.Binary, payload: new Uint8Array(1001) }).subarray(0, 4));
    expect(server.takeEvents()).toMatchObject([{ type: 'protocol-error', problem: { kind: 'message-too-big', closeCode: 1009 } }]);
    expect(server.parserState.name).toBe('failed');
    expect(sentFrames(server)[0].close?.code).toBe(1009);
  });

  it('refuses a frame over maxFrameSize with 1009', () => {
    const server = openServer({ maxFrameSize: 10 });
    server.receive(clientFrame({ opcode: Opcode.Binary, payload: new Uint8Array(11) }));
    expect(server.takeEvents()).toMatchObject([{ type: 'protocol-error', problem: { kind: 'frame-too-big', closeCode: 1009 } }]);
  });

  it('requires masked frames as a server, and unmasked ones as a client', () => {
    const server = openServer();
    server.receive(hex('8100'));
    expect(server.takeEvents()).toMatchObject([{ type: 'protocol-error', problem: { kind: 'unmasked-client-frame', closeCode: 1002 } }]);
    const client = openClient();
    client.receive(clientFrame({ opcode: Opcode.Text }));
    expect(client.takeEvents()).toMatchObject([{ type: 'protocol-error', problem: { kind: 'masked-server-frame', closeCode: 1002 } }]);
  });

  it('accepts RSV1 when an extension negotiated it', () => {
    const server = openServer({ negotiatedRsv: { rsv1: true } });
    server.receive(clientFrame({ opcode: Opcode.Binary, rsv1: true, payload: hex('01') }));
    expect(server.takeEvents()).toEqual([{ type: 'binary', data: hex('01') }]);
  });
});

describe('Connection: failing the connection', () => {
  it('queues a close with the code, names the rule, stops parsing and asks for TCP to close', () => {
    const server = openServer();
    server.receive(concatBytes([clientFrame({ opcode: Opcode.Text, rsv2: true }), clientFrame({ opcode: Opcode.Text, payload: utf8('after') })]));
    expect(server.takeEvents()).toMatchObject([{ type: 'protocol-error', problem: { kind: 'rsv-without-extension', closeCode: 1002, byteOffset: 0, rfc: '5.2' } }]);
    expect(sentFrames(server).map((f) => f.close)).toMatchObject([{ code: 1002, reason: 'rsv-without-extension' }]);
    expect(server).toMatchObject({ state: 'CLOSING', closedBy: 'local', transportShouldClose: true });
    server.receive(clientFrame({ opcode: Opcode.Close, payload: hex('03ea') }));
    expect(server.takeEvents()).toEqual([]);
    server.receiveEof();
    expect(server.takeEvents()).toEqual([{ type: 'closed', code: 1006, reason: '', wasClean: false, closedBy: 'abnormal' }]);
  });

  it('does not send a second close when it fails after closing', () => {
    const server = openServer();
    server.close(1000);
    server.takeOutgoing();
    server.receive(hex('8100'));
    expect(server.takeEvents()).toMatchObject([{ type: 'protocol-error' }]);
    expect(server.takeOutgoing()).toEqual([]);
  });

  it('never throws on random bytes from the peer', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, asServer) => {
      const connection = asServer ? openServer({ trace: true }) : openClient({ trace: true });
      connection.receive(bytes);
      for (const event of connection.takeEvents()) if (event.type === 'trace') event.trace.decode();
      expect(['OPEN', 'CLOSING', 'CLOSED']).toContain(connection.state);
    }), { numRuns: 300 });
  });
});

/** Frames of every kind, valid or not: any opcode, flags, masking, payload (close payloads included). */
const anyFrames = fc.array(fc.record({
  opcode: fc.integer({ min: 0, max: 15 }),
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  masked: fc.boolean(),
  payload: fc.oneof(fc.uint8Array({ maxLength: 130 }), fc.constant(utf8('\u00e9t\u00e9')), fc.constant(hex('03e8'))),
}, { requiredKeys: ['opcode', 'fin', 'rsv1', 'masked', 'payload'] }), { maxLength: 8 })
  .map((specs) => concatBytes(specs.map(({ masked, rsv1, ...spec }) =>
    encodeFrame({ ...spec, rsv1: rsv1 && spec.opcode === Opcode.Binary, maskingKey: masked ? KEY : null }, { allowInvalid: true }))));

describe('Connection: peer input never throws', () => {
  it('answers any frame sequence, in any chunking, with events, and fails with the close code it announces', () => {
    fc.assert(fc.property(anyFrames, fc.integer({ min: 1, max: 16 }), (bytes, chunkSize) => {
      const server = openServer({ trace: true, maxMessageSize: 200 });
      for (let at = 0; at < bytes.length; at += chunkSize) server.receive(bytes.subarray(at, at + chunkSize));
      const events = server.takeEvents();
      for (const event of events) if (event.type === 'trace') event.trace.decode();
      const error = events.find((e) => e.type === 'protocol-error');
      if (error?.type === 'protocol-error') {
        expect(sentFrames(server).at(-1)?.close?.code).toBe(error.problem.closeCode);
        expect(server.transportShouldClose).toBe(true);
      }
    }), { numRuns: 400 });
  });
});

describe('Connection: closing handshake', () => {
  it('closes first: CLOSING, expects the peer\'s close, then CLOSED cleanly with the peer\'s code', () => {
    const server = openServer();
    server.close(1000, 'bye');
    expect(sentFrames(server)[0].close).toMatchObject({ code: 1000, reason: 'bye' });
    expect(server).toMatchObject({ state: 'CLOSING', closedBy: 'local', closeExpected: true, transportShouldClose: false });
    server.receive(clientFrame({ opcode: Opcode.Close, payload: hex('03e8') }));
    expect(server.takeEvents()).toEqual([
      { type: 'close-received', code: 1000, reason: '' },
      { type: 'closed', code: 1000, reason: '', wasClean: true, closedBy: 'local' },
    ]);
    expect(server.takeOutgoing()).toEqual([]);
    expect(server).toMatchObject({ state: 'CLOSED', transportShouldClose: true });
  });

  it('answers the peer\'s close once, echoing its code but not its reason', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Close, payload: concatBytes([hex('0bb8'), utf8('done')]) }));
    expect(server.takeEvents()).toEqual([
      { type: 'close-received', code: 3000, reason: 'done' },
      { type: 'closed', code: 3000, reason: 'done', wasClean: true, closedBy: 'remote' },
    ]);
    expect(toHex(concatBytes(server.takeOutgoing()))).toBe('88020bb8');
    expect(server).toMatchObject({ state: 'CLOSED', closedBy: 'remote', transportShouldClose: true });
    server.close(1000);
    expect(server.takeOutgoing()).toEqual([]);
  });

  it('answers an empty close with an empty close, and reports 1005', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Close }));
    expect(toHex(concatBytes(server.takeOutgoing()))).toBe('8800');
    expect(withoutTraces(server.takeEvents()).at(-1)).toEqual({ type: 'closed', code: 1005, reason: '', wasClean: true, closedBy: 'remote' });
  });

  it('sends nothing after its close: no data, no pong, and a second close() is a no-op', () => {
    const server = openServer();
    server.close();
    expect(toHex(concatBytes(server.takeOutgoing()))).toBe('8800');
    expect(() => server.sendText('late')).toThrow(/after a close/);
    expect(() => server.ping()).toThrow();
    server.close(1001);
    server.receive(clientFrame({ opcode: Opcode.Ping, payload: utf8('?') }));
    expect(server.takeOutgoing()).toEqual([]);
    expect(server.takeEvents()).toEqual([{ type: 'ping', payload: utf8('?') }]);
  });

  it('reads but drops data the peer sent after our close: nothing may answer it (5.5.1), so nothing holds it', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Text, payload: utf8('be'), fin: false }));
    expect(server.bufferedBytes).toBe(256); // a fragmented message's first buffer
    server.close(1000);
    server.receive(clientFrame({ opcode: Opcode.Continuation, payload: utf8('fore'), fin: false }));
    server.receive(clientFrame({ opcode: Opcode.Continuation, payload: utf8(' close') }));
    server.receive(clientFrame({ opcode: Opcode.Text, payload: utf8('in flight') }));
    server.receive(clientFrame({ opcode: Opcode.Ping, payload: utf8('?') }));
    expect(server.takeEvents()).toEqual([{ type: 'ping', payload: utf8('?') }]);
    expect(server.bufferedBytes).toBe(256);
    server.receive(clientFrame({ opcode: Opcode.Close, payload: hex('03e8') }));
    expect(server.takeEvents().map((e) => e.type)).toEqual(['close-received', 'closed']);
  });

  it('holds a fragmented message in one buffer and a claimed length only as its bytes arrive', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Binary, payload: new Uint8Array(1), fin: false }));
    for (let i = 0; i < 999; i++) server.receive(clientFrame({ opcode: Opcode.Continuation, payload: new Uint8Array(1), fin: false }));
    expect(server.bufferedBytes).toBe(1024); // 1000 bytes, in a buffer that doubled from 256
    const claim = clientFrame({ opcode: Opcode.Continuation, payload: new Uint8Array(10 * 1024 * 1024) });
    server.receive(claim.subarray(0, 14 + 100));
    expect(server.bufferedBytes).toBe(1024 + 64 * 1024);
    expect(server.takeEvents()).toEqual([]);
  });

  it('ignores frames after the peer\'s close', () => {
    const server = openServer();
    server.receive(concatBytes([clientFrame({ opcode: Opcode.Close, payload: hex('03e8') }), clientFrame({ opcode: Opcode.Text, payload: utf8('ghost') }), hex('ff')]));
    server.receive(clientFrame({ opcode: Opcode.Text, payload: utf8('ghost') }));
    expect(server.takeEvents().map((e) => e.type)).toEqual(['close-received', 'closed']);
  });

  it('reports 1006 when the stream ends without a close handshake', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Text, payload: utf8('half') }).subarray(0, 5));
    server.receiveEof();
    expect(server.takeEvents()).toEqual([{ type: 'closed', code: 1006, reason: '', wasClean: false, closedBy: 'abnormal' }]);
    expect(server).toMatchObject({ state: 'CLOSED', closeExpected: false, transportShouldClose: true });
    server.receiveEof();
    expect(server.takeEvents()).toEqual([]);
  });

  it('as a client, waits for the server to close TCP after the handshake (7.1.1)', () => {
    const client = openClient();
    client.close(1000);
    client.receive(hex('880203e8'));
    expect(client).toMatchObject({ state: 'CLOSED', transportShouldClose: false, closeExpected: true });
    client.receiveEof();
    expect(client).toMatchObject({ transportShouldClose: true, closeExpected: false });
    expect(withoutTraces(client.takeEvents()).map((e) => e.type)).toEqual(['close-received', 'closed']);
  });
});

describe('Connection: traces', () => {
  it('reports every frame in and out with raw bytes, direction and the injected clock', () => {
    let clock = 100;
    const server = openServer({ trace: true, now: () => clock++ });
    const ping = clientFrame({ opcode: Opcode.Ping, payload: utf8('hi') });
    server.receive(ping);
    const events = server.takeEvents();
    expect(events.map((e) => e.type)).toEqual(['trace', 'ping', 'trace']);
    const [inTrace, , outTrace] = events.map((e) => (e.type === 'trace' ? e.trace : null));
    expect(inTrace).toMatchObject({ direction: 'in', time: 100, bytes: ping, offset: 0, opcode: Opcode.Ping, fin: true, payloadLength: 2, problem: null });
    expect(outTrace).toMatchObject({ direction: 'out', time: 101, bytes: hex('8a026869'), opcode: Opcode.Pong });
    expect(inTrace!.decode()).toMatchObject({ opcodeName: 'ping', masked: true, problems: [] });
    expect(inTrace!.decode()).toBe(inTrace!.decode());
  });

  it('decodes a continuation frame without calling it orphaned', () => {
    const server = openServer({ trace: true });
    server.receive(concatBytes([clientFrame({ opcode: Opcode.Text, fin: false, payload: utf8('a') }), clientFrame({ opcode: Opcode.Continuation, payload: utf8('b') })]));
    const traces = server.takeEvents().flatMap((e) => (e.type === 'trace' ? [e.trace] : []));
    expect(traces.map((t) => [t.offset, t.decode().opcodeName, t.decode().problems])).toEqual([[0, 'text', []], [7, 'continuation', []]]);
  });

  it('says why the connection failed, on the frame that broke the rule', () => {
    const server = openServer({ trace: true });
    server.receive(concatBytes([clientFrame({ opcode: Opcode.Text, payload: utf8('ok') }), clientFrame({ opcode: Opcode.Ping, fin: false }, { allowInvalid: true })]));
    const events = server.takeEvents();
    expect(events.map((e) => (e.type === 'trace' ? `trace-${e.trace.direction}` : e.type))).toEqual(['trace-in', 'text', 'trace-in', 'protocol-error', 'trace-out']);
    const failed = events[2].type === 'trace' ? events[2].trace : null;
    expect(failed).toMatchObject({ offset: 8, bytes: hex('09'), problem: { kind: 'fragmented-control-frame', byteOffset: 8 } });
    expect(failed!.decode()).toMatchObject({ opcodeName: 'ping', fin: false, truncated: true, problems: [{ kind: 'fragmented-control-frame', byteOffset: 0 }] });
  });

  it('shows an invalid text frame up to its bad byte, decoded with the problem pinned to it', () => {
    const server = openServer({ trace: true });
    const frame = clientFrame({ opcode: Opcode.Text, payload: concatBytes([utf8('ab'), hex('c0'), utf8('cd')]) });
    server.receive(frame);
    const failed = server.takeEvents().flatMap((e) => (e.type === 'trace' && e.trace.problem ? [e.trace] : []))[0];
    expect(failed.problem).toMatchObject({ kind: 'invalid-utf8', byteOffset: 8 });
    expect(failed.bytes).toEqual(frame.subarray(0, 9));
    expect(failed.decode().problems).toContainEqual(expect.objectContaining({ kind: 'invalid-utf8', byteOffset: 8 }));
  });

  it('emits no traces unless asked', () => {
    const server = openServer();
    server.receive(clientFrame({ opcode: Opcode.Ping }));
    expect(server.takeEvents().map((e) => e.type)).toEqual(['ping']);
  });
});

/** A random valid client stream: fragmented messages, control frames between fragments, maybe a close. */
const clientStream = fc.tuple(
  fc.array(fc.record({
    opcode: fc.constantFrom(Opcode.Text, Opcode.Binary),
    text: fc.string({ unit: 'grapheme', maxLength: 40 }),
    binary: fc.uint8Array({ maxLength: 200 }),
    fragmentSize: fc.integer({ min: 1, max: 64 }),
    ping: fc.option(fc.uint8Array({ maxLength: 125 })),
  }), { maxLength: 5 }),
  fc.option(fc.constantFrom(1000, 1001, 3000, 4999)),
).map(([messages, closeCode]) => {
  const frames: Uint8Array[] = [];
  for (const m of messages) {
    const payload = m.opcode === Opcode.Text ? utf8(m.text) : m.binary;
    const count = Math.max(1, Math.ceil(payload.length / m.fragmentSize));
    for (let i = 0; i < count; i++) {
      const part = payload.subarray(i * m.fragmentSize, (i + 1) * m.fragmentSize);
      frames.push(clientFrame({ opcode: i === 0 ? m.opcode : Opcode.Continuation, fin: i === count - 1, payload: part }));
      if (i === 0 && m.ping) frames.push(clientFrame({ opcode: Opcode.Ping, payload: m.ping }));
    }
  }
  if (closeCode !== null) frames.push(clientFrame({ opcode: Opcode.Close, payload: hex(closeCode.toString(16).padStart(4, '0')) }));
  return concatBytes(frames);
});

describe('Connection: chunk invariance', () => {
  it('yields the same events and output however the bytes are split', () => {
    fc.assert(fc.property(clientStream, fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (bytes, seeds, oneByOne) => {
      const whole = openServer();
      whole.receive(bytes);
      const cuts = oneByOne ? Array.from({ length: bytes.length }, (_, i) => i) : [...new Set(seeds.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
      const split = openServer();
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        split.receive(bytes.subarray(from, cut));
        from = cut;
      }
      const events = whole.takeEvents();
      expect(events.some((e) => e.type === 'protocol-error')).toBe(false);
      expect(split.takeEvents()).toEqual(events);
      expect(split.takeOutgoing()).toEqual(whole.takeOutgoing());
    }), { numRuns: 200 });
  });
});

describe('an unexpected failure inside the engine', () => {
  it('becomes a 1011 close for the peer, not an exception in the caller\'s read loop', () => {
    // The injected clock is the one thing receive() calls that the engine does not own.
    const connection = openServer({ trace: true, now: () => { throw new Error('clock unavailable'); } });
    expect(() => connection.receive(clientFrame({ opcode: Opcode.Text, payload: utf8('hi') }))).not.toThrow();
    const events = connection.takeEvents();
    const failure = events.find((e) => e.type === 'protocol-error');
    expect(failure).toMatchObject({ problem: { kind: 'internal-error', closeCode: 1011 } });
    const sent = decodeFrames(concatBytes(connection.takeOutgoing()), { from: 'server' }).frames;
    expect(sent.at(-1)?.close?.code).toBe(1011);
    expect(connection.transportShouldClose).toBe(true);
  });
});

describe('receiveUntilEvent: one message at a time, as gorilla\'s reader hands them out', () => {
  it('stops right after a message so it can be answered before a bad frame behind it fails the connection', () => {
    const connection = openServer();
    const message = clientFrame({ opcode: Opcode.Text, payload: utf8('echo me') });
    const bad = clientFrame({ opcode: Opcode.Text, rsv2: true, payload: utf8('x') });
    const segment = new Uint8Array([...message, ...bad]);

    const consumed = connection.receiveUntilEvent(segment);
    expect(consumed).toBe(message.length);
    expect(connection.takeEvents()).toEqual([{ type: 'text', text: 'echo me' }]);
    connection.sendText('echo me'); // still OPEN: the echo goes out first

    expect(connection.receiveUntilEvent(segment.subarray(consumed))).toBe(bad.length);
    expect(connection.takeEvents().map((e) => e.type)).toEqual(['protocol-error']);
    const sent = decodeFrames(concatBytes(connection.takeOutgoing()), { from: 'server' }).frames;
    expect(sent.map((f) => [f.opcodeName, f.text ?? f.close?.code])).toEqual([['text', 'echo me'], ['close', 1002]]);
  });

  it('gives the same events as receive() for any frames and chunking, consuming every byte', () => {
    const frameSpec = fc.oneof(
      fc.record({ opcode: fc.constantFrom(Opcode.Text), payload: fc.string({ maxLength: 40 }).map(utf8) }),
      fc.record({ opcode: fc.constantFrom(Opcode.Binary, Opcode.Ping, Opcode.Pong), payload: fc.uint8Array({ maxLength: 125 }) }),
    );
    fc.assert(fc.property(fc.array(frameSpec, { maxLength: 8 }), fc.array(fc.nat(600), { maxLength: 6 }), (specs, cuts) => {
      const stream = concatBytes(specs.map((spec) => clientFrame(spec)));
      const whole = openServer({ autoPong: false });
      whole.receive(stream);
      const stepwise = openServer({ autoPong: false });
      const points = [...new Set(cuts.map((c) => (stream.length ? c % stream.length : 0)))].sort((a, b) => a - b);
      let start = 0;
      const events: ConnectionEvent[] = [];
      for (const end of [...points, stream.length]) {
        let chunk = stream.subarray(start, Math.max(start, end));
        start = Math.max(start, end);
        while (chunk.length > 0) {
          const used = stepwise.receiveUntilEvent(chunk);
          expect(used).toBeGreaterThan(0);
          events.push(...stepwise.takeEvents());
          chunk = chunk.subarray(used);
        }
      }
      expect(events).toEqual(whole.takeEvents());
    }), { numRuns: 200 });
  });
});

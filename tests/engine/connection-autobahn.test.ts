// The Autobahn testsuite's fuzzingclient categories, at the engine level: a
// server-role Connection acting as an echo server (as /echo will) is fed
// what Autobahn sends, and what it writes back is compared with what
// Autobahn expects. Case numbers refer to the suite's case list.

import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionEvent, type ConnectionOptions } from '../../engine/connection';
import { decodeFrames, encodeFrame } from '../../engine/frame';
import type { AnnotatedFrame, FrameSpec } from '../../engine/frame-model';
import { Opcode } from '../../engine/opcode';
import { hex } from '../support/frames';

const KEY = Uint8Array.of(0x11, 0x22, 0x33, 0x44);
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A frame as Autobahn's client sends it: masked; invalid ones on purpose. */
const frame = (spec: FrameSpec) => encodeFrame({ maskingKey: KEY, ...spec }, { allowInvalid: true });
const text = (s: string | Uint8Array, fin = true) => frame({ opcode: Opcode.Text, fin, payload: typeof s === 'string' ? utf8(s) : s });
const binary = (payload: Uint8Array, fin = true) => frame({ opcode: Opcode.Binary, fin, payload });
const cont = (s: string | Uint8Array, fin = true) => frame({ opcode: Opcode.Continuation, fin, payload: typeof s === 'string' ? utf8(s) : s });
const ping = (s: string | Uint8Array = '') => frame({ opcode: Opcode.Ping, payload: typeof s === 'string' ? utf8(s) : s });
const pong = (s = '') => frame({ opcode: Opcode.Pong, payload: utf8(s) });
const close = (payload: Uint8Array = new Uint8Array(0)) => frame({ opcode: Opcode.Close, payload });
const closeWith = (code: number, reason = '') => close(Uint8Array.from([code >> 8, code & 0xff, ...utf8(reason)]));

type Chop = 'frames' | 'one' | 'bytes';

/** Echo server: every message it receives, it sends back as it came (text as text, binary as binary). */
class EchoServer {
  readonly connection: Connection;
  readonly events: ConnectionEvent[] = [];
  private readonly written: Uint8Array[] = [];

  constructor(options: Partial<ConnectionOptions> = {}) {
    this.connection = new Connection({ role: 'server', ...options });
    this.connection.open();
  }

  receive(bytes: Uint8Array): void {
    this.connection.receive(bytes);
    for (const event of this.connection.takeEvents()) {
      this.events.push(event);
      if (this.connection.state !== 'OPEN') continue;
      if (event.type === 'text') this.connection.sendText(event.text);
      if (event.type === 'binary') this.connection.sendBinary(event.data);
    }
    this.written.push(...this.connection.takeOutgoing());
  }

  /** What it wrote, decoded as the client sees it. */
  get frames(): AnnotatedFrame[] {
    const all = new Uint8Array(this.written.reduce((n, w) => n + w.length, 0));
    let at = 0;
    for (const w of this.written) {
      all.set(w, at);
      at += w.length;
    }
    return decodeFrames(all, { from: 'server' }).frames;
  }

  /** What it wrote, in the summary form the cases use: "text:Hello", "pong:", "close:1002", "binary:65536B". */
  get sent(): string[] {
    return this.frames.map(summarize);
  }
}

function summarize(f: AnnotatedFrame): string {
  if (f.close || f.opcodeName === 'close') return `close:${f.close?.code ?? ''}`;
  if (f.text !== null && f.text.length <= 24) return `${f.opcodeName}:${f.text}`;
  if (f.opcodeName === 'ping' || f.opcodeName === 'pong') return `${f.opcodeName}:${new TextDecoder().decode(f.payload)}`;
  return `${f.opcodeName}:${f.payloadLength}B`;
}

function run(frames: Uint8Array[], chop: Chop = 'frames', options: Partial<ConnectionOptions> = {}): EchoServer {
  const server = new EchoServer(options);
  if (chop === 'frames') for (const f of frames) server.receive(f);
  if (chop === 'one') server.receive(Uint8Array.from(frames.flatMap((f) => [...f])));
  if (chop === 'bytes') for (const f of frames) for (const byte of f) server.receive(Uint8Array.of(byte));
  return server;
}

interface Case {
  id: string;
  name: string;
  frames: Uint8Array[];
  chop?: Chop;
  sent: string[];
}

function cases(list: Case[]): void {
  it.each(list)('$id $name', ({ frames, chop, sent }) => {
    expect(run(frames, chop).sent).toEqual(sent);
  });
}

const bytes = (n: number, fill = 0xfe) => new Uint8Array(n).fill(fill);
const asText = (n: number) => 'BAsd7&jh23'.repeat(Math.ceil(n / 10)).slice(0, n);

describe('1 framing', () => {
  it.each([0, 125, 126, 127, 128, 65535, 65536])('1.1 echoes a %i-byte text message', (n) => {
    const server = run([text(asText(n))]);
    expect(server.events).toEqual([{ type: 'text', text: asText(n) }]);
    expect(server.sent).toEqual([n <= 24 ? `text:${asText(n)}` : `text:${n}B`]);
  });

  it.each([0, 125, 126, 127, 128, 65535, 65536])('1.2 echoes a %i-byte binary message', (n) => {
    const server = run([binary(bytes(n))]);
    expect(server.events).toEqual([{ type: 'binary', data: bytes(n) }]);
    expect(server.sent).toEqual([`binary:${n}B`]);
  });

  it('1.1.8 echoes a 65536-byte text message sent in chops of 997 bytes', () => {
    const wire = text(asText(65536));
    const server = new EchoServer();
    for (let at = 0; at < wire.length; at += 997) server.receive(wire.subarray(at, at + 997));
    expect(server.sent).toEqual(['text:65536B']);
  });
});

describe('2 ping/pong', () => {
  cases([
    { id: '2.1', name: 'answers a ping without payload', frames: [ping()], sent: ['pong:'] },
    { id: '2.2', name: 'answers a ping with a text payload', frames: [ping('Hello, world!')], sent: ['pong:Hello, world!'] },
    { id: '2.4', name: 'answers a ping with a 125-byte payload', frames: [ping('*'.repeat(125))], sent: [`pong:${'*'.repeat(125)}`] },
    { id: '2.5', name: 'fails on a ping with a 126-byte payload', frames: [ping('*'.repeat(126))], sent: ['close:1002'] },
    { id: '2.6', name: 'answers a 125-byte ping sent one byte at a time', frames: [ping('*'.repeat(125))], chop: 'bytes', sent: [`pong:${'*'.repeat(125)}`] },
    { id: '2.7', name: 'ignores an unsolicited pong without payload', frames: [pong()], sent: [] },
    { id: '2.8', name: 'ignores an unsolicited pong with payload', frames: [pong('unsolicited')], sent: [] },
    { id: '2.9', name: 'answers only the ping after an unsolicited pong', frames: [pong('unsolicited'), ping('solicited')], sent: ['pong:solicited'] },
    { id: '2.10', name: 'answers 10 pings in order', frames: Array.from({ length: 10 }, (_, i) => ping(`p${i}`)), sent: Array.from({ length: 10 }, (_, i) => `pong:p${i}`) },
    { id: '2.11', name: 'answers 10 pings sent one byte at a time', frames: Array.from({ length: 10 }, (_, i) => ping(`p${i}`)), chop: 'bytes', sent: Array.from({ length: 10 }, (_, i) => `pong:p${i}`) },
  ]);

  it('2.3 answers a ping with a binary payload, byte for byte', () => {
    const payload = hex('00ff fe fd fc fb 00 ff');
    const server = run([ping(payload)]);
    expect(server.events).toEqual([{ type: 'ping', payload }]);
    expect(server.frames.map((f) => [f.opcodeName, f.payload])).toEqual([['pong', payload]]);
  });
});

describe('3 reserved bits', () => {
  const rsv = (opcode: number, bits: Partial<FrameSpec>, payload = 'Hello, world!') => frame({ opcode, payload: utf8(payload), ...bits });
  cases([
    { id: '3.1', name: 'fails on RSV1 set on a text frame', frames: [rsv(Opcode.Text, { rsv1: true })], sent: ['close:1002'] },
    { id: '3.2', name: 'echoes a valid text, fails on RSV2, ignores the ping after', frames: [text('Hello, world!'), rsv(Opcode.Text, { rsv2: true }), ping()], sent: ['text:Hello, world!', 'close:1002'] },
    { id: '3.3', name: 'same with RSV3, one byte at a time', frames: [text('Hello, world!'), rsv(Opcode.Text, { rsv3: true }), ping()], chop: 'bytes', sent: ['text:Hello, world!', 'close:1002'] },
    { id: '3.5', name: 'fails on RSV1+RSV3 on a binary frame', frames: [rsv(Opcode.Binary, { rsv1: true, rsv3: true })], sent: ['close:1002'] },
    { id: '3.6', name: 'fails on RSV2+RSV3 on a ping', frames: [rsv(Opcode.Ping, { rsv2: true, rsv3: true })], sent: ['close:1002'] },
    { id: '3.7', name: 'fails on all RSV bits on a close', frames: [frame({ opcode: Opcode.Close, rsv1: true, rsv2: true, rsv3: true })], sent: ['close:1002'] },
  ]);

  it('3.4 delivers the text before RSV1+RSV2 in the same chop, but the close is queued before an echo could be', () => {
    // Sans-I/O: one receive() parses the whole chop, so the failure's close
    // is already queued when the application sees the text; nothing may
    // follow a close (5.5.1), so the echo is refused.
    const server = run([text('Hello, world!'), rsv(Opcode.Text, { rsv1: true, rsv2: true }), ping()], 'one');
    expect(server.events.map((e) => e.type)).toEqual(['text', 'protocol-error']);
    expect(server.sent).toEqual(['close:1002']);
  });
});

describe('4 opcodes', () => {
  const reservedData = [3, 4, 5, 6, 7];
  const reservedControl = [0xb, 0xc, 0xd, 0xe, 0xf];
  it.each([...reservedData, ...reservedControl])('4.1/4.2 fails on reserved opcode 0x%s', (opcode) => {
    const server = run([frame({ opcode, payload: utf8('reserved') })]);
    expect(server.sent).toEqual(['close:1002']);
    expect(server.events).toMatchObject([{ type: 'protocol-error', problem: { kind: 'reserved-opcode', closeCode: 1002 } }]);
  });

  cases([
    { id: '4.1.3', name: 'echoes a text, fails on opcode 5, does not answer the ping after', frames: [text('Hello, world!'), frame({ opcode: 5 }), ping()], sent: ['text:Hello, world!', 'close:1002'] },
    { id: '4.2.5', name: 'same with opcode 0xF, one byte at a time', frames: [text('Hello, world!'), frame({ opcode: 0xf, payload: utf8('x') }), ping()], chop: 'bytes', sent: ['text:Hello, world!', 'close:1002'] },
  ]);
});

describe('5 fragmentation', () => {
  const pingNoFin = (s: string) => frame({ opcode: Opcode.Ping, fin: false, payload: utf8(s) });
  const pongNoFin = (s: string) => frame({ opcode: Opcode.Pong, fin: false, payload: utf8(s) });
  cases([
    { id: '5.1', name: 'fails on a ping in 2 fragments', frames: [pingNoFin('fragment1'), cont('fragment2')], sent: ['close:1002'] },
    { id: '5.2', name: 'fails on a pong in 2 fragments', frames: [pongNoFin('fragment1'), cont('fragment2')], sent: ['close:1002'] },
    { id: '5.3', name: 'echoes a text message in 2 fragments', frames: [text('fragment1', false), cont('fragment2')], sent: ['text:fragment1fragment2'] },
    { id: '5.4', name: 'same, one byte at a time', frames: [text('fragment1', false), cont('fragment2')], chop: 'bytes', sent: ['text:fragment1fragment2'] },
    { id: '5.6', name: 'answers a ping between fragments first', frames: [text('fragment1', false), ping('pongme!'), cont('fragment2')], sent: ['pong:pongme!', 'text:fragment1fragment2'] },
    { id: '5.8', name: 'same, one byte at a time', frames: [text('fragment1', false), ping('pongme!'), cont('fragment2')], chop: 'bytes', sent: ['pong:pongme!', 'text:fragment1fragment2'] },
    { id: '5.9', name: 'fails on a final continuation with nothing to continue', frames: [cont('non-continuation payload'), text('Hello, world!')], sent: ['close:1002'] },
    { id: '5.10', name: 'same, one byte at a time', frames: [cont('non-continuation payload'), text('Hello, world!')], chop: 'bytes', sent: ['close:1002'] },
    { id: '5.12', name: 'fails on a non-final continuation with nothing to continue', frames: [cont('non-continuation payload', false), text('Hello, world!')], sent: ['close:1002'] },
    { id: '5.15', name: 'echoes a message, then fails on an orphaned continuation', frames: [text('fragment1', false), cont('fragment2'), cont('fragment3', false), text('fragment4')], sent: ['text:fragment1fragment2', 'close:1002'] },
    { id: '5.17', name: 'fails on a text frame where a continuation is due', frames: [text('fragment1', false), text('fragment2', false), cont('fragment3')], sent: ['close:1002'] },
    { id: '5.18', name: 'fails on a final text frame where a continuation is due', frames: [text('fragment1', false), text('fragment2')], sent: ['close:1002'] },
    { id: '5.19', name: 'answers pings between 5 fragments', frames: [text('f1', false), cont('f2', false), ping('p1'), cont('f3', false), cont('f4', false), ping('p2'), cont('f5')], sent: ['pong:p1', 'pong:p2', 'text:f1f2f3f4f5'] },
  ]);
});

describe('6 UTF-8', () => {
  const hello = utf8('Hello-µ@ßöäüàá-UTF-8!!');

  it('6.1 echoes empty text messages, fragmented or not', () => {
    expect(run([text('')]).sent).toEqual(['text:']);
    expect(run([text('', false), cont('', false), cont('')]).sent).toEqual(['text:']);
  });

  it('6.2 echoes valid multi-byte text split into fragments at every byte', () => {
    const frames = Array.from(hello, (byte, i) => (i === 0 ? text(Uint8Array.of(byte), false) : cont(Uint8Array.of(byte), i === hello.length - 1)));
    expect(run(frames).sent).toEqual(['text:Hello-µ@ßöäüàá-UTF-8!!']);
  });

  it('6.3 fails with 1007 on a surrogate inside "κόσμε"', () => {
    const server = run([text(hex('cebae1bdb9cf83cebcceb5eda080656469746564'))]);
    expect(server.sent).toEqual(['close:1007']);
    expect(server.events).toMatchObject([{ type: 'protocol-error', problem: { kind: 'invalid-utf8', closeCode: 1007 } }]);
  });

  it('6.4.1 fails fast: after the second of 3 fragments, before the third arrives', () => {
    const server = new EchoServer();
    server.receive(text(hex('cebae1bdb9cf83cebcceb5'), false));
    expect(server.sent).toEqual([]);
    server.receive(cont(hex('f4908080'), false)); // U+110000: out of range
    expect(server.sent).toEqual(['close:1007']);
    server.receive(cont(hex('656469746564')));
    expect(server.events.map((e) => e.type)).toEqual(['protocol-error']);
  });

  it('6.4.3 fails fast inside one frame sent in 3 chops, at the chop holding the bad byte', () => {
    const wire = text(hex('cebae1bdb9cf83cebcceb5 f4908080 656469746564'));
    const server = new EchoServer();
    server.receive(wire.subarray(0, 6 + 11));
    expect(server.sent).toEqual([]);
    server.receive(wire.subarray(17, 21));
    expect(server.sent).toEqual(['close:1007']);
    expect(server.events).toMatchObject([{ problem: { byteOffset: 18 } }]); // f4 is valid; 90 is the first byte that cannot follow it
  });

  it.each([
    ['overlong "/" (c0 af)', 'c0af'],
    ['overlong 3-byte (e0 80 af)', 'e080af'],
    ['lone continuation byte', '80'],
    ['high surrogate U+D800', 'eda080'],
    ['low surrogate U+DFFF', 'edbfbf'],
    ['code point above U+10FFFF', 'f4908080'],
    ['0xfe', 'fe'],
    ['0xff', 'ff'],
    ['text ending inside a code point', 'cebae1bd'],
  ])('6.x fails with 1007 on %s', (_name, bad) => {
    expect(run([text(hex(bad))]).sent).toEqual(['close:1007']);
  });

  it.each([
    ['U+0000', '00'],
    ['U+007F', '7f'],
    ['U+0080', 'c280'],
    ['U+07FF', 'dfbf'],
    ['U+0800', 'e0a080'],
    ['U+D7FF', 'ed9fbf'],
    ['U+E000', 'ee8080'],
    ['U+FFFD', 'efbfbd'],
    ['U+10000', 'f0908080'],
    ['U+10FFFF', 'f48fbfbf'],
    ['a byte order mark', 'efbbbf'],
  ])('6.x echoes boundary code point %s', (_name, good) => {
    const server = run([text(hex(good))]);
    expect(server.events).toEqual([{ type: 'text', text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(hex(good)) }]);
  });
});

describe('7 close handling', () => {
  cases([
    { id: '7.1.1', name: 'echoes a text, then answers the close', frames: [text('Hello World!'), closeWith(1000)], sent: ['text:Hello World!', 'close:1000'] },
    { id: '7.1.2', name: 'answers a close once, ignoring a second one', frames: [closeWith(1000), closeWith(1000)], sent: ['close:1000'] },
    { id: '7.1.3', name: 'does not answer a ping after the close', frames: [closeWith(1000), ping()], sent: ['close:1000'] },
    { id: '7.1.4', name: 'ignores a text after the close', frames: [closeWith(1000), text('Hello World!')], sent: ['close:1000'] },
    { id: '7.1.5', name: 'drops a message left unfinished by the close', frames: [text('fragment1', false), closeWith(1000), cont('fragment2')], sent: ['close:1000'] },
    { id: '7.3.1', name: 'answers an empty close with an empty close', frames: [close()], sent: ['close:'] },
    { id: '7.3.2', name: 'fails on a 1-byte close payload', frames: [close(hex('03'))], sent: ['close:1002'] },
    { id: '7.3.3', name: 'echoes a close code alone', frames: [closeWith(1000)], sent: ['close:1000'] },
    { id: '7.3.4', name: 'echoes the code of a close with a reason', frames: [closeWith(1000, 'Hello World!')], sent: ['close:1000'] },
    { id: '7.3.5', name: 'accepts a 123-byte reason', frames: [closeWith(1000, '*'.repeat(123))], sent: ['close:1000'] },
    { id: '7.3.6', name: 'fails on a 124-byte reason (control payload over 125)', frames: [closeWith(1000, '*'.repeat(124))], sent: ['close:1002'] },
    { id: '7.5.1', name: 'fails with 1007 on a reason that is not UTF-8', frames: [close(hex('03e8 cebae1bdb9cf83cebcceb5eda080656469746564'))], sent: ['close:1007'] },
  ]);

  it('7.1.6 echoes a large message, answers the ping, then the close, in order', () => {
    const server = run([text(asText(256 * 1024)), ping('ping'), closeWith(1000)]);
    expect(server.sent).toEqual(['text:262144B', 'pong:ping', 'close:1000']);
  });

  it.each([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999])('7.7 echoes valid close code %i', (code) => {
    const server = run([closeWith(code)]);
    expect(server.sent).toEqual([`close:${code}`]);
    expect(server.events.at(-1)).toEqual({ type: 'closed', code, reason: '', wasClean: true, closedBy: 'remote' });
  });

  it.each([0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535])('7.9/7.13 fails with 1002 on invalid close code %i', (code) => {
    const server = run([closeWith(code)]);
    expect(server.sent).toEqual(['close:1002']);
    expect(server.events).toMatchObject([{ type: 'protocol-error', problem: { kind: 'close-code-not-sendable', closeCode: 1002 } }]);
  });
});

describe('9 limits', () => {
  const limit = 64 * 1024;
  const limited = { maxMessageSize: limit, maxFrameSize: limit };

  it('9.1/9.2 echoes text and binary messages exactly at the limit', () => {
    expect(run([text(asText(limit))], 'one', limited).sent).toEqual([`text:${limit}B`]);
    expect(run([binary(bytes(limit))], 'one', limited).sent).toEqual([`binary:${limit}B`]);
  });

  it('9.1 fails with 1009 on a message one byte over, before its payload arrives', () => {
    const wire = binary(bytes(limit + 1));
    const server = new EchoServer(limited);
    server.receive(wire.subarray(0, 14));
    expect(server.sent).toEqual(['close:1009']);
    expect(server.connection.parserState.name).toBe('failed');
  });

  it('9.3/9.4 echoes a message fragmented into 64 frames, fails when fragments outgrow the limit', () => {
    const fragment = limit / 64;
    const frames = Array.from({ length: 64 }, (_, i) => (i === 0 ? binary(bytes(fragment), false) : cont(bytes(fragment), i === 63)));
    expect(run(frames, 'one', limited).sent).toEqual([`binary:${limit}B`]);
    const overflowing = [...frames.slice(0, 63), cont(bytes(fragment), false), cont(bytes(1))];
    const server = run(overflowing, 'frames', limited);
    expect(server.sent).toEqual(['close:1009']);
    expect(server.events).toMatchObject([{ type: 'protocol-error', problem: { kind: 'message-too-big', closeCode: 1009 } }]);
  });

  it('9.5/9.6 echoes a message delivered in chops of every size from 1 to 64 bytes', () => {
    const wire = text(asText(4096));
    for (let chop = 1; chop <= 64; chop *= 2) {
      const server = new EchoServer();
      for (let at = 0; at < wire.length; at += chop) server.receive(wire.subarray(at, at + chop));
      expect(server.sent).toEqual(['text:4096B']);
    }
  });

  it('refuses a frame over the default 16 MiB limit from its header alone', () => {
    const server = new EchoServer();
    server.receive(hex('82ff 0000000001000001 11223344'));
    expect(server.sent).toEqual(['close:1009']);
  });
});

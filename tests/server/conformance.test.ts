// Our own conformance suite against /echo, after the Autobahn testsuite's
// categories 1–7, 9 and 10 (its case numbers are in the names). The client is
// tests/support/raw-client.ts, which shares no code with the server. A case
// that must fail is judged strictly: the right close code from the server,
// and then the server closes TCP (RFC 6455 7.1.1, 7.1.7). Large messages
// (category 9) are sized so the suite runs in seconds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import { RawClient, clientFrame, closePayload } from '../support/raw-client';

const TEXT = 0x1;
const BINARY = 0x2;
const CONTINUATION = 0x0;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

let server: ExplorerServer;
let port: number;

beforeAll(async () => {
  server = createExplorerServer({ port: 0, demos: false, log: () => {}, upgrader: { closeTimeoutMs: 2000 } });
  ({ port } = await server.listen());
});

afterAll(async () => {
  await server.close({ timeoutMs: 1000 });
});

async function open(): Promise<RawClient> {
  return RawClient.connect(port);
}

/** The next data message must be `payload` with `opcode`. */
async function expectEcho(client: RawClient, opcode: number, payload: Uint8Array | string, timeoutMs = 5000): Promise<void> {
  const message = await client.nextMessage(timeoutMs);
  expect(message.opcode).toBe(opcode);
  const expected = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  expect(message.payload.length).toBe(expected.length);
  expect(message.payload.equals(expected)).toBe(true);
}

/** The server must fail the connection with `code`, send nothing else first, and close TCP. */
async function expectFailure(client: RawClient, code: number): Promise<void> {
  const outcome = await client.expectClose(3000);
  expect(outcome.frames.filter((f) => f.opcode !== PONG).map((f) => f.opcode)).toEqual([]);
  expect(outcome.close?.code).toBe(code);
  expect(outcome.tcpClosed).toBe(true);
}

/** A clean end: we close with 1000, the server answers 1000 and closes TCP. */
async function expectCleanClose(client: RawClient): Promise<void> {
  client.sendClose(1000);
  const outcome = await client.expectClose(3000, false);
  expect(outcome.close?.code).toBe(1000);
  expect(outcome.tcpClosed).toBe(true);
}

const repeat = (length: number, fill = 0x2a) => new Uint8Array(length).fill(fill);
const bytes = (...values: number[]) => Uint8Array.from(values);

describe('1 framing: text and binary of every length encoding', () => {
  const lengths = [0, 125, 126, 127, 128, 65535, 65536];
  lengths.forEach((length, i) => {
    it(`1.1.${i + 1} echoes a ${length}-byte text message`, async () => {
      const client = await open();
      const text = 'a'.repeat(length);
      client.sendText(text);
      await expectEcho(client, TEXT, text);
      await expectCleanClose(client);
    });
    it(`1.2.${i + 1} echoes a ${length}-byte binary message`, async () => {
      const client = await open();
      const data = repeat(length, 0xfe);
      client.sendFrame({ opcode: BINARY, payload: data });
      await expectEcho(client, BINARY, data);
      await expectCleanClose(client);
    });
  });

  it('1.1.8 echoes a 65536-byte text message written in 997-byte chops', async () => {
    const client = await open();
    const text = '*'.repeat(65536);
    await client.sendChopped(clientFrame({ opcode: TEXT, payload: text }), 997);
    await expectEcho(client, TEXT, text);
    await expectCleanClose(client);
  });
});

describe('2 pings and pongs', () => {
  const pongFor = async (client: RawClient, payload: Uint8Array) => {
    const frame = await client.nextFrame();
    expect(frame?.opcode).toBe(PONG);
    expect(new Uint8Array(frame!.payload)).toEqual(payload);
  };

  it('2.1 answers a ping without payload', async () => {
    const client = await open();
    client.sendFrame({ opcode: PING });
    await pongFor(client, new Uint8Array(0));
    await expectCleanClose(client);
  });

  it('2.2 and 2.3 answer pings with text and binary payloads', async () => {
    const client = await open();
    client.sendFrame({ opcode: PING, payload: 'Hello, world!' });
    await pongFor(client, new Uint8Array(Buffer.from('Hello, world!')));
    client.sendFrame({ opcode: PING, payload: bytes(0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff) });
    await pongFor(client, bytes(0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff));
    await expectCleanClose(client);
  });

  it('2.4 answers a ping with a 125-byte payload', async () => {
    const client = await open();
    client.sendFrame({ opcode: PING, payload: repeat(125, 0xfe) });
    await pongFor(client, repeat(125, 0xfe));
    await expectCleanClose(client);
  });

  it('2.5 fails on a ping with a 126-byte payload (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: PING, payload: repeat(126, 0xfe) });
    await expectFailure(client, 1002);
  });

  it('2.6 answers a 125-byte ping written one byte at a time', async () => {
    const client = await open();
    await client.sendChopped(clientFrame({ opcode: PING, payload: repeat(125, 0xfe) }), 1);
    await pongFor(client, repeat(125, 0xfe));
    await expectCleanClose(client);
  });

  it('2.7 and 2.8 ignore unsolicited pongs', async () => {
    const client = await open();
    client.sendFrame({ opcode: PONG });
    client.sendFrame({ opcode: PONG, payload: 'unsolicited pong payload' });
    await expectCleanClose(client);
  });

  it('2.9 answers only the ping after an unsolicited pong', async () => {
    const client = await open();
    client.sendFrame({ opcode: PONG, payload: 'unsolicited pong payload' });
    client.sendFrame({ opcode: PING, payload: 'ping payload' });
    await pongFor(client, new Uint8Array(Buffer.from('ping payload')));
    await expectCleanClose(client);
  });

  it('2.10 and 2.11 answer ten pings in order, also when chopped', async () => {
    for (const chop of [0, 1]) {
      const client = await open();
      for (let i = 0; i < 10; i++) {
        const frame = clientFrame({ opcode: PING, payload: `payload-${i}` });
        if (chop) await client.sendChopped(frame, chop);
        else client.send(frame);
      }
      for (let i = 0; i < 10; i++) await pongFor(client, new Uint8Array(Buffer.from(`payload-${i}`)));
      await expectCleanClose(client);
    }
  });
});

describe('3 reserved bits', () => {
  const cases: Array<[string, number, number]> = [
    ['3.1 text with RSV1', TEXT, 4],
    ['3.2 text with RSV2', TEXT, 2],
    ['3.3 text with RSV1+RSV2', TEXT, 6],
    ['3.4 text with RSV3', TEXT, 1],
    ['3.5 binary with RSV1+RSV3', BINARY, 5],
    ['3.6 ping with RSV2+RSV3', PING, 3],
    ['3.7 close with all RSV bits', CLOSE, 7],
  ];
  for (const [name, opcode, rsv] of cases) {
    it(`${name} fails with 1002`, async () => {
      const client = await open();
      client.sendFrame({ opcode, rsv, payload: opcode === CLOSE ? closePayload(1000) : 'Hello, world!' });
      await expectFailure(client, 1002);
    });
  }

  it('3.2 echoes the valid message before the one with RSV2, then fails', async () => {
    const client = await open();
    client.sendText('Hello, world!');
    client.sendFrame({ opcode: TEXT, rsv: 2, payload: 'Hello, world!' });
    client.sendFrame({ opcode: PING, payload: 'Hello, world!' });
    await expectEcho(client, TEXT, 'Hello, world!');
    await expectFailure(client, 1002);
  });
});

describe('4 opcodes', () => {
  for (const opcode of [3, 4, 5, 6, 7]) {
    it(`4.1 fails on reserved non-control opcode ${opcode} (1002)`, async () => {
      const client = await open();
      client.sendFrame({ opcode, payload: 'reserved' });
      await expectFailure(client, 1002);
    });
  }
  for (const opcode of [0xb, 0xc, 0xd, 0xe, 0xf]) {
    it(`4.2 fails on reserved control opcode 0x${opcode.toString(16)} (1002)`, async () => {
      const client = await open();
      client.sendFrame({ opcode, payload: 'reserved' });
      await expectFailure(client, 1002);
    });
  }

  it('4.1.3 echoes the text before a reserved opcode, and never answers the ping after it', async () => {
    const client = await open();
    client.sendText('Hello, world!');
    client.sendFrame({ opcode: 5, payload: 'reserved' });
    client.sendFrame({ opcode: PING });
    await expectEcho(client, TEXT, 'Hello, world!');
    await expectFailure(client, 1002);
  });
});

describe('5 fragmentation', () => {
  it('5.1 fails on a fragmented ping (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: PING, payload: 'frag1', fin: false });
    client.sendFrame({ opcode: CONTINUATION, payload: 'frag2' });
    await expectFailure(client, 1002);
  });

  it('5.2 fails on a fragmented pong (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: PONG, payload: 'frag1', fin: false });
    client.sendFrame({ opcode: CONTINUATION, payload: 'frag2' });
    await expectFailure(client, 1002);
  });

  it('5.3 and 5.4 echo a text message in two fragments, also chopped', async () => {
    for (const chop of [0, 1]) {
      const client = await open();
      const wire = Buffer.concat([clientFrame({ opcode: TEXT, payload: 'fragment1', fin: false }), clientFrame({ opcode: CONTINUATION, payload: 'fragment2' })]);
      if (chop) await client.sendChopped(wire, chop);
      else client.send(wire);
      await expectEcho(client, TEXT, 'fragment1fragment2');
      await expectCleanClose(client);
    }
  });

  it('5.6 to 5.8 answer a ping between fragments before echoing the message', async () => {
    const client = await open();
    client.sendFrame({ opcode: TEXT, payload: 'fragment1', fin: false });
    client.sendFrame({ opcode: PING, payload: 'ping payload' });
    client.sendFrame({ opcode: CONTINUATION, payload: 'fragment2' });
    const message = await client.nextMessage();
    expect(message.control.map((f) => f.opcode)).toEqual([PONG]);
    expect(message.payload.toString()).toBe('fragment1fragment2');
    await expectCleanClose(client);
  });

  it('5.9 and 5.10 fail on a final continuation with no message started (1002)', async () => {
    for (const chop of [0, 1]) {
      const client = await open();
      const wire = Buffer.concat([clientFrame({ opcode: CONTINUATION, payload: 'non-continuation payload' }), clientFrame({ opcode: TEXT, payload: 'Hello, world!' })]);
      if (chop) await client.sendChopped(wire, chop);
      else client.send(wire);
      await expectFailure(client, 1002);
    }
  });

  it('5.12 fails on a non-final continuation with no message started (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: CONTINUATION, payload: 'non-continuation payload', fin: false });
    client.sendFrame({ opcode: TEXT, payload: 'Hello, world!' });
    await expectFailure(client, 1002);
  });

  it('5.15 fails on a new text message inside a fragmented one (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: TEXT, payload: 'fragment1', fin: false });
    client.sendFrame({ opcode: CONTINUATION, payload: 'fragment2' });
    client.sendFrame({ opcode: CONTINUATION, payload: 'fragment3', fin: false });
    client.sendFrame({ opcode: TEXT, payload: 'fragment4' });
    await expectEcho(client, TEXT, 'fragment1fragment2');
    await expectFailure(client, 1002);
  });

  it('5.18 fails on two text frames that both start a message (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: TEXT, payload: 'fragment1', fin: false });
    client.sendFrame({ opcode: TEXT, payload: 'fragment2' });
    await expectFailure(client, 1002);
  });

  it('5.19 and 5.20 answer pings between five fragments and echo the whole message', async () => {
    for (const chop of [0, 7]) {
      const client = await open();
      const frames = [
        clientFrame({ opcode: TEXT, payload: 'fragment1', fin: false }),
        clientFrame({ opcode: CONTINUATION, payload: 'fragment2', fin: false }),
        clientFrame({ opcode: PING, payload: 'pongme 1!' }),
        clientFrame({ opcode: CONTINUATION, payload: 'fragment3', fin: false }),
        clientFrame({ opcode: PING, payload: 'pongme 2!' }),
        clientFrame({ opcode: CONTINUATION, payload: 'fragment4', fin: false }),
        clientFrame({ opcode: CONTINUATION, payload: 'fragment5' }),
      ];
      const wire = Buffer.concat(frames);
      if (chop) await client.sendChopped(wire, chop);
      else client.send(wire);
      const message = await client.nextMessage();
      expect(message.control.map((f) => f.payload.toString())).toEqual(['pongme 1!', 'pongme 2!']);
      expect(message.payload.toString()).toBe('fragment1fragment2fragment3fragment4fragment5');
      await expectCleanClose(client);
    }
  });
});

describe('6 UTF-8 handling', () => {
  it('6.1 echoes empty text messages, whole and as empty fragments', async () => {
    const client = await open();
    client.sendText('');
    await expectEcho(client, TEXT, '');
    client.sendFrame({ opcode: TEXT, payload: '', fin: false });
    client.sendFrame({ opcode: CONTINUATION, payload: '', fin: false });
    client.sendFrame({ opcode: CONTINUATION, payload: '' });
    await expectEcho(client, TEXT, '');
    await expectCleanClose(client);
  });

  const valid: Array<[string, number[]]> = [
    ['6.2 Hello-µ@ßöäüàá-UTF-8!!', [...Buffer.from('Hello-µ@ßöäüàá-UTF-8!!')]],
    ['6.5.1 κόσμε', [0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5]],
    ['6.7.1 U+0000', [0x00]],
    ['6.7.2 U+0080', [0xc2, 0x80]],
    ['6.7.3 U+0800', [0xe0, 0xa0, 0x80]],
    ['6.7.4 U+10000', [0xf0, 0x90, 0x80, 0x80]],
    ['6.9.1 U+007F', [0x7f]],
    ['6.9.3 U+FFFF', [0xef, 0xbf, 0xbf]],
    ['6.9.4 U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf]],
    ['6.11.1 U+D7FF', [0xed, 0x9f, 0xbf]],
    ['6.11.2 U+E000', [0xee, 0x80, 0x80]],
    ['6.23.1 U+FFFD', [0xef, 0xbf, 0xbd]],
  ];
  for (const [name, sequence] of valid) {
    it(`${name} is echoed, whole and split into one-byte fragments`, async () => {
      const client = await open();
      const payload = Uint8Array.from(sequence);
      client.sendFrame({ opcode: TEXT, payload });
      await expectEcho(client, TEXT, payload);
      sequence.forEach((byte, i) => client.sendFrame({ opcode: i === 0 ? TEXT : CONTINUATION, payload: bytes(byte), fin: i === sequence.length - 1 }));
      await expectEcho(client, TEXT, payload);
      await expectCleanClose(client);
    });
  }

  const invalid: Array<[string, number[]]> = [
    ['6.3.1 κόσμε with an invalid byte inside', [0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64]],
    ['6.8.1 a 5-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['6.8.2 a 6-byte sequence', [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80]],
    ['6.10.1 a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['6.12.1 a lone continuation byte', [0x80]],
    ['6.12.2 two continuation bytes', [0x80, 0xbf]],
    ['6.13.1 a lead byte followed by a space', [0xc0, 0x20]],
    ['6.14.1 a sequence missing its last byte', [0xe0, 0x80]],
    ['6.15.1 concatenated incomplete sequences', [0xc0, 0xe0, 0x80, 0xf0, 0x80, 0x80]],
    ['6.16.1 an impossible byte 0xfe', [0xfe]],
    ['6.16.2 an impossible byte 0xff', [0xff]],
    ['6.17.1 overlong "/" in 2 bytes', [0xc0, 0xaf]],
    ['6.17.3 overlong "/" in 4 bytes', [0xf0, 0x80, 0x80, 0xaf]],
    ['6.18.1 overlong U+007F', [0xc1, 0xbf]],
    ['6.19.1 overlong NUL', [0xc0, 0x80]],
    ['6.20.1 a lone high surrogate U+D800', [0xed, 0xa0, 0x80]],
    ['6.20.7 a lone low surrogate U+DFFF', [0xed, 0xbf, 0xbf]],
    ['6.21.1 a surrogate pair encoded as two 3-byte sequences', [0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80]],
  ];
  for (const [name, sequence] of invalid) {
    it(`${name} fails with 1007, whole or fragmented`, async () => {
      const whole = await open();
      whole.sendFrame({ opcode: TEXT, payload: Uint8Array.from(sequence) });
      await expectFailure(whole, 1007);
      const fragmented = await open();
      sequence.forEach((byte, i) => fragmented.sendFrame({ opcode: i === 0 ? TEXT : CONTINUATION, payload: bytes(byte), fin: i === sequence.length - 1 }));
      await expectFailure(fragmented, 1007);
    });
  }

  it('6.4.1 fails fast: 1007 after the fragment holding the bad byte, before the message is finished', async () => {
    const client = await open();
    client.sendFrame({ opcode: TEXT, payload: bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5), fin: false });
    client.sendFrame({ opcode: CONTINUATION, payload: bytes(0xf4, 0x90, 0x80, 0x80), fin: false });
    // The final fragment is never sent: the verdict must not wait for it.
    await expectFailure(client, 1007);
  });

  it('6.4.3 fails fast inside a frame whose payload has not all arrived', async () => {
    const client = await open();
    const frame = clientFrame({ opcode: TEXT, payload: Uint8Array.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xf4, 0x90, 0x80, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64]) });
    // Header, mask and the payload up to just after the invalid 0xf4 0x90.
    client.send(frame.subarray(0, 6 + 13));
    await expectFailure(client, 1007);
  });
});

describe('7 closing', () => {
  it('7.1.1 echoes a message, then closes cleanly', async () => {
    const client = await open();
    client.sendText('Hello World!');
    await expectEcho(client, TEXT, 'Hello World!');
    await expectCleanClose(client);
  });

  it('7.1.2 to 7.1.4 ignore a second close, a ping and a text after the close', async () => {
    const client = await open();
    client.sendClose(1000);
    client.sendClose(1000);
    client.sendFrame({ opcode: PING, payload: 'after close' });
    client.sendText('after close');
    const outcome = await client.expectClose(3000, false);
    expect(outcome.frames).toEqual([]);
    expect(outcome.close?.code).toBe(1000);
    expect(outcome.tcpClosed).toBe(true);
  });

  it('7.1.5 closes cleanly in the middle of a fragmented message', async () => {
    const client = await open();
    client.sendFrame({ opcode: TEXT, payload: 'fragment1', fin: false });
    await expectCleanClose(client);
  });

  it('7.1.6 closes cleanly right after a large message, which is echoed first', async () => {
    const client = await open();
    const text = 'BAsd7&jh23'.repeat(25_600);
    client.sendText(text);
    client.sendClose(1000);
    await expectEcho(client, TEXT, text);
    const outcome = await client.expectClose(3000, false);
    expect(outcome.close?.code).toBe(1000);
    expect(outcome.tcpClosed).toBe(true);
  });

  it('7.3.1 answers an empty close frame with an empty close frame', async () => {
    const client = await open();
    client.sendClose();
    const outcome = await client.expectClose(3000, false);
    expect(outcome.close).toEqual({ code: null, reason: '' });
    expect(outcome.tcpClosed).toBe(true);
  });

  it('7.3.2 fails on a one-byte close payload (1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: CLOSE, payload: bytes(0x03) });
    await expectFailure(client, 1002);
  });

  it('7.3.3 to 7.3.5 echo the close code for a close with no reason, a reason, and a 123-byte reason', async () => {
    for (const reason of ['', 'Hello World!', '*'.repeat(123)]) {
      const client = await open();
      client.sendClose(1000, reason);
      const outcome = await client.expectClose(3000, false);
      expect(outcome.close?.code).toBe(1000);
      expect(outcome.tcpClosed).toBe(true);
    }
  });

  it('7.3.6 fails on a close with a 124-byte reason (control frame over 125 bytes, 1002)', async () => {
    const client = await open();
    client.sendFrame({ opcode: CLOSE, payload: closePayload(1000, '*'.repeat(124)) });
    await expectFailure(client, 1002);
  });

  it('7.5.1 fails on a close reason that is not UTF-8 (1007)', async () => {
    const client = await open();
    client.sendFrame({ opcode: CLOSE, payload: Buffer.concat([closePayload(1000), Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80])]) });
    await expectFailure(client, 1007);
  });

  for (const code of [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999]) {
    it(`7.7 echoes the valid close code ${code}`, async () => {
      const client = await open();
      client.sendClose(code);
      const outcome = await client.expectClose(3000, false);
      expect(outcome.close?.code).toBe(code);
      expect(outcome.tcpClosed).toBe(true);
    });
  }

  for (const code of [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]) {
    it(`7.9 fails on the close code ${code}, which may not be sent (1002)`, async () => {
      const client = await open();
      client.sendFrame({ opcode: CLOSE, payload: closePayload(code) });
      await expectFailure(client, 1002);
    });
  }
});

describe('9 limits and performance (sizes kept small so the suite stays quick)', () => {
  for (const size of [64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024]) {
    it(`9.1 and 9.2 echo a ${size / 1024} KiB text and binary message`, async () => {
      const client = await open();
      const text = 'x'.repeat(size);
      client.sendText(text);
      await expectEcho(client, TEXT, text, 10_000);
      const data = repeat(size, 0xfe);
      client.sendFrame({ opcode: BINARY, payload: data });
      await expectEcho(client, BINARY, data, 10_000);
      await expectCleanClose(client);
    });
  }

  for (const fragmentSize of [64, 4096, 65536]) {
    it(`9.3 and 9.4 echo a 1 MiB message sent in ${fragmentSize}-byte fragments`, async () => {
      const client = await open();
      const data = repeat(1024 * 1024, 0x61);
      const frames: Buffer[] = [];
      for (let at = 0; at < data.length; at += fragmentSize) {
        const end = Math.min(at + fragmentSize, data.length);
        frames.push(clientFrame({ opcode: at === 0 ? TEXT : CONTINUATION, payload: data.subarray(at, end), fin: end === data.length }));
      }
      client.send(Buffer.concat(frames));
      await expectEcho(client, TEXT, data, 10_000);
      await expectCleanClose(client);
    });
  }

  it('9.5 and 9.6 echo a 1 MiB message whose frame arrives in 1 KiB chops', async () => {
    const client = await open();
    const data = repeat(1024 * 1024, 0x62);
    await client.sendChopped(clientFrame({ opcode: BINARY, payload: data }), 1024);
    await expectEcho(client, BINARY, data, 10_000);
    await expectCleanClose(client);
  });

  it('9.7 and 9.8 echo 1000 small messages in order', async () => {
    const client = await open();
    const frames: Buffer[] = [];
    for (let i = 0; i < 1000; i++) frames.push(clientFrame({ opcode: i % 2 ? BINARY : TEXT, payload: `message ${i} `.padEnd(60, '*') }));
    client.send(Buffer.concat(frames));
    for (let i = 0; i < 1000; i++) await expectEcho(client, i % 2 ? BINARY : TEXT, `message ${i} `.padEnd(60, '*'));
    await expectCleanClose(client);
  });
});

describe('10 miscellaneous', () => {
  it('10.1.1 echoes a 65536-byte text message sent in 1300-byte fragments', async () => {
    const client = await open();
    const text = '*'.repeat(65536);
    const frames: Buffer[] = [];
    for (let at = 0; at < text.length; at += 1300) {
      const end = Math.min(at + 1300, text.length);
      frames.push(clientFrame({ opcode: at === 0 ? TEXT : CONTINUATION, payload: text.slice(at, end), fin: end === text.length }));
    }
    client.send(Buffer.concat(frames));
    await expectEcho(client, TEXT, text);
    await expectCleanClose(client);
  });
});

// permessage-deflate (RFC 7692): the RFC's own examples, the negotiation
// rules of 7.1, both directions through two Connections with and without
// context takeover, `ws`'s own compression as an independent peer, and a
// zip bomb that must fail with 1009 at the limit.

import fc from 'fast-check';
import { Deflate, constants } from 'pako';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionEvent } from '../../engine/connection';
import { MessageDeflater, firstDeflateBlock } from '../../engine/deflate-codec';
import { type DeflateAgreement, negotiateDeflate, readDeflateOffer, verifyDeflateResponse } from '../../engine/deflate-negotiation';
import { parseExtensionsHeader } from '../../engine/extensions-header';
import { decodeFrames, encodeFrame } from '../../engine/frame';
import { hex } from '../support/frames';
import { RFC_MASKING_KEY } from '../support/rfc-samples';
import { PerMessageDeflate } from '../support/ws-internals';

const TAKEOVER: DeflateAgreement = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 };
const NO_TAKEOVER: DeflateAgreement = { ...TAKEOVER, serverNoContextTakeover: true, clientNoContextTakeover: true };

function client(deflate: DeflateAgreement, maxMessageSize?: number): Connection {
  const connection = new Connection({ role: 'client', randomBytes: (n) => RFC_MASKING_KEY.slice(0, n), deflate, maxMessageSize });
  connection.open();
  return connection;
}

function server(deflate: DeflateAgreement, maxMessageSize?: number): Connection {
  const connection = new Connection({ role: 'server', deflate, maxMessageSize });
  connection.open();
  return connection;
}

const messages = (events: ConnectionEvent[]) => events.filter((e) => e.type === 'text' || e.type === 'binary' || e.type === 'protocol-error');

describe('RFC 7692 7.2.3: the examples, received by a client', () => {
  it.each([
    ['7.2.3.1 "Hello" in one frame', ['c1 07 f2 48 cd c9 c9 07 00'], ['Hello']],
    ['7.2.3.1 "Hello" in two fragments, RSV1 on the first only', ['41 03 f2 48 cd', '80 04 c9 c9 07 00'], ['Hello']],
    ['7.2.3.2 the same message twice, the second referring to the first', ['c1 07 f2 48 cd c9 c9 07 00', 'c1 05 f2 00 11 00 00'], ['Hello', 'Hello']],
    ['7.2.3.3 a stored block, no compression', ['c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00'], ['Hello']],
    ['7.2.3.4 a block with BFINAL set, then a message referring to it', ['c1 08 f3 48 cd c9 c9 07 00 00', 'c1 05 f2 00 11 00 00'], ['Hello', 'Hello']],
    ['7.2.3.5 two DEFLATE blocks in one message', ['c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00'], ['Hello']],
    ['an empty message', ['c1 01 00'], ['']],
  ])('%s', (_name, frames, texts) => {
    const receiver = client(TAKEOVER);
    for (const frame of frames) receiver.receive(hex(frame));
    expect(messages(receiver.takeEvents())).toEqual(texts.map((text) => ({ type: 'text', text })));
  });

  it('without context takeover, the same message is sent whole twice, and each decodes on its own', () => {
    const receiver = client({ ...TAKEOVER, serverNoContextTakeover: true });
    receiver.receive(hex('c1 07 f2 48 cd c9 c9 07 00'));
    receiver.receive(hex('c1 07 f2 48 cd c9 c9 07 00'));
    expect(messages(receiver.takeEvents())).toEqual([{ type: 'text', text: 'Hello' }, { type: 'text', text: 'Hello' }]);
    // A message that refers to the previous one cannot be read without it.
    const strict = client({ ...TAKEOVER, serverNoContextTakeover: true });
    strict.receive(hex('c1 07 f2 48 cd c9 c9 07 00'));
    strict.receive(hex('c1 05 f2 00 11 00 00'));
    expect(messages(strict.takeEvents())[1]).toMatchObject({ type: 'protocol-error', problem: { closeCode: 1007 } });
  });

  it('compresses "Hello" as the RFC shows, and the second time with the window', () => {
    const deflater = new MessageDeflater(false);
    expect(Buffer.from(deflater.compress(new TextEncoder().encode('Hello'))).toString('hex')).toBe('f248cdc9c90700');
    expect(deflater.compress(new TextEncoder().encode('Hello')).length).toBeLessThan(7);
    expect(firstDeflateBlock(hex('00 05 00 fa ff'))).toEqual({ final: false, type: 'stored' });
    // 7.2.3.6: an empty message on a byte-aligned stream is 0x00, also after other messages.
    expect([...deflater.compress(new Uint8Array(0))]).toEqual([0x00]);
    expect(firstDeflateBlock(hex('f3 48'))).toEqual({ final: true, type: 'fixed Huffman' });
  });
});

describe('RFC 7692 6.1: RSV1 belongs to the first frame of a data message', () => {
  it.each([
    ['a ping with RSV1', 'c9 00', 'compressed-control-frame'],
    ['a continuation with RSV1', '41 03 f2 48 cd c0 04 c9 c9 07 00', 'compressed-continuation'],
  ])('fails on %s with 1002', (_name, bytes, kind) => {
    const receiver = client(TAKEOVER);
    receiver.receive(hex(bytes));
    expect(messages(receiver.takeEvents())).toEqual([expect.objectContaining({ type: 'protocol-error', problem: expect.objectContaining({ kind, closeCode: 1002, rfc: 'RFC 7692 6.1' }) })]);
  });

  it('fails on data that does not inflate with 1007', () => {
    const receiver = client(TAKEOVER);
    receiver.receive(hex('c1 02 ff ff'));
    expect(messages(receiver.takeEvents())).toEqual([expect.objectContaining({ problem: expect.objectContaining({ kind: 'invalid-compressed-data', closeCode: 1007 }) })]);
  });

  it('fails on inflated text that is not UTF-8 with 1007', () => {
    const sender = new MessageDeflater(true);
    const receiver = server(TAKEOVER);
    receiver.receive(encodeFrame({ opcode: 0x1, rsv1: true, payload: sender.compress(Uint8Array.of(0x48, 0xff)), maskingKey: RFC_MASKING_KEY }));
    expect(messages(receiver.takeEvents())).toEqual([expect.objectContaining({ problem: expect.objectContaining({ kind: 'invalid-utf8', closeCode: 1007 }) })]);
  });
});

describe('two Connections with permessage-deflate', () => {
  it.each([
    ['with context takeover', TAKEOVER],
    ['without', NO_TAKEOVER],
    ['with 9-bit windows both ways', { ...TAKEOVER, serverMaxWindowBits: 9, clientMaxWindowBits: 9 }],
  ])('round-trip any messages %s, fragmented or not', (_name, agreement) => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 3000 })), fc.option(fc.integer({ min: 1, max: 50 }))), { maxLength: 8 }), (sent) => {
      const a = client(agreement);
      const b = server(agreement);
      for (const [message, fragmentSize] of sent) {
        const options = fragmentSize === null ? {} : { fragmentSize };
        if (typeof message === 'string') a.sendText(message, options);
        else a.sendBinary(message, options);
      }
      for (const bytes of a.takeOutgoing()) {
        expect((bytes[0] & 0x40) !== 0 || (bytes[0] & 0x0f) === 0).toBe(true);
        b.receive(bytes);
      }
      expect(messages(b.takeEvents())).toEqual(sent.map(([message]) => (typeof message === 'string' ? { type: 'text', text: message } : { type: 'binary', data: message })));
    }), { numRuns: 60 });
  });
});

describe('interop with ws\'s PerMessageDeflate, in both directions', () => {
  it.each([['context takeover', false], ['no context takeover', true]])('%s: ws compresses, we inflate; we compress, ws inflates', async (_name, noTakeover) => {
    const wsServer = new PerMessageDeflate({ serverNoContextTakeover: noTakeover, clientNoContextTakeover: noTakeover }, true, 0);
    wsServer.accept([noTakeover ? { server_no_context_takeover: [true], client_no_context_takeover: [true] } : {}]);
    const agreement = noTakeover ? NO_TAKEOVER : TAKEOVER;
    const ours = client(agreement);
    const texts = ['Hello, deflate', 'Hello, deflate', 'x'.repeat(5000), '日本語のテキスト'];
    for (const text of texts) {
      const compressed = await new Promise<Buffer>((resolve, reject) => wsServer.compress(Buffer.from(text), true, (error: Error | null, data: Buffer) => (error ? reject(error) : resolve(data))));
      ours.receive(encodeFrame({ opcode: 0x1, rsv1: true, payload: new Uint8Array(compressed) }));
    }
    expect(messages(ours.takeEvents())).toEqual(texts.map((text) => ({ type: 'text', text })));

    const deflater = new MessageDeflater(noTakeover);
    for (const text of texts) {
      const inflated = await new Promise<Buffer>((resolve, reject) => wsServer.decompress(Buffer.from(deflater.compress(new TextEncoder().encode(text))), true, (error: Error | null, data: Buffer) => (error ? reject(error) : resolve(data))));
      expect(inflated.toString()).toBe(text);
    }
    wsServer.cleanup();
  });
});

describe('a zip bomb', () => {
  /**
   * DEFLATE expands at most about 1032:1 (RFC 1951: a 258-byte match per
   * 2 bits at best), so 1 GiB needs about 1 MiB of compressed data. Built
   * without inflating it: after a sync flush over a window of zeros, the
   * block for "1 MiB of zeros" is the same every time, so it is repeated.
   */
  function bombOfZeros(mebibytes: number): Uint8Array {
    const chunks: Uint8Array[] = [];
    const deflate = new Deflate({ raw: true, level: 9 });
    deflate.onData = (chunk) => chunks.push(chunk as Uint8Array);
    deflate.push(new Uint8Array(1 << 20), constants.Z_SYNC_FLUSH);
    const first = Buffer.concat(chunks);
    chunks.length = 0;
    deflate.push(new Uint8Array(1 << 20), constants.Z_SYNC_FLUSH);
    const repeat = Buffer.concat(chunks);
    return Buffer.concat([first, ...Array.from({ length: mebibytes - 1 }, () => repeat)]);
  }

  it('fails with 1009 as soon as 1 GiB of zeros crosses the 16 MiB limit, inflating no more than the limit', () => {
    const bomb = bombOfZeros(1024);
    expect(bomb.length).toBeLessThan(1_200_000);
    const receiver = server(TAKEOVER);
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    receiver.receive(encodeFrame({ opcode: 0x2, rsv1: true, payload: bomb, maskingKey: RFC_MASKING_KEY }));
    const elapsed = performance.now() - started;
    expect(messages(receiver.takeEvents())).toEqual([expect.objectContaining({ problem: expect.objectContaining({ kind: 'message-too-big', closeCode: 1009 }) })]);
    // Inflating all of it would take seconds and a gigabyte; stopping at 16 MiB takes a fraction.
    expect(elapsed).toBeLessThan(3000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('fails a 1 KiB frame that inflates to 1 MiB against a 64 KiB limit', () => {
    const bomb = bombOfZeros(1);
    expect(bomb.length).toBeLessThan(1100);
    const receiver = server(TAKEOVER, 64 * 1024);
    receiver.receive(encodeFrame({ opcode: 0x2, rsv1: true, payload: bomb, maskingKey: RFC_MASKING_KEY }));
    expect(messages(receiver.takeEvents())).toEqual([expect.objectContaining({ problem: expect.objectContaining({ kind: 'message-too-big', closeCode: 1009 }) })]);
  });
});

describe('RFC 7692 7.1: negotiation', () => {
  const offers = (value: string) => parseExtensionsHeader([value]).offers;

  it.each([
    ['permessage-deflate', 'permessage-deflate', TAKEOVER],
    ['permessage-deflate; client_max_window_bits', 'permessage-deflate', TAKEOVER],
    ['permessage-deflate; client_no_context_takeover; server_no_context_takeover', 'permessage-deflate; server_no_context_takeover; client_no_context_takeover', NO_TAKEOVER],
    ['permessage-deflate; client_max_window_bits=10', 'permessage-deflate; client_max_window_bits=10', { ...TAKEOVER, clientMaxWindowBits: 10 }],
    ['permessage-deflate; server_max_window_bits=10', 'permessage-deflate; server_max_window_bits=10', { ...TAKEOVER, serverMaxWindowBits: 10 }],
    // The first acceptable offer wins: an 8-bit server window (zlib cannot compress with one) is declined, the next offer taken.
    ['permessage-deflate; server_max_window_bits=8, permessage-deflate', 'permessage-deflate', TAKEOVER],
  ])('answers %s with %s', (offer, response, agreement) => {
    expect(negotiateDeflate(offers(offer))).toMatchObject({ response, agreement });
  });

  it.each([
    ['permessage-deflate; x_custom', /unknown parameter "x_custom"/],
    ['permessage-deflate; server_no_context_takeover; server_no_context_takeover', /appears twice/],
    ['permessage-deflate; client_max_window_bits=16', /not a window size from 8 to 15/],
    ['permessage-deflate; server_max_window_bits', /needs a value from 8 to 15/],
    ['permessage-deflate; server_no_context_takeover=1', /takes no value/],
  ])('declines %s', (offer, reason) => {
    const negotiation = negotiateDeflate(offers(offer));
    expect(negotiation.response).toBeNull();
    expect(negotiation.declined[0]).toMatch(reason);
  });

  it('lets a client refuse an answer that does not follow from its offer', () => {
    expect(verifyDeflateResponse(offers('permessage-deflate; client_max_window_bits=10'), offers('permessage-deflate'))).toMatchObject({ ok: false, reason: expect.stringMatching(/did not offer/) });
    expect(verifyDeflateResponse(offers('permessage-deflate, permessage-deflate'), offers('permessage-deflate'))).toMatchObject({ ok: false });
    expect(verifyDeflateResponse(offers('permessage-deflate; server_no_context_takeover'), offers('permessage-deflate'))).toMatchObject({ ok: true, agreement: { serverNoContextTakeover: true } });
    expect(verifyDeflateResponse([], offers('permessage-deflate'))).toBeNull();
    expect(readDeflateOffer(offers('x-webkit-deflate-frame')[0])).toMatchObject({ ok: false });
  });
});

describe('the annotated decoder with permessage-deflate', () => {
  it('inflates compressed messages, with the window carried from one message to the next', () => {
    const { frames, messages: decoded } = decodeFrames(hex('c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00 41 03 f2 48 cd 80 04 c9 c9 07 00'), { from: 'server', deflate: {} });
    expect(frames.flatMap((f) => f.problems)).toEqual([]);
    expect(frames.map((f) => f.text)).toEqual([null, null, null, null]);
    expect(decoded.map((m) => [m.text, m.frameIndexes, m.compression?.wirePayload.length, m.compression?.firstBlock])).toEqual([
      ['Hello', [0], 7, 'fixed Huffman'],
      ['Hello', [1], 5, 'fixed Huffman'],
      ['Hello', [2, 3], 7, 'fixed Huffman'],
    ]);
    expect(frames[0].fields.find((f) => f.name === 'RSV1')?.meaning).toMatch(/compressed message starts here/);
  });

  it('without context takeover, a message that refers to the one before cannot be read: 1007, and the next is read again', () => {
    const { frames, messages: decoded } = decodeFrames(hex('c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00 c1 07 f2 48 cd c9 c9 07 00'), { deflate: { noContextTakeover: true } });
    expect(frames[1].problems).toMatchObject([{ kind: 'invalid-compressed-data', closeCode: 1007, rfc: 'RFC 7692 7.2.2' }]);
    expect(decoded.map((m) => m.text)).toEqual(['Hello', null, 'Hello']);
  });

  it('without the extension, RSV1 is a protocol error as before', () => {
    // (and the compressed bytes, read as text, are not UTF-8 either)
    expect(decodeFrames(hex('c1 07 f2 48 cd c9 c9 07 00')).frames[0].problems.map((p) => [p.kind, p.closeCode])).toEqual([['rsv-without-extension', 1002], ['invalid-utf8', 1007]]);
  });

  it('holds a compressed message to the receiver\'s limit', () => {
    const { frames } = decodeFrames(encodeFrame({ opcode: 0x2, rsv1: true, payload: new MessageDeflater(true).compress(new Uint8Array(100_000)) }), { deflate: {}, maxMessageSize: 50_000 });
    expect(frames[0].problems).toMatchObject([{ kind: 'message-too-big', closeCode: 1009 }]);
  });
});

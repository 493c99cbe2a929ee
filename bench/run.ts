// npm run bench: the engine's hot paths against the `ws` package (and Node's
// own crypto for SHA-1), measured in the same run on the same machine.
// Reported as ratios; nothing here asserts a time.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Receiver, Sender } from '../tests/support/ws-internals';
import { computeAccept } from '../engine/accept-key';
import { encodeFrame } from '../engine/frame';
import { FrameParser } from '../engine/frame-parser';
import { maskInPlace } from '../engine/mask';
import { Utf8Validator } from '../engine/utf8';
import { type Comparison, formatComparisons, measure } from './measure';

// ws's JavaScript fallbacks, by file path (its package exports hide them).
// bufferutil / utf-8-validate, its optional native add-ons, are not installed.
const require = createRequire(import.meta.url);
const wsLib = join(import.meta.dirname, '..', 'node_modules', 'ws', 'lib');
const wsBufferUtil = require(join(wsLib, 'buffer-util.js')) as { mask(source: Buffer, mask: Buffer, output: Buffer, offset: number, length: number): void };
const wsValidation = require(join(wsLib, 'validation.js')) as { isValidUTF8(buffer: Buffer): boolean };

const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const keyBuffer = Buffer.from(key);

function maskComparison(): Comparison {
  const size = 1 << 20;
  const ours = new Uint8Array(size).fill(0x41);
  const theirs = Buffer.alloc(size, 0x41);
  return {
    workload: 'mask 1 MiB in place',
    ours: measure('maskInPlace', () => maskInPlace(ours, key), size),
    peer: measure('ws mask (JS)', () => wsBufferUtil.mask(theirs, keyBuffer, theirs, 0, size), size),
  };
}

function encodeComparison(): Comparison {
  const payload = new Uint8Array(125).fill(0x61);
  const payloadBuffer = Buffer.from(payload);
  const options = { fin: true, opcode: 1, mask: true, readOnly: false, rsv1: false, generateMask: (m: Buffer) => m.set(key) };
  return {
    workload: 'encode a masked 125-byte frame',
    ours: measure('encodeFrame', () => encodeFrame({ opcode: 1, payload, maskingKey: key })),
    peer: measure('ws Sender.frame', () => Buffer.concat(Sender.frame(payloadBuffer, options))),
  };
}

/** A client's stream: many small masked text frames and a few large binary ones. */
function clientStream(): Uint8Array {
  const frames: Uint8Array[] = [];
  const small = new TextEncoder().encode('x'.repeat(100));
  for (let i = 0; i < 2000; i++) frames.push(encodeFrame({ opcode: 1, payload: small, maskingKey: key }));
  for (let i = 0; i < 8; i++) frames.push(encodeFrame({ opcode: 2, payload: new Uint8Array(64 * 1024).fill(i), maskingKey: key }));
  const stream = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) stream.set(f, at), (at += f.length);
  return stream;
}

function parseComparison(): Comparison {
  const stream = clientStream();
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += 16 * 1024) chunks.push(Buffer.from(stream.subarray(at, at + 16 * 1024)));
  return {
    workload: `parse ${(stream.length / 2 ** 20).toFixed(1)} MiB of client frames in 16 KiB chunks`,
    ours: measure('FrameParser', () => {
      const parser = new FrameParser({ from: 'client' });
      for (const chunk of chunks) parser.push(chunk);
    }, stream.length),
    peer: measure('ws Receiver', () => {
      const receiver = new Receiver({ isServer: true, maxPayload: 0, skipUTF8Validation: true });
      receiver.on('message', () => undefined);
      for (const chunk of chunks) receiver.write(chunk);
    }, stream.length),
  };
}

function utf8Comparison(): Comparison {
  const text = new TextEncoder().encode('WebSocket — 网络套接字 — 🔌 '.repeat(4000));
  const buffer = Buffer.from(text);
  return {
    workload: `validate ${(text.length / 1024).toFixed(0)} KiB of mixed UTF-8`,
    ours: measure('Utf8Validator', () => new Utf8Validator().push(text), text.length),
    peer: measure('ws isValidUTF8', () => wsValidation.isValidUTF8(buffer), text.length),
  };
}

function acceptComparison(): Comparison {
  const sampleKey = 'dGhlIHNhbXBsZSBub25jZQ==';
  return {
    workload: 'derive Sec-WebSocket-Accept',
    ours: measure('computeAccept (engine SHA-1)', () => computeAccept(sampleKey)),
    peer: measure('node:crypto sha1', () => createHash('sha1').update(sampleKey + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64')),
  };
}

const comparisons = [maskComparison(), encodeComparison(), parseComparison(), utf8Comparison(), acceptComparison()];
console.log(`Node ${process.version}, ${process.arch}; median of 5 samples each\n`);
console.log(formatComparisons(comparisons));

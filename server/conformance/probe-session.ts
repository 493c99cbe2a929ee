// The conformance client after the 101: it writes the frames a case asks
// for (built with the engine's encodeFrame, masked with a key it chooses,
// broken on purpose when the case says so), reads what the server sends
// (server-reader.ts judges it, wire-splitter.ts logs it), and behaves as a
// client must in between: a pong for every ping (RFC 6455 5.5.2), a close
// frame in answer to the server's (5.5.1), and failing the connection when
// the server breaks a rule (7.1.7).

import { randomBytes, randomFillSync } from 'node:crypto';
import { CloseCode } from '../../engine/close';
import { concatBytes } from '../../engine/concat-bytes';
import { MessageDeflater } from '../../engine/deflate-codec';
import { type DeflateAgreement, MIN_COMPRESSION_WINDOW_BITS } from '../../engine/deflate-negotiation';
import { encodeFrame } from '../../engine/frame';
import { MAX_16_BIT_LENGTH } from '../../engine/frame-format';
import { maskInPlace } from '../../engine/mask';
import { Opcode } from '../../engine/opcode';
import type { DataOpcode, FrameToSend, Observation } from './case-model';
import { describeFrame } from './frame-summary';
import type { ProbeSocket } from './probe-socket';
import { ServerReader } from './server-reader';
import { WireFrameSplitter } from './wire-splitter';
import type { WireRecorder } from './wire-recorder';

export interface ServerClose {
  code: number | null;
  reason: string;
  /** What is wrong with the close frame itself (an unsendable code, a reason that is not UTF-8), or null. */
  problem: string | null;
  /** True when it arrived after the client's own close frame went out. */
  afterClientClose: boolean;
}

interface EncodedFrame {
  bytes: Uint8Array;
  summary: () => string;
}

/** A frame too long to build whole: its header, and its payload masked slice by slice as it is written. */
interface StreamedFrame {
  header: Uint8Array;
  payload: Uint8Array;
  maskingKey: Uint8Array | null;
  summary: () => string;
}

/** Past this, a frame is masked and written a slice at a time (a 16 MiB echo need not be copied whole first). */
const STREAMED_FRAME_BYTES = 1024 * 1024;
const STREAM_SLICE = 256 * 1024;

const EMPTY = new Uint8Array(0);
/** Frames built before they are written (see sendFrames): at most this many bytes, or this many frames. */
const BATCH_BYTES = 256 * 1024;
const BATCH_FRAMES = 256;

export class ProbeSession {
  /** Data messages and pongs from the server, and checkpoints passed, in order. */
  readonly observations: Observation[] = [];
  /** Rules the server broke, in words. */
  readonly violations: string[] = [];
  /** Things worth knowing that are neither (a message sent uncompressed, and why). */
  readonly notes: string[] = [];
  serverClose: ServerClose | null = null;
  /** The client's first close frame: its code (null for an empty one), once sent. */
  clientClose: { code: number | null } | null = null;
  /** Set once the server sent something the client must fail the connection for. */
  private failedByClient = false;
  /** The payload of the client's last-word ping (see sendSentinelPing), and whether its pong came. */
  private sentinel: Uint8Array | null = null;
  private sentinelPong = false;

  private readonly reader: ServerReader;
  private readonly splitter: WireFrameSplitter;
  private readonly deflater: MessageDeflater | null;
  /** The server's message in progress is compressed: its continuation frames are DEFLATE data too. */
  private serverMessageCompressed = false;

  constructor(
    private readonly socket: ProbeSocket,
    private readonly recorder: WireRecorder,
    private readonly deflate: DeflateAgreement | null,
    leftover: Uint8Array,
  ) {
    this.reader = new ServerReader(deflate);
    this.splitter = new WireFrameSplitter(
      (frame) => {
        const { opcode, rsv1 } = frame.header;
        if (opcode === Opcode.Text || opcode === Opcode.Binary) this.serverMessageCompressed = deflate !== null && rsv1;
        const compressed = this.serverMessageCompressed && (opcode === Opcode.Text || opcode === Opcode.Binary || opcode === Opcode.Continuation);
        this.recorder.frame('server', frame.bytes, () => describeFrame({ ...frame.header, payloadLength: frame.header.payloadLength! }, frame.payloadHead, 'server', compressed), { length: frame.length });
      },
      (bytes) => this.recorder.bytes('server', bytes, `${bytes.length} bytes after a frame length no endpoint can hold`),
    );
    // RFC 7692 7.1.2.2: the client compresses with the window the server allowed it; zlib's smallest is 9 bits.
    const clientBits = deflate?.clientMaxWindowBits ?? 15;
    if (deflate && clientBits < MIN_COMPRESSION_WINDOW_BITS) {
      this.notes.push(`the server allowed the client a ${clientBits}-bit window, smaller than zlib compresses with, so the client sends its messages uncompressed (RFC 7692 6: RSV1 says, per message, whether it is compressed)`);
    }
    this.deflater = deflate && clientBits >= MIN_COMPRESSION_WINDOW_BITS ? new MessageDeflater(deflate.clientNoContextTakeover, clientBits) : null;
    socket.setReader((chunk) => this.receive(chunk));
    if (leftover.length) this.receive(leftover);
  }

  /** The server is done: it sent its close frame, ended TCP, or broke a rule. */
  get serverFinished(): boolean {
    return this.serverClose !== null || !this.socket.isOpen || this.failedByClient;
  }

  /** True once the pong for the sentinel ping arrived. */
  get sentinelAnswered(): boolean {
    return this.sentinelPong;
  }

  /**
   * A ping after everything the case sent, with a payload no case uses. A
   * server reads in order, so its pong proves it read (and accepted) all
   * that came before: a case that expects a failure then knows at once that
   * none is coming, instead of waiting out a timer. Its pong is not a reply
   * the case judges.
   */
  sendSentinelPing(): Promise<boolean> {
    this.sentinel = new TextEncoder().encode(`conformance-sentinel-${randomBytes(6).toString('hex')}`);
    return this.sendFrames([{ opcode: Opcode.Ping, payload: this.sentinel }]);
  }

  /** Server data messages and pongs so far (checkpoints not counted). */
  get repliesReceived(): number {
    return this.observations.filter((o) => o.type !== 'checkpoint').length;
  }

  // Sending

  /**
   * Frames in one write, frame by frame (`frameWise`), or in chops of
   * `chopSize` bytes. False when the connection ended first. Without chops,
   * frames are built and written in batches (BATCH_BYTES, BATCH_FRAMES), so
   * a server that refuses a long stream of frames early stops the building
   * too, not only the writing.
   */
  async sendFrames(frames: FrameToSend[], delivery: { chopSize?: number; frameWise?: boolean } = {}, compressedMessage = false): Promise<boolean> {
    // Once the server has said its last word, the rest of a long write is pointless; a write that
    // starts after it (the answer to its close frame) still goes out.
    const finishedBefore = this.serverFinished;
    const keepGoing = () => finishedBefore || !this.serverFinished;
    if (delivery.frameWise) {
      for (const frame of frames) if (!(await this.write([this.encode(frame, compressedMessage)], undefined, keepGoing))) return false;
      return true;
    }
    if (delivery.chopSize) return this.write(frames.map((f) => this.encode(f, compressedMessage)), delivery.chopSize, keepGoing);
    for (let at = 0; at < frames.length; ) {
      if ((frames[at].payload?.length ?? 0) > STREAMED_FRAME_BYTES) {
        if (!(await this.writeStreamed(this.streamed(frames[at++], compressedMessage), keepGoing))) return false;
        continue;
      }
      const batch: EncodedFrame[] = [];
      let bytes = 0;
      while (at < frames.length && (batch.length === 0 || (bytes < BATCH_BYTES && batch.length < BATCH_FRAMES)) && (frames[at].payload?.length ?? 0) <= STREAMED_FRAME_BYTES) {
        const encoded = this.encode(frames[at++], compressedMessage);
        batch.push(encoded);
        bytes += encoded.bytes.length;
      }
      if (!(await this.write(batch, undefined, keepGoing))) return false;
      // Let what the server sent meanwhile be read (see ProbeSocket.write).
      if (at < frames.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  }

  /** A data message, compressed when permessage-deflate was agreed (RFC 7692 7.2.1), in frames of at most `fragmentSize` payload bytes. */
  async sendMessage(opcode: DataOpcode, message: Uint8Array, fragmentSize?: number, chopSize?: number): Promise<boolean> {
    const compressed = this.deflater !== null;
    const payload = this.deflater ? this.deflater.compress(message) : message;
    const size = fragmentSize ?? Math.max(payload.length, 1);
    const frames: FrameToSend[] = [];
    for (let at = 0; at === 0 || at < payload.length; at += size) {
      const end = Math.min(at + size, payload.length);
      // RFC 7692 6.1: RSV1 on the first frame of a compressed message only.
      frames.push({ opcode: at === 0 ? opcode : Opcode.Continuation, payload: payload.subarray(at, end), fin: end === payload.length, rsv: compressed && at === 0 ? 4 : 0 });
    }
    return this.sendFrames(frames, { chopSize }, compressed);
  }

  /** One frame written in parts, the payload cut at `payloadCuts`; `between(i)` runs after part i and says whether to go on. */
  async sendFrameInParts(frame: FrameToSend, payloadCuts: number[], between: (part: number) => Promise<boolean>): Promise<boolean> {
    const { bytes, summary } = this.encode(frame);
    const headerLength = bytes.length - (frame.payload?.length ?? 0);
    const bounds = [0, ...payloadCuts.map((cut) => headerLength + cut), bytes.length];
    for (let part = 0; part + 1 < bounds.length; part++) {
      const piece = bytes.subarray(bounds[part], bounds[part + 1]);
      this.recorder.bytes('client', piece, () => `part ${part + 1} of ${bounds.length - 1} of one frame (${summary()}): bytes ${bounds[part]}–${bounds[part + 1] - 1}`);
      if (!(await this.socket.write(piece))) return this.writeFailed();
      if (part + 2 < bounds.length && !(await between(part))) return false;
    }
    return true;
  }

  /** The client's close frame: a code and reason, an empty body, or a raw (broken) payload. */
  async sendClose(close: { code?: number; reason?: Uint8Array; payload?: Uint8Array; rsv?: number }): Promise<boolean> {
    const payload = close.payload ?? (close.code === undefined ? EMPTY : closeBody(close.code, close.reason ?? EMPTY));
    this.clientClose ??= { code: payload.length >= 2 ? (payload[0] << 8) | payload[1] : null };
    return this.sendFrames([{ opcode: Opcode.Close, payload, rsv: close.rsv ?? 0 }]);
  }

  private encode(frame: FrameToSend, compressedMessage = false): EncodedFrame {
    const spec = frameSpec(frame);
    const bytes = encodeFrame(spec, { allowInvalid: true });
    return { bytes, summary: () => describeFrame({ ...spec, masked: spec.maskingKey !== null, payloadLength: spec.payload.length }, spec.payload.subarray(0, 256), 'client', compressedMessage) };
  }

  /**
   * A long frame, to be written as it is masked. Its header is the engine's:
   * encodeFrame of the same frame with an empty payload and the length field
   * forced to the width the whole length needs, then set to that length.
   */
  private streamed(frame: FrameToSend, compressedMessage: boolean): StreamedFrame {
    const spec = frameSpec(frame);
    const length = spec.payload.length;
    const lengthEncoding = length > MAX_16_BIT_LENGTH ? '64' : '16';
    const header = encodeFrame({ ...spec, payload: EMPTY }, { allowInvalid: true, lengthEncoding });
    // The header may be a view into a slab shared with other frames (engine/frame.ts): address it where it is.
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (lengthEncoding === '16') view.setUint16(2, length);
    else {
      view.setUint32(2, Math.floor(length / 2 ** 32));
      view.setUint32(6, length >>> 0);
    }
    return {
      header,
      payload: spec.payload,
      maskingKey: spec.maskingKey,
      summary: () => describeFrame({ ...spec, masked: spec.maskingKey !== null, payloadLength: length }, spec.payload.subarray(0, 256), 'client', compressedMessage),
    };
  }

  private async writeStreamed(frame: StreamedFrame, keepGoing: () => boolean): Promise<boolean> {
    if (!this.socket.isOpen || !keepGoing()) return this.writeFailed();
    const masked = (from: number, to: number) => {
      const slice = frame.payload.slice(from, to);
      if (frame.maskingKey) maskInPlace(slice, frame.maskingKey, from);
      return slice;
    };
    // The log keeps the frame's first bytes, as it would of a frame built whole.
    this.recorder.frame('client', concatBytes([frame.header, masked(0, Math.min(frame.payload.length, 8 * 1024))]), frame.summary, { length: frame.header.length + frame.payload.length });
    if (!(await this.socket.write(frame.header, undefined, keepGoing))) return this.writeFailed();
    for (let at = 0; at < frame.payload.length; at += STREAM_SLICE) {
      if (!(await this.socket.write(masked(at, at + STREAM_SLICE), undefined, keepGoing))) return this.writeFailed();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  }

  private async write(frames: EncodedFrame[], chopSize: number | undefined, keepGoing: () => boolean): Promise<boolean> {
    if (!this.socket.isOpen || !keepGoing()) return this.writeFailed();
    for (const frame of frames) this.recorder.frame('client', frame.bytes, frame.summary, chopSize ? { chopSize } : {});
    const bytes = frames.length === 1 ? frames[0].bytes : concatBytes(frames.map((f) => f.bytes));
    return (await this.socket.write(bytes, chopSize, keepGoing)) || this.writeFailed();
  }

  private writeFailed(): false {
    const why = this.socket.isOpen ? 'the server ended the connection' : `the connection is closed${this.socket.error ? ` (${this.socket.error})` : ''}`;
    this.recorder.event('client', `stopped writing: ${why}`);
    return false;
  }

  // Receiving

  private receive(chunk: Uint8Array): void {
    this.splitter.push(chunk);
    for (const event of this.reader.push(chunk)) {
      switch (event.type) {
        case 'message':
          this.observations.push({ type: 'message', opcode: event.opcode, payload: event.payload });
          break;
        case 'pong':
          if (this.sentinel && sameBytes(event.payload, this.sentinel)) this.sentinelPong = true;
          else this.observations.push({ type: 'pong', payload: event.payload });
          break;
        case 'ping':
          // 5.5.2: a pong for every ping, unless a close frame went either way.
          if (!this.clientClose && !this.serverClose) void this.sendFrames([{ opcode: Opcode.Pong, payload: event.payload }]);
          break;
        case 'close':
          this.serverClose = { code: event.code, reason: event.reason, problem: event.problem, afterClientClose: this.clientClose !== null };
          if (event.problem) this.failConnection(CloseCode.ProtocolError);
          // 5.5.1: a close frame answers a close frame, typically echoing its code.
          else if (!this.clientClose) void this.sendClose(event.code === null ? {} : { code: event.code });
          break;
        case 'violation':
          this.violations.push(event.message);
          this.failConnection(CloseCode.ProtocolError);
          break;
      }
    }
    this.socket.wake();
  }

  /** 7.1.7: the client fails the connection: its close frame with `code`, if none went out yet, then the end of TCP. */
  private failConnection(code: number): void {
    this.failedByClient = true;
    const closing = this.clientClose ? Promise.resolve(true) : this.sendClose({ code });
    void closing.then(() => this.socket.close());
  }
}

/** The engine's FrameSpec for a frame a case sends: RSV bits from Autobahn's 3-bit value, a key unless the case says none. */
function frameSpec(frame: FrameToSend) {
  const rsv = frame.rsv ?? 0;
  // 5.3: a fresh, unpredictable key per frame, unless the case chose one (or none).
  const maskingKey = frame.maskingKey === undefined ? nextMaskingKey() : frame.maskingKey;
  return { opcode: frame.opcode, fin: frame.fin ?? true, rsv1: (rsv & 4) !== 0, rsv2: (rsv & 2) !== 0, rsv3: (rsv & 1) !== 0, payload: frame.payload ?? EMPTY, maskingKey };
}

/** Masking keys come from one pool of random bytes, refilled when spent: 65536 frames need not be 65536 calls into the kernel. */
const keyPool = new Uint8Array(64 * 1024);
let keyPoolAt = keyPool.length;

function nextMaskingKey(): Uint8Array {
  if (keyPoolAt + 4 > keyPool.length) {
    randomFillSync(keyPool);
    keyPoolAt = 0;
  }
  keyPoolAt += 4;
  return keyPool.slice(keyPoolAt - 4, keyPoolAt);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A close body written byte for byte: the cases send codes and reasons no endpoint may, on purpose. */
function closeBody(code: number, reason: Uint8Array): Uint8Array {
  const body = new Uint8Array(2 + reason.length);
  body[0] = (code >> 8) & 0xff;
  body[1] = code & 0xff;
  body.set(reason, 2);
  return body;
}

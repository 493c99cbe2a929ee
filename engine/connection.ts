// The sans-I/O WebSocket connection (RFC 6455 sections 5, 6 and 7), for
// either role, after the opening handshake.
//
// Like python-websockets' Protocol it never sees a socket, a timer or a
// clock it was not given: bytes go in with receive() / receiveEof(); the
// caller takes takeEvents() and takeOutgoing(), and watches closeExpected and
// transportShouldClose to know when to start a timer and when to close TCP.
// Nothing in it is Node's, so the same object can run in the browser as it
// runs under the Node server's sockets.
//
// Two kinds of error stay apart (wsproto): the caller asking for something
// impossible (sending before open, an unsendable close code) throws; the peer
// breaking the protocol never throws out of receive(): it becomes a
// 'protocol-error' event and a close frame with the code the problem earned.

import { MessageDeflater } from './deflate-codec';
import { type DeflateAgreement, MIN_COMPRESSION_WINDOW_BITS } from './deflate-negotiation';
import { CloseCode, buildClosePayload, isSendableCloseCode, readClosePayload } from './close';
import { encodeFrame, encodeFrameParts } from './frame';
import { MASKING_KEY_LENGTH, MAX_CONTROL_PAYLOAD } from './frame-format';
import type { Direction } from './frame-model';
import { DEFAULT_MAX_MESSAGE_SIZE, FrameParser, type ParsedFrame, type ParserFailure, type ParserState, type PartialFrame } from './frame-parser';
import { type FrameTrace, makeFrameTrace } from './frame-trace';
import { applyMask } from './mask';
import { MessageAssembler } from './message-assembler';
import { Opcode, isControlOpcode } from './opcode';
import { closePayloadProblems } from './frame-rules';
import { type Problem, problemAt } from './problem';

export type { FrameTrace } from './frame-trace';
export type { ParserState } from './frame-parser';
export { DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_MESSAGE_SIZE } from './frame-parser';

export type ConnectionState = 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED';
export type Role = 'client' | 'server';

export interface ConnectionOptions {
  role: Role;
  /** Source of masking keys (5.3: "unpredictable"); required for role 'client'. */
  randomBytes?: (length: number) => Uint8Array;
  /** Clock for trace timestamps, in ms; default () => 0. */
  now?: () => number;
  /** Largest frame payload accepted; default 16 MiB; over → fail with 1009. */
  maxFrameSize?: number;
  /** Largest message accepted; default 16 MiB; over → fail with 1009. */
  maxMessageSize?: number;
  /** Answer pings with pongs (5.5.2); default true. Off, to test a peer's timeouts. */
  autoPong?: boolean;
  /** RSV bits a negotiated extension owns (5.2, 9.1); the others must be 0. */
  negotiatedRsv?: { rsv1?: boolean; rsv2?: boolean; rsv3?: boolean };
  /** Emit a 'trace' event for every frame in and out; default false. */
  trace?: boolean;
  /** permessage-deflate as negotiated in the handshake (RFC 7692); absent: no compression. */
  deflate?: DeflateAgreement | null;
  /** The caller gives its received chunks away: payloads are unmasked in place and handed out as views (FrameParser's borrowChunks). */
  borrowChunks?: boolean;
  /**
   * The caller gathers its writes: an unmasked frame is queued as two parts,
   * its header and the payload itself (uncopied; the caller must not change
   * a payload it sent until it is written). Default false: takeOutgoing()
   * returns one array per frame.
   */
  gatherParts?: boolean;
}

export type ConnectionEvent =
  | { type: 'text'; text: string }
  | { type: 'binary'; data: Uint8Array }
  | { type: 'ping'; payload: Uint8Array }
  | { type: 'pong'; payload: Uint8Array }
  /** The peer's close frame; code null when it had no payload (applications show 1005). */
  | { type: 'close-received'; code: number | null; reason: string }
  /** We are failing the connection; a close with problem.closeCode is queued (unless a close was already sent). */
  | { type: 'protocol-error'; problem: Problem }
  /** The state is now CLOSED. 1006 when the stream ended without a close handshake (7.1.5). */
  | { type: 'closed'; code: number; reason: string; wasClean: boolean; closedBy: 'local' | 'remote' | 'abnormal' }
  | { type: 'trace'; trace: FrameTrace };

export interface SendOptions {
  /** Split the message into frames of at most this many payload bytes (5.4). */
  fragmentSize?: number;
}

const EMPTY = new Uint8Array(0);

export class Connection {
  readonly role: Role;
  private readonly randomBytes: ((length: number) => Uint8Array) | null;
  private readonly now: () => number;
  private readonly autoPong: boolean;
  private readonly tracing: boolean;
  private readonly gatherParts: boolean;
  private readonly negotiatedRsv: ConnectionOptions['negotiatedRsv'];
  private readonly parser: FrameParser;
  private readonly assembler: MessageAssembler;
  /** Compresses what this side sends, when permessage-deflate was agreed. */
  private readonly deflater: MessageDeflater | null;

  private currentState: ConnectionState = 'CONNECTING';
  private firstCloser: 'local' | 'remote' | null = null;
  private closeSent = false;
  private closeReceived: { code: number | null; reason: string } | null = null;
  private failure: Problem | null = null;
  private eofReceived = false;
  private bytesSent = 0;

  private events: ConnectionEvent[] = [];
  private outgoing: Uint8Array[] = [];

  constructor(options: ConnectionOptions) {
    if (options.role !== 'client' && options.role !== 'server') throw new TypeError(`role must be 'client' or 'server', not ${String(options.role)}`);
    if (options.role === 'client' && !options.randomBytes) {
      throw new TypeError('a client connection needs randomBytes: every frame it sends is masked with a fresh key (RFC 6455 5.3)');
    }
    this.role = options.role;
    this.randomBytes = options.randomBytes ?? null;
    this.now = options.now ?? (() => 0);
    this.autoPong = options.autoPong ?? true;
    this.tracing = options.trace ?? false;
    this.gatherParts = options.gatherParts ?? false;
    const deflate = options.deflate ?? null;
    // RFC 7692 6: permessage-deflate owns RSV1.
    this.negotiatedRsv = deflate ? { ...options.negotiatedRsv, rsv1: true } : options.negotiatedRsv;
    this.parser = new FrameParser({
      from: this.peerDirection,
      maxFrameSize: options.maxFrameSize,
      maxMessageSize: options.maxMessageSize,
      negotiatedRsv: options.negotiatedRsv,
      compressedMessages: deflate !== null,
      keepWireBytes: this.tracing,
      borrowChunks: options.borrowChunks ?? false,
    });
    const peerResets = deflate ? (options.role === 'server' ? deflate.clientNoContextTakeover : deflate.serverNoContextTakeover) : false;
    const weReset = deflate ? (options.role === 'server' ? deflate.serverNoContextTakeover : deflate.clientNoContextTakeover) : false;
    this.assembler = new MessageAssembler(deflate ? { noContextTakeover: peerResets, maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE } : null);
    const ourWindowBits = deflate ? (options.role === 'server' ? deflate.serverMaxWindowBits : deflate.clientMaxWindowBits) : 15;
    this.deflater = deflate ? new MessageDeflater(weReset, Math.max(ourWindowBits, MIN_COMPRESSION_WINDOW_BITS)) : null;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Who sent the first close frame (wsproto's LOCAL_CLOSING / REMOTE_CLOSING), or null. */
  get closedBy(): 'local' | 'remote' | null {
    return this.firstCloser;
  }

  /** What the frame parser waits for: the UI shows it between two bytes. */
  get parserState(): ParserState {
    return this.parser.state;
  }

  /**
   * Memory held for messages still arriving: the buffers of the frame being
   * read and of an unfinished message's fragments. A server adds these up
   * across its connections to bound what peers can make it hold.
   */
  get bufferedBytes(): number {
    return this.parser.bufferedBytes + this.assembler.bufferedBytes;
  }

  /**
   * Data bytes of the message still arriving (fragments so far, and the part
   * of the current data frame that arrived); 0 between messages. An adapter
   * that sees it stay above 0 without growing knows a message has stalled,
   * whatever pings and pongs still flow.
   */
  get unfinishedMessageBytes(): number {
    return this.parser.dataPayloadReceived + this.assembler.bytesSoFar;
  }

  /** The problem the connection failed with, or null. */
  get protocolError(): Problem | null {
    return this.failure;
  }

  /**
   * True once we sent a close and the peer still owes us its end of the
   * closing (its close frame, then the end of TCP). The adapter starts a
   * timer and, when it fires, destroys the socket and calls receiveEof().
   */
  get closeExpected(): boolean {
    return this.closeSent && !this.eofReceived;
  }

  /**
   * True when the adapter should close the TCP connection now: the server
   * after the close handshake (7.1.1: "the server ... SHOULD close the
   * underlying TCP connection" first), either side after failing the
   * connection (7.1.7), and after the stream ended. Write what
   * takeOutgoing() returns first: the close frame goes out before TCP ends.
   */
  get transportShouldClose(): boolean {
    if (this.failure) return true;
    return this.currentState === 'CLOSED' && (this.role === 'server' || this.eofReceived);
  }

  /** The adapter calls it once the opening handshake succeeded (4.1, 4.2.2): frames may flow. */
  open(): void {
    if (this.currentState !== 'CONNECTING') throw new Error(`open() called in state ${this.currentState}; it is called once, after the opening handshake`);
    this.currentState = 'OPEN';
  }

  /**
   * Bytes from the peer, in any chunking. Never throws on what the peer
   * sent. After the peer's close frame, or after failing, bytes are ignored.
   */
  receive(bytes: Uint8Array): void {
    if (this.currentState === 'CONNECTING') throw new Error('receive() before open(): the opening handshake is not complete');
    if (this.stopReading) return;
    this.receiveSafely(bytes, Infinity);
  }

  private receiveSafely(bytes: Uint8Array, maxFrames: number): void {
    try {
      this.receiveFrames(bytes, maxFrames);
    } catch (error) {
      // As python-websockets does: anything unexpected becomes 1011 for the
      // peer instead of an exception in the adapter's read loop.
      const message = error instanceof Error ? error.message : String(error);
      const problem = problemAt('internal-error', CloseCode.InternalError, `internal error while handling received bytes: ${message}`, this.parser.state.streamOffset, 0, '7.4.1');
      try {
        this.fail(problem);
      } catch {
        // The same fault struck again while queueing the close (a broken
        // injected clock or random source). Stop here; transportShouldClose
        // tells the adapter to drop TCP, which the peer sees as 1006.
        this.failure = problem;
        if (this.currentState === 'OPEN') this.currentState = 'CLOSING';
      }
    }
  }

  /**
   * Like receive(), but stops after the first frame that gives the
   * application something (a message, a ping, a pong, a close) and returns
   * how many bytes it consumed. The caller takes the events, answers them,
   * then calls again with the rest, as gorilla's reader hands out one message
   * before it reads the next frame: so an echo of message N is sent even when
   * frame N+1, in the same TCP segment, fails or closes the connection
   * (Autobahn 3.2, 4.1.3, 7.1.6). Returns bytes.length when it used them all
   * or when nothing more will be read.
   */
  receiveUntilEvent(bytes: Uint8Array): number {
    if (this.currentState === 'CONNECTING') throw new Error('receiveUntilEvent() before open(): the opening handshake is not complete');
    let offset = 0;
    while (offset < bytes.length && !this.stopReading) {
      const eventsBefore = this.events.length;
      this.receiveSafely(bytes.subarray(offset), 1);
      const consumed = this.parser.consumedByLastPush;
      if (this.parser.failure || consumed === 0) return bytes.length;
      offset += consumed;
      if (this.events.slice(eventsBefore).some((e) => e.type !== 'trace')) break;
    }
    return this.stopReading ? bytes.length : offset;
  }

  private receiveFrames(bytes: Uint8Array, maxFrames = Infinity): void {
    for (const frame of this.parser.push(bytes, maxFrames)) {
      this.handleFrame(frame);
      if (this.stopReading) return;
    }
    const parserFailure = this.parser.failure;
    if (parserFailure) {
      this.traceFailedFrame(parserFailure);
      this.fail(parserFailure.problem);
      return;
    }
    const partial = this.parser.partialFrame;
    if (partial) {
      // 8.1 and Autobahn 6.4: fail at the first invalid byte, even mid-frame.
      const problem = this.assembler.checkPartial(partial);
      if (problem) {
        this.tracePartialFrame(partial, problem);
        this.fail(problem);
      }
    }
  }

  /** The TCP stream ended. Without a completed close handshake that is an abnormal closure (1006, 7.1.5). */
  receiveEof(): void {
    if (this.eofReceived) return;
    this.eofReceived = true;
    if (this.currentState === 'CLOSED') return;
    this.currentState = 'CLOSED';
    this.events.push({ type: 'closed', code: CloseCode.Abnormal, reason: '', wasClean: false, closedBy: 'abnormal' });
  }

  sendText(text: string, options: SendOptions = {}): void {
    this.assertCanSend('sendText');
    this.sendMessage(Opcode.Text, new TextEncoder().encode(text), options);
  }

  sendBinary(data: Uint8Array, options: SendOptions = {}): void {
    this.assertCanSend('sendBinary');
    this.sendMessage(Opcode.Binary, data, options);
  }

  ping(payload: Uint8Array = EMPTY): void {
    this.assertCanSend('ping');
    assertControlPayload('ping', payload);
    this.writeFrame(Opcode.Ping, payload, true);
  }

  /** An unsolicited pong is a heartbeat (5.5.3); a pong answering a ping carries its payload. */
  pong(payload: Uint8Array = EMPTY): void {
    this.assertCanSend('pong');
    assertControlPayload('pong', payload);
    this.writeFrame(Opcode.Pong, payload, true);
  }

  /**
   * Starts the closing handshake (7.1.2). With no code the close frame is
   * empty. Throws for a code that may not be sent (7.4) or a reason over
   * 123 bytes; does nothing once a close was sent or the connection closed.
   */
  close(code?: number, reason = ''): void {
    if (this.currentState === 'CONNECTING') throw new Error('close() before open(): reject the opening handshake instead');
    if (this.closeSent || this.currentState === 'CLOSED') return;
    if (code !== undefined && !isSendableCloseCode(code)) throw new RangeError(`close code ${code} may not be sent in a close frame (RFC 6455 7.4)`);
    const payload = buildClosePayload(code, reason);
    this.firstCloser ??= 'local';
    this.sendClose(payload);
  }

  /** Every event since the last call, in order. */
  takeEvents(): ConnectionEvent[] {
    const taken = this.events;
    this.events = [];
    return taken;
  }

  /** Bytes to write to the socket, in order: one array per frame, or per part with gatherParts. */
  takeOutgoing(): Uint8Array[] {
    const taken = this.outgoing;
    this.outgoing = [];
    return taken;
  }

  // Receiving

  /** The peer's close frame ends reading (5.5.1); failing ends it too (7.1.7). */
  private get stopReading(): boolean {
    return this.failure !== null || this.closeReceived !== null || this.currentState === 'CLOSED';
  }

  private get peerDirection(): Direction {
    return this.role === 'server' ? 'client' : 'server';
  }

  private handleFrame(frame: ParsedFrame): void {
    if (!isControlOpcode(frame.opcode) && this.currentState !== 'OPEN') {
      // We sent a close: no message can be answered any more (5.5.1), so
      // data still in flight is read and dropped, never held or delivered.
      this.traceFrame(frame, null);
      return;
    }
    if (!isControlOpcode(frame.opcode)) {
      const result = this.assembler.addFrame(frame);
      if (result.type === 'problem') {
        // Text is judged as it streams, so the frame is shown as far as it was
        // read, up to the bad byte: the same however the bytes were chunked.
        const readUpTo = result.problem.byteOffset - frame.offset + 1;
        this.traceFrame(frame, result.problem, readUpTo);
        return this.fail(result.problem);
      }
      this.traceFrame(frame, null);
      if (result.type === 'message') this.events.push(result.message.type === 'text' ? { type: 'text', text: result.message.text } : { type: 'binary', data: result.message.data });
      return;
    }
    if (frame.opcode === Opcode.Close) return this.handleClose(frame);
    this.traceFrame(frame, null);
    if (frame.opcode === Opcode.Ping) {
      this.events.push({ type: 'ping', payload: frame.payload });
      // 5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong
      // frame in response, unless it already received a Close frame." Nor
      // after sending one: nothing follows our close (5.5.1).
      if (this.autoPong && this.currentState === 'OPEN') this.writeFrame(Opcode.Pong, frame.payload, true);
    } else {
      this.events.push({ type: 'pong', payload: frame.payload });
    }
  }

  private handleClose(frame: ParsedFrame): void {
    // 5.5.1 and 7.4: a valid code and a UTF-8 reason (a 1-byte body already failed in the parser).
    const [problem] = closePayloadProblems(frame.payload, frame.offset + frame.headerLength);
    if (problem) return this.failAtFrame(frame, problem);
    const parsed = readClosePayload(frame.payload);
    this.traceFrame(frame, null);
    this.closeReceived = { code: parsed.code, reason: parsed.reason };
    this.events.push({ type: 'close-received', code: parsed.code, reason: parsed.reason });
    if (!this.closeSent) {
      // 5.5.1: "it MUST send a Close frame in response ... typically echoing
      // the status code it received"; an empty close is answered with one.
      this.firstCloser = 'remote';
      this.sendClose(parsed.code === null ? EMPTY : buildClosePayload(parsed.code));
    }
    // Both close frames crossed: the WebSocket connection is closed (7.1.4);
    // the close code is the one in the first close frame received (7.1.5).
    this.currentState = 'CLOSED';
    this.events.push({ type: 'closed', code: parsed.code ?? CloseCode.NoStatusReceived, reason: parsed.reason, wasClean: true, closedBy: this.firstCloser! });
  }

  private failAtFrame(frame: ParsedFrame, problem: Problem): void {
    this.traceFrame(frame, problem);
    this.fail(problem);
  }

  /**
   * _Fail the WebSocket Connection_ (7.1.7): send a close with the code the
   * problem earned, unless one was sent already, and stop reading. The
   * adapter then closes TCP (transportShouldClose) and reports receiveEof().
   */
  private fail(problem: Problem): void {
    this.failure = problem;
    this.events.push({ type: 'protocol-error', problem });
    if (this.closeSent) return;
    this.firstCloser ??= 'local';
    // The reason names the rule, short and ASCII, so a peer's log says why.
    this.sendClose(buildClosePayload(problem.closeCode, problem.kind));
  }

  // Sending

  private assertCanSend(what: string): void {
    if (this.currentState !== 'OPEN') {
      throw new Error(`${what}() in state ${this.currentState}: ${this.currentState === 'CONNECTING' ? 'call open() first' : 'nothing may be sent after a close frame (RFC 6455 5.5.1)'}`);
    }
  }

  private sendMessage(opcode: number, message: Uint8Array, { fragmentSize }: SendOptions): void {
    // RFC 7692 7.2.1: the whole message is compressed, then framed; RSV1 marks its first frame only.
    const compressed = this.deflater !== null;
    const payload = this.deflater ? this.deflater.compress(message) : message;
    if (fragmentSize === undefined || payload.length <= fragmentSize) {
      if (fragmentSize !== undefined) assertFragmentSize(fragmentSize);
      this.writeFrame(opcode, payload, true, compressed);
      return;
    }
    assertFragmentSize(fragmentSize);
    // 5.4: the first frame carries the opcode, the rest are continuations;
    // text may be cut inside a code point, the receiver validates the whole.
    for (let start = 0; start < payload.length; start += fragmentSize) {
      const end = Math.min(start + fragmentSize, payload.length);
      this.writeFrame(start === 0 ? opcode : Opcode.Continuation, payload.subarray(start, end), end === payload.length, compressed && start === 0);
    }
  }

  private sendClose(payload: Uint8Array): void {
    this.writeFrame(Opcode.Close, payload, true);
    this.closeSent = true;
    if (this.currentState === 'OPEN') this.currentState = 'CLOSING';
  }

  private writeFrame(opcode: number, payload: Uint8Array, fin: boolean, rsv1 = false): void {
    const maskingKey = this.role === 'client' ? this.nextMaskingKey() : null;
    if (!maskingKey && this.gatherParts && !this.tracing) {
      // A server's frame goes out as its header and the payload itself, for
      // the socket to gather into one write: no copy of the payload.
      const [header, unmasked] = encodeFrameParts({ opcode, fin, rsv1, payload });
      this.outgoing.push(header, unmasked);
      this.bytesSent += header.length + unmasked.length;
      return;
    }
    const bytes = encodeFrame({ opcode, fin, rsv1, payload, maskingKey });
    this.outgoing.push(bytes);
    const offset = this.bytesSent;
    this.bytesSent += bytes.length;
    if (this.tracing) {
      this.pushTrace({ direction: 'out', bytes, offset, opcode, fin, payloadLength: payload.length, problem: null }, this.role);
    }
  }

  /** 5.3: "a fresh masking key ... for each frame", from the injected source. */
  private nextMaskingKey(): Uint8Array {
    const key = this.randomBytes!(MASKING_KEY_LENGTH);
    if (!(key instanceof Uint8Array) || key.length !== MASKING_KEY_LENGTH) {
      throw new TypeError(`randomBytes(${MASKING_KEY_LENGTH}) must return ${MASKING_KEY_LENGTH} bytes`);
    }
    return key;
  }

  // Traces

  private traceFrame(frame: ParsedFrame, problem: Problem | null, readUpTo = frame.headerLength + frame.payloadLength): void {
    if (!this.tracing) return;
    this.pushTrace({
      direction: 'in', bytes: frame.wire!.subarray(0, readUpTo), offset: frame.offset, opcode: frame.opcode, fin: frame.fin, payloadLength: frame.payloadLength, problem,
    }, this.peerDirection);
  }

  private traceFailedFrame(failure: ParserFailure): void {
    if (!this.tracing) return;
    this.pushTrace({
      direction: 'in', bytes: failure.bytes, offset: failure.offset, opcode: failure.opcode, fin: failure.fin,
      payloadLength: failure.payloadLength ?? 0, problem: failure.problem,
    }, this.peerDirection);
  }

  /** The frame as far as the receiver read it: up to and including the bad byte. */
  private tracePartialFrame(partial: PartialFrame, problem: Problem): void {
    if (!this.tracing) return;
    const { header } = partial;
    const payloadRead = partial.payloadSoFar.subarray(0, problem.byteOffset - header.offset - header.headerLength + 1);
    const bytes = new Uint8Array(header.headerLength + payloadRead.length);
    bytes.set(partial.headerBytes);
    bytes.set(header.maskingKey ? applyMask(payloadRead, header.maskingKey) : payloadRead, header.headerLength);
    this.pushTrace({
      direction: 'in', bytes, offset: header.offset, opcode: header.opcode, fin: header.fin, payloadLength: header.payloadLength, problem,
    }, this.peerDirection);
  }

  private pushTrace(fields: Omit<FrameTrace, 'time' | 'decode'>, from: Direction): void {
    const trace = makeFrameTrace({ ...fields, time: this.now(), decodeOptions: { from, negotiatedRsv: this.negotiatedRsv } });
    this.events.push({ type: 'trace', trace });
  }
}

function assertControlPayload(what: string, payload: Uint8Array): void {
  if (payload.length > MAX_CONTROL_PAYLOAD) {
    throw new RangeError(`${what} payload is ${payload.length} bytes; control frames carry at most ${MAX_CONTROL_PAYLOAD} (RFC 6455 5.5)`);
  }
}

function assertFragmentSize(fragmentSize: number): void {
  if (!Number.isInteger(fragmentSize) || fragmentSize < 1) throw new RangeError(`fragmentSize must be a positive integer, not ${fragmentSize}`);
}

// A raw-socket WebSocket test client: it does its own opening handshake (with
// node:crypto, independently of engine/), writes whatever bytes a test gives
// it (valid frames, broken frames, half a request) and parses what the server
// sends back with its own small frame reader. It is the conformance suite's
// and the fault tests' view of the server, so it trusts nothing the server
// code computes.

import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface ServerFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

export interface CloseOutcome {
  /** Frames received before the close frame (or before TCP closed). */
  frames: ServerFrame[];
  /** The server's close frame, or null when TCP closed without one. */
  close: { code: number | null; reason: string } | null;
  /** True when the server closed TCP within the time allowed. */
  tcpClosed: boolean;
}

export interface RawConnectOptions {
  host?: string;
  /** The source address, to play another peer: any of 127.0.0.0/8 reaches a loopback server. */
  localAddress?: string;
  path?: string;
  /** Extra request headers, or replacements for the defaults (by name, case-insensitive). */
  headers?: Record<string, string | null>;
}

export interface FrameToSend {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  /** RSV bits as a 3-bit number (4 = RSV1, 2 = RSV2, 1 = RSV3). */
  rsv?: number;
  /** Defaults to a random key; null sends the frame unmasked. */
  maskingKey?: Uint8Array | null;
}

/** Builds one client frame, masked unless told otherwise (RFC 6455 5.2, 5.3). */
export function clientFrame(frame: FrameToSend): Buffer {
  const payload = typeof frame.payload === 'string' ? Buffer.from(frame.payload) : Buffer.from(frame.payload ?? new Uint8Array(0));
  const key = frame.maskingKey === undefined ? randomBytes(4) : frame.maskingKey;
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + (key ? 4 : 0));
  header[0] = ((frame.fin ?? true) ? 0x80 : 0) | ((frame.rsv ?? 0) << 4) | frame.opcode;
  header[1] = (key ? 0x80 : 0) | (extended === 0 ? length : extended === 2 ? 126 : 127);
  if (extended === 2) header.writeUInt16BE(length, 2);
  if (extended === 8) header.writeBigUInt64BE(BigInt(length), 2);
  const body = Buffer.from(payload);
  if (key) {
    header.set(key, 2 + extended);
    for (let i = 0; i < body.length; i++) body[i] ^= key[i & 3];
  }
  return Buffer.concat([header, body]);
}

export function closePayload(code: number, reason = ''): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
}

export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** Opens a TCP connection, nothing more (for half requests and other misbehaviour). */
export function openTcp(port: number, host = '127.0.0.1', localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

export class RawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiters: Array<() => void> = [];
  /** Every byte received after the handshake, for tests that look at the wire. */
  receivedBytes = 0;

  private constructor(
    readonly socket: Socket,
    /** The server's response head, status line first. */
    readonly responseHead: string,
    readonly status: number,
    leftover: Buffer,
  ) {
    this.buffer = leftover;
    this.receivedBytes = leftover.length;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.receivedBytes += chunk.length;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => {});
    socket.resume();
  }

  /**
   * Connects and performs the opening handshake (RFC 6455 4.1), checking the
   * 101 and Sec-WebSocket-Accept itself. Rejects on anything else unless
   * `allowRefusal`, in which case the client is returned with its status.
   */
  static async connect(port: number, options: RawConnectOptions & { allowRefusal?: boolean } = {}): Promise<RawClient> {
    const host = options.host ?? '127.0.0.1';
    const socket = await openTcp(port, host, options.localAddress);
    const key = randomBytes(16).toString('base64');
    const headers: Record<string, string | null> = {
      Host: `${host}:${port}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': '13',
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      const existing = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
      if (existing) delete headers[existing];
      headers[name] = value;
    }
    const lines = Object.entries(headers)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `${name}: ${value}`);
    socket.write(`GET ${options.path ?? '/echo'} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    const { head, rest } = await readHead(socket);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
    const client = new RawClient(socket, head, status, rest);
    if (status !== 101) {
      if (options.allowRefusal) return client;
      socket.destroy();
      throw new Error(`expected 101, got: ${head.split('\r\n')[0]}`);
    }
    const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(head)?.[1];
    if (accept !== expectedAccept(key)) {
      socket.destroy();
      throw new Error(`wrong Sec-WebSocket-Accept ${accept}`);
    }
    return client;
  }

  send(bytes: Uint8Array | string): void {
    this.socket.write(bytes);
  }

  sendFrame(frame: FrameToSend): void {
    this.socket.write(clientFrame(frame));
  }

  /** Writes `bytes` in pieces of `chopSize`, each handed to the kernel before the next (Autobahn's "chopped" cases). */
  async sendChopped(bytes: Uint8Array, chopSize: number): Promise<void> {
    for (let i = 0; i < bytes.length; i += chopSize) {
      const piece = bytes.subarray(i, i + chopSize);
      await new Promise<void>((resolve, reject) => this.socket.write(piece, (error) => (error ? reject(error) : resolve())));
    }
  }

  sendText(text: string): void {
    this.sendFrame({ opcode: 0x1, payload: text });
  }

  sendClose(code?: number, reason = ''): void {
    this.sendFrame({ opcode: 0x8, payload: code === undefined ? new Uint8Array(0) : closePayload(code, reason) });
  }

  /** The next complete frame, or null when TCP closed first. Rejects after `timeoutMs`. */
  async nextFrame(timeoutMs = 2000): Promise<ServerFrame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.takeFrame();
      if (frame) return frame;
      if (this.ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms (${this.buffer.length} bytes buffered)`);
      await this.waitForData(left);
    }
  }

  /** The next data message, reassembled from its fragments; control frames before it are returned too. */
  async nextMessage(timeoutMs = 2000): Promise<{ opcode: number; payload: Buffer; control: ServerFrame[] }> {
    const control: ServerFrame[] = [];
    const parts: Buffer[] = [];
    let opcode = -1;
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (!frame) throw new Error('TCP closed before a whole message arrived');
      if (frame.opcode >= 0x8) {
        control.push(frame);
        if (frame.opcode === 0x8) throw new Error(`close frame ${describeClose(frame)} instead of a message`);
        continue;
      }
      if (opcode === -1) opcode = frame.opcode;
      parts.push(frame.payload);
      if (frame.fin) return { opcode, payload: Buffer.concat(parts), control };
    }
  }

  /**
   * Reads until the server's close frame, answers it if `reply` (the default),
   * and waits for the server to close TCP (RFC 6455 7.1.1: the server closes
   * the TCP connection first).
   */
  async expectClose(timeoutMs = 2000, reply = true): Promise<CloseOutcome> {
    const frames: ServerFrame[] = [];
    let close: CloseOutcome['close'] = null;
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (!frame) break;
      if (frame.opcode === 0x8) {
        close = parseClose(frame.payload);
        if (reply && !this.socket.destroyed) {
          this.socket.write(clientFrame({ opcode: 0x8, payload: frame.payload.subarray(0, 2) }));
        }
        break;
      }
      frames.push(frame);
    }
    const tcpClosed = await this.waitForTcpClose(timeoutMs);
    return { frames, close, tcpClosed };
  }

  /** True once the server closed the connection, false if it did not within `timeoutMs`. */
  async waitForTcpClose(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.waitForData(left);
      // Frames after the close frame are ignored (7.1.7).
      this.buffer = Buffer.alloc(0);
    }
    return true;
  }

  get closed(): boolean {
    return this.ended;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private takeFrame(): ServerFrame | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    const masked = (b[1] & 0x80) !== 0;
    let length = b[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const keyOffset = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return null;
    const payload = Buffer.from(b.subarray(offset, offset + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= b[keyOffset + (i & 3)];
    this.buffer = b.subarray(offset + length);
    return { fin: (b[0] & 0x80) !== 0, rsv: (b[0] >> 4) & 0x7, opcode: b[0] & 0x0f, masked, payload };
  }

  private waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiter = done;
      this.waiters.push(waiter);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

export function parseClose(payload: Buffer): { code: number | null; reason: string } {
  if (payload.length < 2) return { code: null, reason: '' };
  return { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
}

function describeClose(frame: ServerFrame): string {
  const { code, reason } = parseClose(frame.payload);
  return `${code ?? '(no code)'} ${reason}`;
}

/** Reads an HTTP response head; what follows it is returned as `rest`. */
export function readHead(socket: Socket, timeoutMs = 2000): Promise<{ head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`no response head within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end >= 0) finish(null, { head: received.subarray(0, end).toString('latin1'), rest: received.subarray(end + 4) });
    };
    const onClose = () => finish(new Error(`connection closed before a response head (got ${JSON.stringify(received.toString('latin1'))})`));
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', () => {});
    function finish(error: Error | null, value?: { head: string; rest: Buffer }) {
      clearTimeout(timer);
      // Paused until the next reader attaches, so no byte falls in between.
      socket.pause();
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(value!);
    }
  });
}

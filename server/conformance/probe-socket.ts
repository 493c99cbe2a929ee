// The conformance client's TCP connection (node:net): it writes what it is
// given, piece by piece when asked (Autobahn's chops), hands every received
// chunk to one reader, remembers who closed TCP, and lets the case wait for
// a condition with a bound. Nothing here knows WebSocket; probe-session.ts
// and probe-handshake.ts do.

import { connect, type Socket } from 'node:net';

/** Large writes go out in slices of this size, each awaited, so a server that fails mid-message stops the writing. */
const WRITE_SLICE = 256 * 1024;

export type TcpEnd = 'open' | 'closed-by-server' | 'reset-by-server' | 'closed-by-client';

export class ProbeSocket {
  private reader: (chunk: Uint8Array) => void = () => {};
  private waiters = new Set<() => void>();
  private end: TcpEnd = 'open';
  private errorText: string | null = null;
  private endListener: ((end: TcpEnd) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.reader(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorText = error.code ?? error.message;
      if (error.code === 'ECONNRESET') this.ended('reset-by-server');
    });
    // A FIN is the server closing its end of TCP (7.1.1): nothing more is written after it.
    socket.on('end', () => this.ended('closed-by-server'));
    socket.on('close', () => this.ended('closed-by-server'));
  }

  /** Opens TCP to host:port, or rejects with why within `timeoutMs`. */
  static open(host: string, port: number, timeoutMs: number): Promise<ProbeSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no TCP connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new ProbeSocket(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to ${host}:${port}: ${error.message}`));
      });
    });
  }

  /** Who ended TCP, if anyone has. */
  get tcp(): TcpEnd {
    return this.end;
  }

  get isOpen(): boolean {
    return this.end === 'open' && !this.socket.destroyed;
  }

  /** The socket error seen, if any (ECONNRESET, EPIPE…). */
  get error(): string | null {
    return this.errorText;
  }

  private ended(how: TcpEnd): void {
    if (this.end === 'open') {
      this.end = how;
      this.endListener?.(how);
    }
    this.wake();
  }

  /** Called once TCP is gone, with who ended it: the moment the wire log records. */
  onEnd(listener: (end: TcpEnd) => void): void {
    this.endListener = listener;
  }

  /** The one place received bytes go. */
  setReader(reader: (chunk: Uint8Array) => void): void {
    this.reader = reader;
  }

  /**
   * Writes `bytes`, in pieces of `chopSize` each handed to the kernel before
   * the next when given. Resolves false when the connection ended first, or
   * `keepGoing` said to stop between two pieces.
   */
  async write(bytes: Uint8Array, chopSize?: number, keepGoing: () => boolean = () => true): Promise<boolean> {
    const slice = chopSize ?? WRITE_SLICE;
    let at = 0;
    do {
      if (!this.isOpen || !keepGoing()) return false;
      const piece = bytes.subarray(at, at + slice);
      if (!(await this.writePiece(piece, keepGoing))) return false;
      // A write the kernel takes at once completes without a turn of the event loop: give the
      // reader its turn, or a server's close frame waits until the whole write is done.
      if (at + slice < bytes.length) await new Promise((resolve) => setImmediate(resolve));
      at += slice;
    } while (at < bytes.length);
    return true;
  }

  /**
   * One write, done when the kernel took it; or given up (false) as soon as
   * the connection ends or `keepGoing` says stop: a server that stopped
   * reading never drains it.
   */
  private writePiece(piece: Uint8Array, keepGoing: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (written: boolean) => {
        if (settled) return;
        settled = true;
        this.waiters.delete(check);
        resolve(written);
      };
      const check = () => {
        if (!this.isOpen || !keepGoing()) finish(false);
      };
      this.waiters.add(check);
      this.socket.write(piece, (error) => finish(!error));
    });
  }

  /** Resolves true as soon as `condition` holds, false after `ms` (checked on every chunk and on close). */
  waitFor(condition: () => boolean, ms: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(condition()), ms);
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      this.waiters.add(check);
    });
  }

  /** Re-checks every wait: called by readers after they changed what a condition looks at. */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The client ends TCP (a FIN; the socket is destroyed shortly after). */
  close(): void {
    this.ended('closed-by-client');
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 100).unref();
  }

  destroy(): void {
    this.ended('closed-by-client');
    this.socket.destroy();
  }
}

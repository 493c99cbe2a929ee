// The Connect panel's own WebSocket: a browser client of one of the
// explorer's endpoints, opened with a nonce in its URL (live-nonce.ts) so
// the Live view can find and show its session at once. It can do what a
// browser's WebSocket can: send text or binary, and close with a code and a
// reason. It cannot send a ping or a broken frame: the browser builds every
// frame itself (and masks it, RFC 6455 5.3).

import { newNonce, withNonce } from './live-nonce';

export type ClientState = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

export interface ClientClose {
  code: number;
  reason: string;
  wasClean: boolean;
}

export class LiveClient {
  private socket: WebSocket | null = null;
  state: ClientState = 'idle';
  url: string | null = null;
  nonce: string | null = null;
  lastClose: ClientClose | null = null;
  /** Messages sent and received by this client. */
  sent = 0;
  received = 0;

  constructor(private readonly changed: () => void) {}

  /** Opens `endpointUrl` with a fresh nonce; returns the nonce. A client already open is closed first (1000). */
  connect(endpointUrl: string): string {
    this.socket?.close(1000, 'reconnecting');
    const nonce = newNonce((bytes) => crypto.getRandomValues(bytes));
    const url = withNonce(endpointUrl, nonce);
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.url = url;
    this.nonce = nonce;
    this.state = 'connecting';
    this.lastClose = null;
    this.sent = 0;
    this.received = 0;
    socket.onopen = () => this.update(socket, () => (this.state = 'open'));
    socket.onmessage = () => this.update(socket, () => this.received++);
    socket.onclose = (event) =>
      this.update(socket, () => {
        this.state = 'closed';
        this.lastClose = { code: event.code, reason: event.reason, wasClean: event.wasClean };
      });
    this.changed();
    return nonce;
  }

  send(data: string | Uint8Array<ArrayBuffer>): void {
    if (!this.socket || this.state !== 'open') return;
    this.socket.send(data);
    this.sent++;
    this.changed();
  }

  close(code: number, reason: string): void {
    if (!this.socket || (this.state !== 'open' && this.state !== 'connecting')) return;
    this.socket.close(code, reason);
    this.state = 'closing';
    this.changed();
  }

  /** Applies a change only for the socket still current (an old one's late events are ignored). */
  private update(socket: WebSocket, change: () => void): void {
    if (socket !== this.socket) return;
    change();
    this.changed();
  }
}

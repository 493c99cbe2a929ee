// The tap's wire format: the JSON messages the server's /tap WebSocket
// endpoint sends, one per text message, to whoever watches the sessions.
// Types only, written once here: server/tap.ts sends them, and a reader
// decodes the bytes they carry with the engine's parser and decoder.
//
// A session is one TCP connection that reached a WebSocket route: its upgrade
// request, the server's answer (101 or a refusal), then the frames, in both
// directions, exactly as they crossed the wire (RFC 6455 section 1.2 shows
// the same two halves: handshake, then data transfer). The upgrade request
// too: its bytes are the client's own, header case, order and whitespace
// included, never rebuilt from a parsed form, with one exception: the values
// of credential fields (Cookie, Set-Cookie, Authorization,
// Proxy-Authorization) are replaced by as many '*' bytes
// (engine/redact-credentials.ts), so lengths and offsets stay exact.

/** Which endpoint wrote the bytes. Frames from the client are masked (RFC 6455 5.3). */
export type TapSender = 'client' | 'server';

/** 'handshake' bytes are HTTP (RFC 6455 4.1, 4.2.2); 'frames' bytes are frames (5.2). */
export type TapPhase = 'handshake' | 'frames';

export type TapSessionState =
  /** The upgrade request is in, the answer not yet. */
  | 'handshake'
  /** 101 written: frames flow. */
  | 'open'
  /** The server answered the upgrade with an HTTP error (400, 403, 426, …). */
  | 'refused'
  /** TCP is gone. */
  | 'closed';

export interface TapSessionSummary {
  /** Unique per server process; the same id the server's connection object carries. */
  id: string;
  /** Request target, e.g. "/echo?x=1". */
  target: string;
  /** "127.0.0.1:53122". */
  remote: string;
  /** Milliseconds since the Unix epoch, from the server's clock. */
  openedAt: number;
  state: TapSessionState;
  /** Negotiated subprotocol (RFC 6455 4.2.2 Sec-WebSocket-Protocol), when there is one. */
  subprotocol: string | null;
  /**
   * Only on a session `wsx proxy` forwarded to its target (server/proxy.ts),
   * from the moment the proxy has the request to send there: the second
   * version of the upgrade request. The session's chunks are the bytes on
   * the client's side of the proxy, so its 'client' 'handshake' chunk is the
   * request exactly as the client sent it, as for every session; `upstream`
   * is the request the target received, rewritten for it. A reader that does
   * not know the field loses nothing else: absent, the session is the
   * explorer's own.
   */
  upstream?: TapUpstream;
}

/** Where a proxied session went, and the upgrade request as the target received it. */
export interface TapUpstream {
  /** The proxy's target, e.g. "wss://example.com/chat". */
  url: string;
  /**
   * The request head the proxy sent, as lowercase hex (engine/hex.ts
   * parseHex reads it): the client's bytes with the Host field naming the
   * target, and the request target replaced when the proxy's target has a
   * path. Credential values are '*' bytes, as in a handshake chunk.
   */
  requestHex: string;
}

export interface TapChunk {
  session: string;
  /** Per session, counting from 0. A gap means older chunks were evicted from the ring. */
  seq: number;
  from: TapSender;
  phase: TapPhase;
  /** Milliseconds since the Unix epoch. */
  at: number;
  /**
   * Where the chunk starts in its sender's byte stream, counted from the
   * first byte of the handshake. Frame decoding resumes correctly only from
   * contiguous chunks: a jump means bytes were not kept.
   */
  offset: number;
  /** Bytes the chunk had on the wire. */
  length: number;
  /**
   * The bytes as lowercase hex without separators (engine/hex.ts parseHex
   * reads it). In a 'handshake' chunk, credential values are '*' bytes.
   */
  hex: string;
  /** True when `hex` holds only the first bytes of a chunk larger than the ring keeps. */
  truncated: boolean;
}

export interface TapClose {
  session: string;
  at: number;
  /** Close code the session ended with (1006 when TCP went without a close handshake; null when refused). */
  code: number | null;
  reason: string;
  /** RFC 6455 7.1.5/7.1.6: true when both close frames were exchanged before TCP closed. */
  wasClean: boolean;
}

export type TapMessage =
  /**
   * First message on every subscription. `ringBytesPerSession` is the memory
   * a session's history may take on the server, record headers included:
   * somewhat fewer bytes of chunks than that stay.
   */
  | { type: 'hello'; protocol: 1; ringBytesPerSession: number }
  | { type: 'session-opened'; session: TapSessionSummary }
  | { type: 'session-updated'; session: TapSessionSummary }
  | { type: 'bytes'; chunk: TapChunk }
  | { type: 'session-closed'; close: TapClose }
  /**
   * Sent after the history of retained sessions has been replayed; live
   * messages that happened during the replay follow, in order. The history
   * is the newest that fits in the subscriber's queue, each session's chunks
   * contiguous and in order. `omittedChunks` counts the retained chunks not
   * replayed: older ones that would not fit, and any evicted while the
   * replay ran (a jump in `offset` shows where).
   */
  | { type: 'replay-done'; omittedChunks: number };

/** Path of the tap endpoint on the explorer server. */
export const TAP_PATH = '/tap';

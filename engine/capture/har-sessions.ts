// WebSocket sessions from a HAR file (HTTP Archive 1.2) as Chrome DevTools
// exports it: an entry whose `_webSocketMessages` lists the messages
// ({type: "send" | "receive", time: seconds since the epoch, opcode, data},
// binary data in base64) is a session, with the handshake's request and
// response headers beside it.
//
// HAR keeps messages, not bytes, so the bytes are rebuilt as the browser
// would have sent them: the request and the 101 as HTTP/1.1 heads, each
// message one frame with FIN set (5.2), the client's masked (5.3) with a key
// chosen here, deterministically, not the browser's. Compressed messages
// (RFC 7692) are kept inflated in HAR, so they are rebuilt uncompressed, as
// RFC 7692 6 lets a sender do. The session says all of this in its notes
// and in `rebuilt`.

import type { CaptureNote, CaptureSession, Endpoint } from './capture-model';
import { rebuiltStream, type TimedBytes } from './rebuilt-stream';
import type { TcpConversation } from './tcp-conversations';
import { readConversation } from './websocket-session';
import { decodeBase64 } from '../base64';
import { encodeFrame } from '../frame';
import { type HttpHeader, headerValues, serializeRequest, serializeResponse } from '../http-message';
import { Opcode } from '../opcode';

export interface HarWebSocketMessage {
  type: 'send' | 'receive' | string;
  /** Seconds since the epoch, with a fraction. */
  time: number;
  opcode: number;
  data: string;
}

export interface HarEntry {
  startedDateTime?: string;
  request?: { method?: string; url?: string; httpVersion?: string; headers?: HttpHeader[] };
  response?: { status?: number; statusText?: string; httpVersion?: string; headers?: HttpHeader[] };
  serverIPAddress?: string;
  _webSocketMessages?: HarWebSocketMessage[];
}

export interface HarReading {
  /** Entries in the file. */
  entries: number;
  sessions: CaptureSession[];
  /** About the file: JSON that does not read, entries that are not sessions. */
  notes: CaptureNote[];
}

const UNKNOWN_CLIENT: Endpoint = { address: '0.0.0.0', port: 0 };
const text = new TextEncoder();

/** Reads a HAR file's text (or its already-parsed JSON). */
export function readHar(input: string | unknown): HarReading {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      return { entries: 0, sessions: [], notes: [{ kind: 'file', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
  }
  const entries = (document as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) return { entries: 0, sessions: [], notes: [{ kind: 'file', message: 'not a HAR file: no log.entries list' }] };
  const sessions: CaptureSession[] = [];
  const notes: CaptureNote[] = [];
  entries.forEach((entry: HarEntry, index) => {
    if (!entry || !Array.isArray(entry._webSocketMessages)) return;
    const built = sessionFromEntry(entry, index, sessions.length + 1);
    if (typeof built === 'string') notes.push({ kind: 'file', message: `entry ${index + 1}: ${built}` });
    else sessions.push(built);
  });
  if (sessions.length === 0 && notes.length === 0) {
    notes.push({ kind: 'file', message: `none of the ${entries.length} entries has _webSocketMessages: export the HAR from Chrome's Network panel with the WebSocket connections in it` });
  }
  return { entries: entries.length, sessions, notes };
}

function sessionFromEntry(entry: HarEntry, entryIndex: number, sessionNumber: number): CaptureSession | string {
  const url = entry.request?.url ?? '';
  const parts = /^(wss?|https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)/i.exec(url);
  if (!parts) return `"${url}" is not a ws:// or wss:// URL`;
  const secure = /^(wss|https)$/i.test(parts[1]);
  const port = parts[3] ? Number(parts[3]) : secure ? 443 : 80;
  const target = parts[4] ? (parts[4].startsWith('?') ? `/${parts[4]}` : parts[4]) : '/';
  const notes: CaptureNote[] = [{ kind: 'rebuilt', message: 'rebuilt from HAR: the handshake and one frame per message are built from what DevTools recorded, not captured; the client\'s masking keys are chosen here, not the browser\'s' }];
  const requestHeaders = usableHeaders(entry.request?.headers, 'request', notes);
  const responseHeaders = usableHeaders(entry.response?.headers, 'response', notes);
  const started = Date.parse(entry.startedDateTime ?? '');
  const startTime = Number.isNaN(started) ? null : started;

  let requestBytes: Uint8Array;
  let responseBytes: Uint8Array;
  try {
    requestBytes = serializeRequest({ method: entry.request?.method || 'GET', target, version: httpVersion(entry.request?.httpVersion), headers: requestHeaders });
    const status = entry.response?.status ?? 101;
    responseBytes = serializeResponse({ version: httpVersion(entry.response?.httpVersion), status, reason: entry.response?.statusText || (status === 101 ? 'Switching Protocols' : ''), headers: responseHeaders });
  } catch (error) {
    return `its handshake cannot be written as HTTP/1.1: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (secure) notes.push({ kind: 'rebuilt', message: `the URL is ${parts[1]}://: on the wire these bytes were inside TLS` });
  if (/permessage-deflate/i.test(headerValues(responseHeaders, 'sec-websocket-extensions').join(','))) {
    notes.push({ kind: 'rebuilt', message: 'permessage-deflate was agreed (RFC 7692): HAR keeps each message inflated, so it is rebuilt uncompressed, RSV1 clear, as RFC 7692 6 lets a sender do; the compressed bytes are not known' });
  }

  const client: TimedBytes[] = [{ bytes: requestBytes, time: startTime }];
  const server: TimedBytes[] = [{ bytes: responseBytes, time: startTime }];
  const messages = entry._webSocketMessages ?? [];
  messages.forEach((message, index) => {
    const from = message.type === 'send' ? 'client' : message.type === 'receive' ? 'server' : null;
    if (!from) {
      notes.push({ kind: 'rebuilt', message: `message ${index + 1} has type "${message.type}", neither send nor receive: left out` });
      return;
    }
    const payload = messagePayload(message, index, notes);
    const time = typeof message.time === 'number' ? message.time * 1000 : null;
    const maskingKey = from === 'client' ? chosenMaskingKey(entryIndex, index) : null;
    const opcode = Number.isInteger(message.opcode) && message.opcode >= 0 && message.opcode <= 15 ? message.opcode : Opcode.Text;
    (from === 'client' ? client : server).push({ bytes: encodeFrame({ opcode, payload, maskingKey }, { allowInvalid: true }), time });
  });
  if (messages.length > 0) notes.push({ kind: 'rebuilt', message: 'HAR lists data messages only: pings, pongs and the closing handshake are not in it' });

  const id = `har-${sessionNumber}`;
  const serverEndpoint: Endpoint = { address: (entry.serverIPAddress ?? '').replace(/^\[|\]$/g, '') || parts[2].replace(/^\[|\]$/g, ''), port };
  const conversation: TcpConversation = {
    id,
    client: UNKNOWN_CLIENT,
    server: serverEndpoint,
    clientKnownBy: 'caller',
    packets: 0,
    firstPacket: null,
    lastPacket: null,
    startedAt: startTime,
    endedAt: lastTime(client, server),
    streams: { client: rebuiltStream(UNKNOWN_CLIENT, client), server: rebuiltStream(serverEndpoint, server) },
    notes,
  };
  const reading = readConversation(conversation, 'har');
  if (!reading.session) return 'its handshake does not read as a WebSocket upgrade';
  return { ...reading.session, rebuilt: true };
}

/** HTTP/2 pseudo-headers (":authority") have no place in an HTTP/1.1 head; names or values that would break one are left out too. */
function usableHeaders(headers: HttpHeader[] | undefined, which: string, notes: CaptureNote[]): HttpHeader[] {
  const usable: HttpHeader[] = [];
  for (const header of headers ?? []) {
    if (typeof header?.name !== 'string' || typeof header.value !== 'string') continue;
    if (header.name.startsWith(':') || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(header.name) || /[\r\n\0]/.test(header.value)) {
      notes.push({ kind: 'rebuilt', message: `the ${which} header "${header.name}" cannot be written in an HTTP/1.1 head: left out` });
      continue;
    }
    usable.push({ name: header.name, value: header.value });
  }
  return usable;
}

function httpVersion(version: string | undefined): string {
  return version && /^HTTP\/1\.[01]$/i.test(version) ? version.toUpperCase() : 'HTTP/1.1';
}

/** Text messages are UTF-8 text in HAR; every other opcode's data is base64 (DevTools' convention for binary). */
function messagePayload(message: HarWebSocketMessage, index: number, notes: CaptureNote[]): Uint8Array {
  const data = typeof message.data === 'string' ? message.data : '';
  if (message.opcode === Opcode.Text) return text.encode(data);
  const decoded = decodeBase64(data);
  if (decoded.ok) return decoded.bytes;
  notes.push({ kind: 'rebuilt', message: `message ${index + 1} (opcode ${message.opcode}) is not base64 (${decoded.message}): its text is used as the payload` });
  return text.encode(data);
}

/**
 * A masking key for the rebuilt frame, the same every time for the same
 * entry and message (xorshift32 of their positions): RFC 6455 5.3 wants a
 * browser's keys unpredictable, and these are plainly not the browser's.
 */
export function chosenMaskingKey(entryIndex: number, messageIndex: number): Uint8Array {
  let x = (((entryIndex + 1) * 0x9e3779b1) ^ ((messageIndex + 1) * 0x85ebca6b)) >>> 0 || 1;
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  x >>>= 0;
  return Uint8Array.from([x >>> 24, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff]);
}

function lastTime(...sides: TimedBytes[][]): number | null {
  let last: number | null = null;
  for (const side of sides) for (const piece of side) if (piece.time !== null && (last === null || piece.time > last)) last = piece.time;
  return last;
}

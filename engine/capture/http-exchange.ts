// The opening handshake inside a TCP conversation: an HTTP/1.1 request head
// with "Upgrade: websocket" (RFC 6455 4.1) in the client's stream, and its
// answer in the server's. A connection may carry ordinary requests first
// (keep-alive, RFC 9112 9.3): they are walked past, bodies skipped by their
// Content-Length (RFC 9112 6.3), and requests and answers are paired in
// order, interim 1xx answers other than 101 set aside (RFC 9110 15.2). What
// cannot be walked past (a chunked body, a body read until close) ends the
// search, and a note says why.

import type { CaptureNote, CaptureStream, CapturedHead } from './capture-model';
import { chunkAt } from './stream-lookup';
import { type HttpRequest, type HttpResponse, headerHasToken, headerValues, parseRequestHead, parseResponseHead } from '../http-message';

export interface UpgradeSearch {
  /** The stream starts with HTTP (a request head could be read at its first byte). */
  http: boolean;
  request: CapturedHead<HttpRequest> | null;
  response: CapturedHead<HttpResponse> | null;
  /** Ordinary requests walked past before the upgrade. */
  earlierRequests: number;
  notes: CaptureNote[];
}

/** Roomier than a server's limit: a capture shows what was sent, even an oversized head. */
const HEAD_LIMITS = { maxHeadBytes: 64 * 1024, maxHeaderCount: 1000 };
/** Exchanges walked on one connection before giving up. */
const MAX_EXCHANGES = 1000;

type BodyLength = number | 'chunked' | 'until-close' | 'invalid';

export function findUpgrade(client: CaptureStream, server: CaptureStream): UpgradeSearch {
  const search: UpgradeSearch = { http: false, request: null, response: null, earlierRequests: 0, notes: [] };
  const clientRun = client.runs[0];
  if (!clientRun || clientRun.offset !== 0) return search;
  const requests: Array<{ method: string }> = [];
  let at = 0;
  while (requests.length < MAX_EXCHANGES && at < clientRun.bytes.length) {
    const parsed = parseRequestHead(clientRun.bytes.subarray(at), HEAD_LIMITS);
    if (parsed.state === 'incomplete') {
      if (search.http) search.notes.push({ kind: 'http', direction: 'client', streamOffset: at, message: `an HTTP request head starts at offset ${at} and the captured stream ends before its blank line` });
      break;
    }
    if (parsed.state === 'error') {
      if (search.http) search.notes.push({ kind: 'http', direction: 'client', streamOffset: at, message: `what follows the request at offset ${at} is not an HTTP request: ${parsed.message}` });
      break;
    }
    search.http = true;
    const request = parsed.message;
    if (headerHasToken(request.headers, 'upgrade', 'websocket')) {
      search.request = captured(client, request, clientRun.bytes.subarray(at, at + parsed.headLength), at);
      break;
    }
    requests.push({ method: request.method });
    const body = bodyLength(request.headers, null, request.method);
    if (typeof body !== 'number') {
      search.notes.push({ kind: 'http', direction: 'client', streamOffset: at, message: `the request at offset ${at} has a ${describeBody(body)} body, which this reader does not walk past: later requests on the connection are not looked at` });
      break;
    }
    at += parsed.headLength + body;
  }
  search.earlierRequests = requests.length;
  if (search.request) search.response = findAnswer(server, requests, search);
  return search;
}

/** The answer to the upgrade: the response after the ones that answer the earlier requests. */
function findAnswer(server: CaptureStream, earlier: Array<{ method: string }>, search: UpgradeSearch): CapturedHead<HttpResponse> | null {
  const serverRun = server.runs[0];
  if (!serverRun || serverRun.offset !== 0) {
    search.notes.push({ kind: 'http', direction: 'server', message: serverRun ? `the server's stream was not captured from its start (first byte at offset ${serverRun.offset}): its answer to the upgrade is not known` : 'the server sent nothing the capture saw: no answer to the upgrade' });
    return null;
  }
  let answered = 0;
  let at = 0;
  while (at < serverRun.bytes.length) {
    const parsed = parseResponseHead(serverRun.bytes.subarray(at), HEAD_LIMITS);
    if (parsed.state !== 'complete') {
      const why = parsed.state === 'incomplete' ? 'the captured stream ends inside a response head' : `not an HTTP response: ${parsed.message}`;
      search.notes.push({ kind: 'http', direction: 'server', streamOffset: at, message: `no answer to the upgrade found: at offset ${at}, ${why}` });
      return null;
    }
    const response = parsed.message;
    const interim = response.status >= 100 && response.status < 200 && response.status !== 101;
    if (!interim && answered === earlier.length) return captured(server, response, serverRun.bytes.subarray(at, at + parsed.headLength), at);
    let body = 0;
    if (!interim) {
      const length = bodyLength(response.headers, response.status, earlier[answered].method);
      if (typeof length !== 'number') {
        search.notes.push({ kind: 'http', direction: 'server', streamOffset: at, message: `the response at offset ${at} has a ${describeBody(length)} body, which this reader does not walk past: the answer to the upgrade is not found` });
        return null;
      }
      body = length;
      answered++;
    }
    at += parsed.headLength + body;
  }
  search.notes.push({ kind: 'http', direction: 'server', message: 'the server\'s captured stream ends before its answer to the upgrade' });
  return null;
}

/** RFC 9112 6.3: how long the body after a head is, when that can be known without reading it. */
function bodyLength(headers: Array<{ name: string; value: string }>, status: number | null, requestMethod: string): BodyLength {
  if (status !== null && (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200))) return 0;
  if (headerValues(headers, 'transfer-encoding').length > 0) return 'chunked';
  const lengths = headerValues(headers, 'content-length');
  if (lengths.length === 0) return status === null ? 0 : 'until-close';
  const value = lengths[0].trim();
  return /^\d+$/.test(value) ? Number(value) : 'invalid';
}

function describeBody(length: BodyLength): string {
  if (length === 'chunked') return 'chunked (Transfer-Encoding)';
  return length === 'until-close' ? 'read-until-close (no Content-Length)' : 'malformed Content-Length';
}

function captured<T>(stream: CaptureStream, message: T, bytes: Uint8Array, offset: number): CapturedHead<T> {
  const last = chunkAt(stream, offset + bytes.length - 1);
  return { message, bytes, streamOffset: offset, time: last?.time ?? null, packet: last?.packet ?? null };
}

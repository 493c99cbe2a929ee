// The opening handshake as the conformance client does it: write the
// request (the engine builds and serializes it, engine/client-handshake.ts
// and http-message.ts), read the response head with the engine's bounded
// parser, and, for a refusal, its body, so the log shows what the server
// said. Judging the response is judge-handshake.ts's job.

import { headerValues, parseResponseHead, type HttpResponse } from '../../engine/http-message';
import type { ProbeSocket } from './probe-socket';
import type { WireRecorder } from './wire-recorder';

export interface HandshakeExchange {
  /** The server's response head, or null when none arrived. */
  response: HttpResponse | null;
  /** Why there is no response, when there is none. */
  problem: string | null;
  /**
   * Bytes after a 101's head, the server's first frames, including any that
   * arrive until the caller takes them (and installs its own reader).
   */
  takeLeftover: () => Uint8Array;
}

const NONE = () => new Uint8Array(0);

const MAX_HEAD_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 64 * 1024;
/** How long a refusal's body (or the end of TCP) is waited for once the head arrived. */
const BODY_WAIT_MS = 1_000;

const latin1 = new TextDecoder('latin1');

export async function exchangeHandshake(socket: ProbeSocket, requestBytes: Uint8Array, recorder: WireRecorder, timeoutMs: number): Promise<HandshakeExchange> {
  let received = new Uint8Array(0);
  socket.setReader((chunk) => {
    if (received.length >= MAX_HEAD_BYTES + MAX_BODY_BYTES) return;
    const next = new Uint8Array(received.length + chunk.length);
    next.set(received);
    next.set(chunk, received.length);
    received = next;
  });
  recorder.http('client', requestBytes, firstLine(requestBytes));
  if (!(await socket.write(requestBytes))) return noResponse(socket, recorder, 'the connection closed before the request was written');

  let parsed = parseResponseHead(received, { maxHeadBytes: MAX_HEAD_BYTES, maxHeaderCount: 100 });
  await socket.waitFor(() => {
    parsed = parseResponseHead(received, { maxHeadBytes: MAX_HEAD_BYTES, maxHeaderCount: 100 });
    return parsed.state !== 'incomplete' || !socket.isOpen;
  }, timeoutMs);

  if (parsed.state === 'incomplete') {
    if (received.length) recorder.bytes('server', received, `${received.length} bytes that are not a whole HTTP response head`);
    return noResponse(socket, recorder, socket.isOpen ? `no response within ${timeoutMs} ms` : 'the server closed the connection without an HTTP response');
  }
  if (parsed.state === 'error') {
    recorder.bytes('server', received, `not an HTTP response: ${parsed.message}`);
    return { response: null, problem: `the response is not valid HTTP: ${parsed.message}`, takeLeftover: NONE };
  }

  const { message: response, headLength } = parsed;
  if (response.status === 101) {
    recorder.http('server', received.subarray(0, headLength), `${response.status} ${response.reason}`);
    return { response, problem: null, takeLeftover: () => received.slice(headLength) };
  }
  // A refusal: its body says why, up to Content-Length or the end of TCP.
  const declared = Number(headerValues(response.headers, 'content-length')[0]);
  const bodyLength = Number.isFinite(declared) ? Math.min(declared, MAX_BODY_BYTES) : MAX_BODY_BYTES;
  await socket.waitFor(() => received.length - headLength >= bodyLength || !socket.isOpen, BODY_WAIT_MS);
  recorder.http('server', received.subarray(0, Math.min(received.length, headLength + bodyLength)), `${response.status} ${response.reason}`);
  return { response, problem: null, takeLeftover: NONE };
}

function noResponse(socket: ProbeSocket, recorder: WireRecorder, problem: string): HandshakeExchange {
  recorder.event(socket.isOpen ? 'client' : 'server', problem);
  return { response: null, problem, takeLeftover: NONE };
}

function firstLine(bytes: Uint8Array): string {
  const text = latin1.decode(bytes.subarray(0, 512));
  return text.split('\r\n')[0];
}

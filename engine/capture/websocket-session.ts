// What a TCP conversation holds, named: a WebSocket session (an upgrade
// request and its 101, RFC 6455 4.1 and 4.2.2, on any port), a refused
// upgrade, plain HTTP, TLS (encrypted, not decoded), or something else.
// A session is built with its frames (session-frames.ts); a conversation
// whose handshake the capture missed becomes one when the caller says
// where its frames start (FrameStart), and the session says it was told.

import type { CaptureNote, CaptureSession, CaptureSource, FrameStart } from './capture-model';
import { formatEndpoint } from './capture-model';
import { findUpgrade } from './http-exchange';
import { summariseSessionFrames } from './session-frames';
import type { TcpConversation } from './tcp-conversations';
import { readTlsRecordHeader } from './tls-record';
import { PERMESSAGE_DEFLATE, readDeflateOffer } from '../deflate-negotiation';
import { parseExtensionsHeader } from '../extensions-header';
import type { DecodeDeflate, Direction } from '../frame-model';
import { headerValues } from '../http-message';

export type ConversationKind =
  /** An upgrade answered with 101: frames decoded. */
  | 'websocket'
  /** An upgrade answered with something else. */
  | 'websocket-refused'
  /** An upgrade request with no captured answer. */
  | 'websocket-unanswered'
  /** No handshake captured; frames decoded from where the caller said. */
  | 'websocket-from-caller'
  | 'http'
  | 'tls'
  | 'other'
  /** A connection that carried no bytes (a handshake alone, a port scan). */
  | 'empty';

export interface ConversationReading {
  conversation: TcpConversation;
  kind: ConversationKind;
  /** One line: what it is. */
  description: string;
  session: CaptureSession | null;
}

/** Names a conversation and, when it is (or the caller says it is) a WebSocket session, builds the session. */
export function readConversation(original: TcpConversation, source: CaptureSource, frameStarts: readonly FrameStart[] = []): ConversationReading {
  const starts = frameStarts.filter((start) => start.conversation === original.id);
  const conversation = withClientNamed(original, starts.find((start) => start.client !== undefined)?.client);
  const { client, server } = conversation.streams;
  const description = (text: string) => `${formatEndpoint(conversation.client)} → ${formatEndpoint(conversation.server)}: ${text}`;
  const tls = readTlsRecordHeader(client.runs[0]?.bytes ?? new Uint8Array(0)) ?? readTlsRecordHeader(server.runs[0]?.bytes ?? new Uint8Array(0));
  if (tls && starts.length === 0) {
    return { conversation, kind: 'tls', session: null, description: description(`TLS (${tls.version} ${tls.contentTypeName} record first): encrypted, so its WebSocket frames, if any, cannot be decoded here`) };
  }
  const upgrade = findUpgrade(client, server);
  if (!upgrade.request && starts.length === 0) {
    const empty = client.length === 0 && server.length === 0;
    return {
      conversation,
      kind: empty ? 'empty' : upgrade.http ? 'http' : 'other',
      session: null,
      description: description(empty ? 'no bytes either way' : upgrade.http ? `HTTP without a WebSocket upgrade (${upgrade.earlierRequests} request${upgrade.earlierRequests === 1 ? '' : 's'})` : `${client.length} bytes from the client, ${server.length} from the server; not HTTP, not TLS`),
    };
  }

  const notes: CaptureNote[] = [...conversation.notes, ...upgrade.notes];
  const { request, response } = upgrade;
  const switched = response?.message.status === 101;
  const framesStart: CaptureSession['framesStart'] = {
    client: switched ? request!.streamOffset + request!.bytes.length : null,
    server: switched ? response!.streamOffset + response!.bytes.length : null,
  };
  const resumeAt: CaptureSession['resumeAt'] = { client: [], server: [] };
  let deflate = switched ? agreedDeflate(response!.message.headers, notes) : null;
  for (const start of [...starts].sort((a, b) => a.offset - b.offset)) {
    // The first start of a direction is where its frames begin; a later one resumes them after a gap.
    const first = framesStart[start.direction];
    if (first !== null && start.offset > first) resumeAt[start.direction].push(start.offset);
    else framesStart[start.direction] = start.offset;
    if (start.deflate) deflate = { client: {}, server: {}, ...deflate, [start.direction]: start.deflate };
    notes.push({ kind: 'frames', direction: start.direction, streamOffset: start.offset, message: `the ${start.direction}'s frames are decoded from offset ${start.offset}, where the caller said they start${switched ? '' : ' (the handshake was not captured, so permessage-deflate and subprotocol are not known from it)'}` });
  }
  if (upgrade.earlierRequests > 0) notes.push({ kind: 'http', message: `${upgrade.earlierRequests} ordinary HTTP request${upgrade.earlierRequests === 1 ? '' : 's'} came first on this connection` });
  if (response && !switched) notes.push({ kind: 'http', direction: 'server', streamOffset: response.streamOffset, message: `the server refused the upgrade with ${response.message.status} ${response.message.reason}` });

  const ended = (client.finOffset !== null || client.reset) && (server.finOffset !== null || server.reset);
  const session: CaptureSession = {
    id: conversation.id,
    source,
    conversation: conversation.id,
    client: conversation.client,
    server: conversation.server,
    rebuilt: false,
    state: ended ? 'closed' : response && !switched ? 'refused' : request && !response && starts.length === 0 ? 'handshake' : 'open',
    request,
    response,
    subprotocol: switched ? headerValues(response!.message.headers, 'sec-websocket-protocol')[0]?.trim() ?? null : null,
    deflate,
    framesStart,
    resumeAt,
    streams: conversation.streams,
    frames: [],
    notes,
    openedAt: conversation.startedAt,
    closedAt: ended ? conversation.endedAt : null,
  };
  const summary = summariseSessionFrames(session);
  session.frames = summary.frames;
  notes.push(...summary.notes);
  const kind: ConversationKind = switched ? 'websocket' : response ? 'websocket-refused' : request && starts.length === 0 ? 'websocket-unanswered' : 'websocket-from-caller';
  const what = request ? `WebSocket upgrade ${request.message.method} ${request.message.target}` : 'WebSocket frames from where the caller said';
  const answer = response ? `, answered ${response.message.status}` : request ? ', no answer captured' : '';
  return { conversation, kind, session, description: description(`${what}${answer}; ${session.frames.length} frame${session.frames.length === 1 ? '' : 's'}`) };
}

/** RFC 7692 7.1: the 101's permessage-deflate parameters, per sender. */
function agreedDeflate(headers: Array<{ name: string; value: string }>, notes: CaptureNote[]): CaptureSession['deflate'] {
  const parsed = parseExtensionsHeader(headerValues(headers, 'sec-websocket-extensions'));
  const offer = parsed.offers.find((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE);
  if (!offer) return null;
  const reading = readDeflateOffer(offer);
  if (!reading.ok) {
    notes.push({ kind: 'http', direction: 'server', message: `the 101 names permessage-deflate with parameters that do not read (${reading.reason}); messages are decoded as if it were agreed with its defaults` });
    return { client: {}, server: {} };
  }
  const client: DecodeDeflate = { noContextTakeover: reading.agreement.clientNoContextTakeover };
  const server: DecodeDeflate = { noContextTakeover: reading.agreement.serverNoContextTakeover };
  return { client, server };
}

/** The conversation as the caller sees it, when the caller names the client the guess got wrong. */
function withClientNamed(conversation: TcpConversation, client: string | undefined): TcpConversation {
  if (client === undefined || client === formatEndpoint(conversation.client) || client !== formatEndpoint(conversation.server)) return conversation;
  const flip = (direction: Direction | undefined): Direction | undefined => (direction === 'client' ? 'server' : direction === 'server' ? 'client' : undefined);
  return {
    ...conversation,
    client: conversation.server,
    server: conversation.client,
    clientKnownBy: 'caller',
    streams: { client: conversation.streams.server, server: conversation.streams.client },
    notes: [
      ...conversation.notes.map((note) => ({ ...note, direction: flip(note.direction) })),
      { kind: 'start-missing', message: `the caller named ${client} the client` },
    ],
  };
}

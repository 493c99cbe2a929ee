// wsx decode --pcap FILE | --har FILE: every WebSocket session in a capture
// or a browser's HAR file, its handshake and its frames each way, printed as
// `wsx decode` prints frames (the text view, or the frame JSON of
// engine/frame-json.ts inside a {"sessions": [...]} document). The capture
// is read from disk 1 MiB at a time (engine/capture/capture-reading.ts);
// frames are decoded, written and let go one by one.
// Exit 0: sessions found, every frame valid, no frame cut short; 1: a frame
// has a problem or is cut short, or no WebSocket session was found; 2: the
// file cannot be read, or is not a capture / HAR file.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { CaptureNote, CaptureSession } from '../../engine/capture/capture-model';
import { formatEndpoint } from '../../engine/capture/capture-model';
import { CaptureReader } from '../../engine/capture/capture-reading';
import { readHar } from '../../engine/capture/har-sessions';
import { type SessionDecodeStep, decodeSessionSteps } from '../../engine/capture/session-frames';
import type { ConversationReading } from '../../engine/capture/websocket-session';
import { frameToJson, messageToJson, remainderToJson } from '../../engine/frame-json';
import type { Direction } from '../../engine/frame-model';
import { bytesToHex } from '../../engine/hex';
import type { HttpRequest, HttpResponse } from '../../engine/http-message';
import { BatchedOutput, writeError } from './output';
import { renderFrame } from './decode';

export interface CaptureInput {
  kind: 'pcap' | 'har';
  file: string;
}

interface Loaded {
  sessions: CaptureSession[];
  conversations: ConversationReading[];
  notes: CaptureNote[];
  what: string;
}

export async function runDecodeSessions(input: CaptureInput, json: boolean): Promise<number> {
  let loaded: Loaded | string;
  try {
    loaded = input.kind === 'pcap' ? await loadCapture(input.file) : await loadHar(input.file);
  } catch (error) {
    await writeError(`wsx decode: cannot read ${input.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (typeof loaded === 'string') {
    await writeError(`wsx decode: ${input.file}: ${loaded}\n`);
    return 2;
  }
  const out = new BatchedOutput();
  const verdict = json ? await writeJson(loaded, out) : await writeText(loaded, out);
  await out.flush();
  return loaded.sessions.length === 0 || verdict.problems > 0 || verdict.cutShort > 0 ? 1 : 0;
}

async function loadCapture(file: string): Promise<Loaded | string> {
  const { size } = await stat(file);
  const reader = new CaptureReader({ totalBytes: size });
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    reader.push(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  }
  const reading = reader.finish();
  if (reading.format === null) return reading.notes[0]?.message ?? 'not a capture file';
  return {
    sessions: reading.sessions,
    conversations: reading.conversations,
    notes: reading.notes,
    what: `${reading.format}: ${reading.packets} packets, ${reading.tcpPackets} TCP, ${reading.conversations.length} TCP conversation${reading.conversations.length === 1 ? '' : 's'}, ${reading.sessions.length} WebSocket session${reading.sessions.length === 1 ? '' : 's'}`,
  };
}

async function loadHar(file: string): Promise<Loaded | string> {
  const reading = readHar(await readFile(file, 'utf8'));
  if (reading.entries === 0 && reading.sessions.length === 0) return reading.notes[0]?.message ?? 'not a HAR file';
  return { sessions: reading.sessions, conversations: [], notes: reading.notes, what: `HAR: ${reading.entries} entries, ${reading.sessions.length} WebSocket session${reading.sessions.length === 1 ? '' : 's'} (bytes rebuilt from the recorded messages)` };
}

interface Verdict {
  problems: number;
  cutShort: number;
}

/**
 * Both directions' decode steps in the order the session's frames arrived:
 * each frame with the messages it finished, and at the end each
 * direction's remainder. One frame of each direction is held at a time.
 */
function* stepsInArrivalOrder(session: CaptureSession): Generator<SessionDecodeStep, void, undefined> {
  const sources = { client: decodeSessionSteps(session, 'client'), server: decodeSessionSteps(session, 'server') };
  const passed: Record<Direction, number> = { client: -1, server: -1 };
  const until = function* (direction: Direction, index: number): Generator<SessionDecodeStep> {
    while (passed[direction] < index) {
      const next = sources[direction].next();
      if (next.done) return;
      yield next.value;
      if (next.value.step.type === 'frame') passed[direction] = next.value.step.index;
    }
  };
  for (const frame of session.frames) yield* until(frame.direction, frame.index);
  for (const direction of ['client', 'server'] as const) {
    for (let next = sources[direction].next(); !next.done; next = sources[direction].next()) yield next.value;
  }
}

function headJson(head: CaptureSession['request'] | CaptureSession['response']) {
  if (!head) return null;
  return { ...head.message, streamOffset: head.streamOffset, time: head.time, packet: head.packet, hex: bytesToHex(head.bytes) };
}

async function writeJson(loaded: Loaded, out: BatchedOutput): Promise<Verdict> {
  const verdict: Verdict = { problems: 0, cutShort: 0 };
  await out.write('{\n  "sessions": [');
  for (const [i, session] of loaded.sessions.entries()) {
    const { frames, request, response, ...rest } = session;
    const header = {
      id: rest.id,
      source: rest.source,
      rebuilt: rest.rebuilt,
      conversation: rest.conversation,
      client: formatEndpoint(rest.client),
      server: formatEndpoint(rest.server),
      state: rest.state,
      openedAt: rest.openedAt,
      closedAt: rest.closedAt,
      handshake: { request: headJson(request), response: headJson(response) },
      subprotocol: rest.subprotocol,
      deflate: rest.deflate,
      framesStart: rest.framesStart,
      resumeAt: rest.resumeAt,
      notes: rest.notes,
    };
    const opening = JSON.stringify(header, null, 2).replace(/\n}$/, ',\n  "frames": [');
    await out.write(`${i === 0 ? '' : ','}\n${indent(opening, 4)}`);
    // Messages name their frames by position in this session's merged list.
    const position: Record<Direction, number[]> = { client: [], server: [] };
    frames.forEach((frame, at) => (position[frame.direction][frame.index] = at));
    const messages: string[] = [];
    const remainders: string[] = [];
    let count = 0;
    for (const { direction, base, step } of stepsInArrivalOrder(session)) {
      if (step.type === 'frame') {
        if (step.frame.problems.length > 0) verdict.problems++;
        const { time, packet } = frames[position[direction][step.index]];
        const frame = { direction, streamOffset: base + step.frame.offset, time, packet, ...frameToJson(step.frame) };
        await out.write(`${count++ === 0 ? '' : ','}\n${indent(JSON.stringify(frame, null, 2), 8)}`);
      } else if (step.type === 'message') {
        const message = messageToJson(step.message);
        messages.push(JSON.stringify({ direction, ...message, frames: message.frames.map((index) => position[direction][index]) }, null, 2));
      } else {
        if (step.remainder.frame.problems.length > 0) verdict.problems++;
        verdict.cutShort++;
        remainders.push(JSON.stringify({ direction, streamOffset: base + step.remainder.offset, ...remainderToJson(step.remainder) }, null, 2));
      }
    }
    await out.write(`${count > 0 ? '\n      ' : ''}],\n      "messages": [${list(messages, 8)}],\n      "remainders": [${list(remainders, 8)}]\n    }`);
  }
  const conversations = loaded.conversations.map((c) => ({ id: c.conversation.id, kind: c.kind, description: c.description, client: formatEndpoint(c.conversation.client), server: formatEndpoint(c.conversation.server), packets: c.conversation.packets, session: c.session?.id ?? null }));
  await out.write(`${loaded.sessions.length > 0 ? '\n  ' : ''}],\n  "conversations": ${indent(JSON.stringify(conversations, null, 2), 2).trimStart()},\n  "notes": ${indent(JSON.stringify(loaded.notes, null, 2), 2).trimStart()}\n}\n`);
  return verdict;
}

function list(items: string[], spaces: number): string {
  return items.length === 0 ? '' : `\n${items.map((item) => indent(item, spaces)).join(',\n')}\n${' '.repeat(spaces - 2)}`;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((line) => pad + line).join('\n');
}

async function writeText(loaded: Loaded, out: BatchedOutput): Promise<Verdict> {
  const verdict: Verdict = { problems: 0, cutShort: 0 };
  await out.write(`${loaded.what}.\n`);
  for (const note of loaded.notes) await out.write(`  note: ${note.message}\n`);
  for (const conversation of loaded.conversations) {
    if (!conversation.session) await out.write(`  ${conversation.conversation.id}: ${conversation.description}\n`);
  }
  if (loaded.sessions.length === 0) await out.write('\nNo WebSocket session found.\n');
  for (const session of loaded.sessions) {
    await out.write(`\n${'='.repeat(72)}\n${sessionTitle(session)}\n`);
    if (session.request) await out.write(`\n${headText('client', session.request)}`);
    if (session.response) await out.write(`\n${headText('server', session.response)}`);
    if (session.deflate) await out.write(`\npermessage-deflate agreed (RFC 7692): client ${session.deflate.client.noContextTakeover ? 'resets' : 'keeps'} its window, server ${session.deflate.server.noContextTakeover ? 'resets' : 'keeps'} its window.\n`);
    for (const note of session.notes) await out.write(`  note (${note.kind}): ${note.message}\n`);
    const start = session.openedAt;
    const position: Record<Direction, number[]> = { client: [], server: [] };
    session.frames.forEach((frame, at) => (position[frame.direction][frame.index] = at));
    let frames = 0;
    for (const { direction, base, step } of stepsInArrivalOrder(session)) {
      if (step.type === 'frame') {
        frames++;
        if (step.frame.problems.length > 0) verdict.problems++;
        const arrival = session.frames[position[direction][step.index]];
        const when = arrival.time !== null && start !== null ? `+${((arrival.time - start) / 1000).toFixed(6)} s` : 'time unknown';
        const packet = arrival.packet !== null ? `, packet #${arrival.packet}` : '';
        const arrow = direction === 'client' ? 'client → server' : 'server → client';
        await out.write(`\n${arrow}, ${when}${packet}, stream offset ${base + step.frame.offset}\n${renderFrame(step.frame, step.index).join('\n')}\n`);
      } else if (step.type === 'message') {
        const { message } = step;
        if (message.frameIndexes.length > 1 || !message.complete || message.compression) {
          const body = message.text !== null ? JSON.stringify(message.text) : `${message.payload.length} bytes`;
          await out.write(`\n${direction}'s message from frames ${message.frameIndexes.map((i) => i + 1).join(' + ')} (${message.opcodeName}${message.compression ? ', inflated' : ''}${message.complete ? '' : ', unfinished'}): ${body}\n`);
        }
      } else {
        verdict.cutShort++;
        if (step.remainder.frame.problems.length > 0) verdict.problems++;
        await out.write(`\nThe ${direction}'s bytes end inside a frame at stream offset ${base + step.remainder.offset}: waiting for ${step.remainder.waitingFor}.\n`);
      }
    }
    await out.write(`\n${frames} frame${frames === 1 ? '' : 's'} in session ${session.id}.\n`);
  }
  return verdict;
}

function sessionTitle(session: CaptureSession): string {
  const target = session.request ? `${session.request.message.method} ${session.request.message.target}` : 'handshake not captured';
  const answer = session.response ? `${session.response.message.status} ${session.response.message.reason}` : 'no answer';
  const rebuilt = session.rebuilt ? ' (rebuilt from HAR, not captured)' : '';
  return `Session ${session.id}${rebuilt}: ${formatEndpoint(session.client)} → ${formatEndpoint(session.server)}, ${target}, ${answer}, ${session.state}`;
}

function headText(from: Direction, head: NonNullable<CaptureSession['request']> | NonNullable<CaptureSession['response']>): string {
  const message = head.message as HttpRequest | HttpResponse;
  const startLine = 'method' in message ? `${message.method} ${message.target} ${message.version}` : `${message.version} ${message.status} ${message.reason}`;
  const lines = [`${from === 'client' ? 'Request' : 'Response'} (${head.bytes.length} bytes at stream offset ${head.streamOffset}${head.packet !== null ? `, packet #${head.packet}` : ''}):`, `  ${startLine}`];
  for (const header of message.headers) lines.push(`  ${header.name}: ${header.value}`);
  return `${lines.join('\n')}\n`;
}

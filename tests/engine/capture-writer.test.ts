// Writing pcap (engine/capture/tcp-synthesis.ts, tap-pcap.ts): a session's
// bytes become a TCP connection that both the explorer's reader and
// Wireshark's tshark take apart into the same handshake and frames. The
// tap's real recording of a ws client talking to the explorer's /echo
// (permessage-deflate on, as ws offers it) goes the same way, and a capture's
// session goes back to the tap's messages for the Live view.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readCapture } from '../../engine/capture/capture-reading';
import { sessionToPcap } from '../../engine/capture/session-pcap';
import { sessionToTapMessages } from '../../engine/capture/session-tap-messages';
import { TapPcapRecorder, piecesToPcap, tapChunksToPcap } from '../../engine/capture/tap-pcap';
import { concatBytes } from '../../engine/concat-bytes';
import { bytesToHex, parseHex } from '../../engine/hex';
import type { TapChunk, TapMessage } from '../../engine/tap-messages';
import { dial } from '../../server/dialer';
import { framesSent } from '../support/captured-frames';
import { explorerForFile } from '../support/explorer-server';
import { tsharkAvailable, tsharkFields, tsharkWebSocketFrames } from '../support/tshark';
import { SAMPLE_MESSAGES, samplePieces } from '../support/websocket-exchange';

/** Length and digest: a failure names the payload without printing kilobytes of hex. */
const fingerprint = (bytes: Uint8Array) => `${bytes.length} bytes, sha1 ${createHash('sha1').update(bytes).digest('hex')}`;

const directory = mkdtempSync(join(tmpdir(), 'wsx-capture-writer-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const EXPECTED = SAMPLE_MESSAGES.map((m) => ({ from: m.from, opcode: m.opcode, payloadHex: bytesToHex(m.payload) }));
const CLIENT = { address: '127.0.0.1', port: 50123 };
const SERVER = { address: '127.0.0.1', port: 9001 };

function samplePcap(): Uint8Array {
  let time = 1_700_000_000_000;
  return piecesToPcap(samplePieces().map((piece) => ({ ...piece, time: (time += 1.5) })), { client: CLIENT, server: SERVER });
}

describe('pcap written from (direction, bytes, time)', () => {
  it('reads back through the explorer\'s own reader: handshake, frames, times, no notes', () => {
    const reading = readCapture(samplePcap());
    expect(reading.notes).toEqual([]);
    const [session] = reading.sessions;
    expect(session).toMatchObject({ client: CLIENT, server: SERVER, state: 'closed' });
    expect(session.streams.client.synSeen && session.streams.server.synSeen).toBe(true);
    expect(framesSent(session)).toEqual(EXPECTED);
    expect(session.frames[0].time).toBe(1_700_000_000_000 + 4.5);
    expect(session.notes).toEqual([]);
  });

  it.skipIf(!tsharkAvailable)('tshark finds the same handshake and the same frames, opcodes, masks and payloads', async () => {
    const file = join(directory, 'sample.pcap');
    writeFileSync(file, samplePcap());
    const http = await tsharkFields(file, [SERVER.port], 'http', ['http.request.method', 'http.request.uri', 'http.response.code', 'http.upgrade']);
    expect(http).toEqual([['GET', '/chat', '', 'websocket'], ['', '', '101', 'websocket']]);
    const frames = await tsharkWebSocketFrames(file, [SERVER.port]);
    expect(frames.map((f) => ({ from: f.srcPort === CLIENT.port ? 'client' : 'server', opcode: f.opcode, payloadHex: f.payloadHex }))).toEqual(EXPECTED);
    expect(frames.map((f) => f.masked)).toEqual(SAMPLE_MESSAGES.map((m) => m.from === 'client'));
    // No checksum, sequence or analysis complaint anywhere.
    expect(await tsharkFields(file, [SERVER.port], 'tcp.analysis.flags || _ws.expert.severity >= warning', ['frame.number'])).toEqual([]);
  });

  it('a jump in stream offset (bytes not kept) is a gap in the sequence numbers: reported, never filled', async () => {
    const pieces = samplePieces();
    const requestLength = pieces[0].bytes.length;
    let time = 1_700_000_000_000;
    // The client's first frame (11 bytes) is missing: its next frame is placed 11 bytes further on.
    const withHole = pieces.map((piece, i) => ({ ...piece, time: (time += 1) })).filter((_, i) => i !== 2);
    const placed = withHole.map((piece, i) => (i === 3 ? { ...piece, offset: requestLength + 11 } : piece));
    const pcap = piecesToPcap(placed, { client: CLIENT, server: SERVER });
    const session = readCapture(pcap).sessions[0];
    expect(session.notes.find((n) => n.kind === 'gap')).toMatchObject({ direction: 'client', streamOffset: requestLength, length: 11 });
    if (tsharkAvailable) {
      const file = join(directory, 'gap.pcap');
      writeFileSync(file, pcap);
      const lost = await tsharkFields(file, [SERVER.port], 'tcp.analysis.lost_segment', ['tcp.srcport']);
      expect(lost).toEqual([[String(CLIENT.port)]]);
    }
  });
});

describe('the tap\'s recording of a real session', () => {
  const explorer = explorerForFile();

  async function recordEchoSession(): Promise<{ messages: TapMessage[]; sent: Array<{ opcode: number; payload: Uint8Array }> }> {
    const { connection: tap } = await dial(`ws://127.0.0.1:${explorer.port}/tap`, { maxMessageSize: 64 * 1024 * 1024 });
    const messages: TapMessage[] = [];
    tap.onMessage((message) => {
      if (message.kind === 'text') messages.push(JSON.parse(message.text) as TapMessage);
    });
    while (!messages.some((m) => m.type === 'replay-done')) await new Promise((resolve) => setTimeout(resolve, 10));
    const sent = [
      { opcode: 1, payload: new TextEncoder().encode('hello, tap') },
      { opcode: 2, payload: Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff) },
      { opcode: 1, payload: new TextEncoder().encode('x'.repeat(300)) },
    ];
    const client = new WebSocket(`ws://127.0.0.1:${explorer.port}/echo`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    for (const message of sent) {
      client.send(message.opcode === 1 ? new TextDecoder().decode(message.payload) : message.payload);
      await new Promise((resolve) => client.once('message', resolve));
    }
    client.close(1000, 'done');
    await new Promise((resolve) => client.once('close', resolve));
    while (!messages.some((m) => m.type === 'session-closed')) await new Promise((resolve) => setTimeout(resolve, 10));
    tap.closeAndLetGo(1000, 'done', 200);
    return { messages, sent };
  }

  it('becomes a pcap whose session decodes to what the ws client sent and the echo sent back, inflated', async () => {
    const { messages, sent } = await recordEchoSession();
    const recorder = new TapPcapRecorder({ server: { address: '127.0.0.1', port: explorer.port } });
    const records = [recorder.header(), ...messages.flatMap((m) => recorder.message(m)), ...recorder.finish()];
    const pcap = concatBytes(records);
    const reading = readCapture(pcap);
    const echo = reading.sessions.find((s) => s.request?.message.target === '/echo')!;
    expect(echo).toBeDefined();
    expect(echo.deflate).not.toBeNull();
    expect(echo.notes.filter((n) => n.kind === 'gap' || n.kind === 'conflict')).toEqual([]);
    // Messages (inflated) each way: what the client sent, and the same echoed.
    const { decodeSessionSteps } = await import('../../engine/capture/session-frames');
    for (const direction of ['client', 'server'] as const) {
      const data = [...decodeSessionSteps(echo, direction)].flatMap(({ step }) => (step.type === 'message' ? [[step.message.opcode, fingerprint(step.message.payload)]] : []));
      expect(data).toEqual(sent.map((m) => [m.opcode, fingerprint(m.payload)]));
    }
    expect(echo.frames.filter((f) => f.opcode === 8).map((f) => f.direction)).toEqual(['client', 'server']);
    expect(echo.frames.every((f) => f.problemCount === 0)).toBe(true);

    if (tsharkAvailable) {
      const file = join(directory, 'tap.pcap');
      writeFileSync(file, pcap);
      const frames = await tsharkWebSocketFrames(file, [explorer.port]);
      // Frame by frame: the opcode, the mask bit and the payload as sent (unmasked, still compressed).
      const ours = [...decodeSessionSteps(echo, 'client'), ...decodeSessionSteps(echo, 'server')].flatMap(({ direction, step }) => (step.type === 'frame' ? [{ direction, opcode: step.frame.opcode, masked: step.frame.masked, payload: fingerprint(step.frame.payload) }] : []));
      expect(frames).toHaveLength(ours.length);
      const theirs = (from: 'client' | 'server') => frames.filter((f) => (f.srcPort === explorer.port) === (from === 'server')).map(({ opcode, masked, payloadHex }) => ({ direction: from, opcode, masked, payload: fingerprint(Buffer.from(payloadHex, 'hex')) }));
      expect(theirs('client')).toEqual(ours.filter((f) => f.direction === 'client'));
      expect(theirs('server')).toEqual(ours.filter((f) => f.direction === 'server'));
    }
  });

  it('one session\'s chunks alone (tapChunksToPcap) read back the same', async () => {
    const { messages } = await recordEchoSession();
    const opened = messages.filter((m) => m.type === 'session-opened').map((m) => m.type === 'session-opened' && m.session).find((s) => s && s.target === '/echo');
    const chunks = messages.flatMap((m) => (m.type === 'bytes' && opened && m.chunk.session === opened.id ? [m.chunk] : [])) as TapChunk[];
    const session = readCapture(tapChunksToPcap(chunks, opened ? opened.remote : undefined, { server: { address: '127.0.0.1', port: explorer.port } })).sessions[0];
    expect(session.client.port).toBe(Number(opened && opened.remote.split(':')[1]));
    expect(session.response?.message.status).toBe(101);
    expect(session.frames.length).toBeGreaterThanOrEqual(8);
  });
});

describe('a capture\'s session as the tap\'s messages (for the Live view)', () => {
  it('summary, handshake and frames chunks at their offsets, then how it closed', () => {
    const session = readCapture(samplePcap()).sessions[0];
    const messages = sessionToTapMessages(session);
    expect(messages[0]).toEqual({ type: 'session-opened', session: { id: session.id, target: '/chat', remote: '127.0.0.1:50123', openedAt: session.openedAt, state: 'closed', subprotocol: null } });
    const chunks = messages.flatMap((m) => (m.type === 'bytes' ? [m.chunk] : []));
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    for (const from of ['client', 'server'] as const) {
      const mine = chunks.filter((c) => c.from === from);
      // Contiguous, in stream order, and the bytes are the stream's.
      mine.forEach((chunk, i) => expect(chunk.offset).toBe(i === 0 ? 0 : mine[i - 1].offset + mine[i - 1].length));
      const joined = concatBytes(mine.map((c) => (parseHex(c.hex) as { ok: true; bytes: Uint8Array }).bytes));
      expect(bytesToHex(joined)).toBe(bytesToHex(session.streams[from].runs[0].bytes));
      expect(mine[0].phase).toBe('handshake');
      expect(mine.slice(1).every((c) => c.phase === 'frames')).toBe(true);
    }
    expect(messages[messages.length - 1]).toEqual({ type: 'session-closed', close: { session: session.id, at: session.closedAt, code: 1000, reason: '', wasClean: true } });
  });

  it('and back: those messages written as pcap decode to the same frames; sessionToPcap does the same in one step', () => {
    const session = readCapture(samplePcap()).sessions[0];
    const recorder = new TapPcapRecorder({ server: SERVER });
    const pcap = concatBytes([recorder.header(), ...sessionToTapMessages(session).flatMap((m) => recorder.message(m)), ...recorder.finish()]);
    expect(framesSent(readCapture(pcap).sessions[0])).toEqual(EXPECTED);
    expect(framesSent(readCapture(sessionToPcap(session)).sessions[0])).toEqual(EXPECTED);
  });
});

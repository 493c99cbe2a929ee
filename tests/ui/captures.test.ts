// The Captures view's logic, without a browser: a saved session's JSON read
// back to the same frames (captured, live-shaped and frames placed by a
// person), what a saved session may not be, the pcap written for any session
// read by the capture reader, and the workspace the capture worker runs,
// driven with Blobs as the page drives it, its sessions read by the Live
// view's model.

import { describe, expect, it } from 'vitest';
import { readCapture } from '../../engine/capture/capture-reading';
import type { CaptureReply, CaptureRequest, CaptureRequestBody } from '../../explorer-ui/src/features/captures/capture-protocol';
import { CaptureWorkspace } from '../../explorer-ui/src/features/captures/capture-workspace';
import { IngestQueue } from '../../explorer-ui/src/features/live/ingest-queue';
import { LiveModel } from '../../explorer-ui/src/features/live/live-model';
import type { ReadTapMessage } from '../../explorer-ui/src/features/live/tap-message-reader';
import { documentFromPieces, documentFromSession, readSessionDocument, SESSION_DOCUMENT_FORMAT } from '../../explorer-ui/src/features/captures/session-document';
import { filesOfDocument, parseEndpoint } from '../../explorer-ui/src/features/captures/session-export';
import { packetFor, writeTestPcap } from '../support/capture-files';
import { framesSent } from '../support/captured-frames';
import { SAMPLE_MESSAGES, samplePieces, segmentsFor } from '../support/websocket-exchange';
import { bytesToHex } from '../../engine/hex';

const EXPECTED = SAMPLE_MESSAGES.map((m) => ({ from: m.from, opcode: m.opcode, payloadHex: bytesToHex(m.payload) }));
const samplePcap = () => writeTestPcap(segmentsFor(samplePieces(), { mss: 700, startTime: 1_700_000_000.25 }).map((s) => packetFor(s)));
/** The same session with its handshake left out: only frames, as in a capture started late. */
const lateCapture = () => writeTestPcap(segmentsFor(samplePieces().slice(2), { mss: 700, handshake: false }).map((s) => packetFor(s)));

describe('a saved session', () => {
  it("a captured session's JSON reads back to the same handshake, frames and times", () => {
    const [session] = readCapture(samplePcap()).sessions;
    const document = documentFromSession(session, 'captured in sample.pcap');
    const read = readSessionDocument(JSON.parse(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.reason);
    const again = read.reading.session!;
    expect(read.reading.kind).toBe('websocket');
    expect(framesSent(again)).toEqual(EXPECTED);
    expect(again.request?.message.target).toBe('/chat');
    expect(again.openedAt).toBe(session.openedAt);
    expect(again.frames.map((f) => f.time)).toEqual(session.frames.map((f) => f.time));
    expect(again.state).toBe('closed');
  });

  it('keeps where a person said frames start, when no handshake says it', () => {
    const { conversations } = readCapture(lateCapture());
    const id = conversations[0].conversation.id;
    const [session] = readCapture(lateCapture(), { frameStarts: [{ conversation: id, direction: 'client', offset: 0 }, { conversation: id, direction: 'server', offset: 0 }] }).sessions;
    const document = documentFromSession(session, 'captured late');
    expect(document.frameStarts.map((s) => [s.direction, s.offset])).toEqual([['client', 0], ['server', 0]]);
    const read = readSessionDocument(JSON.parse(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.reason);
    expect(framesSent(read.reading.session!)).toEqual(EXPECTED);
  });

  it("a live or simulated session's bytes become a pcap the capture reader reads back, and JSON that reads the same", () => {
    const pieces = samplePieces().map((piece, i) => ({ ...piece, time: 1_700_000_000_000 + i }));
    const document = documentFromPieces(pieces, { origin: 'test', source: 'tap', rebuilt: false, client: { address: '127.0.0.1', port: 50000 }, server: { address: '127.0.0.1', port: 8080 } });
    const files = filesOfDocument(document);
    const [fromPcap] = readCapture(files.pcap).sessions;
    expect(framesSent(fromPcap)).toEqual(EXPECTED);
    expect(fromPcap.server).toEqual({ address: '127.0.0.1', port: 8080 });
    const read = readSessionDocument(JSON.parse(files.json));
    if (!read.ok) throw new Error(read.reason);
    expect(framesSent(read.reading.session!)).toEqual(EXPECTED);
  });

  it('says why a file is not a saved session it can read', () => {
    const good = documentFromSession(readCapture(samplePcap()).sessions[0], 'x');
    expect(readSessionDocument({ format: 'something-else' })).toMatchObject({ ok: false, reason: expect.stringContaining(SESSION_DOCUMENT_FORMAT) });
    expect(readSessionDocument({ ...good, version: 2 })).toMatchObject({ ok: false, reason: expect.stringContaining('version 2') });
    const overlapping = { ...good, chunks: [...good.chunks, { ...good.chunks[0] }] };
    expect(readSessionDocument(overlapping)).toMatchObject({ ok: false, reason: expect.stringContaining('overlap') });
    expect(readSessionDocument({ ...good, chunks: [{ from: 'client', offset: 0, hex: 'zz', time: null, packet: null }] })).toMatchObject({ ok: false, reason: expect.stringContaining('not hex') });
  });

  it('reads endpoints as the page writes them', () => {
    expect(parseEndpoint('127.0.0.1:53122')).toEqual({ address: '127.0.0.1', port: 53122 });
    expect(parseEndpoint('[::1]:8080')).toEqual({ address: '::1', port: 8080 });
    expect(parseEndpoint('localhost:80')).toBeNull();
    expect(parseEndpoint('1.2.3.4:70000')).toBeNull();
  });
});

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** A workspace driven as the worker drives it: requests in, replies collected. */
function workspace() {
  const replies: CaptureReply[] = [];
  const space = new CaptureWorkspace((reply) => replies.push(reply));
  let id = 0;
  const ask = async <T extends CaptureReply['type']>(request: CaptureRequestBody, expected: T): Promise<Extract<CaptureReply, { type: T }>> => {
    const asked = ++id;
    await space.handle({ ...request, id: asked } as CaptureRequest);
    const answer = replies.find((reply) => reply.id === asked && reply.type !== 'progress' && reply.type !== 'session-part');
    if (answer?.type !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(answer)}`);
    return answer as Extract<CaptureReply, { type: T }>;
  };
  /** A session's tap messages, from every part the workspace sent of it. */
  const sessionMessages = async (conversation: string): Promise<ReadTapMessage[]> => {
    const { id: asked, messages } = await ask({ type: 'session', conversation }, 'session');
    const parts = replies.filter((reply): reply is Extract<CaptureReply, { type: 'session-part' }> => reply.type === 'session-part' && reply.id === asked);
    const all = parts.flatMap((part) => part.messages);
    expect(all).toHaveLength(messages);
    return all;
  };
  return { ask, replies, sessionMessages };
}

describe('the capture workspace', () => {
  it('lists a pcap, hands a session over as tap messages, and reports progress as it reads', async () => {
    const { ask, replies, sessionMessages } = workspace();
    const { listing } = await ask({ type: 'open', file: blob(samplePcap()), name: 'sample.pcap' }, 'listing');
    expect(listing).toMatchObject({ fileName: 'sample.pcap', kind: 'pcap' });
    expect(listing.conversations).toHaveLength(1);
    expect(listing.conversations[0]).toMatchObject({ kind: 'websocket', session: { target: '/chat', frames: SAMPLE_MESSAGES.length, rebuilt: false } });
    expect(replies.some((reply) => reply.type === 'progress' && reply.stage === 'decoding')).toBe(true);

    const messages = await sessionMessages(listing.conversations[0].id);
    expect(messages[0]).toMatchObject({ type: 'session-opened', session: { target: '/chat' } });
    expect(messages.flatMap((m) => (m.type === 'bytes' && m.chunk.phase === 'handshake' ? [m.chunk.from] : []))).toEqual(['client', 'server']);
    expect(messages.at(-1)).toMatchObject({ type: 'session-closed' });

    // Read by the Live view's model, bytes and all (no hex): the same frames, both ways.
    const model = new LiveModel();
    const queue = new IngestQueue(model, { now: () => 0, schedule: () => {} });
    for (const message of messages) queue.enqueue(message);
    while (queue.pending > 0) queue.runSlice();
    const [session] = model.sessions();
    expect(session.frameCount).toBe(SAMPLE_MESSAGES.length);
    expect(session.state).toBe('closed');
    expect(new TextDecoder().decode(session.request!)).toMatch(/^GET \/chat HTTP\/1\.1\r\n/);
    const frames = [];
    for (let n = session.log.first; n < session.log.end; n++) {
      const entry = session.log.get(n)!;
      if (entry.kind === 'frame') frames.push([entry.from, entry.opcode, entry.payloadLength]);
    }
    expect(frames).toEqual(SAMPLE_MESSAGES.map((m) => [m.from, m.opcode, m.payload.length]));
  });

  it('decodes frames from where a person says, leaving out the bytes before them', async () => {
    const { ask, sessionMessages } = workspace();
    const { listing } = await ask({ type: 'open', file: blob(lateCapture()), name: 'late.pcap' }, 'listing');
    const [conversation] = listing.conversations;
    expect(conversation.kind).toBe('other');
    expect(conversation.preview.client.hex.slice(0, 2)).toBe('81');
    const { conversation: client } = await ask({ type: 'frames-from', conversation: conversation.id, direction: 'client', offset: 0 }, 'conversation');
    expect(client.kind).toBe('websocket-from-caller');
    const { conversation: both } = await ask({ type: 'frames-from', conversation: conversation.id, direction: 'server', offset: 0 }, 'conversation');
    expect(both.session?.frames).toBe(SAMPLE_MESSAGES.length);
    const messages = await sessionMessages(conversation.id);
    expect(messages.filter((m) => m.type === 'bytes' && m.chunk.phase === 'handshake')).toEqual([]);
    expect(messages.filter((m) => m.type === 'bytes')).not.toEqual([]);
  });

  it('saves a session as JSON that opens again, and as pcap', async () => {
    const { ask } = workspace();
    const { listing } = await ask({ type: 'open', file: blob(samplePcap()), name: 'sample.pcap' }, 'listing');
    const id = listing.conversations[0].id;
    const json = await ask({ type: 'save', conversation: id, as: 'json' }, 'saved');
    expect(json.fileName).toMatch(/\.wsx\.json$/);
    const pcap = await ask({ type: 'save', conversation: id, as: 'pcap' }, 'saved');
    expect(framesSent(readCapture(pcap.bytes).sessions[0])).toEqual(EXPECTED);
    const reopened = await ask({ type: 'open', file: blob(json.bytes), name: json.fileName }, 'listing');
    expect(reopened.listing).toMatchObject({ kind: 'saved-session', about: expect.stringContaining('captured in sample.pcap') });
    expect(reopened.listing.conversations[0].session?.frames).toBe(SAMPLE_MESSAGES.length);
  });

  it('gives up on a file when another is opened while it is read', async () => {
    const replies: CaptureReply[] = [];
    const space = new CaptureWorkspace((reply) => replies.push(reply));
    // Many slices, so the first file is still being read when the second arrives.
    const big = writeTestPcap(segmentsFor(samplePieces(), { mss: 100 }).map((s) => packetFor(s)));
    const large = new Blob(Array.from({ length: 40 }, () => big as Uint8Array<ArrayBuffer>));
    const first: CaptureRequest = { type: 'open', id: 1, file: large, name: 'first.pcap' };
    const second: CaptureRequest = { type: 'open', id: 2, file: blob(samplePcap()), name: 'second.pcap' };
    space.arrived(first);
    const reading = space.handle(first);
    space.arrived(second);
    await Promise.all([reading, space.handle(second)]);
    expect(replies.find((r) => r.id === 1 && r.type !== 'progress')).toMatchObject({ type: 'failed', reason: expect.stringContaining('another file') });
    expect(replies.find((r) => r.id === 2 && r.type !== 'progress')).toMatchObject({ type: 'listing', listing: { fileName: 'second.pcap' } });
  });

  it('names a file that is neither a capture nor JSON it knows', async () => {
    const { ask } = workspace();
    const text = await ask({ type: 'open', file: new Blob(['GET / HTTP/1.1\r\n\r\n']), name: 'notes.txt' }, 'listing');
    expect(text.listing.notes[0].message).toMatch(/neither pcap .* nor pcapng/);
    const json = await ask({ type: 'open', file: new Blob(['{"log":{}}']), name: 'x.har' }, 'listing');
    expect(json.listing.notes[0].message).toMatch(/no log\.entries/);
  });
});

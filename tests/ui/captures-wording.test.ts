// explorer-ui/src/features/captures/capture-wording.ts: what the engine's
// capture reader says about a file and a conversation (gaps, retransmissions,
// repeated bytes that differ, a missing SYN, where frames start and stop, a
// refused upgrade, what a HAR file could not keep, a damaged file), each
// conversation's description and what the capture worker says of the file,
// in Chinese. Every sentence here is produced by the real engine code (or the
// view's own worker code), never written by hand; each must have its
// Chinese, carrying every value of the English (offsets, lengths, packet
// numbers, endpoints), and English must stay the engine's own, untouched.

import { describe, expect, it } from 'vitest';
import { readCapture, readHar, type CaptureNote, type CaptureNoteKind } from '../../engine/capture';
import { TcpStreamAssembler, type TcpSegmentInput } from '../../engine/capture/tcp-reassembly';
import { i18n } from '../../explorer-ui/src/i18n';
import { captureWording, NOTE_PHRASES, PHRASE_TABLES } from '../../explorer-ui/src/features/captures/capture-wording';
import { summariseHarSession } from '../../explorer-ui/src/features/captures/capture-listing';
import type { CaptureReply, CaptureRequestBody } from '../../explorer-ui/src/features/captures/capture-protocol';
import { CaptureWorkspace } from '../../explorer-ui/src/features/captures/capture-workspace';
import { documentFromSession, readSessionDocument } from '../../explorer-ui/src/features/captures/session-document';
import { documentFromSimulation } from '../../explorer-ui/src/features/captures/session-export';
import { packetFor, writeTestPcap, writeTestPcapng, type PacketSpec, type TestSegment } from '../support/capture-files';
import { samplePieces, segmentsFor, UPGRADE_REQUEST, type Piece } from '../support/websocket-exchange';

const zh = captureWording(i18n.getFixedT('zh'));
const en = captureWording(i18n.getFixedT('en'));
const CJK = /[\u4e00-\u9fff]/;
const ascii = new TextEncoder();

/** The values an English sentence carries: numbers, endpoints, hex, quoted names. Each must be in its Chinese. */
function valuesOf(english: string): string[] {
  return [...english.matchAll(/\[[0-9a-f:]+\]:\d+|\d+(?:\.\d+)*(?::\d+)?|0x[0-9a-f]+|"[^"]*"/gi)].map((m) => m[0].replace(/^"|"$/g, ''));
}

function expectChinese(english: string, chinese: string, sameInEnglish: string): void {
  expect(sameInEnglish, 'English stays the engine\'s own').toBe(english);
  expect(chinese, `no Chinese for: ${english}`).not.toBe(english);
  expect(chinese).toMatch(CJK);
  for (const value of valuesOf(english)) expect(chinese, `"${value}" of: ${english}`).toContain(value);
  expect(chinese).not.toMatch(/\{\{|\}\}/);
}

// --- Notes, from the reassembler of one direction -------------------------------------------

const sender = { address: '10.0.0.1', port: 40000 };
function segment(sequenceNumber: number, payload: string, extra: Partial<TcpSegmentInput> = {}): TcpSegmentInput {
  const data = ascii.encode(payload);
  return { sequenceNumber, syn: false, fin: false, rst: false, payload: data, payloadLength: data.length, time: null, packet: null, ...extra };
}
function assembled(segments: TcpSegmentInput[], direction: 'client' | 'server' = 'client'): CaptureNote[] {
  const assembler = new TcpStreamAssembler(sender);
  for (const s of segments) assembler.add(s);
  return assembler.finish(direction).notes;
}
const syn = segment(100, '', { syn: true, packet: 1 });

const reassemblyNotes = (): CaptureNote[] => [
  ...assembled([syn, segment(101, 'abc', { packet: 2 }), segment(101, 'abc', { packet: 3 })]),
  ...assembled([syn, segment(101, 'hello world', { packet: 2 }), segment(107, 'WORLD', { packet: 3 })]),
  // No packet numbers (pasted hex): "a packet", "an earlier packet".
  ...assembled([segment(100, '', { syn: true }), segment(101, 'hello world'), segment(107, 'WORLD')]),
  ...assembled([syn, segment(101, 'a', { packet: 2 }), ...Array.from({ length: 60 }, (_, i) => segment(101, 'b', { packet: 3 + i }))]),
  ...assembled([syn, segment(101, 'aaaa', { packet: 2 }), segment(109, 'cccc', { packet: 3 })]),
  ...assembled([syn, segment(105, 'late', { packet: 2 })]),
  ...assembled([syn, { ...segment(101, 'abcd', { packet: 2 }), payloadLength: 10 }, segment(111, 'klm', { packet: 3 })]),
  ...assembled([syn, segment(101, 'abc', { packet: 2 }), { ...segment(104, 'abcd', { packet: 3 }), payloadLength: 10 }]),
  ...assembled([syn, segment(95, 'abcdefghij', { packet: 2 })]),
  ...assembled([syn, segment(101, 'abc', { fin: true, packet: 2 }), segment(104, 'zz', { packet: 3 })]),
  ...assembled([segment(5000, 'abc', { packet: 1 }), segment(5003, 'def', { packet: 2 })], 'server'),
  ...assembled([syn, segment(101, 'abc', { packet: 2 }), segment(500, '', { syn: true, packet: 3 })]),
];

// --- Notes and descriptions, from whole captures -------------------------------------------

const text = (s: string) => ascii.encode(s);
const capture = (segments: TestSegment[], options?: Parameters<typeof readCapture>[1]) => readCapture(writeTestPcap(segments.map((s) => packetFor(s))), options);
const exchange = (pieces: Piece[], options: Parameters<typeof segmentsFor>[1] = {}) => capture(segmentsFor(pieces, options));
const upgradeAnd = (server: string): Piece[] => [{ from: 'client', bytes: UPGRADE_REQUEST }, { from: 'server', bytes: text(server) }];
const plainGet = 'GET / HTTP/1.1\r\nHost: example.test\r\n\r\n';
const pointedAt = (pieces: Piece[]) => {
  const segments = segmentsFor(pieces);
  const id = capture(segments).conversations[0].conversation.id;
  return capture(segments, { frameStarts: [{ conversation: id, direction: 'server', offset: 0 }] });
};

function captures() {
  const sample = segmentsFor(samplePieces(), { mss: 1000 });
  const binaryStart = sample.findIndex((s) => s.from === 'client' && (s.payload?.length ?? 0) === 1000);
  const lost = sample[binaryStart + 1];
  const withGap = capture(sample.filter((s) => s !== lost));
  const session = withGap.sessions[0];
  const pongOffset = session.framesStart.client! + 11 + (2 + 2 + 4 + 3000);
  const resumed = capture(sample.filter((s) => s !== lost), { frameStarts: [{ conversation: session.conversation, direction: 'client', offset: pongOffset }] });
  // A whole frame's segment lost: its direction's frames stop where the gap starts.
  const whole = segmentsFor(samplePieces(), { mss: 5000 });
  const secondClientFrame = whole.filter((s) => s.from === 'client' && s.payload?.length)[2];
  const stopped = capture(whole.filter((s) => s !== secondClientFrame));
  // The capture ends inside the binary frame.
  const cut = capture(sample.slice(0, binaryStart + 1));
  // The capture began after the handshake, and the person says where frames start (and that the other end is the client).
  const late = segmentsFor(samplePieces().slice(2), { handshake: false });
  const lateId = capture(late).conversations[0].conversation.id;
  const pointed = capture(late, { frameStarts: [{ conversation: lateId, direction: 'client', offset: 0 }] });
  const swapped = capture(late, { frameStarts: [{ conversation: lateId, direction: 'client', offset: 0, client: '192.168.1.20:9001' }] });
  const reset = [...segmentsFor(samplePieces(), { fin: false })];
  const last = reset[reset.length - 1];
  reset.push({ from: 'client', seq: last.from === 'client' ? last.seq + (last.payload?.length ?? 0) : last.ack!, flags: { rst: true }, time: last.time + 0.001 });
  const serverLate = segmentsFor(upgradeAnd('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'), { mss: 20 });
  const firstServer = serverLate.find((s) => s.from === 'server' && s.payload?.length);
  return [
    withGap, resumed, stopped, cut, pointed, swapped, capture(reset), capture(serverLate.filter((s) => s !== firstServer)),
    exchange(upgradeAnd('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')),
    exchange([{ from: 'client', bytes: UPGRADE_REQUEST }]),
    exchange(upgradeAnd('HTTP/1.1 101 Switching')),
    exchange(upgradeAnd('hello there\r\n\r\n')),
    exchange(upgradeAnd('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99\r\n\r\n')),
    exchange([{ from: 'client', bytes: text(plainGet) }, { from: 'client', bytes: UPGRADE_REQUEST }, { from: 'server', bytes: text('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi') }]),
    exchange([{ from: 'client', bytes: text(plainGet) }, { from: 'client', bytes: UPGRADE_REQUEST }, { from: 'server', bytes: text('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n') }]),
    // What the reader says of HTTP before any upgrade is kept when a person says where frames start in it.
    pointedAt([{ from: 'client', bytes: text(`${plainGet}GET /chat HTTP/1.1\r\nHost`) }, { from: 'server', bytes: text('x') }]),
    pointedAt([{ from: 'client', bytes: text(`${plainGet}not http at all\r\n\r\n`) }, { from: 'server', bytes: text('x') }]),
    pointedAt([{ from: 'client', bytes: text('POST / HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n') }, { from: 'server', bytes: text('x') }]),
    exchange([{ from: 'client', bytes: text(plainGet) }, { from: 'server', bytes: text('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n') }]),
    exchange([{ from: 'client', bytes: text('SSH-2.0-OpenSSH_9.6\r\n') }, { from: 'server', bytes: text('SSH-2.0-OpenSSH_9.6\r\n') }]),
    exchange([{ from: 'client', bytes: Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5) }]),
    exchange([]),
  ];
}

// --- Notes about the file -----------------------------------------------------------------

function fileNotes(): CaptureNote[] {
  const packets: PacketSpec[] = segmentsFor(samplePieces()).map((s) => packetFor(s));
  const pcap = writeTestPcap(packets);
  const fragment = (spec: PacketSpec, identification: number): PacketSpec => {
    const bytes = spec.bytes.slice();
    bytes[14 + 4] = identification >> 8;
    bytes[14 + 5] = identification & 0xff;
    bytes[14 + 6] = 0x20;
    bytes[14 + 7] = 0;
    return { ...spec, bytes };
  };
  const fragments = Array.from({ length: 22 }, (_, i) => fragment(packets[5], 0x1234 + i));
  const shortTcp = { ...packets[5], bytes: packets[5].bytes.slice(0, 14 + 20 + 10) };
  const cutShort = { ...packets[5], originalLength: packets[5].bytes.length + 100 };
  const damaged = pcap.slice();
  new DataView(damaged.buffer).setUint32(24 + 8, 0x7fffffff, true);
  return [
    ...readCapture(writeTestPcap([...packets, ...fragments, shortTcp, cutShort])).notes,
    ...readCapture(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)).notes,
    ...readCapture(Uint8Array.of(0xd4, 0xc3)).notes,
    ...readCapture(pcap.subarray(0, pcap.length - 5)).notes,
    ...readCapture(damaged).notes,
    ...readCapture(writeTestPcapng([{ linkType: 1 }], [{ block: 'unknown', type: 0xbad, body: [1, 2, 3, 4] }, { block: 'epb', interfaceId: 0, packet: packets[0] }])).notes,
  ];
}

// --- HAR files and saved sessions ---------------------------------------------------------

const harEntry = (extra: Record<string, unknown> = {}) => ({
  startedDateTime: '2024-05-01T10:00:01.250Z',
  request: {
    method: 'GET',
    url: 'wss://example.test/chat',
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'Host', value: 'example.test' },
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Connection', value: 'Upgrade' },
      { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
      { name: 'Sec-WebSocket-Version', value: '13' },
      { name: 'Bad Name', value: 'x' },
    ],
  },
  response: {
    status: 101,
    statusText: 'Switching Protocols',
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Connection', value: 'Upgrade' },
      { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
      { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' },
    ],
  },
  _webSocketMessages: [
    { type: 'send', time: 1714557601.5, opcode: 1, data: 'hello' },
    { type: 'receive', time: 1714557601.6, opcode: 2, data: '!!not base64!!' },
    { type: 'other', time: 1714557601.7, opcode: 1, data: 'x' },
  ],
  ...extra,
});

function harReadings() {
  return [
    readHar('{ not json'),
    readHar({ log: {} }),
    readHar({ log: { entries: [{ request: { url: 'http://example.test/' } }] } }),
    readHar({ log: { entries: [harEntry({ request: { method: 'GET', url: 'ftp://example.test/', httpVersion: 'HTTP/1.1', headers: [] } }), harEntry()] } }),
  ];
}

function savedSessionReasons(): CaptureNote[] {
  const good = documentFromSession(readCapture(writeTestPcap(segmentsFor(samplePieces()).map((s) => packetFor(s)))).sessions[0], 'x');
  const tries: unknown[] = [
    { format: 'something-else' },
    { ...good, version: 2 },
    { ...good, client: null },
    { ...good, chunks: undefined },
    { ...good, chunks: [null] },
    { ...good, chunks: [{ from: 'client', offset: 0, hex: 'zz', time: null, packet: null }] },
    { ...good, chunks: [...good.chunks, { ...good.chunks[0] }] },
  ];
  return tries.map((value) => {
    const read = readSessionDocument(value);
    if (read.ok) throw new Error('read');
    return { kind: 'file', message: read.reason };
  });
}

/** What the worker says of files, and why it gives up, driven as the page drives it. */
async function workspaceSays(): Promise<{ about: string[]; reasons: string[]; descriptions: string[] }> {
  const replies: CaptureReply[] = [];
  const space = new CaptureWorkspace((reply) => replies.push(reply));
  let id = 0;
  const ask = async (body: CaptureRequestBody) => {
    const request = { ...body, id: ++id } as Parameters<CaptureWorkspace['handle']>[0];
    space.arrived(request);
    await space.handle(request);
    return replies.filter((reply) => reply.id === request.id).at(-1)!;
  };
  const blob = (bytes: Uint8Array | string) => new Blob([bytes as BlobPart]);
  const about: string[] = [];
  const reasons: string[] = [];
  const descriptions: string[] = [];
  const open = async (name: string, bytes: Uint8Array | string) => {
    const reply = await ask({ type: 'open', file: blob(bytes), name });
    if (reply.type !== 'listing') throw new Error(reply.type);
    about.push(reply.listing.about);
    descriptions.push(...reply.listing.conversations.map((c) => c.description));
    return reply.listing;
  };
  const pcap = await open('sample.pcap', writeTestPcap(segmentsFor(samplePieces()).map((s) => packetFor(s))));
  const saved = await ask({ type: 'save', conversation: pcap.conversations[0].id, as: 'json' });
  if (saved.type !== 'saved') throw new Error(saved.type);
  await open(saved.fileName, saved.bytes);
  const har = await open('chrome.har', JSON.stringify({ log: { entries: [harEntry(), { request: { url: 'http://example.test/' } }] } }));
  const harSaved = await ask({ type: 'save', conversation: har.conversations[0].id, as: 'json' });
  if (harSaved.type !== 'saved') throw new Error(harSaved.type);
  await open(harSaved.fileName, harSaved.bytes);
  await open('junk.bin', Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
  await open('bad.json', '{ nope');
  await open('old.wsx.json', JSON.stringify({ format: 'websocket-explorer-session', version: 9 }));
  const failed = await ask({ type: 'save', conversation: 'tcp-99', as: 'pcap' });
  if (failed.type === 'failed') reasons.push(failed.reason);
  const notCaptured = await ask({ type: 'frames-from', conversation: 'tcp-99', direction: 'client', offset: 0 });
  if (notCaptured.type === 'failed') reasons.push(notCaptured.reason);
  return { about, reasons, descriptions };
}

describe('the capture notes in Chinese', () => {
  const notes = [
    ...reassemblyNotes(),
    ...captures().flatMap((reading) => [...reading.notes, ...reading.sessions.flatMap((s) => s.notes)]),
    ...fileNotes(),
    ...harReadings().flatMap((reading) => [...reading.notes, ...reading.sessions.flatMap((s) => s.notes)]),
    ...savedSessionReasons(),
  ];

  it('every kind of note the engine writes is produced here', () => {
    const kinds = new Set(notes.map((note) => note.kind));
    const expected: CaptureNoteKind[] = ['gap', 'conflict', 'retransmission', 'start-missing', 'fragment', 'truncated-packet', 'unreadable-packet', 'tcp-ending', 'http', 'rebuilt', 'frames', 'file'];
    expect([...kinds].sort()).toEqual(expect.arrayContaining(expected));
    const phrases = [...new Set(Object.values(NOTE_PHRASES).flat())];
    const produced = new Set(notes.map((note) => phrases.find((phrase) => phrase.pattern.test(note.message))?.key));
    // Every family of sentence but one is produced here; that one is written by session-export.ts for a live session, not by the engine.
    expect(phrases.map((phrase) => phrase.key).filter((key) => !produced.has(key))).toEqual(['live-dropped']);
  });

  it('each note has its Chinese, with every value of the English in it; English is the engine\'s own', () => {
    for (const note of notes) expectChinese(note.message, zh.note(note), en.note(note));
  });

  it('a sentence the view does not know is shown as the engine wrote it', () => {
    const note: CaptureNote = { kind: 'gap', message: 'a sentence the engine will write one day' };
    expect(zh.note(note)).toBe(note.message);
  });
});

describe('conversations and files in Chinese', () => {
  it('each conversation\'s description', () => {
    const readings = captures();
    const descriptions = [
      ...readings.flatMap((reading) => reading.conversations.map((c) => c.description)),
      ...harReadings().flatMap((reading) => reading.sessions.map((s) => summariseHarSession(s).description)),
    ];
    const kinds = new Set(readings.flatMap((reading) => reading.conversations.map((c) => c.kind)));
    expect([...kinds].sort()).toEqual(['empty', 'http', 'other', 'tls', 'websocket', 'websocket-from-caller', 'websocket-refused', 'websocket-unanswered']);
    for (const english of descriptions) expectChinese(english, zh.description(english), en.description(english));
  });

  it('what the worker says of each kind of file, and why it gives up', async () => {
    const { about, reasons, descriptions } = await workspaceSays();
    expect(about.some((a) => a.startsWith('a session saved by the explorer: rebuilt from chrome.har'))).toBe(true);
    for (const english of about) expectChinese(english, zh.about(english), en.about(english));
    expect(reasons).toHaveLength(2);
    for (const english of reasons) expectChinese(english, zh.reason(english), en.reason(english));
    for (const english of descriptions) expectChinese(english, zh.description(english), en.description(english));
    const simulated = `a session saved by the explorer: ${documentFromSimulation([], 'ping-pong').origin}`;
    expectChinese(simulated, zh.about(simulated), en.about(simulated));
  });

  it('every sentence family the view knows has its Chinese', () => {
    const missing = Object.entries(PHRASE_TABLES).flatMap(([section, phrases]) =>
      phrases.map((phrase) => `captures.engine.${section}.${phrase.key}`).filter((key) => !i18n.exists(key, { lng: 'zh' })),
    );
    expect(missing).toEqual([]);
    expect(i18n.exists('captures.engine.descriptions.between', { lng: 'zh' })).toBe(true);
  });
});

// The opened capture, where it is read: in the capture worker
// (capture-worker.ts), or on the page's own thread, in slices, where no
// worker can start (the build opened from file://). It reads a pcap or
// pcapng file as a stream, a few hundred kilobytes at a time, reporting
// progress as it goes, so only one unfinished block and the conversations'
// streams are ever held, never the file; a HAR file or a saved session is
// JSON and read whole. It keeps every conversation and answers the page's
// requests (capture-protocol.ts) about them.

import {
  CaptureReader,
  readConversation,
  readHar,
  sessionToPcap,
  sessionToTapMessages,
  type CaptureSession,
  type CaptureSource,
  type ConversationReading,
  type FrameStart,
  type TcpConversation,
} from '../../../../engine/capture';
import { bytesFrom } from '../../../../engine/capture/stream-lookup';
import type { ReadTapMessage } from '../live/tap-message-reader';
import { summariseConversation, summariseHarSession, type CaptureFileKind, type CaptureListing } from './capture-listing';
import type { CaptureReply, CaptureRequest } from './capture-protocol';
import { documentFromSession, isSessionDocument, readSessionDocument, sessionFileName } from './session-document';

/** Lets the page's thread breathe between slices when the workspace runs there; in the worker, nothing. */
export type Breather = () => Promise<void>;

interface HeldConversation {
  /** As captured, before any person named the client. */
  original: TcpConversation | null;
  source: CaptureSource;
  frameStarts: FrameStart[];
  reading: ConversationReading | null;
  /** A HAR session has no TCP conversation to read again. */
  session: CaptureSession | null;
}

/** Bytes fed to the reader at a time: progress moves, and in the page each slice stays short. */
const SLICE_BYTES = 256 * 1024;
const PROGRESS_EVERY_BYTES = 1024 * 1024;
/** A session's tap messages go to the page in parts of about this many bytes: each a few milliseconds to receive. */
const PART_BYTES = 256 * 1024;

export class CaptureWorkspace {
  private held = new Map<string, HeldConversation>();
  private fileName = 'capture';
  /** The newest open request: an older one still reading gives up. */
  private opening = 0;

  constructor(
    private readonly reply: (reply: CaptureReply, transfer?: Transferable[]) => void,
    private readonly breathe: Breather = async () => {},
  ) {}

  /**
   * Called as a request arrives, before it waits its turn: a newer file makes the one being read give up at its next
   * slice, instead of being read to the end first.
   */
  arrived(request: CaptureRequest): void {
    if (request.type === 'open') this.opening = request.id;
  }

  async handle(request: CaptureRequest): Promise<void> {
    try {
      switch (request.type) {
        case 'open':
          await this.open(request.id, request.file, request.name);
          return;
        case 'session':
          this.session(request.id, request.conversation);
          return;
        case 'frames-from':
          this.framesFrom(request);
          return;
        case 'save':
          this.save(request.id, request.conversation, request.as);
          return;
      }
    } catch (error) {
      this.reply({ type: 'failed', id: request.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  private async open(id: number, file: Blob, name: string): Promise<void> {
    // Ids grow: a file that arrived after this one wins, whichever starts first.
    this.opening = Math.max(this.opening, id);
    this.held = new Map();
    this.fileName = name;
    const started = performance.now();
    const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
    const text = head.length > 0 && firstNonSpace(head) === 0x7b; // '{': JSON, a HAR file or a saved session
    const listing = text ? this.openJson(await file.text(), name, file.size) : await this.openCapture(id, file, name);
    if (!listing || this.opening !== id) {
      this.reply({ type: 'failed', id, reason: 'another file was opened while this one was read' });
      return;
    }
    listing.millis = Math.round(performance.now() - started);
    this.reply({ type: 'listing', id, listing });
  }

  private async openCapture(id: number, file: Blob, name: string): Promise<CaptureListing | null> {
    const totalBytes = file.size;
    // finish() reports once more before it names the conversations and decodes their frames: that report starts the 'decoding' stage.
    let finishing = false;
    const reader = new CaptureReader({
      totalBytes,
      progressEveryBytes: PROGRESS_EVERY_BYTES,
      onProgress: (progress) => this.reply({ type: 'progress', id, ...progress, stage: finishing ? 'decoding' : 'reading' }),
    });
    // Slices of the Blob, not its stream: the same in a worker and on the page, and each slice's size is ours.
    for (let at = 0; at < totalBytes; at += SLICE_BYTES) {
      const slice = new Uint8Array(await file.slice(at, Math.min(totalBytes, at + SLICE_BYTES)).arrayBuffer());
      if (this.opening !== id) return null;
      reader.push(slice);
      await this.breathe();
    }
    finishing = true;
    const reading = reader.finish();
    const source: CaptureSource = reading.format ?? 'pcap';
    for (const conversation of reading.conversations) {
      this.held.set(conversation.conversation.id, { original: conversation.conversation, source, frameStarts: [], reading: conversation, session: conversation.session });
    }
    return {
      fileName: name,
      fileBytes: totalBytes,
      kind: (reading.format ?? 'pcap') satisfies CaptureFileKind,
      about: reading.format === null ? 'not a capture file' : `${reading.packets.toLocaleString('en')} packets`,
      packets: reading.packets,
      tcpPackets: reading.tcpPackets,
      otherPackets: reading.otherPackets,
      conversations: reading.conversations.map(summariseConversation),
      notes: reading.notes,
      millis: 0,
    };
  }

  private openJson(text: string, name: string, size: number): CaptureListing {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return emptyListing(name, size, 'har', `not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (isSessionDocument(value)) {
      const read = readSessionDocument(value);
      if (!read.ok) return emptyListing(name, size, 'saved-session', read.reason);
      const { reading, document } = read;
      this.held.set(reading.conversation.id, { original: reading.conversation, source: document.source, frameStarts: [], reading, session: reading.session });
      return {
        fileName: name,
        fileBytes: size,
        kind: 'saved-session',
        about: `a session saved by the explorer: ${document.origin}`,
        packets: 0,
        tcpPackets: 0,
        otherPackets: 0,
        conversations: [summariseConversation(reading)],
        notes: [],
        millis: 0,
      };
    }
    const har = readHar(value);
    for (const session of har.sessions) this.held.set(session.id, { original: null, source: 'har', frameStarts: [], reading: null, session });
    return {
      fileName: name,
      fileBytes: size,
      kind: 'har',
      about: `a HAR file: ${har.entries.toLocaleString('en')} entr${har.entries === 1 ? 'y' : 'ies'}, ${har.sessions.length} WebSocket session${har.sessions.length === 1 ? '' : 's'}`,
      packets: 0,
      tcpPackets: 0,
      otherPackets: 0,
      conversations: har.sessions.map(summariseHarSession),
      notes: har.notes,
      millis: 0,
    };
  }

  private session(id: number, conversation: string): void {
    const session = this.sessionOf(conversation);
    // Without a captured handshake, the bytes before where frames start are not an HTTP head: they are left out, and the
    // timeline shows where its frames start as a gap at the stream's start.
    const heads = { client: session.request !== null, server: session.response !== null };
    let part: ReadTapMessage[] = [];
    let partBytes = 0;
    let sent = 0;
    const flush = () => {
      // The part's bytes in one buffer, transferred: the page gets them without a copy, and without hex to read.
      const buffer = new Uint8Array(partBytes);
      let at = 0;
      for (const message of part) {
        if (message.type !== 'bytes' || !message.chunk.bytes) continue;
        buffer.set(message.chunk.bytes, at);
        message.chunk.bytes = buffer.subarray(at, at + message.chunk.bytes.length);
        at += message.chunk.bytes.length;
      }
      this.reply({ type: 'session-part', id, messages: part }, [buffer.buffer]);
      sent += part.length;
      part = [];
      partBytes = 0;
    };
    for (const message of sessionToTapMessages(session)) {
      if (message.type !== 'bytes') {
        part.push(message as ReadTapMessage);
        continue;
      }
      const { chunk } = message;
      if (chunk.phase === 'handshake' && !heads[chunk.from]) continue;
      const bytes = bytesFrom(session.streams[chunk.from], chunk.offset).subarray(0, chunk.length);
      part.push({ type: 'bytes', chunk: { ...chunk, hex: '', bytes } });
      partBytes += bytes.length;
      if (partBytes >= PART_BYTES) flush();
    }
    if (part.length) flush();
    this.reply({ type: 'session', id, conversation, messages: sent });
  }

  private framesFrom(request: Extract<CaptureRequest, { type: 'frames-from' }>): void {
    const held = this.held.get(request.conversation);
    if (!held?.original) throw new Error(`no captured conversation ${request.conversation} to decode frames in`);
    // One start per direction: a second choice for the same direction replaces the first.
    const start: FrameStart = { conversation: request.conversation, direction: request.direction, offset: request.offset, ...(request.client ? { client: request.client } : {}) };
    held.frameStarts = [...held.frameStarts.filter((s) => s.direction !== request.direction), start].map((s) => ({ ...s, client: request.client }));
    held.reading = readConversation(held.original, held.source, held.frameStarts);
    held.session = held.reading.session;
    this.reply({ type: 'conversation', id: request.id, conversation: summariseConversation(held.reading) });
  }

  private save(id: number, conversation: string, as: 'json' | 'pcap'): void {
    const session = this.sessionOf(conversation);
    if (as === 'pcap') {
      const bytes = sessionToPcap(session);
      this.reply({ type: 'saved', id, fileName: sessionFileName(session.id, 'pcap'), mediaType: 'application/vnd.tcpdump.pcap', bytes }, [bytes.buffer]);
      return;
    }
    const origin = session.rebuilt ? `rebuilt from ${this.fileName}` : `captured in ${this.fileName}`;
    const bytes = new TextEncoder().encode(JSON.stringify(documentFromSession(session, origin)));
    this.reply({ type: 'saved', id, fileName: sessionFileName(session.id, 'json'), mediaType: 'application/json', bytes }, [bytes.buffer]);
  }

  private sessionOf(conversation: string): CaptureSession {
    const session = this.held.get(conversation)?.session;
    if (!session) throw new Error(`${conversation} is not a WebSocket session of the open file`);
    return session;
  }
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  // A UTF-8 byte order mark, then whitespace, may come before the JSON.
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  return bytes[at];
}

function emptyListing(name: string, size: number, kind: CaptureFileKind, why: string): CaptureListing {
  return { fileName: name, fileBytes: size, kind, about: why, packets: 0, tcpPackets: 0, otherPackets: 0, conversations: [], notes: [{ kind: 'file', message: why }], millis: 0 };
}

// What the page and the capture worker (capture-worker.ts) say to each
// other. The worker keeps the opened file's streams; the page asks for a
// listing, one session at a time as the tap's messages (so the Live view's
// model and widgets show it), where frames start in a conversation whose
// handshake was not captured, and a session as a file to save.

import type { Direction } from '../../../../engine/frame-model';
import type { ReadTapMessage } from '../live/tap-message-reader';
import type { CaptureListing, ConversationSummary } from './capture-listing';

export type CaptureRequest =
  /** Read a pcap, pcapng, HAR or saved-session file; it replaces the one held. */
  | { type: 'open'; id: number; file: Blob; name: string }
  /** A conversation's session as tap messages (engine/tap-messages.ts), in parts. */
  | { type: 'session'; id: number; conversation: string }
  /** Frames start at `offset` of `direction`'s stream; `client` names the client when the guess was wrong. */
  | { type: 'frames-from'; id: number; conversation: string; direction: Direction; offset: number; client?: string }
  /** A session as a file: the saved-session JSON, or pcap. */
  | { type: 'save'; id: number; conversation: string; as: 'json' | 'pcap' };

export type CaptureReply =
  /** 'reading' the file's packets, then 'decoding' its conversations (named, their frames found). */
  | { type: 'progress'; id: number; bytesRead: number; totalBytes: number | null; packets: number; stage: 'reading' | 'decoding' }
  | { type: 'listing'; id: number; listing: CaptureListing }
  /**
   * Some of a session's tap messages, in order, already read: a chunk's bytes come as bytes (views of one buffer per
   * part, transferred), not hex. Sent in parts, so the page never takes megabytes in one task.
   */
  | { type: 'session-part'; id: number; messages: ReadTapMessage[] }
  /** The session's last part has been sent: `messages` in all. */
  | { type: 'session'; id: number; conversation: string; messages: number }
  | { type: 'conversation'; id: number; conversation: ConversationSummary }
  | { type: 'saved'; id: number; fileName: string; mediaType: string; bytes: Uint8Array }
  | { type: 'failed'; id: number; reason: string };

/** A request as its sender writes it, before it is numbered. */
export type CaptureRequestBody = CaptureRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

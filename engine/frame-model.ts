// The frame as data: what encodeFrame takes and what decodeFrames returns.
// These types are the engine's edge; the CLI's JSON, the UI and the lessons
// all read them (engine/frame-json.ts turns them into the CLI contract).

import type { Note, Problem } from './problem';

/** Which endpoint sent the bytes; decides the masking rule (RFC 6455 5.1, 5.3). */
export type Direction = 'client' | 'server';

/** What encodeFrame builds. Payload is given unmasked; the key masks it. */
export interface FrameSpec {
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  opcode: number;
  payload?: Uint8Array;
  /** 4 bytes, or null/absent for an unmasked frame. */
  maskingKey?: Uint8Array | null;
}

/** Deliberate rule-breaking, for lessons and the frame builder. */
export interface EncodeOptions {
  /**
   * 'shortest' (default) is what RFC 6455 5.2 requires: "the minimal number of
   * bytes MUST be used to encode the length". '16' and '64' force a longer,
   * non-minimal encoding.
   */
  lengthEncoding?: 'shortest' | '16' | '64';
  /** Set the most significant bit of a 64-bit length, which 5.2 forbids. */
  setLengthMostSignificantBit?: boolean;
  /**
   * Allow what a conforming sender never sends: control frames over 125
   * bytes or fragmented, reserved opcodes. Without it, encodeFrame throws.
   */
  allowInvalid?: boolean;
}

/** Names of the header fields, in wire order. */
export type FieldName =
  | 'FIN'
  | 'RSV1'
  | 'RSV2'
  | 'RSV3'
  | 'opcode'
  | 'MASK'
  | 'payload length'
  | 'extended payload length'
  | 'masking key'
  | 'payload';

export interface FrameField {
  name: FieldName;
  /** Bit position counted from the first bit of this frame, as the RFC's ruler numbers them. */
  bitOffset: number;
  bitLength: number;
  /** The raw bits as a string of 0s and 1s (empty for the payload, which can be huge). */
  bits: string;
  /** Decoded value: 0/1 for flags, a number for opcode and lengths, the byte count for the payload, hex for the key. */
  value: number | string;
  meaning: string;
  /** RFC 6455 section describing the field. */
  rfc: string;
}

export interface CloseDetails {
  /** null for an empty close payload (applications then see 1005). */
  code: number | null;
  reason: string;
  meaning: string;
}

/** What every decoded frame shows, whole or cut short. */
interface DecodedFrameBasics {
  /** Where the frame starts in the input. */
  offset: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: string;
  /** Null when the frame is not masked, or its key did not arrive. */
  maskingKey: Uint8Array | null;
  /** The payload as it is on the wire (masked when MASK is set); for a frame cut short, what arrived. */
  wirePayload: Uint8Array;
  /** The payload after unmasking. */
  payload: Uint8Array;
  /** Every header field whose bits all arrived, in wire order. */
  fields: FrameField[];
  /** Every rule the frame breaks, each with the close code a receiver answers. */
  problems: Problem[];
  /** What the RFC frowns on but no receiver fails for (a non-minimal length). */
  notes: Note[];
}

/** A frame whose every byte is in the input. */
export interface AnnotatedFrame extends DecodedFrameBasics {
  truncated: false;
  /** Total bytes of the frame: header + payload. */
  length: number;
  headerLength: number;
  masked: boolean;
  payloadLength: number;
  /** Text of a text frame whose payload is valid UTF-8 on its own, else null. */
  text: string | null;
  close: CloseDetails | null;
}

/**
 * A frame the input ends inside: the header fields that did arrive, the part
 * of the payload that did, and every problem those bytes already prove.
 */
export interface TruncatedFrame extends DecodedFrameBasics {
  truncated: true;
  /** Bytes of the frame in the input. */
  length: number;
  /** Null until byte 1 (MASK and the 7-bit length) arrived. */
  masked: boolean | null;
  headerLength: number | null;
  /** Null until the whole length field arrived. */
  payloadLength: number | null;
}

export type DecodedFrame = AnnotatedFrame | TruncatedFrame;

/** A data message put back together from its frames (5.4). */
export interface ReassembledMessage {
  opcode: number;
  opcodeName: string;
  /** Indexes into DecodeResult.frames, in order. */
  frameIndexes: number[];
  payload: Uint8Array;
  /** Text of a text message that is valid UTF-8, else null. */
  text: string | null;
  /** False when the input ended before the final fragment. */
  complete: boolean;
  /**
   * permessage-deflate: the message came with RSV1 on its first frame, and
   * `payload` is what it inflated to (RFC 7692 7.2.2); null when it was not
   * compressed (or no deflate was in use).
   */
  compression: MessageCompression | null;
}

export interface MessageCompression {
  /** The compressed bytes on the wire, the frames' payloads joined. */
  wirePayload: Uint8Array;
  /** The first DEFLATE block's type (RFC 1951 3.2.3). */
  firstBlock: 'stored' | 'fixed Huffman' | 'dynamic Huffman' | 'reserved' | null;
  /** Inflated size minus compressed size: what compression saved (negative when it cost). */
  savedBytes: number;
}

/** permessage-deflate as the decoder applies it to one direction's messages (RFC 7692). */
export interface DecodeDeflate {
  /** The sender starts each message with an empty window: no message refers to one before it. */
  noContextTakeover?: boolean;
}

export interface Remainder {
  /** Where the incomplete frame starts in the input. */
  offset: number;
  /** Bytes still needed to finish it (at least this many when the length field itself is cut short). */
  needed: number;
  /** What the decoder was waiting for, in words. */
  waitingFor: string;
  /** What of the frame did arrive. */
  frame: TruncatedFrame;
}

export interface DecodeOptions {
  /** Who sent the bytes; unknown when absent, and masking is then not judged. */
  from?: Direction;
  /** RSV bits an extension has given meaning to (e.g. rsv1 with permessage-deflate). */
  negotiatedRsv?: { rsv1?: boolean; rsv2?: boolean; rsv3?: boolean };
  /** A receiver's limits (RFC 6455 10.4); over them a frame earns 1009. Default: none. */
  maxFrameSize?: number;
  maxMessageSize?: number;
  /** permessage-deflate was negotiated: RSV1 marks compressed messages, which are inflated. */
  deflate?: DecodeDeflate;
}

export interface DecodeResult {
  frames: AnnotatedFrame[];
  messages: ReassembledMessage[];
  remainder: Remainder | null;
}

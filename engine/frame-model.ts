// The frame as data: what encodeFrame takes and what decodeFrames returns.
// These types are the engine's edge; the CLI's JSON, the UI and the lessons
// all read them (engine/frame-json.ts turns them into the CLI contract).

import type { Problem } from './problem';

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

export interface AnnotatedFrame {
  /** Where the frame starts in the input. */
  offset: number;
  /** Total bytes of the frame: header + payload. */
  length: number;
  headerLength: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: string;
  masked: boolean;
  payloadLength: number;
  maskingKey: Uint8Array | null;
  /**
   * True when the input ended inside this frame's payload but its header
   * already breaks a rule: a receiver fails the connection at the header, so
   * the frame is shown with the payload bytes that did arrive.
   */
  truncated: boolean;
  /** The payload as it is on the wire (masked when MASK is set). */
  wirePayload: Uint8Array;
  /** The payload after unmasking. */
  payload: Uint8Array;
  /** Text of a text frame whose payload is valid UTF-8 on its own, else null. */
  text: string | null;
  close: CloseDetails | null;
  fields: FrameField[];
  problems: Problem[];
}

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
}

export interface Remainder {
  /** Where the incomplete frame starts in the input. */
  offset: number;
  /** Bytes still needed to finish it (at least this many when the header itself is cut short). */
  needed: number;
  /** What the decoder was waiting for, in words. */
  waitingFor: string;
}

export interface DecodeOptions {
  /** Who sent the bytes; unknown when absent, and masking is then not judged. */
  from?: Direction;
  /** RSV bits an extension has given meaning to (e.g. rsv1 with permessage-deflate). */
  negotiatedRsv?: { rsv1?: boolean; rsv2?: boolean; rsv3?: boolean };
}

export interface DecodeResult {
  frames: AnnotatedFrame[];
  messages: ReassembledMessage[];
  remainder: Remainder | null;
}

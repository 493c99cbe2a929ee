// The JSON shape of `wsx decode --json` (DESIGN.md, "CLI contract"). Written
// once here so the CLI, its tests and anything else that exchanges decoded
// frames agree on it.

import type { AnnotatedFrame, DecodeResult } from './frame-model';
import { bytesToHex } from './hex';

export interface FieldJson {
  name: string;
  bitOffset: number;
  bitLength: number;
  value: number | string;
  meaning: string;
  bits: string;
  rfc: string;
}

export interface ProblemJson {
  closeCode: number | null;
  message: string;
  byteOffset: number;
  bitOffset: number;
  rfc: string;
  kind: string;
}

export interface FrameJson {
  offset: number;
  length: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: string;
  masked: boolean;
  payloadLength: number;
  /** Hex, or null for an unmasked frame. */
  maskingKey: string | null;
  /** The unmasked payload in hex. */
  payloadHex: string;
  /** Text of a text frame with valid UTF-8, else null. */
  text: string | null;
  /** For close frames with a payload, else null. */
  close: { code: number | null; reason: string; meaning: string } | null;
  fields: FieldJson[];
  problems: ProblemJson[];
}

export interface DecodeJson {
  frames: FrameJson[];
  remainder: { offset: number; needed: number; waitingFor: string } | null;
  messages: Array<{ opcodeName: string; frames: number[]; payloadHex: string; text: string | null; complete: boolean }>;
}

export function frameToJson(frame: AnnotatedFrame): FrameJson {
  return {
    offset: frame.offset,
    length: frame.length,
    fin: frame.fin,
    rsv1: frame.rsv1,
    rsv2: frame.rsv2,
    rsv3: frame.rsv3,
    opcode: frame.opcode,
    opcodeName: frame.opcodeName,
    masked: frame.masked,
    payloadLength: frame.payloadLength,
    maskingKey: frame.maskingKey ? bytesToHex(frame.maskingKey) : null,
    payloadHex: bytesToHex(frame.payload),
    text: frame.text,
    close: frame.close,
    fields: frame.fields.map(({ name, bitOffset, bitLength, value, meaning, bits, rfc }) => ({ name, bitOffset, bitLength, value, meaning, bits, rfc })),
    problems: frame.problems.map(({ closeCode, message, byteOffset, bitOffset, rfc, kind }) => ({ closeCode, message, byteOffset, bitOffset, rfc, kind })),
  };
}

export function decodeResultToJson(result: DecodeResult): DecodeJson {
  return {
    frames: result.frames.map(frameToJson),
    remainder: result.remainder,
    messages: result.messages.map((m) => ({
      opcodeName: m.opcodeName,
      frames: m.frameIndexes,
      payloadHex: bytesToHex(m.payload),
      text: m.text,
      complete: m.complete,
    })),
  };
}

// The JSON shape of `wsx decode --json` (the CLI contract in
// docs/architecture.md). Derived from the decoder's own types, so the CLI,
// its tests and anything else that exchanges decoded frames agree on it.
// Bytes become hex; notes travel in `problems` with a null close code, as
// the contract spells it.

import type { AnnotatedFrame, DecodeResult, DecodedFrame, FrameField, ReassembledMessage, Remainder, TruncatedFrame } from './frame-model';
import { bytesToHex } from './hex';
import type { Note, Problem } from './problem';

export type FieldJson = Pick<FrameField, 'name' | 'bitOffset' | 'bitLength' | 'value' | 'meaning' | 'bits' | 'rfc'>;

export type ProblemJson = Pick<Problem, 'message' | 'byteOffset' | 'bitOffset' | 'rfc'> & {
  /** Null for a note: something to know that no receiver fails the connection for. */
  closeCode: number | null;
  kind: Problem['kind'] | Note['kind'];
};

/** What a frame, whole or cut short, carries as JSON besides its own fields. */
interface BytesAsJson {
  /** Hex, or null for an unmasked frame (or a key that did not arrive). */
  maskingKey: string | null;
  /** The unmasked payload in hex (for a frame cut short, what arrived). */
  payloadHex: string;
  fields: FieldJson[];
  problems: ProblemJson[];
}

type SharedFrameKeys = 'offset' | 'length' | 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'opcode' | 'opcodeName' | 'masked' | 'payloadLength';

export type FrameJson = Pick<AnnotatedFrame, SharedFrameKeys | 'text' | 'close'> & BytesAsJson;

/** The frame the input ends inside; `length` counts the bytes that arrived. */
export type TruncatedFrameJson = Pick<TruncatedFrame, SharedFrameKeys | 'headerLength'> & BytesAsJson;

export type RemainderJson = Pick<Remainder, 'offset' | 'needed' | 'waitingFor'> & { frame: TruncatedFrameJson };

export type MessageJson = Pick<ReassembledMessage, 'opcodeName' | 'text' | 'complete'> & {
  /** Indexes into `frames`. */
  frames: number[];
  /** The message's bytes: for a compressed message, what it inflated to. */
  payloadHex: string;
  /** permessage-deflate: the compressed bytes, the first block's type and the bytes saved; null when not compressed. */
  compression: { wirePayloadHex: string; firstBlock: string | null; savedBytes: number } | null;
};

export interface DecodeJson {
  frames: FrameJson[];
  remainder: RemainderJson | null;
  messages: MessageJson[];
}

function bytesAsJson(frame: DecodedFrame): BytesAsJson {
  return {
    maskingKey: frame.maskingKey ? bytesToHex(frame.maskingKey) : null,
    payloadHex: bytesToHex(frame.payload),
    fields: frame.fields.map(({ name, bitOffset, bitLength, value, meaning, bits, rfc }) => ({ name, bitOffset, bitLength, value, meaning, bits, rfc })),
    problems: [
      ...frame.problems.map(({ closeCode, message, byteOffset, bitOffset, rfc, kind }) => ({ closeCode, message, byteOffset, bitOffset, rfc, kind })),
      ...frame.notes.map(({ message, byteOffset, bitOffset, rfc, kind }) => ({ closeCode: null, message, byteOffset, bitOffset, rfc, kind })),
    ],
  };
}

export function frameToJson(frame: AnnotatedFrame): FrameJson {
  const { offset, length, fin, rsv1, rsv2, rsv3, opcode, opcodeName, masked, payloadLength, text, close } = frame;
  return { offset, length, fin, rsv1, rsv2, rsv3, opcode, opcodeName, masked, payloadLength, text, close, ...bytesAsJson(frame) };
}

export function truncatedFrameToJson(frame: TruncatedFrame): TruncatedFrameJson {
  const { offset, length, fin, rsv1, rsv2, rsv3, opcode, opcodeName, masked, payloadLength, headerLength } = frame;
  return { offset, length, fin, rsv1, rsv2, rsv3, opcode, opcodeName, masked, payloadLength, headerLength, ...bytesAsJson(frame) };
}

export function remainderToJson({ offset, needed, waitingFor, frame }: Remainder): RemainderJson {
  return { offset, needed, waitingFor, frame: truncatedFrameToJson(frame) };
}

export function messageToJson(message: ReassembledMessage): MessageJson {
  return {
    opcodeName: message.opcodeName,
    frames: message.frameIndexes,
    payloadHex: bytesToHex(message.payload),
    text: message.text,
    complete: message.complete,
    compression: message.compression
      ? { wirePayloadHex: bytesToHex(message.compression.wirePayload), firstBlock: message.compression.firstBlock, savedBytes: message.compression.savedBytes }
      : null,
  };
}

export function decodeResultToJson(result: DecodeResult): DecodeJson {
  return {
    frames: result.frames.map(frameToJson),
    remainder: result.remainder ? remainderToJson(result.remainder) : null,
    messages: result.messages.map(messageToJson),
  };
}

// What the frame decoder shows: the pasted text (hex in any form parseHex
// reads) and which endpoint sent it, which decides the masking rule
// (RFC 6455 section 5.1: client frames are masked, server frames are not).

import type { StateCreator } from 'zustand';
import type { Direction } from '../../../engine/frame-model';
import { formatHex } from '../../../engine/hex';
import type { ExplorerState } from './index';

/**
 * Files up to this size become hex in the paste box, where they can be edited
 * and shared; bigger ones stay bytes, because a browser text box holding
 * megabytes of hex takes seconds to lay out.
 */
export const MAX_FILE_AS_TEXT_BYTES = 64 * 1024;

/** Pasted text longer than this is decoded without being put in the paste box, for the same reason. */
export const MAX_PASTE_AS_TEXT_CHARS = 256 * 1024;

export interface DecoderFile {
  name: string;
  bytes: Uint8Array;
}

export interface DecoderSlice {
  decoderInput: string;
  decoderFrom: Direction;
  /** Name of the file the bytes came from, when they were dropped rather than pasted. */
  decoderFileName: string | null;
  /** A dropped file too big to show as hex: decoded from its bytes, the paste box left empty. */
  decoderFile: DecoderFile | null;
  /** A paste too long for the paste box: decoded from here, the box left empty. */
  decoderPastedText: string | null;
  pasteIntoDecoder: (text: string) => void;
  setDecoderInput: (text: string) => void;
  setDecoderFrom: (from: Direction) => void;
  loadDecoderBytes: (bytes: Uint8Array, fileName: string) => void;
  /** Opens bytes in the decoder (the builder's "open in decoder"). */
  openInDecoder: (bytes: Uint8Array, from: Direction) => void;
}

export const createDecoderSlice: StateCreator<ExplorerState, [], [], DecoderSlice> = (set) => ({
  decoderInput: '',
  decoderFrom: 'client',
  decoderFileName: null,
  decoderFile: null,
  decoderPastedText: null,
  setDecoderInput: (decoderInput) => set({ decoderInput, decoderFileName: null, decoderFile: null, decoderPastedText: null }),
  pasteIntoDecoder: (text) => set({ decoderInput: '', decoderFileName: null, decoderFile: null, decoderPastedText: text }),
  setDecoderFrom: (decoderFrom) => set({ decoderFrom }),
  loadDecoderBytes: (bytes, name) => set(bytes.length <= MAX_FILE_AS_TEXT_BYTES
    ? { decoderInput: formatHex(bytes, 16), decoderFileName: name, decoderFile: null, decoderPastedText: null }
    : { decoderInput: '', decoderFileName: name, decoderFile: { name, bytes }, decoderPastedText: null }),
  openInDecoder: (bytes, from) => set({ decoderInput: formatHex(bytes, 16), decoderFrom: from, decoderFileName: null, decoderFile: null, decoderPastedText: null, view: 'decoder' }),
});

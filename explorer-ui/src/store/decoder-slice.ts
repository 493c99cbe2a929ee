// What the frame decoder shows: the pasted text (hex in any form parseHex
// reads), which endpoint sent it, which decides the masking rule (RFC 6455
// section 5.1: client frames are masked, server frames are not), and
// whether permessage-deflate was negotiated (RFC 7692), which gives RSV1 its
// meaning and has compressed messages inflated.

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

/** Who sent the bytes; 'unknown' (the default, as in the CLI) judges no masking rule. */
export type DecoderDirection = Direction | 'unknown';

/** permessage-deflate as the decoder applies it to the pasted bytes' sender (RFC 7692 7.1). */
export interface DecoderDeflate {
  /** The handshake agreed permessage-deflate: RSV1 marks a compressed message (7.2.3.1). */
  negotiated: boolean;
  /** The sender starts every message with an empty window (7.1.1): no message refers to an earlier one. */
  noContextTakeover: boolean;
}

export const NO_DEFLATE: DecoderDeflate = { negotiated: false, noContextTakeover: false };

export interface DecoderFile {
  name: string;
  bytes: Uint8Array;
}

export interface DecoderSlice {
  decoderInput: string;
  decoderFrom: DecoderDirection;
  decoderDeflate: DecoderDeflate;
  /** Name of the file the bytes came from, when they were dropped rather than pasted. */
  decoderFileName: string | null;
  /** A dropped file too big to show as hex: decoded from its bytes, the paste box left empty. */
  decoderFile: DecoderFile | null;
  /** A paste too long for the paste box: decoded from here, the box left empty. */
  decoderPastedText: string | null;
  pasteIntoDecoder: (text: string) => void;
  setDecoderInput: (text: string) => void;
  setDecoderFrom: (from: DecoderDirection) => void;
  setDecoderDeflate: (deflate: DecoderDeflate) => void;
  loadDecoderBytes: (bytes: Uint8Array, fileName: string) => void;
  /** Opens bytes in the decoder (the builder's and the Live view's "open in decoder"), with the deflate the session agreed. */
  openInDecoder: (bytes: Uint8Array, from: DecoderDirection, deflate?: DecoderDeflate) => void;
}

export const createDecoderSlice: StateCreator<ExplorerState, [], [], DecoderSlice> = (set) => ({
  decoderInput: '',
  decoderFrom: 'unknown',
  decoderDeflate: NO_DEFLATE,
  decoderFileName: null,
  decoderFile: null,
  decoderPastedText: null,
  setDecoderInput: (decoderInput) => set({ decoderInput, decoderFileName: null, decoderFile: null, decoderPastedText: null }),
  pasteIntoDecoder: (text) => set({ decoderInput: '', decoderFileName: null, decoderFile: null, decoderPastedText: text }),
  setDecoderFrom: (decoderFrom) => set({ decoderFrom }),
  setDecoderDeflate: (decoderDeflate) => set({ decoderDeflate }),
  loadDecoderBytes: (bytes, name) => set(bytes.length <= MAX_FILE_AS_TEXT_BYTES
    ? { decoderInput: formatHex(bytes, 16), decoderFileName: name, decoderFile: null, decoderPastedText: null }
    : { decoderInput: '', decoderFileName: name, decoderFile: { name, bytes }, decoderPastedText: null }),
  openInDecoder: (bytes, from, deflate = NO_DEFLATE) => set({
    decoderInput: formatHex(bytes, 16),
    decoderFrom: from,
    decoderDeflate: deflate,
    decoderFileName: null,
    decoderFile: null,
    decoderPastedText: null,
    view: 'decoder',
  }),
});

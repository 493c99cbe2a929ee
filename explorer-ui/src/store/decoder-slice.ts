// What the frame decoder shows: the pasted text (hex in any form parseHex
// reads) and which endpoint sent it, which decides the masking rule
// (RFC 6455 section 5.1: client frames are masked, server frames are not).

import type { StateCreator } from 'zustand';
import type { Direction } from '../../../engine/frame-model';
import { formatHex } from '../../../engine/hex';
import type { ExplorerState } from './index';

export interface DecoderSlice {
  decoderInput: string;
  decoderFrom: Direction;
  /** Name of the file the bytes came from, when they were dropped rather than pasted. */
  decoderFileName: string | null;
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
  setDecoderInput: (decoderInput) => set({ decoderInput, decoderFileName: null }),
  setDecoderFrom: (decoderFrom) => set({ decoderFrom }),
  loadDecoderBytes: (bytes, fileName) => set({ decoderInput: formatHex(bytes, 16), decoderFileName: fileName }),
  openInDecoder: (bytes, from) => set({ decoderInput: formatHex(bytes, 16), decoderFrom: from, decoderFileName: null, view: 'decoder' }),
});

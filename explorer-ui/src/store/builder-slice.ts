// The frame builder's settings: every header bit, the opcode, the payload
// and the masking key, permessage-deflate compression, plus the rules to
// break on purpose. All of it is shareable, so url-state.ts writes it into
// the link.

import type { StateCreator } from 'zustand';
import type { EncodeOptions } from '../../../engine/frame-model';
import type { ExplorerState } from './index';

export type PayloadMode = 'text' | 'hex' | 'close';
/** The engine's length encodings (encodeFrame's lengthEncoding), whatever it comes to offer. */
export type LengthEncoding = NonNullable<EncodeOptions['lengthEncoding']>;

export interface BuilderSettings {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** Typed as hex so a half-typed key can be shown and judged. */
  maskingKeyHex: string;
  payloadMode: PayloadMode;
  payloadText: string;
  payloadHex: string;
  closeCode: number;
  closeReason: string;
  /** Compress the payload as permessage-deflate does (RFC 7692 7.2.1), setting RSV1. */
  compress: boolean;
  lengthEncoding: LengthEncoding;
  setLengthMostSignificantBit: boolean;
  allowInvalid: boolean;
}

export const DEFAULT_BUILDER: BuilderSettings = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 0x1,
  masked: true,
  // RFC 6455 5.7's example key, so the default frame is the RFC's own.
  maskingKeyHex: '37fa213d',
  payloadMode: 'text',
  payloadText: 'Hello',
  payloadHex: '',
  closeCode: 1000,
  closeReason: '',
  compress: false,
  lengthEncoding: 'shortest',
  setLengthMostSignificantBit: false,
  allowInvalid: false,
};

export interface BuilderSlice {
  builder: BuilderSettings;
  updateBuilder: (patch: Partial<BuilderSettings>) => void;
  /** A fresh key from the caller's random source (engine/ takes randomness injected, 5.3). */
  randomizeMaskingKey: (random: (bytes: Uint8Array<ArrayBuffer>) => void) => void;
  resetBuilder: () => void;
}

export const createBuilderSlice: StateCreator<ExplorerState, [], [], BuilderSlice> = (set) => ({
  builder: DEFAULT_BUILDER,
  updateBuilder: (patch) => set((state) => ({ builder: { ...state.builder, ...patch } })),
  randomizeMaskingKey: (random) => {
    const key = new Uint8Array(4);
    random(key);
    const maskingKeyHex = Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('');
    set((state) => ({ builder: { ...state.builder, masked: true, maskingKeyHex } }));
  },
  resetBuilder: () => set({ builder: DEFAULT_BUILDER }),
});

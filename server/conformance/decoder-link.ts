// Links from a wire log's frames to the explorer's decoder, in the format
// the UI itself writes and reads (explorer-ui/src/store/url-state.ts):
//
//   http://127.0.0.1:8080/#/decoder?hex=81+85+37+fa…&from=client
//
// The hex is written with a space between bytes, as the decoder's own links
// carry it; URLSearchParams turns each space into '+'. The UI writes no link
// whose input is over 16 KiB of characters, so a longer frame is linked by
// its first bytes: the decoder shows a frame cut short as far as it arrived.

import type { WireDirection } from './report';

/** Where `npm start` serves the explorer. */
export const DEFAULT_EXPLORER_URL = 'http://127.0.0.1:8080/';

/** explorer-ui/src/store/url-state.ts's MAX_SHARED_INPUT_CHARS. */
export const MAX_LINK_INPUT_CHARS = 16 * 1024;

/** Three characters a byte ("81 "), less the last space. */
export const MAX_LINKED_BYTES = Math.floor((MAX_LINK_INPUT_CHARS + 1) / 3);

export interface DecoderLink {
  href: string;
  /** Bytes the link carries: all of the frame's, or its first MAX_LINKED_BYTES. */
  bytesLinked: number;
}

/** The hash part, "#/decoder?hex=…&from=…", for bytes given as unspaced hex. */
export function decoderHash(hex: string, from: WireDirection): { hash: string; bytesLinked: number } {
  const bytes = Math.min(hex.length >> 1, MAX_LINKED_BYTES);
  const spaced = (hex.slice(0, bytes * 2).match(/../g) ?? []).join(' ');
  const params = new URLSearchParams();
  params.set('hex', spaced);
  params.set('from', from);
  return { hash: `#/decoder?${params.toString()}`, bytesLinked: bytes };
}

export function decoderLink(explorerUrl: string, hex: string, from: WireDirection): DecoderLink {
  const base = explorerUrl.replace(/#.*$/, '');
  const { hash, bytesLinked } = decoderHash(hex, from);
  return { href: `${base.endsWith('/') ? base : `${base}/`}${hash}`, bytesLinked };
}

// Which of the decoded frames carry compressed data (RFC 7692 6.1: RSV1 on a
// message's first frame marks the whole message compressed, its
// continuation frames included), and how each DEFLATE block type reads to a
// person (RFC 1951 3.2.3).

import type { TFunction } from 'i18next';
import type { DecodeResult, MessageCompression } from '../../../../engine/frame-model';
import { i18n } from '../../i18n';

/** Indexes of the frames of compressed messages, when permessage-deflate is on; their payloads are DEFLATE data, not text. */
export function compressedFrameIndexes(result: DecodeResult, deflateOn: boolean): Set<number> {
  const indexes = new Set<number>();
  if (!deflateOn) return indexes;
  for (const message of result.messages) {
    const first = result.frames[message.frameIndexes[0]];
    if (first?.rsv1) for (const index of message.frameIndexes) indexes.add(index);
  }
  return indexes;
}

/** Each block type's BTYPE bits, its section of RFC 1951, and its meaning's key in the catalogs (decoder.blocks.*). */
export const BLOCK_TYPES: Record<NonNullable<MessageCompression['firstBlock']>, { bits: string; meaning: string; section: string }> = {
  stored: { bits: '00', meaning: 'stored', section: '3.2.4' },
  'fixed Huffman': { bits: '01', meaning: 'fixed', section: '3.2.6' },
  'dynamic Huffman': { bits: '10', meaning: 'dynamic', section: '3.2.7' },
  reserved: { bits: '11', meaning: 'reserved', section: '3.2.3' },
};

/** "saved 42 bytes (38%)", or what compression cost when the message grew, as short ones do. */
export function describeSaving(compression: MessageCompression, t: TFunction = i18n.getFixedT('en')): string {
  const { savedBytes, wirePayload } = compression;
  const inflated = wirePayload.length + savedBytes;
  if (savedBytes > 0) {
    return t('decoder.saving.saved', { count: savedBytes, size: savedBytes.toLocaleString('en'), percent: Math.round((savedBytes / inflated) * 100), inflated: inflated.toLocaleString('en') });
  }
  if (savedBytes === 0) return t('decoder.saving.nothing');
  return t('decoder.saving.longer', { count: -savedBytes, size: (-savedBytes).toLocaleString('en') });
}

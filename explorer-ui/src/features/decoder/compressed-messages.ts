// Which of the decoded frames carry compressed data (RFC 7692 6.1: RSV1 on a
// message's first frame marks the whole message compressed, its
// continuation frames included), and how each DEFLATE block type reads to a
// person (RFC 1951 3.2.3).

import type { DecodeResult, MessageCompression } from '../../../../engine/frame-model';

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

export const BLOCK_TYPES: Record<NonNullable<MessageCompression['firstBlock']>, { bits: string; meaning: string; section: string }> = {
  stored: { bits: '00', meaning: 'no compression: the bytes follow as they are, after a length and its complement', section: '3.2.4' },
  'fixed Huffman': { bits: '01', meaning: 'compressed with the fixed Huffman codes the RFC itself defines, so no code table is sent', section: '3.2.6' },
  'dynamic Huffman': { bits: '10', meaning: 'compressed with Huffman codes built for this data, sent at the start of the block', section: '3.2.7' },
  reserved: { bits: '11', meaning: 'reserved: no DEFLATE stream may use it (an error)', section: '3.2.3' },
};

/** "saved 42 bytes (38%)", or what compression cost when the message grew, as short ones do. */
export function describeSaving(compression: MessageCompression): string {
  const { savedBytes, wirePayload } = compression;
  const inflated = wirePayload.length + savedBytes;
  if (savedBytes > 0) return `saved ${savedBytes.toLocaleString('en')} byte${savedBytes === 1 ? '' : 's'} (${Math.round((savedBytes / inflated) * 100)}% of ${inflated.toLocaleString('en')})`;
  if (savedBytes === 0) return 'saved nothing: as many bytes compressed as inflated';
  return `saved none: compressed, it is ${(-savedBytes).toLocaleString('en')} byte${savedBytes === -1 ? '' : 's'} longer (a message this short has too little repetition to pay for the DEFLATE block's header and end code)`;
}

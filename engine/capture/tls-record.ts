// Recognising TLS by its record header (RFC 8446 5.1 "Record Layer", the
// same in RFC 5246 6.2): a content type (20 change_cipher_spec, 21 alert,
// 22 handshake, 23 application_data), the legacy version 0x03 0x00–0x04,
// and a length of at most 2^14 + 2048. A stream that starts so is TLS: its
// WebSocket frames, if any, are encrypted and cannot be decoded here.

const CONTENT_TYPES: Record<number, string> = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data' };
const MAX_CIPHERTEXT_LENGTH = 2 ** 14 + 2048;

export interface TlsRecordHeader {
  contentType: number;
  contentTypeName: string;
  /** "TLS 1.2" etc., from the legacy record version (1.3 still writes 0x0303 here). */
  version: string;
  length: number;
}

export function readTlsRecordHeader(bytes: Uint8Array): TlsRecordHeader | null {
  if (bytes.length < 5) return null;
  const name = CONTENT_TYPES[bytes[0]];
  if (!name || bytes[1] !== 0x03 || bytes[2] > 0x04) return null;
  const length = (bytes[3] << 8) | bytes[4];
  if (length === 0 || length > MAX_CIPHERTEXT_LENGTH) return null;
  const version = bytes[2] === 0 ? 'SSL 3.0' : `TLS 1.${bytes[2] - 1}`;
  return { contentType: bytes[0], contentTypeName: name, version, length };
}

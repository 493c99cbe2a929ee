// Where Sec-WebSocket-Accept comes from, as a trace a person can follow.
// RFC 6455 1.3 and 4.2.2 step 5.4: the server "concatenate[s] this with the
// Globally Unique Identifier (GUID, [RFC4122]) "258EAFA5-E914-47DA-95CA-
// C5AB0DC85B11" in string form", takes "the SHA-1 hash of this concatenated
// value to obtain a 20-byte value and base64-encod[es] (see Section 4 of
// [RFC4648]) this 20-byte hash". The key itself is never decoded for the hash:
// the server hashes the key's text exactly as received.

import { decodeBase64, encodeBase64 } from './base64';
import { sha1 } from './sha1';
import { bytesToHex } from './hex';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** RFC 6455 4.1 step 7: the key is "a randomly selected 16-byte value that has been base64-encoded". */
export const CLIENT_KEY_BYTES = 16;

export interface AcceptKeyDerivation {
  /** The Sec-WebSocket-Key as given. */
  key: string;
  /** True when the key is base64 of exactly 16 bytes, as 4.2.1 step 5 requires of a request. */
  keyValid: boolean;
  /** The key's decoded bytes, when it is base64 at all (even of the wrong length). */
  keyBytes: Uint8Array | null;
  /** Why a server would refuse the key, or null when it is valid. */
  keyProblem: string | null;
  guid: string;
  /** key + GUID, the string that is hashed (as ASCII / UTF-8 bytes). */
  concatenated: string;
  sha1: Uint8Array;
  /** The 20 SHA-1 bytes in lowercase hex, no separators. */
  sha1Hex: string;
  /** base64 of the 20 bytes: the Sec-WebSocket-Accept value. */
  accept: string;
}

export type ClientKeyCheck =
  | { valid: true; bytes: Uint8Array; problem: null }
  | { valid: false; bytes: Uint8Array | null; problem: string };

/** Is `key` base64 of exactly 16 bytes (RFC 6455 4.1 step 7, 4.2.1 step 5)? */
export function checkClientKey(key: string): ClientKeyCheck {
  if (key.length === 0) return { valid: false, bytes: null, problem: 'the key is empty; it must be base64 of 16 random bytes' };
  const decoded = decodeBase64(key);
  if (!decoded.ok) return { valid: false, bytes: null, problem: `the key is not base64: ${decoded.message}` };
  if (decoded.bytes.length !== CLIENT_KEY_BYTES) {
    return {
      valid: false,
      bytes: decoded.bytes,
      problem: `the key decodes to ${decoded.bytes.length} bytes; RFC 6455 4.1 requires exactly ${CLIENT_KEY_BYTES} (24 base64 characters ending in "==")`,
    };
  }
  return { valid: true, bytes: decoded.bytes, problem: null };
}

/**
 * Derives Sec-WebSocket-Accept from a Sec-WebSocket-Key, keeping every
 * intermediate value. An invalid key is still derived (what a lenient server
 * would answer); `keyValid` and `keyProblem` say why a conforming one refuses.
 */
export function deriveAcceptKey(key: string): AcceptKeyDerivation {
  const check = checkClientKey(key);
  const concatenated = key + WEBSOCKET_GUID;
  const digest = sha1(new TextEncoder().encode(concatenated));
  return {
    key,
    keyValid: check.valid,
    keyBytes: check.bytes,
    keyProblem: check.problem,
    guid: WEBSOCKET_GUID,
    concatenated,
    sha1: digest,
    sha1Hex: bytesToHex(digest),
    accept: encodeBase64(digest),
  };
}

/** Just the Sec-WebSocket-Accept value for `key`. */
export function computeAccept(key: string): string {
  return deriveAcceptKey(key).accept;
}

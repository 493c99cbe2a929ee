// Credentials out of a recorded HTTP head, so the tap can show a handshake
// without handing a viewer someone's login. A browser sends a host's cookies
// whatever the port (RFC 6265 8.5: "cookies do not provide isolation by
// port"), so a page served by another local app hands its session cookie to
// every WebSocket opened on the same host, and the tap would show it.
//
// The VALUE of each credential field becomes '*' bytes, as many as it had:
// the head keeps its length, so every stream offset after it stays exact,
// and a reader still sees that the field was there and how long it was.
// Everything else stays byte for byte: the start line, the field names in
// their case, the whitespace, the other fields, and whatever follows the head.
//
// Lines are read as engine/http-message.ts reads them: a line ends at LF,
// with an optional CR before it (RFC 9112 2.2); a line that starts with
// whitespace continues the field above it (obs-fold, RFC 9112 5.2); the head
// ends at the first empty line after a non-empty one. Any bytes at all are
// accepted: nothing here throws, and an unfinished head is redacted as far
// as it goes.

/**
 * The fields that carry credentials, lowercase: Cookie and Set-Cookie
 * (RFC 6265 5.4, 4.1), Authorization and Proxy-Authorization (RFC 9110
 * 11.6.2, 11.7.2).
 */
export const CREDENTIAL_FIELDS: readonly string[] = ['cookie', 'set-cookie', 'authorization', 'proxy-authorization'];

const CREDENTIAL_NAMES: readonly Uint8Array[] = CREDENTIAL_FIELDS.map(asciiBytes);

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
const MASK = 0x2a; // '*'

/**
 * `head` with the value of every Cookie, Set-Cookie, Authorization and
 * Proxy-Authorization field replaced by '*' bytes of the same length. Never
 * changes `head`: returns a copy when something was redacted, `head` itself
 * when nothing was.
 */
export function redactCredentials(head: Uint8Array): Uint8Array {
  let redacted: Uint8Array | null = null;
  let inCredentialField = false;
  let sawLine = false;
  for (let lineStart = 0; lineStart < head.length; ) {
    const lf = head.indexOf(LF, lineStart);
    const lineEnd = contentEnd(head, lineStart, lf);
    const next = lf === -1 ? head.length : lf + 1;
    if (lineEnd === lineStart) {
      // RFC 9112 2.2: empty lines before the start line are skipped; the first one after it ends the head.
      if (sawLine && lf !== -1) break;
    } else {
      sawLine = true;
      let valueStart = -1;
      if (isWhitespace(head[lineStart])) {
        // obs-fold: the line belongs to the field above it.
        if (inCredentialField) valueStart = lineStart;
      } else {
        valueStart = credentialValueStart(head, lineStart, lineEnd);
        inCredentialField = valueStart !== -1;
      }
      if (valueStart !== -1) {
        redacted ??= head.slice();
        maskValue(redacted, valueStart, lineEnd);
      }
    }
    lineStart = next;
  }
  return redacted ?? head;
}

/** Where a line's content ends: before its LF and the CR in front of it (RFC 9112 2.2). */
function contentEnd(head: Uint8Array, lineStart: number, lf: number): number {
  // Without an LF the line runs to the end; a last CR is half of a CRLF still to come.
  const end = lf === -1 ? head.length : lf;
  return end > lineStart && head[end - 1] === CR ? end - 1 : end;
}

/**
 * For a field line whose name is a credential field: where its value starts
 * (just after the colon); -1 for any other line. Whitespace before the colon
 * is not allowed (RFC 9112 5.1) but a lenient reader would take the field
 * anyway, so it is tolerated here.
 */
function credentialValueStart(head: Uint8Array, lineStart: number, lineEnd: number): number {
  const colon = head.subarray(lineStart, lineEnd).indexOf(COLON);
  if (colon === -1) return -1;
  let nameEnd = lineStart + colon;
  while (nameEnd > lineStart && isWhitespace(head[nameEnd - 1])) nameEnd--;
  const isCredential = CREDENTIAL_NAMES.some((name) => equalsIgnoringAsciiCase(head, lineStart, nameEnd, name));
  return isCredential ? lineStart + colon + 1 : -1;
}

/** Stars a value's bytes, leaving the optional whitespace around it (RFC 9110 5.5: not part of the value). */
function maskValue(bytes: Uint8Array, start: number, end: number): void {
  while (start < end && isWhitespace(bytes[start])) start++;
  while (end > start && isWhitespace(bytes[end - 1])) end--;
  bytes.fill(MASK, start, end);
}

/** Field names are case-insensitive (RFC 9110 5.1); `lowercase` is already lowercase ASCII. */
function equalsIgnoringAsciiCase(bytes: Uint8Array, start: number, end: number, lowercase: Uint8Array): boolean {
  if (end - start !== lowercase.length) return false;
  for (let i = 0; i < lowercase.length; i++) {
    const byte = bytes[start + i];
    const folded = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
    if (folded !== lowercase[i]) return false;
  }
  return true;
}

function isWhitespace(byte: number): boolean {
  return byte === SP || byte === HTAB;
}

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

// A streaming UTF-8 validator (RFC 3629, Unicode table 3-7).
//
// RFC 6455 section 8.1: "When an endpoint is to interpret a byte stream as
// UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream,
// that endpoint MUST _Fail the WebSocket Connection_." Validating chunk by
// chunk lets a connection fail at the first bad byte of a fragmented text
// message instead of after buffering all of it (Autobahn case 6.4).

export interface Utf8Failure {
  /** Index, within the chunk just pushed, of the byte that cannot continue valid UTF-8. */
  index: number;
  /** Index of that byte counted from the first byte ever pushed. */
  streamOffset: number;
  reason: string;
}

export class Utf8Validator {
  /** Continuation bytes still owed by the sequence in progress. */
  private owed = 0;
  /** Allowed range for the next continuation byte (narrowed after E0, ED, F0, F4). */
  private lower = 0x80;
  private upper = 0xbf;
  private seen = 0;

  /** Number of bytes pushed so far. */
  get bytesSeen(): number {
    return this.seen;
  }

  /** True when the bytes so far end between code points. */
  get atBoundary(): boolean {
    return this.owed === 0;
  }

  /** Validates the next chunk; returns null while the stream is still valid UTF-8. */
  push(chunk: Uint8Array): Utf8Failure | null {
    // The state lives in locals inside the loop: this is the hot path of
    // every text message, and most text is ASCII, skipped a byte per test.
    let owed = this.owed;
    let lower = this.lower;
    let upper = this.upper;
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      if (owed === 0) {
        while (i < length && chunk[i] < 0x80) i++;
        if (i === length) break;
        const failure = this.startSequence(chunk[i]);
        if (failure) return this.fail(i, failure);
        owed = this.owed;
        lower = this.lower;
        upper = this.upper;
        i++;
        continue;
      }
      const byte = chunk[i];
      if (byte < lower || byte > upper) {
        return this.fail(i, `byte 0x${hex(byte)} cannot continue a multi-byte sequence (expected 0x${hex(lower)}–0x${hex(upper)})`);
      }
      owed--;
      lower = 0x80;
      upper = 0xbf;
      i++;
    }
    this.owed = owed;
    this.lower = lower;
    this.upper = upper;
    this.seen += length;
    return null;
  }

  /**
   * Call when the message ends. Returns a failure if the text stopped in the
   * middle of a code point; its `index` is 0 and `streamOffset` the end.
   */
  finish(): Utf8Failure | null {
    if (this.owed === 0) return null;
    const owed = this.owed;
    this.reset();
    return { index: 0, streamOffset: this.seen, reason: `text ends inside a code point (${owed} continuation byte${owed > 1 ? 's' : ''} missing)` };
  }

  reset(): void {
    this.owed = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }

  private startSequence(byte: number): string | null {
    if (byte >= 0xc2 && byte <= 0xdf) return this.expect(1, 0x80, 0xbf);
    if (byte === 0xe0) return this.expect(2, 0xa0, 0xbf); // no overlong 3-byte forms
    if (byte === 0xed) return this.expect(2, 0x80, 0x9f); // no UTF-16 surrogates U+D800–U+DFFF
    if (byte >= 0xe1 && byte <= 0xef) return this.expect(2, 0x80, 0xbf);
    if (byte === 0xf0) return this.expect(3, 0x90, 0xbf); // no overlong 4-byte forms
    if (byte === 0xf4) return this.expect(3, 0x80, 0x8f); // nothing above U+10FFFF
    if (byte >= 0xf1 && byte <= 0xf3) return this.expect(3, 0x80, 0xbf);
    if (byte >= 0x80 && byte <= 0xbf) return `byte 0x${hex(byte)} is a continuation byte with no sequence to continue`;
    if (byte === 0xc0 || byte === 0xc1) return `byte 0x${hex(byte)} can only start an overlong encoding`;
    return `byte 0x${hex(byte)} never appears in UTF-8`;
  }

  private expect(owed: number, lower: number, upper: number): null {
    this.owed = owed;
    this.lower = lower;
    this.upper = upper;
    return null;
  }

  private fail(index: number, reason: string): Utf8Failure {
    const failure = { index, streamOffset: this.seen + index, reason };
    this.seen += index;
    this.reset();
    return failure;
  }
}

/** Validates a complete byte string; null when it is valid UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Failure | null {
  const validator = new Utf8Validator();
  return validator.push(bytes) ?? validator.finish();
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

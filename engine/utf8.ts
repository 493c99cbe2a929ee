// A streaming UTF-8 validator (RFC 3629, Unicode table 3-7).
//
// RFC 6455 section 8.1: "When an endpoint is to interpret a byte stream as
// UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream,
// that endpoint MUST _Fail the WebSocket Connection_." Validating chunk by
// chunk lets a connection fail at the first bad byte of a fragmented text
// message instead of after buffering all of it (Autobahn case 6.4).
//
// Two speeds. The byte-by-byte scan below runs everywhere and says where
// and why text breaks. A platform that has a native whole-buffer check
// (Node's buffer.isUtf8, which ws relies on) can hand it to
// `useNativeUtf8Check`: long chunks are then cut at code-point boundaries,
// their middle checked natively, and only a chunk the native check rejects
// is scanned byte by byte, to name the byte. The engine imports nothing from
// the platform; the server passes the check in.

export interface Utf8Failure {
  /** Index, within the chunk just pushed, of the byte that cannot continue valid UTF-8. */
  index: number;
  /** Index of that byte counted from the first byte ever pushed. */
  streamOffset: number;
  reason: string;
}

/** True when every byte of `bytes` is valid UTF-8 that starts and ends between code points. */
export type NativeUtf8Check = (bytes: Uint8Array) => boolean;

/** Below this many bytes a native call costs more than the scan it saves. */
const NATIVE_CHECK_MIN_BYTES = 64;

let nativeCheck: NativeUtf8Check | null = null;

/** Lets every validator check long chunks with the platform's own validator (null: the scan alone). */
export function useNativeUtf8Check(check: NativeUtf8Check | null): void {
  nativeCheck = check;
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
    const length = chunk.length;
    const check = nativeCheck;
    if (check === null || length < NATIVE_CHECK_MIN_BYTES) return this.finishChunk(chunk, this.scan(chunk, 0, length));

    // The sequence in progress is finished by the scan (at most 3 bytes), and
    // so is a sequence the chunk ends inside; what lies between starts and
    // ends between code points, which is what a whole-buffer check judges.
    const head = Math.min(this.owed, length);
    const tail = lastSequenceStart(chunk, head);
    const failedAt = this.scan(chunk, 0, head);
    if (failedAt >= 0) return this.finishChunk(chunk, failedAt);
    if (tail > head && !check(chunk.subarray(head, tail))) {
      // Rejected: scan it to name the byte (the scan finds what the check found).
      return this.finishChunk(chunk, this.scan(chunk, head, length));
    }
    return this.finishChunk(chunk, this.scan(chunk, tail, length));
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

  /** Counts the chunk as seen, or turns the index the scan stopped at into a failure. */
  private finishChunk(chunk: Uint8Array, failedAt: number): Utf8Failure | null {
    if (failedAt < 0) {
      this.seen += chunk.length;
      return null;
    }
    return this.fail(chunk, failedAt);
  }

  /**
   * Scans chunk[from, to) byte by byte from the current state. Returns the
   * index of the first byte that breaks UTF-8, or -1 with the state updated.
   */
  private scan(chunk: Uint8Array, from: number, to: number): number {
    // The state lives in locals inside the loop: this is the hot path of
    // every text message where no native check runs.
    let owed = this.owed;
    let lower = this.lower;
    let upper = this.upper;
    let i = from;
    while (i < to) {
      if (owed === 0) {
        // Most text is ASCII: eight bytes per test while no high bit is set.
        while (i + 8 <= to && (chunk[i] | chunk[i + 1] | chunk[i + 2] | chunk[i + 3] | chunk[i + 4] | chunk[i + 5] | chunk[i + 6] | chunk[i + 7]) < 0x80) i += 8;
        while (i < to && chunk[i] < 0x80) i++;
        if (i === to) break;
        const lead = chunk[i];
        owed = continuationCount(lead);
        if (owed === 0) {
          this.owed = 0;
          return i;
        }
        lower = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
        upper = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
        i++;
        continue;
      }
      const byte = chunk[i];
      if (byte < lower || byte > upper) {
        this.owed = owed;
        this.lower = lower;
        this.upper = upper;
        return i;
      }
      owed--;
      lower = 0x80;
      upper = 0xbf;
      i++;
    }
    this.owed = owed;
    this.lower = lower;
    this.upper = upper;
    return -1;
  }

  /** The failure at chunk[index], explained from the state the scan stopped in. */
  private fail(chunk: Uint8Array, index: number): Utf8Failure {
    const byte = chunk[index];
    const reason =
      this.owed > 0
        ? `byte 0x${hex(byte)} cannot continue a multi-byte sequence (expected 0x${hex(this.lower)}–0x${hex(this.upper)})`
        : leadProblem(byte);
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

/**
 * Continuation bytes a lead byte announces, or 0 for a byte that cannot
 * start a sequence (C0 and C1 only start overlong forms, F5–FF never occur).
 */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

function leadProblem(byte: number): string {
  if (byte >= 0x80 && byte <= 0xbf) return `byte 0x${hex(byte)} is a continuation byte with no sequence to continue`;
  if (byte === 0xc0 || byte === 0xc1) return `byte 0x${hex(byte)} can only start an overlong encoding`;
  return `byte 0x${hex(byte)} never appears in UTF-8`;
}

/**
 * Where the chunk's last sequence starts if the chunk ends inside it, else
 * the chunk's length: looks back at most 3 bytes, never before `from`.
 */
function lastSequenceStart(chunk: Uint8Array, from: number): number {
  const length = chunk.length;
  for (let i = length - 1; i >= from && i >= length - 3; i--) {
    const byte = chunk[i];
    if (byte < 0x80) return length;
    if (byte >= 0xc0) return i + 1 + continuationCount(byte) > length ? i : length;
  }
  return length;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

// The HTTP/1.1 messages of the opening handshake (RFC 6455 4.1, 4.2), read
// and written as bytes. Bounded: a head bigger than maxHeadBytes, or with
// more than maxHeaderCount fields, is refused with 431 (RFC 6585 section 5)
// as soon as that is known, never buffered forever. Header order and repeated
// headers are kept, because a teaching tool shows the request as it came.
//
// Grammar from RFC 9112 (HTTP/1.1 message syntax) and RFC 9110 (semantics):
//   request-line = method SP request-target SP HTTP-version
//   status-line  = HTTP-version SP status-code SP [ reason-phrase ]
//   field-line   = field-name ":" OWS field-value OWS
// Bad input never throws: the result names the status a server answers
// with, what was wrong, and the byte offset and line where it is.

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HeaderLimits {
  /** Bytes of the whole head, start line through the blank line. */
  maxHeadBytes: number;
  /** Header field lines. */
  maxHeaderCount: number;
}

export const DEFAULT_HEADER_LIMITS: HeaderLimits = { maxHeadBytes: 8192, maxHeaderCount: 100 };

export interface HttpRequest {
  method: string;
  target: string;
  version: string;
  headers: HttpHeader[];
}

export interface HttpResponse {
  version: string;
  status: number;
  reason: string;
  headers: HttpHeader[];
}

export type HeadParse<T> =
  | { state: 'incomplete' }
  | {
      state: 'complete';
      message: T;
      /** Bytes up to and including the blank line; what follows already belongs to the WebSocket stream. */
      headLength: number;
      /** Things accepted but worth pointing out (an unfolded obs-fold line, a bare LF). */
      notes: string[];
    }
  | {
      state: 'error';
      /** What a server answers: 400 (bad syntax), 431 (too big / too many headers), 505 (HTTP version). */
      status: number;
      message: string;
      /** Byte of the input where the problem is. */
      offset: number;
      /** 1-based line number of that byte. */
      line: number;
    };

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;

const STATUS_BAD_REQUEST = 400;
const STATUS_HEADERS_TOO_LARGE = 431;
const STATUS_VERSION_NOT_SUPPORTED = 505;

const ASCII = new TextDecoder('utf-8');

const HTTP_VERSION = /^HTTP\/(\d)\.(\d)$/;
const STATUS_CODE = /^\d{3}$/;

/** tchar (RFC 9110 5.6.2): what method names and field names are made of. */
export function isTokenChar(code: number): boolean {
  if (code >= 0x30 && code <= 0x39) return true; // DIGIT
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true; // ALPHA
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code)) && code < 0x7f;
}

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
  return true;
}

/** field-vchar, SP and HTAB (RFC 9110 5.5); obs-text (0x80–0xFF) is kept as Latin-1. */
function isFieldValueChar(code: number): boolean {
  return code === HTAB || code === SP || (code >= 0x21 && code <= 0x7e) || code >= 0x80;
}

function isWhitespace(code: number): boolean {
  return code === SP || code === HTAB;
}

/** Header bytes as text: one character per byte (Latin-1), so nothing can fail to decode. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  const slice = bytes.subarray(start, end);
  // Heads are almost always ASCII, which the native decoder turns into text
  // fastest; obs-text bytes (0x80-0xFF) are mapped one by one, since the
  // "latin1" label of TextDecoder really means windows-1252.
  let ascii = true;
  for (let i = 0; i < slice.length && ascii; i++) ascii = slice[i] < 0x80;
  if (ascii) return ASCII.decode(slice);
  let text = '';
  for (const byte of slice) text += String.fromCharCode(byte);
  return text;
}

function describeByte(code: number): string {
  if (code === CR) return 'a carriage return (CR)';
  if (code === LF) return 'a line feed (LF)';
  if (code === 0) return 'a NUL byte';
  if (code === SP) return 'a space';
  if (code === HTAB) return 'a tab';
  if (code < 0x20 || code === 0x7f) return `the control byte 0x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0x80) return `the non-ASCII byte 0x${code.toString(16)}`;
  return `"${String.fromCharCode(code)}"`;
}

interface LineError {
  status: number;
  message: string;
  offset: number;
}

type StartLine<T> = { ok: true; message: T } | ({ ok: false } & LineError);

function resolveLimits(limits: Partial<HeaderLimits> | undefined): HeaderLimits {
  const resolved = { ...DEFAULT_HEADER_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return resolved;
}

/**
 * Reads an HTTP/1.1 request head from the bytes received so far. Call again
 * with more bytes on 'incomplete'. Leading empty lines are skipped, as RFC
 * 9112 2.2 advises servers to.
 */
export function parseRequestHead(bytes: Uint8Array, limits?: Partial<HeaderLimits>): HeadParse<HttpRequest> {
  return parseHead(bytes, resolveLimits(limits), parseRequestLine, true);
}

/** Reads an HTTP/1.1 response head (the server's answer to the opening handshake). */
export function parseResponseHead(bytes: Uint8Array, limits?: Partial<HeaderLimits>): HeadParse<HttpResponse> {
  return parseHead(bytes, resolveLimits(limits), parseStatusLine, false);
}

function parseHead<T extends { headers: HttpHeader[] }>(
  bytes: Uint8Array,
  limits: HeaderLimits,
  parseStartLine: (bytes: Uint8Array, start: number, end: number) => StartLine<T>,
  skipLeadingEmptyLines: boolean,
): HeadParse<T> {
  // Only the first maxHeadBytes can belong to an acceptable head.
  const searchEnd = Math.min(bytes.length, limits.maxHeadBytes);
  let message: T | null = null;
  const notes: string[] = [];
  let lineStart = 0;
  let lineNumber = 0;

  const error = (problem: LineError): HeadParse<T> => ({ state: 'error', ...problem, line: lineNumber });

  for (;;) {
    const lf = bytes.subarray(0, searchEnd).indexOf(LF, lineStart);
    if (lf === -1) {
      if (bytes.length < limits.maxHeadBytes) return { state: 'incomplete' };
      lineNumber++;
      return error({
        status: STATUS_HEADERS_TOO_LARGE,
        message: `the head is not finished within ${limits.maxHeadBytes} bytes (the limit); refused rather than buffered`,
        offset: limits.maxHeadBytes,
      });
    }
    lineNumber++;
    // RFC 9112 2.2: lines end in CRLF, but "a recipient MAY recognize a
    // single LF as a line terminator and ignore any preceding CR".
    const hasCr = lf > lineStart && bytes[lf - 1] === CR;
    const lineEnd = hasCr ? lf - 1 : lf;
    if (!hasCr && lf > 0 && !notes.some((n) => n.startsWith('bare LF'))) {
      notes.push(`bare LF line ending on line ${lineNumber} (offset ${lf}); HTTP/1.1 uses CRLF, but RFC 9112 2.2 allows a recipient to accept LF`);
    }
    // RFC 9112 2.2: "A sender MUST NOT generate a bare CR ... a recipient of
    // such a bare CR MUST consider that element to be invalid".
    const bareCr = bytes.subarray(lineStart, lineEnd).indexOf(CR);
    if (bareCr !== -1) {
      return error({ status: STATUS_BAD_REQUEST, message: 'a bare carriage return (CR) not followed by LF (RFC 9112 2.2)', offset: lineStart + bareCr });
    }

    if (lineEnd === lineStart) {
      if (message) return { state: 'complete', message, headLength: lf + 1, notes };
      if (!skipLeadingEmptyLines) {
        return error({ status: STATUS_BAD_REQUEST, message: 'the message starts with an empty line instead of a status line', offset: lineStart });
      }
      notes.push(`empty line ${lineNumber} before the request line was ignored (RFC 9112 2.2)`);
    } else if (!message) {
      const start = parseStartLine(bytes, lineStart, lineEnd);
      if (!start.ok) return error(start);
      message = start.message;
    } else if (isWhitespace(bytes[lineStart])) {
      const last = message.headers[message.headers.length - 1];
      if (!last) {
        // RFC 9112 2.2: whitespace between the start line and the first field "MUST" be rejected or ignored.
        return error({
          status: STATUS_BAD_REQUEST,
          message: 'a line starting with whitespace right after the start line (RFC 9112 2.2); it continues no header',
          offset: lineStart,
        });
      }
      // obs-fold (RFC 9112 5.2): a recipient may "replace each received
      // obs-fold with one or more SP octets prior to interpreting the field value".
      const continuation = parseFieldValue(bytes, lineStart, lineEnd);
      if (typeof continuation !== 'string') return error(continuation);
      last.value = last.value.length > 0 && continuation.length > 0 ? `${last.value} ${continuation}` : last.value + continuation;
      notes.push(`line ${lineNumber} folds the "${last.name}" header onto a new line (obs-fold, RFC 9112 5.2); unfolded with a space`);
    } else {
      const field = parseFieldLine(bytes, lineStart, lineEnd);
      if ('status' in field) return error(field);
      message.headers.push(field);
      if (message.headers.length > limits.maxHeaderCount) {
        return error({
          status: STATUS_HEADERS_TOO_LARGE,
          message: `more than ${limits.maxHeaderCount} header fields (the limit)`,
          offset: lineStart,
        });
      }
    }
    lineStart = lf + 1;
  }
}

function parseRequestLine(bytes: Uint8Array, start: number, end: number): StartLine<HttpRequest> {
  const fail = (status: number, message: string, offset: number): StartLine<HttpRequest> => ({ ok: false, status, message, offset });

  let i = start;
  while (i < end && isTokenChar(bytes[i])) i++;
  if (i === start) return fail(STATUS_BAD_REQUEST, `the request line must start with a method, found ${describeByte(bytes[i])}`, i);
  if (i === end) return fail(STATUS_BAD_REQUEST, 'the request line ends after the method; expected "METHOD target HTTP/1.1"', i);
  if (bytes[i] !== SP) return fail(STATUS_BAD_REQUEST, `${describeByte(bytes[i])} in the method; expected a space after it`, i);
  const method = latin1(bytes, start, i);

  const targetStart = ++i;
  while (i < end && bytes[i] > SP && bytes[i] < 0x7f) i++;
  if (i === targetStart) {
    return fail(STATUS_BAD_REQUEST, `expected the request target after the method, found ${i === end ? 'the end of the line' : describeByte(bytes[i])}`, i);
  }
  if (i === end) return fail(STATUS_BAD_REQUEST, 'the request line has no HTTP version (an HTTP/0.9 request?)', i);
  if (bytes[i] !== SP) return fail(STATUS_BAD_REQUEST, `${describeByte(bytes[i])} in the request target`, i);
  const target = latin1(bytes, targetStart, i);

  const versionStart = ++i;
  const version = latin1(bytes, versionStart, end);
  const versionCheck = checkVersion(version, versionStart);
  if (versionCheck) return { ok: false, ...versionCheck };
  return { ok: true, message: { method, target, version, headers: [] } };
}

function checkVersion(version: string, offset: number): LineError | null {
  const match = HTTP_VERSION.exec(version);
  if (!match) {
    return { status: STATUS_BAD_REQUEST, message: `"${version}" is not an HTTP version; expected HTTP/1.1`, offset };
  }
  if (match[1] !== '1') {
    return { status: STATUS_VERSION_NOT_SUPPORTED, message: `${version} is not supported here; the WebSocket handshake is HTTP/1.1 (RFC 6455 4.1)`, offset };
  }
  return null;
}

function parseStatusLine(bytes: Uint8Array, start: number, end: number): StartLine<HttpResponse> {
  let space = bytes.subarray(start, end).indexOf(SP);
  if (space === -1) space = end - start;
  const version = latin1(bytes, start, start + space);
  const versionCheck = checkVersion(version, start);
  if (versionCheck) return { ok: false, ...versionCheck };

  const codeStart = start + space + 1;
  const codeEnd = Math.min(codeStart + 3, end);
  const code = latin1(bytes, codeStart, codeEnd);
  if (!STATUS_CODE.test(code)) {
    return { ok: false, status: STATUS_BAD_REQUEST, message: `expected a three-digit status code after "${version} ", found "${code}"`, offset: Math.min(codeStart, end) };
  }
  // "HTTP/1.1 101" with no reason at all is common enough to accept.
  let reason = '';
  if (codeEnd < end) {
    if (bytes[codeEnd] !== SP) {
      return { ok: false, status: STATUS_BAD_REQUEST, message: `${describeByte(bytes[codeEnd])} after the status code; expected a space`, offset: codeEnd };
    }
    for (let i = codeEnd + 1; i < end; i++) {
      if (!isFieldValueChar(bytes[i])) {
        return { ok: false, status: STATUS_BAD_REQUEST, message: `${describeByte(bytes[i])} in the reason phrase`, offset: i };
      }
    }
    reason = latin1(bytes, codeEnd + 1, end);
  }
  return { ok: true, message: { version, status: Number(code), reason, headers: [] } };
}

function parseFieldLine(bytes: Uint8Array, start: number, end: number): HttpHeader | LineError {
  let i = start;
  while (i < end && isTokenChar(bytes[i])) i++;
  if (i === end) {
    return { status: STATUS_BAD_REQUEST, message: `the header line "${latin1(bytes, start, end)}" has no colon`, offset: end };
  }
  if (bytes[i] !== COLON) {
    if (isWhitespace(bytes[i])) {
      // RFC 9112 5.1: "A server MUST reject, with a response status code of
      // 400 (Bad Request), any received request message that contains
      // whitespace between a header field name and colon."
      return { status: STATUS_BAD_REQUEST, message: 'whitespace between the header name and the colon (RFC 9112 5.1 requires a 400)', offset: i };
    }
    return { status: STATUS_BAD_REQUEST, message: `${describeByte(bytes[i])} in a header name`, offset: i };
  }
  if (i === start) return { status: STATUS_BAD_REQUEST, message: 'a header line with an empty name', offset: i };
  const name = latin1(bytes, start, i);
  const value = parseFieldValue(bytes, i + 1, end);
  if (typeof value !== 'string') return value;
  return { name, value };
}

/** The value without its surrounding OWS; CR, LF, NUL and other controls are refused (RFC 9110 5.5). */
function parseFieldValue(bytes: Uint8Array, start: number, end: number): string | LineError {
  while (start < end && isWhitespace(bytes[start])) start++;
  while (end > start && isWhitespace(bytes[end - 1])) end--;
  for (let i = start; i < end; i++) {
    if (!isFieldValueChar(bytes[i])) {
      return { status: STATUS_BAD_REQUEST, message: `${describeByte(bytes[i])} in a header value (RFC 9110 5.5)`, offset: i };
    }
  }
  return latin1(bytes, start, end);
}

/** Every value of the header `name` (case-insensitive), in order. */
export function headerValues(headers: HttpHeader[], name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter((header) => header.name.toLowerCase() === wanted).map((header) => header.value);
}

/**
 * The elements of a comma-separated list header across all its occurrences
 * (RFC 9110 5.6.1, 5.3: repeated lines combine as one list), trimmed, with
 * empty elements dropped as recipients must accept them.
 */
export function headerListItems(headers: HttpHeader[], name: string): string[] {
  return headerValues(headers, name)
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Does the list header `name` contain `token`, compared ASCII case-insensitively (gorilla's tokenListContainsValue)? */
export function headerHasToken(headers: HttpHeader[], name: string, token: string): boolean {
  const wanted = token.toLowerCase();
  return headerListItems(headers, name).some((item) => item.toLowerCase() === wanted);
}

function encodeLatin1(text: string, what: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`${what} contains "${text[i]}", which is not a single byte`);
    bytes[i] = code;
  }
  return bytes;
}

function assertHeaders(headers: HttpHeader[]): void {
  for (const { name, value } of headers) {
    if (!isToken(name)) throw new RangeError(`"${name}" is not a valid header name`);
    for (let i = 0; i < value.length; i++) {
      if (!isFieldValueChar(value.charCodeAt(i))) {
        throw new RangeError(`the value of ${name} contains ${describeByte(value.charCodeAt(i))}, which would split or corrupt the message`);
      }
    }
  }
}

function headLines(startLine: string, headers: HttpHeader[]): string {
  return `${startLine}\r\n${headers.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`;
}

/** The request head as bytes. Throws when a field would break the message (caller error). */
export function serializeRequest(request: HttpRequest): Uint8Array {
  if (!isToken(request.method)) throw new RangeError(`"${request.method}" is not a valid method`);
  if (!/^[\x21-\x7e]+$/.test(request.target)) throw new RangeError(`"${request.target}" is not a valid request target`);
  if (!HTTP_VERSION.test(request.version)) throw new RangeError(`"${request.version}" is not an HTTP version`);
  assertHeaders(request.headers);
  return encodeLatin1(headLines(`${request.method} ${request.target} ${request.version}`, request.headers), 'the request head');
}

/**
 * The response head, followed by `body` (UTF-8) when given; a Content-Length
 * is added for the body unless the headers already carry one. Throws when a
 * field would break the message (caller error).
 */
export function serializeResponse(response: HttpResponse, body?: string): Uint8Array {
  if (!HTTP_VERSION.test(response.version)) throw new RangeError(`"${response.version}" is not an HTTP version`);
  if (!Number.isInteger(response.status) || response.status < 100 || response.status > 999) {
    throw new RangeError(`${response.status} is not a three-digit status code`);
  }
  if (/[\r\n]/.test(response.reason)) throw new RangeError('the reason phrase contains a line break');
  const bodyBytes = body === undefined ? new Uint8Array(0) : new TextEncoder().encode(body);
  const headers = [...response.headers];
  if (body !== undefined && headerValues(headers, 'content-length').length === 0) {
    headers.push({ name: 'Content-Length', value: String(bodyBytes.length) });
  }
  assertHeaders(headers);
  const head = encodeLatin1(headLines(`${response.version} ${response.status} ${response.reason}`, headers), 'the response head');
  const bytes = new Uint8Array(head.length + bodyBytes.length);
  bytes.set(head);
  bytes.set(bodyBytes, head.length);
  return bytes;
}

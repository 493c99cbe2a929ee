// Tolerant hex input: whatever a person copies out of a capture, a log or
// source code becomes bytes, and anything else is refused with the exact
// character and position (line, column) that could not be read.
//
// Accepted forms:
//   81 05 48 65  ·  8105 4865  ·  0x81, 0x05  ·  \x81\x05  ·  810548656c6c6f
//   C/JS array literals: {0x81, 0x05}  [0x81, 5, 72]  new Uint8Array([129, 5])
//     (inside brackets, an element without 0x is decimal, as in the language)
//   xxd:                 00000000: 8105 4865 6c6c 6f                        ..Hello
//   hexdump -C:          00000000  81 05 48 65 6c 6c 6f  |..Hello|
//   Wireshark hex dump:  0000   81 05 48 65 6c 6c 6f                              ..Hello
// Dump lines lose their offset column and their ASCII column.

export interface HexError {
  message: string;
  /** Index of the offending character in the text (UTF-16 code units). */
  index: number;
  /** 1-based line and column of that character. */
  line: number;
  column: number;
  /** The character itself ('' when the text ended too soon). */
  character: string;
}

export type HexParse = { ok: true; bytes: Uint8Array } | { ok: false; error: HexError };

const HEX_DIGIT = /[0-9a-fA-F]/;
/** An offset column: 4–8 hex digits, then a colon (xxd) or at least two spaces (hexdump -C, Wireshark). */
const DUMP_OFFSET = /^([0-9a-fA-F]{4,8})(?::[ \t]?|[ \t]{2,})(?=[0-9a-fA-F])/;
const DUMP_END_OFFSET = /^\s*[0-9a-fA-F]{4,8}\s*$/;
const BYTES_PER_DUMP_LINE = 16;
const ARRAY_WRAPPER = /^\s*(?:new\s+Uint8Array\s*\(|Uint8Array\.from\s*\(|Buffer\.from\s*\(|bytes\s*\()?\s*[[{]/;

export function parseHex(text: string): HexParse {
  if (ARRAY_WRAPPER.test(text) && /[\]}]\s*\)?\s*;?\s*$/.test(text)) return parseArrayLiteral(text);
  const bytes: number[] = [];
  const lines = text.split('\n');
  const isDump = lines.some((line) => DUMP_OFFSET.test(line));
  let lineStart = 0;
  for (const rawLine of lines) {
    const line = rawLine.replace(/\r$/, '');
    if (isDump && DUMP_END_OFFSET.test(line)) {
      // hexdump -C and xxd -r style dumps end with a line holding only the final offset.
    } else if (isDump && line.trim() === '*') {
      const at = lineStart + line.indexOf('*');
      return { ok: false, error: errorAt(text, at, `'*' is hexdump's "same as the line above" marker and cannot be expanded (use hexdump -v)`) };
    } else {
      const error = parseLine(text, line, lineStart, bytes);
      if (error) return { ok: false, error };
    }
    lineStart += rawLine.length + 1;
  }
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

function parseLine(text: string, line: string, lineStart: number, out: number[]): HexError | null {
  const dump = DUMP_OFFSET.exec(line);
  if (dump) return parseDumpLine(text, line, lineStart, dump[0].length, out);
  return parseFreeHex(text, line, lineStart, 0, line.length, out);
}

/** Hex after an offset column: at most 16 bytes, ended early by a wide gap or an ASCII column. */
function parseDumpLine(text: string, line: string, lineStart: number, start: number, out: number[]): HexError | null {
  let count = 0;
  let i = start;
  while (i < line.length && count < BYTES_PER_DUMP_LINE) {
    if (line[i] === ' ' || line[i] === '\t') {
      let gap = i;
      while (gap < line.length && (line[gap] === ' ' || line[gap] === '\t')) gap++;
      // Wireshark splits 8|8 bytes with two spaces; a gap of three or more, or
      // a '|', is the start of the ASCII column.
      if (gap - i >= 3 || line[gap] === '|') break;
      i = gap;
      continue;
    }
    if (line[i] === '|') break;
    let end = i;
    while (end < line.length && HEX_DIGIT.test(line[end])) end++;
    if (end === i) return errorAt(text, lineStart + i, `'${line[i]}' is not a hex digit (in a hex dump line, before its ASCII column)`);
    if ((end - i) % 2 !== 0) return errorAt(text, lineStart + i, `hex group "${line.slice(i, end)}" has an odd number of digits`);
    for (let d = i; d < end && count < BYTES_PER_DUMP_LINE; d += 2, count++) out.push(parseInt(line.slice(d, d + 2), 16));
    i = end;
  }
  return null;
}

/** Loose hex: digits in pairs, with spaces, commas, 0x prefixes and \x escapes between them. */
function parseFreeHex(text: string, line: string, lineStart: number, from: number, to: number, out: number[]): HexError | null {
  let i = from;
  while (i < to) {
    const c = line[i];
    if (isSeparator(c)) {
      i++;
      continue;
    }
    let digitsFrom = i;
    let prefix = '';
    if ((c === '0' && (line[i + 1] === 'x' || line[i + 1] === 'X')) || (c === '\\' && line[i + 1] === 'x')) {
      prefix = line.slice(i, i + 2);
      digitsFrom = i + 2;
    }
    let end = digitsFrom;
    while (end < to && HEX_DIGIT.test(line[end])) end++;
    const digits = line.slice(digitsFrom, end);
    if (digits.length === 0) {
      const at = prefix ? digitsFrom : i;
      const found = at < line.length ? line[at] : '';
      return errorAt(text, lineStart + at, found ? `'${found}' is not a hex digit` : `"${prefix}" must be followed by hex digits`);
    }
    if (end < to && !isSeparator(line[end]) && line[end] !== '\\' && !(prefix === '\\x' && end - digitsFrom > 2)) {
      return errorAt(text, lineStart + end, `'${line[end]}' is not a hex digit`);
    }
    if (prefix === '\\x') {
      // \x takes exactly two digits; what follows is read as more input.
      if (digits.length < 2) return errorAt(text, lineStart + i, `"\\x${digits}" needs two hex digits`);
      out.push(parseInt(digits.slice(0, 2), 16));
      i = digitsFrom + 2;
      continue;
    }
    if (digits.length % 2 !== 0) {
      // 0x5 in a list means 05; a bare odd run means a digit went missing.
      if (prefix && digits.length === 1) {
        out.push(parseInt(digits, 16));
        i = end;
        continue;
      }
      return errorAt(text, lineStart + i, `"${prefix}${digits}" has an odd number of hex digits (${digits.length})`);
    }
    for (let d = 0; d < digits.length; d += 2) out.push(parseInt(digits.slice(d, d + 2), 16));
    i = end;
  }
  return null;
}

/** [0x81, 5, 0x48] / {0x81, 0x05} / new Uint8Array([129, 5]): elements are bytes, 0x-hex or decimal. */
function parseArrayLiteral(text: string): HexParse {
  const open = text.search(/[[{]/);
  const closeChar = text[open] === '[' ? ']' : '}';
  const close = text.lastIndexOf(closeChar);
  const bytes: number[] = [];
  let i = open + 1;
  while (i < close) {
    while (i < close && /[\s,]/.test(text[i])) i++;
    if (i >= close) break;
    let end = i;
    while (end < close && !/[\s,]/.test(text[end])) end++;
    const element = text.slice(i, end);
    const value = /^0[xX][0-9a-fA-F]{1,2}$/.test(element)
      ? parseInt(element.slice(2), 16)
      : /^\d{1,3}$/.test(element)
        ? Number(element)
        : NaN;
    if (Number.isNaN(value)) {
      const bad = [...element].findIndex((ch, k) => !(/[0-9]/.test(ch) || (k === 1 && /[xX]/.test(ch)) || (/^0[xX]/.test(element) && HEX_DIGIT.test(ch))));
      const at = i + (bad < 0 ? 0 : bad);
      return { ok: false, error: errorAt(text, at, `array element "${element}" is not a byte (0x00–0xff or 0–255)`) };
    }
    if (value > 255) return { ok: false, error: errorAt(text, i, `array element "${element}" is ${value}, more than a byte holds (255)`) };
    bytes.push(value);
    i = end;
  }
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

/** Characters allowed between bytes: blanks and the punctuation lists and logs use. */
function isSeparator(c: string): boolean {
  return c === ' ' || c === '\t' || c === ',' || c === ';' || c === ':' || c === '-';
}

function errorAt(text: string, index: number, what: string): HexError {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - (before.lastIndexOf('\n') + 1) + 1;
  const character = index < text.length ? text[index] : '';
  return { message: `${what} at line ${line}, column ${column}`, index, line, column, character };
}

/** "81 05 48 65": bytes as two-digit lowercase hex, space separated, optionally wrapped. */
export function formatHex(bytes: Uint8Array, bytesPerLine = 0): string {
  const parts: string[] = new Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX_BYTE[bytes[i]];
  if (bytesPerLine <= 0) return parts.join(' ');
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += bytesPerLine) lines.push(parts.slice(i, i + bytesPerLine).join(' '));
  return lines.join('\n');
}

/**
 * "81054865": compact hex, as the CLI's JSON carries payloads and keys. The
 * digits are written as ASCII bytes and decoded once: one flat string, where
 * appending two characters per byte left a chain of a node per byte until
 * the string was first read, which for a capture's thousands of chunks kept
 * millions of nodes alive for the garbage collector to walk.
 */
export function bytesToHex(bytes: Uint8Array): string {
  if (bytes.length < SHORT_HEX_BYTES) {
    let out = '';
    for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]];
    return out;
  }
  const digits = new Uint8Array(bytes.length * 2);
  for (let i = 0, at = 0; i < bytes.length; i++, at += 2) {
    digits[at] = HEX_DIGIT_CODES[bytes[i] >> 4];
    digits[at + 1] = HEX_DIGIT_CODES[bytes[i] & 0x0f];
  }
  return ASCII_DECODER.decode(digits);
}

/** Below this many bytes, appending is quicker than a decoder call. */
const SHORT_HEX_BYTES = 64;
const HEX_DIGIT_CODES = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const ASCII_DECODER = new TextDecoder('utf-8');

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

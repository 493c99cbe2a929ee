// Sec-WebSocket-Extensions, RFC 6455 section 9.1:
//
//   Sec-WebSocket-Extensions = extension-list
//   extension-list = 1#extension
//   extension = extension-token *( ";" extension-param )
//   extension-token = registered-token
//   registered-token = token
//   extension-param = token [ "=" (token | quoted-string) ]
//     ;When using the quoted-string syntax variant, the value
//     ;after quoted-string unescaping MUST conform to the
//     ;'token' ABNF.
//
// Implied linear whitespace is allowed between the elements, as in every
// HTTP list header. The header may appear several times; the lists combine
// in order (9.1: "MAY be split or combined across multiple lines"). The same
// parser reads a client's offers and a server's answer, and permessage-deflate
// (RFC 7692) reads its parameters from it.

import { isToken, isTokenChar } from './http-message';

export interface ExtensionParam {
  name: string;
  /** null for a parameter without "=value" (e.g. client_max_window_bits). */
  value: string | null;
}

export interface ExtensionOffer {
  name: string;
  params: ExtensionParam[];
}

export interface ExtensionsParse {
  /** Every well-formed extension, in order; a malformed one is left out and reported. */
  offers: ExtensionOffer[];
  /** One sentence per malformed extension: what, in which header value, at which character. */
  problems: string[];
}

class Cursor {
  index = 0;
  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.index >= this.text.length;
  }

  peek(): string {
    return this.text[this.index] ?? '';
  }

  skipWhitespace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.index++;
  }

  token(): string {
    const start = this.index;
    while (!this.atEnd && isTokenChar(this.text.charCodeAt(this.index))) this.index++;
    return this.text.slice(start, this.index);
  }

  describeCurrent(): string {
    return this.atEnd ? 'the end of the value' : `"${this.peek()}"`;
  }
}

class ExtensionSyntaxError {
  constructor(
    readonly message: string,
    readonly index: number,
  ) {}
}

/** Reads `"…"` with backslash escapes (RFC 9110 5.6.4), returning the unescaped text. */
function quotedString(cursor: Cursor): string {
  const open = cursor.index;
  cursor.index++;
  let value = '';
  while (!cursor.atEnd && cursor.peek() !== '"') {
    if (cursor.peek() === '\\') cursor.index++;
    if (cursor.atEnd) break;
    value += cursor.peek();
    cursor.index++;
  }
  if (cursor.atEnd) throw new ExtensionSyntaxError('a quoted string that is never closed', open);
  cursor.index++;
  return value;
}

function param(cursor: Cursor, extension: string): ExtensionParam {
  const start = cursor.index;
  const name = cursor.token();
  if (!name) throw new ExtensionSyntaxError(`expected a parameter name after ";" in ${extension}, found ${cursor.describeCurrent()}`, start);
  cursor.skipWhitespace();
  if (cursor.peek() !== '=') return { name, value: null };
  cursor.index++;
  cursor.skipWhitespace();
  const valueStart = cursor.index;
  if (cursor.peek() === '"') {
    const value = quotedString(cursor);
    if (!isToken(value)) {
      throw new ExtensionSyntaxError(`the quoted value "${value}" of ${name} is not a token once unescaped, as 9.1 requires`, valueStart);
    }
    return { name, value };
  }
  const value = cursor.token();
  if (!value) throw new ExtensionSyntaxError(`expected a value after "${name}=", found ${cursor.describeCurrent()}`, valueStart);
  return { name, value };
}

function extension(cursor: Cursor): ExtensionOffer {
  const start = cursor.index;
  const name = cursor.token();
  if (!name) throw new ExtensionSyntaxError(`expected an extension name, found ${cursor.describeCurrent()}`, start);
  const params: ExtensionParam[] = [];
  for (;;) {
    cursor.skipWhitespace();
    if (cursor.atEnd || cursor.peek() === ',') return { name, params };
    if (cursor.peek() !== ';') {
      throw new ExtensionSyntaxError(`expected ";" or "," after ${params.length ? `the parameters of ${name}` : name}, found ${cursor.describeCurrent()}`, cursor.index);
    }
    cursor.index++;
    cursor.skipWhitespace();
    params.push(param(cursor, name));
  }
}

/** Skips to the next list separator outside a quoted string, to resume after a malformed element. */
function skipElement(cursor: Cursor): void {
  let quoted = false;
  while (!cursor.atEnd && (quoted || cursor.peek() !== ',')) {
    if (cursor.peek() === '\\' && quoted) cursor.index++;
    else if (cursor.peek() === '"') quoted = !quoted;
    cursor.index++;
  }
}

/**
 * Parses every Sec-WebSocket-Extensions value of a message (pass them all,
 * in order, e.g. from headerValues). Never throws; a malformed extension is
 * reported and parsing resumes at the next comma.
 */
export function parseExtensionsHeader(values: string[]): ExtensionsParse {
  const offers: ExtensionOffer[] = [];
  const problems: string[] = [];
  values.forEach((text, valueIndex) => {
    const cursor = new Cursor(text);
    const where = (index: number) => (values.length > 1 ? `value ${valueIndex + 1}, character ${index + 1}` : `character ${index + 1}`);
    for (;;) {
      cursor.skipWhitespace();
      if (cursor.atEnd) break;
      // Empty list elements (", ,") are allowed (RFC 9110 5.6.1).
      if (cursor.peek() === ',') {
        cursor.index++;
        continue;
      }
      try {
        offers.push(extension(cursor));
      } catch (error) {
        if (!(error instanceof ExtensionSyntaxError)) throw error;
        problems.push(`Sec-WebSocket-Extensions ${where(error.index)}: ${error.message} (RFC 6455 9.1)`);
        skipElement(cursor);
      }
    }
  });
  return { offers, problems };
}

/** Writes offers back as one header value, quoting values only where a token cannot carry them. */
export function formatExtensions(offers: ExtensionOffer[]): string {
  return offers
    .map((offer) => {
      if (!isToken(offer.name)) throw new RangeError(`"${offer.name}" is not a valid extension name`);
      const params = offer.params.map((p) => {
        if (!isToken(p.name)) throw new RangeError(`"${p.name}" is not a valid extension parameter name`);
        if (p.value === null) return p.name;
        if (!isToken(p.value)) throw new RangeError(`"${p.value}" is not a valid value for ${p.name}: 9.1 requires a token`);
        return `${p.name}=${p.value}`;
      });
      return [offer.name, ...params].join('; ');
    })
    .join(', ');
}

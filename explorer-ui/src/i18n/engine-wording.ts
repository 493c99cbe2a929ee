// The engine's wording in the interface's language. engine/ speaks English
// and stays that way: its registry (close codes), rulebook (frame-rules.ts),
// field explanations and UTF-8 reasons are each written once there. The
// Chinese for them lives in catalog-zh.ts under `engine`, keyed by the
// engine's own ids: the close code, the rule's kind, the field's name, the
// opcode's name.
//
// Many engine sentences carry values (a byte offset, a length, a limit, an
// opcode). Each family of sentences is described here by the pattern the
// engine writes it with; the values are read out of the English and put
// into the catalog's sentence. A sentence no pattern matches (the engine's
// wording changed, or a new sentence was added) is shown in the engine's
// English rather than wrongly: tests/ui/engine-wording.test.ts produces
// every rule's sentence through the engine and checks each one has its
// Chinese, with its values intact.

import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOSE_CODE_RANGES, REGISTERED_CLOSE_CODES, type CloseCodeInfo } from '../../../engine/close';
import type { FrameField } from '../../../engine/frame-model';
import type { HandshakeCheck } from '../../../engine/handshake';
import type { Note, Problem } from '../../../engine/problem';

type Groups = Record<string, string>;

/** One family of engine sentences: the pattern the engine writes them with, and the catalog key of their translation. */
interface Phrase {
  pattern: RegExp;
  key: string;
  /** Values that are themselves engine words (an opcode's name, a UTF-8 reason), put into the reader's language. */
  values?: (groups: Groups, words: EngineWording) => Groups;
}

const word = (t: TFunction, key: string, english: string) => t(key, { defaultValue: english });

/** Problems and notes by the engine's kind (engine/problem.ts); a kind may be written in more than one way. */
const PROBLEM_PHRASES: Record<string, readonly Phrase[]> = {
  'rsv-without-extension': [{ pattern: /^RSV(?<bit>[123]) is set, but no extension that gives it a meaning was negotiated$/, key: 'rsv-without-extension' }],
  'reserved-opcode': [{
    pattern: /^opcode 0x(?<opcode>[0-9a-f]+) is reserved for future (?<kind>control|data) frames; no endpoint may send it$/,
    key: 'reserved-opcode',
    values: (g, w) => ({ ...g, kind: w.word(`frameKind.${g.kind}`, g.kind) }),
  }],
  'fragmented-control-frame': [{ pattern: /^(?<opcode>\S+) is a control frame, which must not be fragmented, but FIN is 0$/, key: 'fragmented-control-frame' }],
  'continuation-without-message': [{ pattern: /^continuation frame, but no fragmented message is in progress$/, key: 'continuation-without-message' }],
  'compressed-control-frame': [{ pattern: /^(?<opcode>\S+) is a control frame, which permessage-deflate never compresses, but RSV1 is set$/, key: 'compressed-control-frame' }],
  'compressed-continuation': [{ pattern: /^RSV1 is set on a continuation frame: permessage-deflate marks only the first frame of a compressed message$/, key: 'compressed-continuation' }],
  'data-frame-inside-message': [{
    pattern: /^a new (?<opcode>\S+) message while a fragmented (?<current>\S+) message is unfinished: expected a continuation frame$/,
    key: 'data-frame-inside-message',
  }],
  'unmasked-client-frame': [{ pattern: /^a client must mask every frame it sends to the server, but MASK is 0$/, key: 'unmasked-client-frame' }],
  'masked-server-frame': [{ pattern: /^a server must not mask any frame it sends to a client, but MASK is 1$/, key: 'masked-server-frame' }],
  'control-frame-too-long': [{
    pattern: /^(?<opcode>\S+) is a control frame, whose payload is at most (?<max>\d+) bytes, but its 7-bit length is (?<length7>\d+): a (?<bits>16|64)-bit extended length follows$/,
    key: 'control-frame-too-long',
  }],
  'length-most-significant-bit': [{ pattern: /^the most significant bit of a 64-bit payload length must be 0$/, key: 'length-most-significant-bit' }],
  'length-beyond-2-53': [{ pattern: /^the 64-bit payload length is 2\^53 or more: more than any endpoint can hold \(ws refuses the same\)$/, key: 'length-beyond-2-53' }],
  'non-minimal-length': [{
    pattern: /^a (?<length>\d+)-byte length fits in (?<fits>7|16) bits but was sent in the (?<sent>16|64)-bit extended length; the minimal encoding MUST be used$/,
    key: 'non-minimal-length',
  }],
  'close-payload-one-byte': [{ pattern: /^a close payload of 1 byte: a close body is either empty or starts with a 2-byte status code$/, key: 'close-payload-one-byte' }],
  'frame-too-big': [{ pattern: /^a frame payload of (?<length>\d+) bytes is over this receiver's (?<limit>\d+)-byte frame limit$/, key: 'frame-too-big' }],
  'message-too-big': [
    { pattern: /^the message would grow to (?<length>\d+) bytes, over this receiver's (?<limit>\d+)-byte message limit$/, key: 'message-too-big' },
    { pattern: /^the message inflates past the (?<limit>\d+)-byte limit$/, key: 'message-too-big-inflated' },
  ],
  'close-code-not-sendable': [{
    pattern: /^close code (?<code>\d+) \((?<name>.+)\) may not appear in a close frame$/,
    key: 'close-code-not-sendable',
    values: (g, w) => ({ ...g, name: w.closeCodeName(Number(g.code), g.name) }),
  }],
  'invalid-close-reason': [{
    pattern: /^the close reason is not valid UTF-8: (?<reason>.+)$/,
    key: 'invalid-close-reason',
    values: (g, w) => ({ ...g, reason: w.utf8Reason(g.reason) }),
  }],
  'invalid-utf8': [{
    pattern: /^text is not valid UTF-8: (?<reason>.+)$/,
    key: 'invalid-utf8',
    values: (g, w) => ({ ...g, reason: w.utf8Reason(g.reason) }),
  }],
  'invalid-compressed-data': [{ pattern: /^the compressed data is not valid DEFLATE \((?<detail>.*)\)$/, key: 'invalid-compressed-data' }],
  'internal-error': [{ pattern: /^internal error while handling received bytes: (?<detail>.*)$/, key: 'internal-error' }],
};

/** Why bytes are not UTF-8 (engine/utf8.ts). */
const UTF8_PHRASES: readonly Phrase[] = [
  { pattern: /^byte 0x(?<byte>[0-9a-f]{2}) cannot continue a multi-byte sequence \(expected 0x(?<lower>[0-9a-f]{2})–0x(?<upper>[0-9a-f]{2})\)$/, key: 'bad-continuation' },
  { pattern: /^text ends inside a code point \((?<count>\d+) continuation bytes? missing\)$/, key: 'ends-inside' },
  { pattern: /^byte 0x(?<byte>[0-9a-f]{2}) is a continuation byte with no sequence to continue$/, key: 'lone-continuation' },
  { pattern: /^byte 0x(?<byte>[0-9a-f]{2}) can only start an overlong encoding$/, key: 'overlong' },
  { pattern: /^byte 0x(?<byte>[0-9a-f]{2}) never appears in UTF-8$/, key: 'never' },
];

/** The decoder's field explanations (engine/frame-decode.ts describeFields), by field. */
const FIELD_PHRASES: readonly Phrase[] = [
  { pattern: /^final fragment: this frame ends its message$/, key: 'fin-final' },
  { pattern: /^more fragments of this message follow$/, key: 'fin-more' },
  { pattern: /^set: a compressed message starts here \(permessage-deflate, RFC 7692 6\)$/, key: 'rsv1-compressed' },
  { pattern: /^not compressed \(permessage-deflate marks compressed messages with RSV1\)$/, key: 'rsv1-not-compressed' },
  { pattern: /^set: only meaningful if an extension \(e\.g\. permessage-deflate, RFC 7692\) was negotiated$/, key: 'rsv1-set' },
  { pattern: /^set: only meaningful if a negotiated extension defines it$/, key: 'rsv-set' },
  { pattern: /^reserved for extensions; 0 when none is negotiated$/, key: 'rsv-clear' },
  {
    pattern: /^0x(?<hex>[0-9a-f]+) (?<name>\S+): (?<meaning>.*)$/,
    key: 'opcode',
    values: (g, w) => ({ ...g, meaning: w.opcodeMeaning(g.name, g.meaning) }),
  },
  { pattern: /^payload is masked with the 4-byte key that follows \(every client-to-server frame\)$/, key: 'mask-set' },
  { pattern: /^payload is not masked \(every server-to-client frame\)$/, key: 'mask-clear' },
  { pattern: /^126: the length is in the next 16 bits$/, key: 'length-16' },
  { pattern: /^127: the length is in the next 64 bits$/, key: 'length-64' },
  { pattern: /^(?<length>\d+): the payload is \d+ bytes?$/, key: 'length-7' },
  { pattern: /^(?<length>\d+) bytes of payload \((?<bits>16|64)-bit unsigned, network byte order\)$/, key: 'extended-length' },
  { pattern: /^payload byte i is XORed with key byte i mod 4 \((?<key>[0-9a-f ]+)\)$/, key: 'masking-key' },
  {
    pattern: /^(?<length>\d+) bytes? of (?<kind>control|application) data(?<masked>, masked)?(?:; (?<arrived>\d+) arrived)?$/,
    key: 'payload',
    values: (g, w) => ({
      length: g.length,
      kind: w.word(`dataKind.${g.kind}`, g.kind),
      masked: g.masked ? w.word('payloadMasked', g.masked) : '',
      arrived: g.arrived ? w.word('payloadArrived', `; ${g.arrived} arrived`, { arrived: g.arrived }) : '',
    }),
  },
];

/** What an input cut short inside a frame waits for (engine/frame-decode.ts remainderOf). */
const REMAINDER_PHRASES: readonly Phrase[] = [
  { pattern: /^the second byte of the frame header \(MASK bit and 7-bit length\)$/, key: 'second-byte' },
  { pattern: /^(?<count>\d+) more bytes? of the (?<bits>16|64)-bit extended payload length$/, key: 'extended-length' },
  { pattern: /^(?<count>\d+) more bytes? of the masking key, then (?<length>\d+) of payload$/, key: 'masking-key' },
  { pattern: /^(?<count>\d+) more bytes? of payload \((?<arrived>\d+) of (?<length>\d+) arrived\)$/, key: 'payload' },
];

const REGISTERED = new Set(REGISTERED_CLOSE_CODES.map((info) => info.code));

/** Why pasted text is not hex (engine/hex.ts), before "at line L, column C". */
const HEX_ERROR_PHRASES: readonly Phrase[] = [
  { pattern: /^'(?<character>.)' is not a hex digit$/u, key: 'not-digit' },
  { pattern: /^'(?<character>.)' is not a hex digit \(in a hex dump line, before its ASCII column\)$/u, key: 'not-digit-dump' },
  { pattern: /^hex group "(?<group>.*)" has an odd number of digits$/, key: 'odd-group' },
  { pattern: /^"(?<prefix>.*)" must be followed by hex digits$/, key: 'prefix-alone' },
  { pattern: /^"\\x(?<digits>.*)" needs two hex digits$/, key: 'short-escape' },
  { pattern: /^"(?<value>.*)" has an odd number of hex digits \((?<count>\d+)\)$/, key: 'odd-value' },
  { pattern: /^'\*' is hexdump's "same as the line above" marker and cannot be expanded \(use hexdump -v\)$/, key: 'star' },
  { pattern: /^array element "(?<element>.*)" is not a byte \(0x00–0xff or 0–255\)$/, key: 'not-byte' },
  { pattern: /^array element "(?<element>.*)" is (?<value>\d+), more than a byte holds \(255\)$/, key: 'too-big' },
];

/** Why a frame cannot be built (engine/frame.ts encodeFrame, engine/close.ts buildClosePayload, the builder's own checks). */
const BUILD_PHRASES: readonly Phrase[] = [
  { pattern: /^opcode 0x(?<opcode>[0-9a-f]+) is reserved \(RFC 6455 5\.2\); (?:pass allowInvalid|tick "Allow frames no endpoint may send") to build it anyway$/, key: 'reserved-opcode' },
  { pattern: /^control frames must not be fragmented \(RFC 6455 5\.5\); (?:pass allowInvalid|tick "Allow frames no endpoint may send") to build one anyway$/, key: 'fragmented-control' },
  {
    pattern: /^control frame payload is (?<length>\d+) bytes; at most (?<max>\d+) \(RFC 6455 5\.5\); (?:pass allowInvalid|tick "Allow frames no endpoint may send") to build it anyway$/,
    key: 'long-control',
  },
  { pattern: /^a (?<length>\d+)-byte payload does not fit a 16-bit length$/, key: 'not-16-bit' },
  { pattern: /^a masking key is 4 bytes \(RFC 6455 5\.3\); this one is (?<length>\d+)$/, key: 'key-length' },
  { pattern: /^masking key: (?<error>.*)$/s, key: 'key-hex', values: (g, w) => ({ error: w.hexError(g.error) }) },
  { pattern: /^payload: (?<error>.*)$/s, key: 'payload-hex', values: (g, w) => ({ error: w.hexError(g.error) }) },
  { pattern: /^a close reason needs a status code before it \(RFC 6455 5\.5\.1\)$/, key: 'reason-without-code' },
  { pattern: /^close code (?<code>-?\d+) does not fit in 16 bits$/, key: 'code-too-big' },
  { pattern: /^close reason is (?<length>\d+) bytes; at most (?<max>\d+) fit in a control frame \(RFC 6455 5\.5\)$/, key: 'long-reason' },
];

/** How engine/http-message.ts names an offending byte (its describeByte), and the catalog key of each name. */
const BYTE = String.raw`(?<byte>a carriage return \(CR\)|a line feed \(LF\)|a NUL byte|a space|a tab|the control byte 0x[0-9a-f]{2}|the non-ASCII byte 0x[0-9a-f]+|".")`;
const BYTE_NAMES: readonly [RegExp, string][] = [
  [/^a carriage return \(CR\)$/, 'cr'],
  [/^a line feed \(LF\)$/, 'lf'],
  [/^a NUL byte$/, 'nul'],
  [/^a space$/, 'space'],
  [/^a tab$/, 'tab'],
  [/^the control byte (?<hex>0x[0-9a-f]+)$/, 'control'],
  [/^the non-ASCII byte (?<hex>0x[0-9a-f]+)$/, 'non-ascii'],
  [/^"(?<char>.)"$/, 'char'],
  [/^the end of the line$/, 'line-end'],
];

function byteName(english: string, w: EngineWording): string {
  for (const [pattern, key] of BYTE_NAMES) {
    const match = pattern.exec(english);
    if (match) return w.word(`byte.${key}`, english, { ...match.groups });
  }
  return english;
}

const withByte = (g: Groups, w: EngineWording) => ({ ...g, byte: byteName(g.byte, w) });
const http = (source: string) => new RegExp(`^${source}$`);

/** Why an HTTP head cannot be read (engine/http-message.ts), and what the parser let through and noted. */
const HTTP_PHRASES: readonly Phrase[] = [
  { pattern: http(String.raw`the request line must start with a method, found ${BYTE}`), key: 'method-start', values: withByte },
  { pattern: http(String.raw`${BYTE} in the method; expected a space after it`), key: 'in-method', values: withByte },
  { pattern: http(String.raw`expected the request target after the method, found (?<byte>the end of the line|${BYTE.slice('(?<byte>'.length, -1)})`), key: 'no-target', values: withByte },
  { pattern: http(String.raw`${BYTE} in the request target`), key: 'in-target', values: withByte },
  { pattern: http(String.raw`expected a three-digit status code after "(?<version>[^"]*) ", found "(?<code>.*)"`), key: 'status-code' },
  { pattern: http(String.raw`${BYTE} after the status code; expected a space`), key: 'after-status', values: withByte },
  { pattern: http(String.raw`${BYTE} in the reason phrase`), key: 'in-reason', values: withByte },
  { pattern: http(String.raw`${BYTE} in a header name`), key: 'in-header-name', values: withByte },
  { pattern: http(String.raw`${BYTE} in a header value \(RFC 9110 5\.5\)`), key: 'in-header-value', values: withByte },
  { pattern: /^the head is not finished within (?<limit>\d+) bytes \(the limit\); refused rather than buffered$/, key: 'too-long' },
  { pattern: /^a bare carriage return \(CR\) not followed by LF \(RFC 9112 2\.2\)$/, key: 'bare-cr' },
  { pattern: /^the message starts with an empty line instead of a status line$/, key: 'empty-first-line' },
  { pattern: /^a line starting with whitespace right after the start line \(RFC 9112 2\.2\); it continues no header$/, key: 'leading-whitespace' },
  { pattern: /^more than (?<limit>\d+) header fields \(the limit\)$/, key: 'too-many-headers' },
  { pattern: /^the request line ends after the method; expected "METHOD target HTTP\/1\.1"$/, key: 'method-only' },
  { pattern: /^the request line has no HTTP version \(an HTTP\/0\.9 request\?\)$/, key: 'no-version' },
  { pattern: /^"(?<version>.*)" is not an HTTP version; expected HTTP\/1\.1$/, key: 'not-a-version' },
  { pattern: /^(?<version>\S+) is not supported here; the WebSocket handshake is HTTP\/1\.1 \(RFC 6455 4\.1\)$/, key: 'unsupported-version' },
  { pattern: /^the header line "(?<line>.*)" has no colon$/, key: 'no-colon' },
  { pattern: /^whitespace between the header name and the colon \(RFC 9112 5\.1 requires a 400\)$/, key: 'space-before-colon' },
  { pattern: /^a header line with an empty name$/, key: 'empty-name' },
  { pattern: /^bare LF line ending on line (?<line>\d+) \(offset (?<offset>\d+)\); HTTP\/1\.1 uses CRLF, but RFC 9112 2\.2 allows a recipient to accept LF$/, key: 'bare-lf' },
  { pattern: /^empty line (?<line>\d+) before the request line was ignored \(RFC 9112 2\.2\)$/, key: 'leading-empty-line' },
  { pattern: /^line (?<line>\d+) folds the "(?<name>[^"]*)" header onto a new line \(obs-fold, RFC 9112 5\.2\); unfolded with a space$/, key: 'obs-fold' },
  { pattern: /^the (?<what>request|response) head never ends$/, key: 'never-ends', values: (g, w) => ({ what: w.word(`httpMessage.${g.what}`, g.what) }) },
];

/** Why a permessage-deflate offer or answer is refused (engine/deflate-negotiation.ts). */
const DEFLATE_PHRASES: readonly Phrase[] = [
  { pattern: /^"(?<name>[^"]*)" is not permessage-deflate$/, key: 'not-deflate' },
  { pattern: /^(?<name>\S+) takes no value \(RFC 7692 7\.1\.1\)$/, key: 'no-value' },
  { pattern: /^it asks the server for a (?<bits>\d+)-bit window, and this server compresses with 9 bits at least$/, key: 'window-too-small' },
  { pattern: /^the server answered with (?<count>\d+) permessage-deflate extensions; exactly one is allowed$/, key: 'several-answers' },
  { pattern: /^the server set client_max_window_bits, which the client did not offer \(RFC 7692 7\.1\.2\.2\)$/, key: 'unoffered-client-bits' },
  { pattern: /^client_max_window_bits in an answer needs a value from 8 to 15 \(RFC 7692 7\.1\.2\.2\)$/, key: 'answer-needs-value' },
  { pattern: /^unknown parameter "(?<name>[^"]*)" \(RFC 7692 7\.1: decline the offer\)$/, key: 'unknown-parameter' },
  { pattern: /^(?<name>\S+) appears twice \(RFC 7692 7\.1: decline the offer\)$/, key: 'twice' },
  { pattern: /^(?<name>\S+) needs a value from 8 to 15 \(RFC 7692 7\.1\.2\)$/, key: 'needs-value' },
  { pattern: /^(?<name>[^=\s]+)=(?<value>\S*) is not a window size from 8 to 15 bits \(RFC 7692 7\.1\.2\)$/, key: 'bad-window' },
];

/** The handshake checks' titles (engine/handshake.ts for the server's, engine/client-handshake.ts for the client's). */
const CHECK_TITLE_PHRASES: readonly Phrase[] = [
  { pattern: /^Method is GET$/, key: 'method' },
  { pattern: /^HTTP\/1\.1 or later$/, key: 'http-version' },
  { pattern: /^Exactly one Host header$/, key: 'host' },
  { pattern: /^Connection includes the "upgrade" token$/, key: 'connection' },
  { pattern: /^Upgrade includes "websocket"$/, key: 'upgrade' },
  { pattern: /^Sec-WebSocket-Version is (?<version>\d+)$/, key: 'websocket-version' },
  { pattern: /^Sec-WebSocket-Key is base64 of 16 bytes$/, key: 'key' },
  { pattern: /^Origin is allowed$/, key: 'origin' },
  { pattern: /^Subprotocol selection$/, key: 'subprotocol' },
  { pattern: /^Extension offers parse$/, key: 'extensions' },
  { pattern: /^Status is 101 Switching Protocols$/, key: 'client-status' },
  { pattern: /^Upgrade is "websocket"$/, key: 'client-upgrade' },
  { pattern: /^Connection includes "upgrade"$/, key: 'client-connection' },
  { pattern: /^Sec-WebSocket-Accept matches the key$/, key: 'client-accept' },
  { pattern: /^Extensions only from those offered$/, key: 'client-extensions' },
  { pattern: /^Subprotocol only from those offered$/, key: 'client-subprotocol' },
];

/** What each check expects. */
const CHECK_EXPECTED_PHRASES: readonly Phrase[] = [
  { pattern: /^HTTP\/1\.1 or higher$/, key: 'http-version' },
  { pattern: /^one Host header with the server's authority \(RFC 9112 3\.2 requires a 400 otherwise\)$/, key: 'host' },
  { pattern: /^Connection listing the token "Upgrade" \(case-insensitive, anywhere in the list, e\.g\. "keep-alive, Upgrade"\)$/, key: 'connection' },
  { pattern: /^Connection listing the token "Upgrade" \(case-insensitive\)$/, key: 'client-connection' },
  { pattern: /^Upgrade: websocket \(case-insensitive\)$/, key: 'upgrade' },
  { pattern: /^Sec-WebSocket-Version: (?<version>\d+); otherwise 426 with "Sec-WebSocket-Version: \d+" naming what the server speaks$/, key: 'websocket-version' },
  { pattern: /^exactly one Sec-WebSocket-Key: 24 base64 characters encoding 16 random bytes$/, key: 'key' },
  { pattern: /^an origin the server's policy allows$/, key: 'origin-custom' },
  { pattern: /^no Origin, or an Origin with the same host and port as Host \(same-origin policy\)$/, key: 'origin' },
  { pattern: /^offered subprotocols are tokens; the server answers with at most one of them$/, key: 'subprotocol' },
  { pattern: /^Sec-WebSocket-Extensions following the 9\.1 grammar; the server accepts any, some or none$/, key: 'extensions' },
  { pattern: /^101; any other status is handled as plain HTTP \(a refusal, a redirect, an authentication request\)$/, key: 'client-status' },
  { pattern: /^Sec-WebSocket-Accept: (?<accept>\S+) \(base64 of SHA-1 of "(?<key>[^"]*)" \+ the GUID\)$/, key: 'client-accept' },
  { pattern: /^a subset of the offered (?<list>.+)$/, key: 'client-extensions' },
  { pattern: /^no Sec-WebSocket-Extensions \(none offered\)$/, key: 'client-extensions-none' },
  { pattern: /^none, or exactly one of (?<list>.+)$/, key: 'client-subprotocol' },
  { pattern: /^no Sec-WebSocket-Protocol \(none offered\)$/, key: 'client-subprotocol-none' },
];

/** The commonest things a check finds; anything else is shown as the engine wrote it (mostly the header itself). */
const CHECK_FOUND_PHRASES: readonly Phrase[] = [
  { pattern: /^no (?<name>[A-Za-z-]+) header$/, key: 'no-header' },
  { pattern: /^(?<count>\d+) (?<name>[A-Za-z-]+) headers: (?<list>.+)$/, key: 'several-headers' },
  { pattern: /^an empty Host header$/, key: 'empty-host' },
  { pattern: /^no Origin header \(not a browser; allowed\)$/, key: 'no-origin' },
  { pattern: /^no Sec-WebSocket-Version header \(a pre-RFC 6455 client, such as hixie-76\?\)$/, key: 'no-version' },
  { pattern: /^Sec-WebSocket-Key: (?<key>\S*) \(16 bytes\)$/, key: 'key-ok' },
  { pattern: /^no subprotocol offered; none chosen$/, key: 'no-subprotocol-offered' },
  { pattern: /^offered (?<offered>.+); chose "(?<chosen>[^"]+)" \(the server's first preference among them\)$/, key: 'subprotocol-chosen' },
  { pattern: /^offered (?<offered>.+); the server speaks (?<speaks>.+), so none is chosen \(the client decides whether to go on\)$/, key: 'subprotocol-none' },
  { pattern: /^no extensions offered$/, key: 'no-extensions-offered' },
  { pattern: /^offered (?<offered>.+); none accepted$/, key: 'extensions-none-accepted' },
  { pattern: /^offered (?<offered>.+); accepted "(?<accepted>.+)"$/, key: 'extensions-accepted' },
  { pattern: /^no subprotocol chosen$/, key: 'no-subprotocol-chosen' },
  { pattern: /^no extensions in use$/, key: 'no-extensions' },
  { pattern: /^the server uses (?<names>.+), which the client did not offer$/, key: 'unoffered-extension' },
];

/** The reserved opcodes' meaning (engine/opcode.ts), the one opcode sentence with a value in it. */
const RESERVED_OPCODE_MEANING = /^reserved for further (?<kind>control|non-control) frames; a receiver must fail the connection$/;

export interface CloseCodeWording {
  name: string;
  meaning: string;
  advice: string;
  source: string;
  range: string;
}

export interface EngineWording {
  /** A problem's or note's message. */
  problem(problem: Problem | Note): string;
  /** A header field's explanation. */
  field(field: FrameField): string;
  /** What a frame cut short still waits for. */
  remainder(waitingFor: string): string;
  /** Why bytes are not UTF-8. */
  utf8Reason(reason: string): string;
  /** A close code's name, meaning, advice, source and range. */
  closeCode(info: CloseCodeInfo): CloseCodeWording;
  closeCodeName(code: number, english: string): string;
  /** A range of RFC 6455 7.4.2, by its English name. */
  closeRange(range: (typeof CLOSE_CODE_RANGES)[number]): { name: string; meaning: string };
  /** An opcode's meaning, by its name (text, ping, reserved-3…). */
  opcodeMeaning(name: string, english: string): string;
  /** Why an HTTP request or response head cannot be read, or what the parser let through and noted. */
  httpError(message: string): string;
  /** Why a permessage-deflate offer is declined or an answer refused. */
  deflateReason(reason: string): string;
  /** Why a frame cannot be built. */
  buildProblem(message: string): string;
  /** Why pasted text is not hex, with where (engine/hex.ts HexError.message). */
  hexError(message: string): string;
  /** A handshake check's title, what it expects and what it found. */
  handshakeCheck(check: HandshakeCheck): { title: string; expected: string; found: string };
  /**
   * Why a handshake failed, as the engine says it: "<title>: found …;
   * expected … (RFC 6455 …)" of the first failing check among `checks`.
   */
  handshakeFailure(reason: string, checks: readonly HandshakeCheck[]): string;
  /** A word of the engine's vocabulary under engine.words. */
  word(key: string, english: string, values?: Groups): string;
}

export function engineWording(t: TFunction): EngineWording {
  const translate = (english: string, phrases: readonly Phrase[], prefix: string): string => {
    for (const phrase of phrases) {
      const match = phrase.pattern.exec(english);
      if (!match) continue;
      const groups: Groups = { ...match.groups };
      return t(`engine.${prefix}.${phrase.key}`, { ...(phrase.values ? phrase.values(groups, wording) : groups), defaultValue: english });
    }
    return english;
  };

  const wording: EngineWording = {
    problem: (problem) => translate(problem.message, PROBLEM_PHRASES[problem.kind] ?? [], 'problems'),
    field: (field) => translate(field.meaning, FIELD_PHRASES, 'fields'),
    remainder: (waitingFor) => translate(waitingFor, REMAINDER_PHRASES, 'remainder'),
    utf8Reason: (reason) => translate(reason, UTF8_PHRASES, 'utf8'),
    closeCode: (info) => {
      const registered = `engine.closeCodes.${info.code}`;
      const range = CLOSE_CODE_RANGES.find((r) => info.code >= r.from && info.code <= r.to);
      const rangeName = range ? `${range.from}–${range.to} ${wording.closeRange(range).name}` : word(t, 'engine.closeCodeOutside', info.range);
      if (REGISTERED.has(info.code)) {
        return {
          name: word(t, `${registered}.name`, info.name),
          meaning: word(t, `${registered}.meaning`, info.meaning),
          advice: word(t, `${registered}.advice`, info.advice),
          source: closeCodeSource(t, info.source),
          range: rangeName,
        };
      }
      // Codes with no entry of their own: the engine describes them by their range.
      const kind = range?.name === 'Registered' ? 'registered' : range?.name === 'Private' ? 'private' : range ? 'undefined' : 'outside';
      const rangeMeaning = range ? wording.closeRange(range).meaning : '';
      return {
        name: t(`engine.closeCodeByRange.${kind}.name`, { range: range ? wording.closeRange(range).name : '', defaultValue: info.name }),
        meaning: kind === 'undefined' ? rangeMeaning || info.meaning : word(t, `engine.closeCodeByRange.${kind}.meaning`, info.meaning),
        advice: word(t, `engine.closeCodeByRange.${kind}.advice`, info.advice),
        source: closeCodeSource(t, info.source),
        range: rangeName,
      };
    },
    closeCodeName: (code, english) => word(t, `engine.closeCodes.${code}.name`, english),
    closeRange: (range) => ({
      name: word(t, `engine.closeRanges.${range.name}.name`, range.name),
      meaning: word(t, `engine.closeRanges.${range.name}.meaning`, range.meaning),
    }),
    opcodeMeaning: (name, english) => {
      const reserved = RESERVED_OPCODE_MEANING.exec(english);
      if (reserved) return t('engine.opcodes.reserved', { kind: word(t, `engine.words.frameKind.${reserved.groups!.kind}`, reserved.groups!.kind), defaultValue: english });
      return word(t, `engine.opcodes.${name}`, english);
    },
    httpError: (message) => translate(message, HTTP_PHRASES, 'http'),
    deflateReason: (reason) => translate(reason, DEFLATE_PHRASES, 'deflate'),
    buildProblem: (message) => translate(message, BUILD_PHRASES, 'build'),
    hexError: (message) => {
      const where = /^(?<what>.+) at line (?<line>\d+), column (?<column>\d+)$/s.exec(message);
      if (!where) return message;
      const what = translate(where.groups!.what, HEX_ERROR_PHRASES, 'hex');
      if (what === where.groups!.what) return message;
      return t('engine.hex.where', { what, line: where.groups!.line, column: where.groups!.column, defaultValue: message });
    },
    handshakeCheck: (check) => ({
      title: translate(check.title, CHECK_TITLE_PHRASES, 'handshake.titles'),
      expected: translate(check.expected, CHECK_EXPECTED_PHRASES, 'handshake.expected'),
      found: translate(check.found, CHECK_FOUND_PHRASES, 'handshake.found'),
    }),
    handshakeFailure: (reason, checks) => {
      const failed = checks.find((check) => !check.passed && reason === `${check.title}: found ${check.found}; expected ${check.expected} (RFC 6455 ${check.rfc})`);
      if (!failed) return reason;
      const { title, expected, found } = wording.handshakeCheck(failed);
      return t('engine.handshake.failure', { title, found, expected, rfc: failed.rfc, defaultValue: reason });
    },
    word: (key, english, values = {}) => t(`engine.words.${key}`, { ...values, defaultValue: english }),
  };
  return wording;
}

/** Where a close code is defined: RFC sections stay as they are; IANA's registry and the note on 1011 are words. */
function closeCodeSource(t: TFunction, source: string): string {
  return source
    .replace('IANA WebSocket Close Code Number Registry', (english) => word(t, 'engine.closeSources.iana', english))
    .replace('(widened to either endpoint by IANA)', (english) => word(t, 'engine.closeSources.widened', english));
}

/** The engine's wording in the language the interface is read in; re-made when the language changes. */
export function useEngineWording(): EngineWording {
  const { t, i18n } = useTranslation();
  return useMemo(() => engineWording(t), [t, i18n.language]);
}

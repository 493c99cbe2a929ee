// The Captures view's sentences that are not the view's own: the notes the
// engine's capture reader writes about a file and about how a
// conversation's bytes were put back together (gaps, retransmissions,
// a missing SYN, where frames start and stop, what a HAR file could not
// keep), each conversation's one-line description, and what the capture
// worker says of the file. engine/ writes them in English, once, for the
// server and the CLI too; here they are put into the interface's language
// as engine-wording.ts does for the decoder: each family of sentences is
// matched by the pattern the engine writes it with, its values (offsets,
// lengths, packet numbers, endpoints) are read out of the English and put
// into the catalog's sentence (captures-zh.ts, under `captures.engine`,
// Chinese only). A sentence no pattern matches is shown in the engine's
// English rather than wrongly; tests/ui/captures-wording.test.ts produces
// every kind of note through the engine and checks each one has its
// Chinese with its values intact.

import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureNote, CaptureNoteKind } from '../../../../engine/capture';
import { engineWording, type EngineWording } from '../../i18n/engine-wording';

type Groups = Record<string, string>;

interface Helpers {
  /** A word of the view's capture vocabulary (captures.engine.words). */
  word(key: string, english: string, values?: Groups): string;
  /** "packet #12", "a packet", "an earlier packet". */
  packet(english: string): string;
  /** "client" or "server", as the owner of a stream. */
  who(direction: string): string;
  engine: EngineWording;
  /** A sentence of another family, by its table. */
  again(english: string, phrases: readonly Phrase[], prefix: string): string;
}

/** One family of sentences: the pattern they are written with, and the key of their translation. */
export interface Phrase {
  pattern: RegExp;
  key: string;
  values?: (groups: Groups, w: Helpers) => Groups;
}

const withWho = (g: Groups, w: Helpers): Groups => ({ ...g, who: w.who(g.direction) });

const BODY_WORDS: Record<string, string> = {
  'chunked (Transfer-Encoding)': 'bodyChunked',
  'read-until-close (no Content-Length)': 'bodyUntilClose',
  'malformed Content-Length': 'bodyMalformed',
};
const body = (g: Groups, w: Helpers): Groups => ({ ...g, body: BODY_WORDS[g.body] ? w.word(BODY_WORDS[g.body], g.body) : g.body });

/** Why a packet could not be read down to TCP (engine/capture/link-layer.ts, ip-layer.ts, tcp-header.ts, packet-layers.ts). */
export const PACKET_REASON_PHRASES: readonly Phrase[] = [
  {
    pattern: /^an IPv(?<version>[46]) fragment \(identification (?<identification>\d+), offset (?<offset>\d+)(?<more>, more follow|, the last)\): fragments are not reassembled, so its bytes are missing from the stream$/,
    key: 'fragment',
    values: (g, w) => ({ ...g, more: g.more === ', more follow' ? w.word('moreFragments', g.more) : w.word('lastFragment', g.more) }),
  },
  { pattern: /^an IPv4 header is at least 20 bytes and (?<count>\d+) arrived$/, key: 'ipv4-short' },
  { pattern: /^the IPv4 header's version field is (?<version>\d+)$/, key: 'ipv4-version' },
  { pattern: /^the IPv4 header length \(IHL\) is (?<words>[\d.]+) words, less than the minimum 5 \(RFC 791 3\.1\)$/, key: 'ipv4-ihl' },
  { pattern: /^the IPv4 header claims (?<length>\d+) bytes and (?<count>\d+) arrived$/, key: 'ipv4-claims' },
  { pattern: /^the IPv4 total length (?<total>\d+) is shorter than its own header \((?<header>\d+)\)$/, key: 'ipv4-total' },
  { pattern: /^an IPv6 header is 40 bytes and (?<count>\d+) arrived$/, key: 'ipv6-short' },
  { pattern: /^the IPv6 header's version field is (?<version>\d+)$/, key: 'ipv6-version' },
  { pattern: /^the packet ends inside the IPv6 (?<name>.+) extension header$/, key: 'ipv6-extension' },
  { pattern: /^an IPv6 Encapsulating Security Payload \(ESP\) header: what follows is encrypted$/, key: 'ipv6-esp' },
  { pattern: /^link type (?<type>\d+) is not one this reader knows \(Ethernet, Linux cooked v1\/v2, BSD loopback, raw IP\)$/, key: 'link-unknown' },
  { pattern: /^an Ethernet header is 14 bytes and the packet has (?<count>\d+)$/, key: 'ethernet-short' },
  { pattern: /^the packet ends inside an 802\.1Q VLAN tag$/, key: 'vlan-cut' },
  { pattern: /^0x(?<value>[0-9a-f]+) is an IEEE 802\.3 length, not an EtherType: not an Ethernet II frame$/, key: 'ieee-802-3' },
  { pattern: /^a Linux cooked v(?<version>\d) header is (?<length>\d+) bytes and the packet has (?<count>\d+)$/, key: 'sll-short' },
  { pattern: /^a loopback header is 4 bytes and the packet has (?<count>\d+)$/, key: 'loopback-short' },
  { pattern: /^an empty raw IP packet$/, key: 'raw-empty' },
  { pattern: /^a raw IP packet whose version field is (?<version>\d+), not 4 or 6$/, key: 'raw-version' },
  { pattern: /^a TCP header is at least 20 bytes and (?<count>\d+) arrived$/, key: 'tcp-short' },
  { pattern: /^the TCP data offset is (?<words>[\d.]+) words, less than the minimum 5 \(RFC 9293 3\.1\)$/, key: 'tcp-offset' },
  { pattern: /^the TCP header claims (?<length>\d+) bytes and (?<count>\d+) arrived$/, key: 'tcp-claims' },
  { pattern: /^no Ethernet, Linux cooked, loopback or raw IP header leads to an IPv4 or IPv6 header carrying TCP here$/, key: 'no-layer' },
];

/** Why a pcap or pcapng file stops being readable (engine/capture/pcap-format.ts, pcapng-format.ts), before "(at byte N)". */
export const FILE_ERROR_PHRASES: readonly Phrase[] = [
  { pattern: /^a packet record claims (?<count>\d+) captured bytes, more than (?<max>\d+): the file is damaged from here on$/, key: 'record-too-big' },
  { pattern: /^the file does not start with a pcapng Section Header Block$/, key: 'no-section' },
  { pattern: /^an Interface Description Block is too short for its fields$/, key: 'idb-short' },
  { pattern: /^block type 0x(?<type>[0-9a-f]+) has a total length of (?<length>\d+), not a multiple of 4 of at least 12: the file is damaged from here on$/, key: 'block-length' },
  { pattern: /^block type 0x(?<type>[0-9a-f]+) claims (?<length>\d+) bytes, more than (?<max>\d+): the file is damaged from here on$/, key: 'block-too-big' },
  { pattern: /^a Section Header Block's byte-order magic is 0x(?<magic>[0-9a-f]+), not 0x1a2b3c4d in either order$/, key: 'section-magic' },
  { pattern: /^a Section Header Block of (?<length>\d+) bytes is too short$/, key: 'section-short' },
  { pattern: /^pcapng version (?<major>\d+) is not 1: this reader does not know it$/, key: 'pcapng-version' },
  { pattern: /^an Enhanced Packet Block is too short for its fields$/, key: 'epb-short' },
  { pattern: /^an Enhanced Packet Block claims (?<count>\d+) captured bytes and has room for (?<room>-?\d+)$/, key: 'epb-claims' },
  { pattern: /^a Simple Packet Block is too short for its length field$/, key: 'spb-short' },
  { pattern: /^a Packet Block is too short for its fields$/, key: 'pb-short' },
  { pattern: /^a packet names interface (?<id>\d+), and the section describes (?<count>\d+)$/, key: 'no-interface' },
];

/** Why a HAR entry gives no session (engine/capture/har-sessions.ts), after "entry N: ". */
const HAR_ENTRY_PHRASES: readonly Phrase[] = [
  { pattern: /^"(?<url>.*)" is not a ws:\/\/ or wss:\/\/ URL$/s, key: 'not-ws-url' },
  { pattern: /^its handshake cannot be written as HTTP\/1\.1: (?<reason>.*)$/s, key: 'unwritable', values: (g, w) => ({ reason: w.engine.httpError(g.reason) }) },
  { pattern: /^its handshake does not read as a WebSocket upgrade$/, key: 'not-upgrade' },
];

/** What a file that could not be read as a saved session says (session-document.ts), or as JSON at all. */
const FILE_PHRASES: readonly Phrase[] = [
  { pattern: /^the input \((?<count>\d+) bytes\) is too short to be a pcap or pcapng file$/, key: 'too-short' },
  {
    pattern: /^the file ends inside a (?<what>packet record|block): its last (?<count>\d+) bytes are not read$/,
    key: 'file-ends-inside',
    values: (g, w) => ({ ...g, what: g.what === 'block' ? w.word('block', g.what) : w.word('packetRecord', g.what) }),
  },
  { pattern: /^(?<count>\d+) pcapng blocks? of type 0x(?<type>[0-9a-f]+) skipped by their length \(not packets\)$/, key: 'skipped-blocks' },
  { pattern: /^the input is neither pcap \(magic a1b2c3d4 or a1b23c4d, either byte order\) nor pcapng \(0a0d0d0a\)$/, key: 'not-capture' },
  { pattern: /^(?<error>.+) \(at byte (?<at>\d+)\)$/s, key: 'at-byte', values: (g, w) => ({ ...g, error: w.again(g.error, FILE_ERROR_PHRASES, 'fileErrors') }) },
  { pattern: /^not JSON: (?<reason>.*)$/s, key: 'not-json' },
  { pattern: /^not a HAR file: no log\.entries list$/, key: 'not-har' },
  { pattern: /^entry (?<entry>\d+): (?<reason>.*)$/s, key: 'har-entry', values: (g, w) => ({ ...g, reason: w.again(g.reason, HAR_ENTRY_PHRASES, 'harEntry') }) },
  { pattern: /^none of the (?<count>\d+) entries has _webSocketMessages: export the HAR from Chrome's Network panel with the WebSocket connections in it$/, key: 'har-none' },
  { pattern: /^not a saved session: its "format" is not "(?<format>.*)"$/, key: 'not-saved-session' },
  { pattern: /^a saved session of version (?<version>.*), which this explorer does not read \(it reads version (?<reads>\d+)\)$/, key: 'saved-version' },
  { pattern: /^a saved session without its two endpoints$/, key: 'saved-endpoints' },
  { pattern: /^a saved session missing its chunks, ends, frame starts or notes$/, key: 'saved-missing' },
  { pattern: /^chunk (?<chunk>\d+) is not a chunk \(from, offset, hex\)$/, key: 'saved-chunk' },
  { pattern: /^a (?<direction>client|server) chunk at offset (?<offset>\d+) is not hex$/, key: 'saved-hex', values: withWho },
  { pattern: /^the (?<direction>client|server)'s chunks overlap at offset (?<offset>\d+): a saved session holds each byte once$/, key: 'saved-overlap', values: withWho },
];

/** Packets the reader could not place in a conversation: one by one, then counted. */
const PACKET_PHRASES: readonly Phrase[] = [
  {
    pattern: /^packet #(?<number>\d+)(?: \((?<source>\S+) → (?<destination>\S+)\))?: (?<reason>.+)$/s,
    key: 'packet',
    values: (g, w) => ({
      number: g.number,
      where: g.source ? w.word('route', ` (${g.source} → ${g.destination})`, { source: g.source, destination: g.destination }) : '',
      reason: w.again(g.reason, PACKET_REASON_PHRASES, 'packetReasons'),
    }),
  },
  {
    pattern: /^(?<count>\d+) more packets like the ones above \((?<kind>[a-z-]+)\) are not listed one by one$/,
    key: 'more-packets',
    values: (g, w) => ({ ...g, kind: w.word(`noteKinds.${g.kind}`, g.kind) }),
  },
];

/** The notes about a file and a conversation, by the engine's kind of note (engine/capture/capture-model.ts CaptureNoteKind). */
export const NOTE_PHRASES: Record<CaptureNoteKind, readonly Phrase[]> = {
  gap: [
    {
      pattern: /^(?<missing>\d+) bytes? missing at offset (?<from>\d+) to (?<to>\d+): no captured packet carried them(?: \(between packet #(?<before>\d+) and packet #(?<after>\d+)\)| \(before packet #(?<next>\d+)\))?(?:; packet #(?<cut>\d+) was cut short by the capture's snap length)?$/,
      key: 'gap',
      values: (g, w) => ({
        missing: g.missing,
        from: g.from,
        to: g.to,
        between: g.before ? w.word('betweenPackets', '', { before: g.before, after: g.after }) : g.next ? w.word('beforePacket', '', { next: g.next }) : '',
        cut: g.cut ? w.word('cutShortThen', '', { cut: g.cut }) : '',
      }),
    },
    {
      pattern: /^the last (?<missing>\d+) bytes? \(offset (?<from>\d+) to (?<to>\d+)\) were sent but not captured(?: \(packet #(?<cut>\d+) was cut short by the capture's snap length\))?$/,
      key: 'gap-at-end',
      values: (g, w) => ({ ...g, cut: g.cut ? w.word('cutShortAside', '', { cut: g.cut }) : '' }),
    },
    { pattern: /^(?<count>\d+) bytes? came with sequence numbers before the stream's first byte and are left out$/, key: 'before-start' },
    // Written by session-export.ts into a live session saved with frames the tap or the page let go.
    { pattern: /^some of this live session's frames were not kept by the tap or by the page \(memory is bounded\): their bytes are missing here$/, key: 'live-dropped' },
  ],
  conflict: [
    {
      pattern: /^(?<packet>packet #\d+|a packet) carries offset (?<from>\d+) to (?<to>\d+) again, and (?<differing>\d+) of those (?<count>\d+) bytes differ from the ones (?<earlier>packet #\d+|an earlier packet) carried \(first at offset (?<offset>\d+)\): the first ones are kept, the others shown nowhere$/,
      key: 'conflict',
      values: (g, w) => ({ ...g, packet: w.packet(g.packet), earlier: w.packet(g.earlier) }),
    },
    { pattern: /^(?<count>\d+) more segments repeated bytes with different values \(not listed one by one\); the first ones are kept$/, key: 'conflict-more' },
  ],
  retransmission: [
    { pattern: /^(?<segments>\d+) segments? repeated (?<bytes>\d+) bytes? already received, identically: each byte is kept once$/, key: 'retransmission' },
  ],
  'start-missing': [
    {
      pattern: /^no SYN from (?<address>.+) port (?<port>\d+) was captured: its offsets count from the first byte the capture saw \(sequence number (?<sequence>\d+)\), which may be in the middle of something$/,
      key: 'no-syn',
    },
    { pattern: /^the capture has no SYN for this connection: (?<client>\S+) is taken for the client because its port is the higher \(clients use ephemeral ports\)$/, key: 'client-by-port' },
    { pattern: /^the caller named (?<client>\S+) the client$/, key: 'client-named' },
  ],
  fragment: PACKET_PHRASES,
  'truncated-packet': [
    { pattern: /^(?<count>\d+) packets? (?:was|were) cut short by the capture's snap length: their missing bytes show as gaps$/, key: 'cut-short' },
  ],
  'unreadable-packet': PACKET_PHRASES,
  'tcp-ending': [
    {
      pattern: /^(?<packet>packet #\d+|a packet) is a SYN with another initial sequence number \((?<sequence>\d+)\) in the same connection: ignored$/,
      key: 'second-syn',
      values: (g, w) => ({ ...g, packet: w.packet(g.packet) }),
    },
    { pattern: /^the connection was reset \(RST\)$/, key: 'reset' },
    { pattern: /^(?<count>\d+) bytes came after the FIN's place in the stream \(offset (?<offset>\d+)\); RFC 9293 3\.10\.7\.4 has a receiver ignore them$/, key: 'after-fin' },
  ],
  tls: [],
  http: [
    { pattern: /^an HTTP request head starts at offset (?<at>\d+) and the captured stream ends before its blank line$/, key: 'request-unfinished' },
    { pattern: /^what follows the request at offset (?<at>\d+) is not an HTTP request: (?<reason>.+)$/s, key: 'not-request', values: (g, w) => ({ ...g, reason: w.engine.httpError(g.reason) }) },
    {
      pattern: /^the request at offset (?<at>\d+) has a (?<body>.+) body, which this reader does not walk past: later requests on the connection are not looked at$/,
      key: 'request-body',
      values: body,
    },
    {
      pattern: /^the server's stream was not captured from its start \(first byte at offset (?<offset>\d+)\): its answer to the upgrade is not known$/,
      key: 'server-start-missing',
    },
    { pattern: /^the server sent nothing the capture saw: no answer to the upgrade$/, key: 'server-silent' },
    { pattern: /^no answer to the upgrade found: at offset (?<at>\d+), the captured stream ends inside a response head$/, key: 'answer-cut' },
    {
      pattern: /^no answer to the upgrade found: at offset (?<at>\d+), not an HTTP response: (?<reason>.+)$/s,
      key: 'answer-not-http',
      values: (g, w) => ({ ...g, reason: w.engine.httpError(g.reason) }),
    },
    {
      pattern: /^the response at offset (?<at>\d+) has a (?<body>.+) body, which this reader does not walk past: the answer to the upgrade is not found$/,
      key: 'response-body',
      values: body,
    },
    { pattern: /^the server's captured stream ends before its answer to the upgrade$/, key: 'server-ends-early' },
    { pattern: /^(?<count>\d+) ordinary HTTP requests? came first on this connection$/, key: 'earlier-requests' },
    { pattern: /^the server refused the upgrade with (?<status>\d+)(?<reason> .*)?$/s, key: 'refused', values: (g) => ({ status: g.status, reason: g.reason ?? '' }) },
    {
      pattern: /^the 101 names permessage-deflate with parameters that do not read \((?<reason>.+)\); messages are decoded as if it were agreed with its defaults$/s,
      key: 'deflate-unreadable',
      values: (g, w) => ({ reason: w.engine.deflateReason(g.reason) }),
    },
  ],
  rebuilt: [
    {
      pattern: /^rebuilt from HAR: the handshake and one frame per message are built from what DevTools recorded, not captured; the client's masking keys are chosen here, not the browser's$/,
      key: 'har-rebuilt',
    },
    { pattern: /^the URL is (?<scheme>\S+):\/\/: on the wire these bytes were inside TLS$/, key: 'har-tls' },
    {
      pattern: /^permessage-deflate was agreed \(RFC 7692\): HAR keeps each message inflated, so it is rebuilt uncompressed, RSV1 clear, as RFC 7692 6 lets a sender do; the compressed bytes are not known$/,
      key: 'har-deflate',
    },
    { pattern: /^message (?<message>\d+) has type "(?<type>.*)", neither send nor receive: left out$/, key: 'har-message-type' },
    { pattern: /^HAR lists data messages only: pings, pongs and the closing handshake are not in it$/, key: 'har-data-only' },
    {
      pattern: /^the (?<which>request|response) header "(?<name>.*)" cannot be written in an HTTP\/1\.1 head: left out$/,
      key: 'har-header',
      values: (g, w) => ({ ...g, which: w.word(g.which, g.which) }),
    },
    { pattern: /^message (?<message>\d+) \(opcode (?<opcode>.*)\) is not base64 \((?<reason>.*)\): its text is used as the payload$/s, key: 'har-not-base64' },
  ],
  frames: [
    {
      pattern: /^the (?<direction>client|server)'s frames are decoded from offset (?<offset>\d+), where the caller said they start(?<unknown> \(the handshake was not captured, so permessage-deflate and subprotocol are not known from it\))?$/,
      key: 'decoded-from',
      values: (g, w) => ({ ...withWho(g, w), unknown: g.unknown ? w.word('handshakeUnknown', g.unknown) : '' }),
    },
    {
      pattern: /^the (?<direction>client|server)'s frame at offset (?<at>\d+) runs into a gap in the capture \((?<needed>\d+) more bytes needed\); after the gap, frames are decoded only from where the caller says one starts \(a FrameStart\), since that cannot be known$/,
      key: 'runs-into-gap',
      values: withWho,
    },
    {
      pattern: /^the (?<direction>client|server)'s stream ends inside a frame at offset (?<at>\d+): waiting for (?<waiting>.+)$/s,
      key: 'ends-inside',
      values: (g, w) => ({ ...withWho(g, w), waiting: w.engine.remainder(g.waiting) }),
    },
    {
      pattern: /^the (?<direction>client|server)'s frames stop at offset (?<offset>\d+), where the capture has a gap; a frame may start anywhere after it, so decoding resumes only where the caller says \(a FrameStart\)$/,
      key: 'stop-at-gap',
      values: withWho,
    },
  ],
  file: FILE_PHRASES,
};

/** What a conversation is, after "client → server: " (engine/capture/websocket-session.ts readConversation). */
const DESCRIPTION_PHRASES: readonly Phrase[] = [
  {
    pattern: /^TLS \((?<version>\S+ [\d.]+) (?<type>\S+) record first\): encrypted, so its WebSocket frames, if any, cannot be decoded here$/,
    key: 'tls',
  },
  { pattern: /^no bytes either way$/, key: 'empty' },
  { pattern: /^HTTP without a WebSocket upgrade \((?<count>\d+) requests?\)$/, key: 'http' },
  { pattern: /^(?<client>\d+) bytes from the client, (?<server>\d+) from the server; not HTTP, not TLS$/, key: 'other' },
  {
    pattern: /^(?:WebSocket upgrade (?<method>\S+) (?<target>.+?)|WebSocket frames from where the caller said)(?:, answered (?<status>\d+)|(?<unanswered>, no answer captured))?; (?<frames>\d+) frames?$/s,
    key: 'websocket',
    values: (g, w) => ({
      frames: g.frames,
      what: g.method ? w.word('upgrade', '', { method: g.method, target: g.target }) : w.word('framesFromCaller', ''),
      answer: g.status ? w.word('answered', '', { status: g.status }) : g.unanswered ? w.word('unanswered', '') : '',
    }),
  },
];

/** A HAR session's description (capture-listing.ts summariseHarSession): there is no TCP conversation. */
const HAR_DESCRIPTION: Phrase = { pattern: /^(?<server>\S+): WebSocket (?<target>.+), rebuilt from HAR; (?<frames>\d+) frames?$/s, key: 'har' };

/** Where a saved session came from, as the explorer wrote it into the file (capture-workspace.ts, session-export.ts). */
const ORIGIN_PHRASES: readonly Phrase[] = [
  { pattern: /^captured in (?<file>.+)$/s, key: 'captured' },
  { pattern: /^rebuilt from (?<file>.+)$/s, key: 'rebuilt' },
  { pattern: /^live session (?<id>\S+) \((?<target>.*)\) on the explorer's server$/s, key: 'live' },
  {
    pattern: /^simulation "(?<scenario>.*)": the explorer's two endpoints back to back, the bytes exactly as each side wrote them; times are only their order, a millisecond apart$/s,
    key: 'simulation',
  },
];

/** What the file is, as the capture worker says it (capture-workspace.ts). */
const ABOUT_PHRASES: readonly Phrase[] = [
  { pattern: /^(?<packets>[\d,]+) packets?$/, key: 'packets' },
  { pattern: /^not a capture file$/, key: 'not-capture' },
  { pattern: /^a HAR file: (?<entries>[\d,]+) entr(?:y|ies), (?<sessions>\d+) WebSocket sessions?$/, key: 'har' },
  { pattern: /^a session saved by the explorer: (?<origin>.*)$/s, key: 'saved', values: (g, w) => ({ origin: w.again(g.origin, ORIGIN_PHRASES, 'origins') }) },
];

/** Why the capture worker could not do what the page asked (capture-workspace.ts, capture-feed.ts). */
const REASON_PHRASES: readonly Phrase[] = [
  { pattern: /^another file was opened while this one was read$/, key: 'superseded' },
  { pattern: /^the capture reader gave no listing$/, key: 'no-listing' },
  { pattern: /^the capture reader sent no session$/, key: 'no-session' },
  { pattern: /^the capture reader did not read the conversation again$/, key: 'not-reread' },
  { pattern: /^the capture reader saved nothing$/, key: 'not-saved' },
  { pattern: /^no captured conversation (?<id>\S+) to decode frames in$/, key: 'no-conversation' },
  { pattern: /^(?<id>\S+) is not a WebSocket session of the open file$/, key: 'not-a-session' },
];

/** The catalog section these sentences' Chinese is in; English has none: it is the engine's own sentence. */
const CHINESE_ONLY = 'captures.engine';

export interface CaptureWording {
  /** A note about the file or about a conversation's bytes. */
  note(note: CaptureNote): string;
  /** A conversation's one-line description. */
  description(english: string): string;
  /** What the file is (the listing's `about`). */
  about(english: string): string;
  /** Why reading, showing or saving failed. */
  reason(english: string): string;
}

export function captureWording(t: TFunction): CaptureWording {
  const engine = engineWording(t);
  const translate = (english: string, phrases: readonly Phrase[], prefix: string): string => {
    for (const phrase of phrases) {
      const match = phrase.pattern.exec(english);
      if (!match) continue;
      const groups: Groups = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) groups[name] = value;
      return t(`${CHINESE_ONLY}.${prefix}.${phrase.key}`, { ...(phrase.values ? phrase.values(groups, helpers) : groups), defaultValue: english });
    }
    return english;
  };
  const word = (key: string, english: string, values: Groups = {}) => t(`${CHINESE_ONLY}.words.${key}`, { ...values, defaultValue: english });
  const helpers: Helpers = {
    word,
    packet: (english) => {
      const numbered = /^packet #(?<number>\d+)$/.exec(english);
      if (numbered) return word('packet', english, { number: numbered.groups!.number });
      return word(english === 'a packet' ? 'aPacket' : 'earlierPacket', english);
    },
    who: (direction) => word(`who.${direction}`, direction),
    engine,
    again: translate,
  };
  return {
    note: (note) => translate(note.message, NOTE_PHRASES[note.kind] ?? [], 'notes'),
    description: (english) => {
      const har = HAR_DESCRIPTION.pattern.exec(english);
      if (har) return t(`${CHINESE_ONLY}.descriptions.har`, { ...har.groups, defaultValue: english });
      const between = /^(?<client>\S+) → (?<server>\S+): (?<text>.*)$/s.exec(english);
      if (!between) return english;
      const text = translate(between.groups!.text, DESCRIPTION_PHRASES, 'descriptions');
      if (text === between.groups!.text) return english;
      return t(`${CHINESE_ONLY}.descriptions.between`, { client: between.groups!.client, server: between.groups!.server, text, defaultValue: english });
    },
    about: (english) => {
      const about = translate(english, ABOUT_PHRASES, 'about');
      return about !== english ? about : translate(english, FILE_PHRASES, 'notes');
    },
    reason: (english) => {
      const reason = translate(english, REASON_PHRASES, 'reasons');
      return reason !== english ? reason : translate(english, FILE_PHRASES, 'notes');
    },
  };
}

/** The capture wording in the language the interface is read in; re-made when the language changes. */
export function useCaptureWording(): CaptureWording {
  const { t, i18n } = useTranslation();
  return useMemo(() => captureWording(t), [t, i18n.language]);
}

/** Every table by the catalog section its keys are in (captures.engine.<section>), for the test that each has its Chinese. */
export const PHRASE_TABLES: Record<string, readonly Phrase[]> = {
  notes: [...new Set(Object.values(NOTE_PHRASES).flat())],
  packetReasons: PACKET_REASON_PHRASES,
  fileErrors: FILE_ERROR_PHRASES,
  harEntry: HAR_ENTRY_PHRASES,
  descriptions: [...DESCRIPTION_PHRASES, HAR_DESCRIPTION],
  about: ABOUT_PHRASES,
  origins: ORIGIN_PHRASES,
  reasons: REASON_PHRASES,
};

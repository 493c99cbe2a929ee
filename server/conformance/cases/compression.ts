// Categories 12 and 13, permessage-deflate (RFC 7692), in the spirit of
// Autobahn's: permessage-deflate negotiated, then compressed messages of
// growing size echoed back, whole or split into frames (RSV1 on the first
// frame only), with the window carried from message to message or not.
//
// 12.N: five kinds of payload (generated: JSON, a bitmap, German prose,
// HTML, incompressible bytes) with the plain offer. 13.N: one payload (the
// JSON) with the offers Autobahn's 13.1–13.7 make, asking the server for no
// context takeover and smaller windows. Autobahn runs 18 sizes with 1000
// messages each; here 8 sizes from its list (12.N.1 is 16 units … 12.N.6 is
// 128 KiB; 12.N.7 and 12.N.8 split each compressed message into frames of
// 256 and 4096 octets) with 2 messages each: enough for the second message
// to lean on the window the first left (context takeover), in a few seconds.
//
// A server that declines permessage-deflate (it is optional) makes these
// cases `unsupported`.

import type { CaseDefinition, DataOpcode } from '../case-model';
import { CORPUS_DESCRIPTIONS, type CorpusName, corpus, corpusSlices } from '../payloads';
import { RFC } from '../rfc-text';
import { CLOSE_NORMALLY, Opcode, answers, defineCases, message } from './build';

export const MESSAGES_PER_CASE = 2;

/** From Autobahn's MSG_SIZES: message size, and the frame size the client splits each compressed message into (0: one frame). */
const MESSAGE_SIZES: ReadonlyArray<[size: number, fragmentSize: number]> = [
  [16, 0], [256, 0], [4096, 0], [16384, 0], [65536, 0], [131072, 0], [16384, 256], [131072, 4096],
];

const PAYLOADS: CorpusName[] = ['json', 'bitmap', 'german', 'html', 'noise'];

/** Autobahn's 13.1–13.7 client offers: (server_no_context_takeover requested, server_max_window_bits requested). */
const OFFERS: Array<{ offer: string; words: string; rfc: typeof RFC[keyof typeof RFC][] }> = [
  { offer: 'permessage-deflate', words: 'the plain offer', rfc: [] },
  { offer: 'permessage-deflate; server_no_context_takeover', words: 'asking the server to reset its window for every message', rfc: [RFC.serverNoContextTakeover] },
  { offer: 'permessage-deflate; server_max_window_bits=9', words: 'asking the server for a 9-bit window', rfc: [RFC.serverMaxWindowBits] },
  { offer: 'permessage-deflate; server_max_window_bits=15', words: 'asking the server for a window of at most 15 bits', rfc: [RFC.serverMaxWindowBits] },
  { offer: 'permessage-deflate; server_no_context_takeover; server_max_window_bits=9', words: 'asking for no context takeover and a 9-bit window', rfc: [RFC.serverNoContextTakeover, RFC.serverMaxWindowBits] },
  { offer: 'permessage-deflate; server_no_context_takeover; server_max_window_bits=15', words: 'asking for no context takeover and a window of at most 15 bits', rfc: [RFC.serverNoContextTakeover, RFC.serverMaxWindowBits] },
  {
    offer: 'permessage-deflate; server_no_context_takeover; server_max_window_bits=9, permessage-deflate; server_no_context_takeover, permessage-deflate',
    words: 'three offers, most demanding first; the server accepts any one of them',
    rfc: [RFC.serverNoContextTakeover, RFC.serverMaxWindowBits],
  },
];

function sizeWords(size: number, fragmentSize: number, unit: string): string {
  return `${MESSAGES_PER_CASE} messages of ${size} ${unit}${fragmentSize ? `, each compressed message split into frames of ${fragmentSize} octets` : ''}`;
}

function compressionCase(id: string, name: CorpusName, offer: string, offerWords: string, size: number, fragmentSize: number, extraRfc: CaseDefinition['rfc']): CaseDefinition {
  const source = () => corpus(name);
  const opcode: DataOpcode = name === 'bitmap' || name === 'noise' ? Opcode.Binary : Opcode.Text;
  const unit = opcode === Opcode.Text ? 'characters' : 'octets';
  return {
    id,
    description: `Offer ${offerWords} (${offer}); send ${sizeWords(size, fragmentSize, unit)} from ${CORPUS_DESCRIPTIONS[name]}, compressed.`,
    rfc: [RFC.compress, RFC.compressedBit, ...extraRfc],
    expectation: 'The server accepts permessage-deflate with an answer that follows from the offer (RFC 7692 7.1), and echoes every message as sent, compressed or not, each inflating on its own or with the window before it as agreed. Clean close with normal code.',
    compression: { offer },
    timeoutMs: 15_000,
    script: () => {
      const payloads = corpusSlices(source(), size, MESSAGES_PER_CASE);
      return {
        actions: [...payloads.map((payload) => ({ type: 'message' as const, opcode, payload, ...(fragmentSize ? { fragmentSize } : {}) })), CLOSE_NORMALLY],
        expect: answers(...payloads.map((payload) => message(opcode, payload))),
      };
    },
  };
}

export const COMPRESSION_CASES = defineCases([
  ...PAYLOADS.flatMap((name, p) =>
    MESSAGE_SIZES.map(([size, fragmentSize], s) => compressionCase(`12.${p + 1}.${s + 1}`, name, OFFERS[0].offer, OFFERS[0].words, size, fragmentSize, [])),
  ),
  ...OFFERS.flatMap(({ offer, words, rfc }, o) =>
    MESSAGE_SIZES.map(([size, fragmentSize], s) => compressionCase(`13.${o + 1}.${s + 1}`, 'json', offer, words, size, fragmentSize, rfc)),
  ),
]);

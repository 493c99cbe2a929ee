// What the engine says in the Simulation view, in the interface's language.
// engine/simulation.ts and engine/simulation-scenarios.ts speak English and
// stay that way (the server and the CLI share them): a scenario's title and
// summary, the label of each unit on the wire, the notes in a side's log,
// what a side's reader waits for, and why the engine refused a step. Their
// English is the engine's own, written once there; their Chinese is in
// i18n/views/simulation-zh.ts under `simulation.engine`.
//
// As in i18n/engine-wording.ts, each family of sentences is described by the
// pattern the engine writes it with; the values are read out of the English
// and put into the catalog's sentence, and values that are themselves engine
// words (a close code's name, a rule's message, a hex error) are put into
// the reader's language too. A sentence no pattern matches is shown as the
// engine wrote it; tests/ui/simulation-wording.test.ts walks every scenario
// and checks each sentence it produces has its Chinese.

import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandshakeCheck } from '../../../../engine/handshake';
import type { Problem } from '../../../../engine/problem';
import { engineWording, type EngineWording } from '../../i18n/engine-wording';
import type { SimulationEngineCatalog } from '../../i18n/views/simulation-zh';
import type { ScenarioChoice } from './scenario-menu';

type Groups = Record<string, string>;

interface Phrase<Key extends string> {
  pattern: RegExp;
  key: Key;
  values?: (groups: Groups, words: SimulationWording) => Groups;
}

type Family = 'labels' | 'notes' | 'reader' | 'refusals';
type Phrases<F extends Family> = readonly Phrase<keyof SimulationEngineCatalog[F] & string>[];

/** "close 1000 Normal Closure" or "close no code": the code as the reader names it. */
const closeCodeValue = (g: Groups, w: SimulationWording): Groups => {
  const coded = /^(?<code>\d+) (?<name>.+)$/.exec(g.code);
  return { code: coded ? `${coded.groups!.code} ${w.engine.closeCodeName(Number(coded.groups!.code), coded.groups!.name)}` : w.word('noCode', g.code) };
};
const frameValue = (g: Groups, w: SimulationWording): Groups => ({ ...g, frame: w.frameName(g.name) });

/** Why each unit was written (engine/simulation.ts enqueue and labelFor, the scenarios' labels, side-action-form.ts builderLabel). */
const LABEL_PHRASES: Phrases<'labels'> = [
  { pattern: /^the upgrade request \(GET (?<path>\S+), Sec-WebSocket-Key (?<key>\S+)\)$/, key: 'upgrade-request' },
  { pattern: /^101 Switching Protocols, with Sec-WebSocket-Accept$/, key: 'switching-protocols' },
  { pattern: /^(?<status>\d{3}): the upgrade refused$/, key: 'upgrade-refused' },
  { pattern: /^TCP FIN: the handshake failed, so the connection ends$/, key: 'fin-handshake-failed' },
  { pattern: /^TCP FIN: closing this end in turn$/, key: 'fin-in-turn' },
  { pattern: /^TCP FIN: the server gave up waiting for a pong$/, key: 'fin-pong-timeout' },
  { pattern: /^TCP FIN: the connection is over on this side$/, key: 'fin-over' },
  { pattern: /^bytes put on the wire by hand$/, key: 'by-hand' },
  { pattern: /^bytes$/, key: 'bytes' },
  { pattern: /^pong: the automatic answer to a ping \(5\.5\.2\)$/, key: 'auto-pong' },
  { pattern: /^ping: keepalive, every pingPeriod$/, key: 'keepalive-ping' },
  { pattern: /^close (?<code>no code|\d+ .+): failing the connection \(7\.1\.7\)$/, key: 'close-failing', values: closeCodeValue },
  { pattern: /^close (?<code>no code|\d+ .+): echoing the peer's close \(5\.5\.1\)$/, key: 'close-echo', values: closeCodeValue },
  { pattern: /^close (?<code>no code|\d+ .+): starting the closing handshake$/, key: 'close-start', values: closeCodeValue },
  { pattern: /^text frame, FIN 0: the first of three fragments$/, key: 'first-of-three' },
  { pattern: /^continuation frame, FIN 0: the second fragment$/, key: 'second-fragment' },
  { pattern: /^continuation frame, FIN 1: the last fragment$/, key: 'last-fragment' },
  { pattern: /^text frame with RSV2 set: broken on purpose$/, key: 'rsv2-broken' },
  { pattern: /^text frame holding 0xFF: not UTF-8$/, key: 'not-utf8' },
  { pattern: /^(?<name>[a-z0-9-]+) frame, FIN (?<fin>[01])$/, key: 'frame-fin', values: frameValue },
  { pattern: /^(?<name>[a-z0-9-]+) frame, FIN 0 \(more fragments follow\)$/, key: 'frame-more', values: frameValue },
  { pattern: /^(?<name>[a-z0-9-]+) frame$/, key: 'frame', values: frameValue },
  { pattern: /^from the builder$/, key: 'builder' },
  {
    pattern: /^from the builder: (?<name>[a-z0-9-]+) frame, FIN (?<fin>[01])(?<rsv>(?:, RSV[123] set)*), (?<mask>masked|not masked)$/,
    key: 'builder-frame',
    values: (g, w) => ({
      frame: w.frameName(g.name),
      fin: g.fin,
      rsv: [...g.rsv.matchAll(/RSV[123]/g)].map(([bit]) => w.word('rsvSet', `, ${bit} set`, { bit })).join(''),
      mask: g.mask === 'masked' ? w.word('masked', g.mask) : w.word('notMasked', g.mask),
    }),
  },
];

/** The notes a side's log carries (engine/simulation.ts note). */
const NOTE_PHRASES: Phrases<'notes'> = [
  { pattern: /^refused: (?<message>.*)$/s, key: 'refused', values: (g, w) => ({ message: w.refusal(g.message) }) },
  { pattern: /^the request head is malformed: (?<message>.*); answering (?<status>\d{3})$/s, key: 'request-malformed', values: (g, w) => ({ ...g, message: w.engine.httpError(g.message) }) },
  { pattern: /^the response head is malformed: (?<message>.*); failing the connection$/s, key: 'response-malformed', values: (g, w) => ({ message: w.engine.httpError(g.message) }) },
  { pattern: /^refuses the upgrade: (?<reason>.*)$/s, key: 'refuses-upgrade', values: (g, w) => ({ reason: w.handshakeReason(g.reason) }) },
  { pattern: /^fails the connection: (?<reason>.*)$/s, key: 'client-fails', values: (g, w) => ({ reason: w.handshakeReason(g.reason) }) },
  { pattern: /^every check passed; wrote the 101 with Sec-WebSocket-Accept (?<accept>\S+)$/, key: 'checks-passed' },
  { pattern: /^the 101 checks out: Sec-WebSocket-Accept is (?<accept>\S+), as computed from its own key$/, key: 'accept-ok' },
  { pattern: /^TCP: the other side closed the connection$/, key: 'peer-closed' },
  { pattern: /^no pong within (?<ms>\d+) ms: dropping the connection$/, key: 'no-pong' },
];

/** What a side's reader waits for (engine/simulation.ts describeReader, engine/frame-parser.ts state). */
const READER_PHRASES: Phrases<'reader'> = [
  { pattern: /^nothing: the TCP connection is closed$/, key: 'tcp-closed' },
  { pattern: /^waiting for the HTTP upgrade request$/, key: 'waiting-request' },
  { pattern: /^waiting for the server's HTTP response$/, key: 'waiting-response' },
  { pattern: /^reading the HTTP upgrade request: (?<count>\d+) bytes so far, waiting for the empty line \(CR LF CR LF\) that ends the head$/, key: 'reading-request' },
  { pattern: /^reading the server's HTTP response: (?<count>\d+) bytes so far, waiting for the empty line \(CR LF CR LF\) that ends the head$/, key: 'reading-response' },
  { pattern: /^nothing: the WebSocket connection is closed$/, key: 'ws-closed' },
  { pattern: /^waiting for the first 2 bytes of a frame header \(FIN, RSV1-3, opcode, MASK, 7-bit length\)$/, key: 'header-first' },
  { pattern: /^waiting for 1 more byte of the frame header \(MASK bit and 7-bit length\)$/, key: 'header-second' },
  { pattern: /^waiting for (?<count>\d+) bytes? of the (?<bits>16|64)-bit extended payload length$/, key: 'extended-length' },
  { pattern: /^waiting for (?<count>\d+) bytes? of the masking key$/, key: 'masking-key' },
  { pattern: /^reading payload: (?<received>\d+) of (?<length>\d+) bytes? received, waiting for (?<needed>\d+) more$/, key: 'payload' },
];

const FAILED_READER = /^failed: (?<problem>.*); the rest of the stream is discarded$/s;

/** Why the engine refused a step (engine/connection.ts and engine/simulation.ts throw these; engine/close.ts's are the builder's). */
const REFUSAL_PHRASES: Phrases<'refusals'> = [
  { pattern: /^(?<call>\w+)\(\) in state CONNECTING: call open\(\) first$/, key: 'not-open' },
  { pattern: /^(?<call>\w+)\(\) in state (?<state>[A-Z]+): nothing may be sent after a close frame \(RFC 6455 5\.5\.1\)$/, key: 'after-close' },
  { pattern: /^close\(\) before open\(\): reject the opening handshake instead$/, key: 'close-before-open' },
  { pattern: /^close code (?<code>\d+) may not be sent in a close frame \(RFC 6455 7\.4\)$/, key: 'close-code' },
  { pattern: /^(?<what>ping|pong) payload is (?<length>\d+) bytes; control frames carry at most (?<max>\d+) \(RFC 6455 5\.5\)$/, key: 'control-too-long' },
  { pattern: /^fragments must be a whole number, not (?<value>.*)$/, key: 'fragments' },
  { pattern: /^not hex: (?<error>.*)$/s, key: 'not-hex', values: (g, w) => ({ error: w.engine.hexError(g.error) }) },
  { pattern: /^time moves forward only, not by (?<ms>.*) ms$/, key: 'time-forward' },
];

/** A failed handshake check as the engine words it (engine/handshake.ts explainFailure, engine/client-handshake.ts). */
const HANDSHAKE_REASON = /^(?<title>.+?): found (?<found>.*?); expected (?<expected>.*) \(RFC 6455 (?<rfc>[\d.]+(?: \([^()]*\))?)\)$/s;

export interface SimulationWording {
  t: TFunction;
  /** The engine's own wording (close-code names, rule messages, hex errors). */
  engine: EngineWording;
  scenarioTitle(choice: ScenarioChoice): string;
  scenarioSummary(choice: ScenarioChoice): string;
  /** A unit's label on the wire. */
  label(english: string): string;
  /** A note in a side's log. */
  note(english: string): string;
  /** What a side's reader waits for; a failed reader names the rule its side broke, found among `problems`. */
  reader(english: string, problems?: readonly Problem[]): string;
  /** Why the engine refused a step. */
  refusal(english: string): string;
  handshakeReason(english: string): string;
  /** "text frame", by the opcode's name (engine/opcode.ts). */
  frameName(name: string): string;
  word(key: keyof SimulationEngineCatalog['words'], english: string, values?: Groups): string;
}

/** Returned by t() for a key this language has no sentence for: the engine's English is shown then, untouched. */
const MISSING = '\u0000missing';

export function simulationWording(t: TFunction): SimulationWording {
  const engine = engineWording(t);
  const lookup = (key: string, values: Groups, english: string): string => {
    const said = t(`simulation.engine.${key}`, { ...values, defaultValue: MISSING });
    return said === MISSING ? english : said;
  };
  const translate = <F extends Family>(english: string, phrases: Phrases<F>, family: F): string => {
    for (const phrase of phrases) {
      const match = phrase.pattern.exec(english);
      if (!match) continue;
      const groups: Groups = { ...match.groups };
      return lookup(`${family}.${phrase.key}`, phrase.values ? phrase.values(groups, wording) : groups, english);
    }
    return english;
  };

  const wording: SimulationWording = {
    t,
    engine,
    scenarioTitle: (choice) => lookup(`scenarios.${choice.id}.title`, {}, choice.title),
    scenarioSummary: (choice) => lookup(`scenarios.${choice.id}.summary`, {}, choice.summary),
    label: (english) => translate(english, LABEL_PHRASES, 'labels'),
    note: (english) => translate(english, NOTE_PHRASES, 'notes'),
    reader: (english, problems = []) => {
      const failed = FAILED_READER.exec(english);
      if (!failed) return translate(english, READER_PHRASES, 'reader');
      const problem = problems.find((p) => p.message === failed.groups!.problem);
      return lookup('reader.failed', { problem: problem ? engine.problem(problem) : failed.groups!.problem }, english);
    },
    refusal: (english) => {
      const said = translate(english, REFUSAL_PHRASES, 'refusals');
      return said === english ? engine.buildProblem(english) : said;
    },
    handshakeReason: (english) => {
      const match = HANDSHAKE_REASON.exec(english);
      if (!match) return english;
      const { title, found, expected, rfc } = match.groups!;
      const check: HandshakeCheck = { id: '', title, found, expected, rfc, passed: false };
      return engine.handshakeFailure(english, [check]);
    },
    frameName: (name) => {
      const reserved = /^reserved-(?<hex>[0-9a-f])$/.exec(name);
      return reserved ? lookup('frames.reserved', { hex: reserved.groups!.hex }, `${name} frame`) : lookup(`frames.${name}`, {}, `${name} frame`);
    },
    word: (key, english, values = {}) => lookup(`words.${key}`, values, english),
  };
  return wording;
}

const made = new WeakMap<TFunction, SimulationWording>();

/** The wording for `t`, made once per language (t is the same function while the language is). */
export function wordingFor(t: TFunction): SimulationWording {
  let wording = made.get(t);
  if (!wording) {
    wording = simulationWording(t);
    made.set(t, wording);
  }
  return wording;
}

/** The Simulation view's engine wording in the language the interface is read in. */
export function useSimulationWording(): SimulationWording {
  const { t, i18n } = useTranslation();
  return useMemo(() => wordingFor(t), [t, i18n.language]);
}

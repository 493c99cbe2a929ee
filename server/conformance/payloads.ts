// The payloads of the compression cases (categories 12 and 13), generated,
// so the suite needs no data files and no network. Autobahn compresses
// slices of five files (a JSON document, a bitmap, Goethe's Faust, an HTML
// page, a PDF); these are five corpora of the same kinds, made from a seeded
// generator so every run sends the same bytes: text that compresses well,
// pixels that compress somewhat, and bytes that do not compress at all.

export type CorpusName = 'json' | 'bitmap' | 'german' | 'html' | 'noise';

export interface Corpus {
  name: CorpusName;
  description: string;
  /** Text corpora are sliced by characters and sent as text messages; the others by bytes, as binary. */
  text: string | null;
  bytes: Uint8Array | null;
}

const CORPUS_CHARS = 256 * 1024;

/** mulberry32: a small, fast, seeded generator; the corpora only need to be the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim', 'Margaret', 'Leslie'];
const TAGS = ['websocket', 'frame', 'mask', 'deflate', 'close', 'ping', 'pong', 'utf-8', 'handshake', 'fragment'];

function jsonCorpus(): string {
  const random = seeded(12_1);
  const records: string[] = [];
  let length = 2;
  for (let id = 1; length < CORPUS_CHARS; id++) {
    const name = pick(random, NAMES);
    const record = JSON.stringify({
      id,
      name: `${name} ${pick(random, NAMES)}son`,
      email: `${name.toLowerCase()}${id}@example.org`,
      active: random() < 0.7,
      score: Math.round(random() * 10_000) / 100,
      tags: [pick(random, TAGS), pick(random, TAGS)],
      address: { street: `${Math.floor(random() * 999)} ${pick(random, ['Main', 'Oak', 'Elm', 'Pine'])} Street`, zip: String(10_000 + Math.floor(random() * 89_999)) },
    }, null, 2);
    records.push(record);
    length += record.length + 2;
  }
  return `[\n${records.join(',\n')}\n]`.slice(0, CORPUS_CHARS);
}

const GERMAN_WORDS = [
  'Habe', 'nun', 'ach', 'Philosophie', 'Juristerei', 'und', 'Medizin', 'leider', 'auch', 'Theologie', 'durchaus', 'studiert', 'mit', 'heißem',
  'Bemühn', 'da', 'steh', 'ich', 'armer', 'Tor', 'bin', 'so', 'klug', 'als', 'wie', 'zuvor', 'Geist', 'Welt', 'Nacht', 'Mond', 'Straße',
  'Glück', 'Mädchen', 'Brücke', 'schön', 'grün', 'über', 'für', 'Größe', 'Übermut', 'wäre', 'möchte', 'Schöpfung', 'Gefühl', 'Ökonomie',
];

function germanCorpus(): string {
  const random = seeded(12_3);
  let text = '';
  while (text.length < CORPUS_CHARS) {
    const words = Array.from({ length: 6 + Math.floor(random() * 10) }, () => pick(random, GERMAN_WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    text += `${words.join(' ')}${pick(random, ['.', '!', '?', ';', ','])}${random() < 0.2 ? '\n' : ' '}`;
  }
  return text.slice(0, CORPUS_CHARS);
}

function htmlCorpus(): string {
  const random = seeded(12_4);
  let html = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Frames</title></head>\n<body>\n<table class="frames">\n';
  for (let row = 1; html.length < CORPUS_CHARS; row++) {
    html += `  <tr id="r${row}" class="${pick(random, ['in', 'out'])}"><td class="op">${pick(random, ['text', 'binary', 'ping', 'pong', 'close'])}</td>`
      + `<td class="len">${Math.floor(random() * 65536)}</td><td><a href="#/decoder?row=${row}">${pick(random, TAGS)}</a></td></tr>\n`;
  }
  return html.slice(0, CORPUS_CHARS);
}

/** A 512 × 512 greyscale bitmap: a smooth picture with a little noise, behind a BMP header. */
function bitmapCorpus(): Uint8Array {
  const random = seeded(12_2);
  const size = 512;
  const header = 54 + 1024;
  const out = new Uint8Array(header + size * size);
  out.set([0x42, 0x4d], 0);
  new DataView(out.buffer).setUint32(2, out.length, true);
  for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + i * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = 128 + 60 * Math.sin(x / 37) * Math.cos(y / 23) + 40 * Math.sin((x + y) / 91) + (random() - 0.5) * 12;
      out[header + y * size + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return out;
}

/** Mostly random bytes (already compressed, as a PDF's streams are), between short readable headers. */
function noiseCorpus(): Uint8Array {
  const random = seeded(12_5);
  const out = new Uint8Array(CORPUS_CHARS);
  const encoder = new TextEncoder();
  let at = 0;
  for (let object = 1; at < out.length; object++) {
    const head = encoder.encode(`\n${object} 0 obj << /Filter /FlateDecode /Length 4000 >> stream\n`);
    out.set(head.subarray(0, out.length - at), at);
    at += head.length;
    for (let i = 0; i < 4000 && at < out.length; i++) out[at++] = Math.floor(random() * 256);
  }
  return out;
}

export const CORPUS_DESCRIPTIONS: Record<CorpusName, string> = {
  json: 'a JSON document (UTF-8 text)',
  bitmap: 'a 512×512 greyscale bitmap (binary)',
  german: 'German prose with umlauts (UTF-8 text)',
  html: 'an HTML page (UTF-8 text)',
  noise: 'already-compressed data, as in a PDF (binary, incompressible)',
};

const cache = new Map<CorpusName, Corpus>();

export function corpus(name: CorpusName): Corpus {
  let found = cache.get(name);
  if (!found) {
    const text = name === 'json' ? jsonCorpus() : name === 'german' ? germanCorpus() : name === 'html' ? htmlCorpus() : null;
    const bytes = name === 'bitmap' ? bitmapCorpus() : name === 'noise' ? noiseCorpus() : null;
    found = { name, description: CORPUS_DESCRIPTIONS[name], text, bytes };
    cache.set(name, found);
  }
  return found;
}

const encoder = new TextEncoder();

/**
 * `count` consecutive slices of `length` characters (text) or bytes
 * (binary), wrapping around the corpus as Autobahn's cases do.
 */
export function corpusSlices(source: Corpus, length: number, count: number): Uint8Array[] {
  const slices: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (source.text !== null) {
      const text = source.text;
      let slice = text.slice(at, at + length);
      while (slice.length < length) slice += text.slice(0, length - slice.length);
      slices.push(encoder.encode(slice));
      at = (at + length) % text.length;
    } else {
      const bytes = source.bytes!;
      const slice = new Uint8Array(length);
      for (let filled = 0; filled < length; ) {
        const take = Math.min(length - filled, bytes.length - at);
        slice.set(bytes.subarray(at, at + take), filled);
        filled += take;
        at = (at + take) % bytes.length;
      }
      slices.push(slice);
    }
  }
  return slices;
}

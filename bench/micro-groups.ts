// The in-memory groups: parse, build, unmask, UTF-8 and the accept key.
// Ours runs in this process; ws runs in two worker processes, one with its
// bufferutil add-on and one without (bench/ws-worker.ts); the memory copy,
// buffer.isUtf8 and node:crypto run here. All contenders of a cell take
// alternating rounds (bench/measure.ts).

import { LocalContender, type Outcome, type RoundSettings, measureAlternating } from './measure';
import {
  type Better,
  type Comparison,
  type Figure,
  type GroupResult,
  type Target,
  type Unfinished,
  compare,
  gigabytesPerSecond,
  mebibytesPerSecond,
  perSecond,
  ratioText,
  table,
} from './report';
import { type ContenderId, FEEDS, FRAME_SIZES, type Feed, type MicroCell, UNMASK_SIZES, createWorkload, formatSize } from './workloads/cells';
import { encodeFrameParts } from './workloads/build';
import { parseUnitsPerOp } from './workloads/parse';
import type { WsWorker } from './ws-contender';

export interface MicroContext {
  settings: RoundSettings;
  wsBufferutil: WsWorker;
  wsPlain: WsWorker;
  progress(line: string): void;
}

type Where = 'here' | 'bufferutil' | 'plain';

interface Entry {
  id: ContenderId;
  where: Where;
  label: string;
}

async function measureCell(context: MicroContext, cell: MicroCell, entries: Entry[]): Promise<Outcome[]> {
  const contenders = entries.map((entry) => {
    if (entry.where === 'here') return new LocalContender(entry.label, createWorkload(cell, entry.id));
    const worker = entry.where === 'bufferutil' ? context.wsBufferutil : context.wsPlain;
    return worker.contender(cell, entry.id, entry.label);
  });
  return measureAlternating(contenders, context.settings);
}

/** Collects a group's comparisons, and the cells one side did not finish. */
class Collector {
  readonly comparisons: Comparison[] = [];
  readonly unfinished: Unfinished[] = [];

  constructor(private readonly group: string, private readonly unit: string) {}

  /** Records ours against theirs; returns the ratio, or a bound ("> 40×"), or why there is none, for the table. */
  pair(caseName: string, ours: Outcome, theirs: Outcome, note?: string): string {
    const better: Better = 'higher';
    if (ours.kind === 'measured' && theirs.kind === 'measured') {
      const comparison = compare(this.group, caseName, 'throughput', this.unit, better, figure(ours), figure(theirs), note);
      this.comparisons.push(comparison);
      return ratioText(comparison.ratio);
    }
    const side = (o: Outcome) => (o.kind === 'measured' ? figure(o) : { label: o.label, didNotFinishInSeconds: o.afterSeconds });
    // Had theirs finished its op right at the cap, its rate would have been unitsPerOp / cap: ours beats at least that.
    const bound = ours.kind === 'measured' && theirs.kind === 'unfinished' ? ours.unitsPerSecond / this.rateAtCap(caseName, theirs) : NaN;
    const ratioAtLeast = Number.isFinite(bound) ? bound : null;
    this.unfinished.push({ group: this.group, case: caseName, metric: 'throughput', unit: this.unit, ours: side(ours), theirs: side(theirs), ratioAtLeast });
    return ratioAtLeast === null ? 'DNF' : `> ${ratioText(ratioAtLeast)}`;
  }

  private readonly unitsPerOp = new Map<string, number>();

  setUnitsPerOp(caseName: string, units: number): void {
    this.unitsPerOp.set(caseName, units);
  }

  /** The rate of an op that would have finished right at the cap. */
  private rateAtCap(caseName: string, theirs: { afterSeconds: number }): number {
    return (this.unitsPerOp.get(caseName) ?? NaN) / theirs.afterSeconds;
  }
}

function figure(outcome: Extract<Outcome, { kind: 'measured' }>): Figure {
  return { label: outcome.label, value: outcome.unitsPerSecond };
}

function rate(outcome: Outcome, format: (unitsPerSecond: number) => string): string {
  return outcome.kind === 'measured' ? format(outcome.unitsPerSecond) : `DNF ${Math.round(outcome.afterSeconds)} s`;
}

/** The worst ratio among comparisons (and bounds of unfinished cells), judged against a floor. */
function worstTarget(target: string, floor: number, comparisons: Comparison[], unfinished: Unfinished[]): Target {
  const cells: Array<{ case: string; ratio: number; bound: boolean }> = [
    ...comparisons.map((c) => ({ case: c.case, ratio: c.ratio, bound: false })),
    ...unfinished.map((u) => ({ case: u.case, ratio: u.ratioAtLeast ?? 0, bound: u.ratioAtLeast !== null })),
  ];
  if (cells.length === 0) return { target, met: null, figure: 'not measured' };
  const worst = cells.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const below = cells.filter((c) => c.ratio < floor).length;
  const worstText = worst.ratio === 0 ? `ours did not finish at ${worst.case}` : `worst ${worst.bound ? '> ' : ''}${ratioText(worst.ratio)} at ${worst.case}`;
  return { target, met: below === 0, figure: `${worstText}; ${below} of ${cells.length} cells below ${floor}×` };
}

const FEED_NAMES: Record<string, string> = { whole: 'whole frame', 1400: '1400 B chunks', 65536: '64 KiB chunks', 1: '1 B at a time' };

function feedName(feed: Feed): string {
  return FEED_NAMES[String(feed)];
}

export async function parseGroup(context: MicroContext): Promise<GroupResult> {
  const unit = 'bytes/s';
  const versusBufferutil = new Collector('parse', unit);
  const versusPlain = new Collector('parse', unit);
  const rows: string[][] = [];
  const bytewise = new Map<string, Outcome>();
  for (const size of FRAME_SIZES) {
    for (const feed of FEEDS) {
      const caseName = `${formatSize(size)}, ${feedName(feed)}`;
      context.progress(`parse ${caseName}`);
      const cell: MicroCell = { group: 'parse', size, feed };
      const [ours, borrowing, wsNative, wsPlain] = await measureCell(context, cell, [
        { id: 'ours', where: 'here', label: 'ours' },
        { id: 'ours-borrowing', where: 'here', label: 'ours, borrowing' },
        { id: 'ws', where: 'bufferutil', label: 'ws+bufferutil' },
        { id: 'ws', where: 'plain', label: 'ws (JS)' },
      ]);
      const unitsPerOp = parseUnitsPerOp(size, feed);
      versusBufferutil.setUnitsPerOp(caseName, unitsPerOp);
      versusPlain.setUnitsPerOp(caseName, unitsPerOp);
      if (feed === 1) {
        bytewise.set(`ours ${size}`, ours);
        bytewise.set(`borrowing ${size}`, borrowing);
      }
      rows.push([
        formatSize(size),
        feedName(feed),
        rate(ours, mebibytesPerSecond),
        rate(borrowing, mebibytesPerSecond),
        rate(wsNative, mebibytesPerSecond),
        rate(wsPlain, mebibytesPerSecond),
        versusBufferutil.pair(caseName, ours, wsNative),
        versusBufferutil.pair(caseName, borrowing, wsNative),
        versusPlain.pair(caseName, ours, wsPlain),
        versusPlain.pair(caseName, borrowing, wsPlain),
      ]);
    }
  }
  const comparisons = [...versusBufferutil.comparisons, ...versusPlain.comparisons];
  const unfinished = [...versusBufferutil.unfinished, ...versusPlain.unfinished];

  // Linear cost: one 1 MiB frame fed a byte at a time against one 64 KiB frame (16× the bytes).
  const figures: Record<string, number> = {};
  const costRatio = (who: string): number | null => {
    const small = bytewise.get(`${who} ${64 * 1024}`);
    const large = bytewise.get(`${who} ${1024 * 1024}`);
    if (small?.kind !== 'measured' || large?.kind !== 'measured') return null;
    return (1024 * 1024) / large.unitsPerSecond / ((64 * 1024) / small.unitsPerSecond);
  };
  const oursCost = costRatio('ours');
  const borrowingCost = costRatio('borrowing');
  if (oursCost !== null) figures.bytewise1MiBCostOver64KiB = oursCost;
  if (borrowingCost !== null) figures.bytewise1MiBCostOver64KiBBorrowing = borrowingCost;

  const onlyCells = (list: { ours: { label: string } }[], label: string) => list.filter((c) => c.ours.label === label);
  const small = (c: { case: string }) => /^(16|125) B,/.test(c.case);
  const targets: Target[] = [];
  for (const label of ['ours, borrowing', 'ours']) {
    const own = onlyCells(versusBufferutil.comparisons, label) as Comparison[];
    const ownUnfinished = onlyCells(versusBufferutil.unfinished, label) as Unfinished[];
    const who = label === 'ours' ? 'copying parser' : 'borrowing parser, as our server runs it';
    targets.push(worstTarget(`parse ≥ 1.0× of ws+bufferutil in every cell (${who})`, 1.0, own, ownUnfinished));
    targets.push(worstTarget(`parse ≥ 1.3× of ws+bufferutil at 125 B and below (${who})`, 1.3, own.filter(small), ownUnfinished.filter(small)));
  }
  targets.push({
    target: 'fed 1 B at a time, a 1 MiB frame costs ≤ 20× a 64 KiB frame',
    met: oursCost === null ? null : oursCost <= 20,
    figure: oursCost === null ? 'not measured' : `${ratioText(oursCost)} (16× would be linear)${borrowingCost === null ? '' : `; borrowing ${ratioText(borrowingCost)}`}`,
  });

  const text = [
    'parse: masked binary client frames, as a server parses them (MiB/s of payload; ratios ours ÷ theirs, higher is better)',
    table(
      ['size', 'fed', 'ours', 'ours, borrowing', 'ws+bufferutil', 'ws (JS)', 'ours÷ws+bu', 'borrowing÷ws+bu', 'ours÷ws JS', 'borrowing÷ws JS'],
      rows,
      2,
    ),
    `fed 1 B at a time, one 1 MiB frame costs ${oursCost === null ? '(not measured)' : ratioText(oursCost)} one 64 KiB frame${
      borrowingCost === null ? '' : ` (borrowing: ${ratioText(borrowingCost)})`
    }; 16× is linear, the target is ≤ 20×`,
  ].join('\n');
  return {
    id: 'parse',
    title: 'parse masked client frames',
    comparisons,
    unfinished,
    figures,
    targets,
    notes: [
      'Each op parses about 1 MiB of back-to-back frames (64 KiB fed a byte at a time), at least one frame; one parser or Receiver per contender for the whole cell, as on a connection.',
      "ws's Receiver and our borrowing parser unmask a payload that lies whole in one chunk in place; both are fed the same chunks every round, neither pays for a copy.",
      'Fed a byte at a time, every push gets a fresh one-byte view, as a socket hands out a new Buffer per read.',
      `DNF: the op did not finish within the cap (${Math.round(context.settings.capMs / 1000)} s); "> N×" is ours against theirs had it finished right at the cap.`,
    ],
    text,
  };
}

export async function buildGroup(context: MicroContext): Promise<GroupResult> {
  const unit = 'bytes/s';
  const masked = new Collector('build', unit);
  const unmasked = new Collector('build', unit);
  const maskedRows: string[][] = [];
  const unmaskedRows: string[][] = [];
  const hasParts = encodeFrameParts !== undefined;
  for (const size of FRAME_SIZES) {
    context.progress(`build ${formatSize(size)}`);
    const caseMasked = `${formatSize(size)}, masked`;
    const [ours, wsNative, wsPlain] = await measureCell(context, { group: 'build', size, masked: true }, [
      { id: 'ours', where: 'here', label: 'ours' },
      { id: 'ws', where: 'bufferutil', label: 'ws+bufferutil' },
      { id: 'ws', where: 'plain', label: 'ws (JS)' },
    ]);
    maskedRows.push([
      formatSize(size),
      rate(ours, mebibytesPerSecond),
      rate(wsNative, mebibytesPerSecond),
      rate(wsPlain, mebibytesPerSecond),
      masked.pair(caseMasked, ours, wsNative),
      masked.pair(caseMasked, ours, wsPlain),
    ]);
    const caseUnmasked = `${formatSize(size)}, unmasked`;
    const entries: Entry[] = [
      { id: 'ours', where: 'here', label: 'ours' },
      { id: 'ws', where: 'bufferutil', label: 'ws parts' },
      { id: 'ws-concat', where: 'bufferutil', label: 'ws parts joined' },
    ];
    if (hasParts) entries.push({ id: 'ours-parts', where: 'here', label: 'ours parts' });
    const [oursWhole, wsParts, wsJoined, oursParts] = await measureCell(context, { group: 'build', size, masked: false }, entries);
    const versusParts = oursParts
      ? unmasked.pair(caseUnmasked, oursParts, wsParts, 'parts against parts: the header, and the payload uncopied, on both sides')
      : unmasked.pair(caseUnmasked, oursWhole, wsParts, "not like for like: ws returns [header, the caller's payload] and copies nothing; ours copies the payload into one frame");
    const versusJoined = unmasked.pair(caseUnmasked, oursWhole, wsJoined, "ws's parts joined with Buffer.concat: one frame each, like for like");
    const row = [
      formatSize(size),
      rate(oursWhole, mebibytesPerSecond),
      ...(oursParts ? [rate(oursParts, mebibytesPerSecond)] : []),
      rate(wsParts, mebibytesPerSecond),
      rate(wsJoined, mebibytesPerSecond),
      versusParts,
      versusJoined,
    ];
    unmaskedRows.push(row);
  }
  const againstParts = unmasked.comparisons.filter((c) => c.theirs.label === 'ws parts');
  const targets: Target[] = [
    worstTarget('build ≥ 1.0× of ws+bufferutil, masked, every size', 1.0, masked.comparisons.filter((c) => c.theirs.label === 'ws+bufferutil'), []),
    worstTarget(
      `build ≥ 1.0× of ws, unmasked, every size (${hasParts ? 'our parts against ws\'s parts' : "our whole frame against ws's parts: no gather API in the engine"})`,
      1.0,
      againstParts,
      [],
    ),
  ];
  const unmaskedHeader = hasParts
    ? ['size', 'ours', 'ours parts', 'ws parts', 'ws parts joined', 'parts÷ws parts', 'ours÷ws joined']
    : ['size', 'ours', 'ws parts', 'ws parts joined', 'ours÷ws parts', 'ours÷ws joined'];
  const text = [
    'build, masked (a client frame): one frame per op, the same key on both sides (MiB/s of payload; higher is better)',
    table(['size', 'ours', 'ws+bufferutil', 'ws (JS)', 'ours÷ws+bu', 'ours÷ws JS'], maskedRows),
    '',
    hasParts
      ? 'build, unmasked (a server frame): "ours" is encodeFrame (one buffer, payload copied), "ours parts" encodeFrameParts and "ws parts" Sender.frame (header + the payload uncopied)'
      : 'build, unmasked (a server frame): ours writes header and payload into one buffer; ws returns [header, payload] without copying the payload',
    table(unmaskedHeader, unmaskedRows),
  ].join('\n');
  return {
    id: 'build',
    title: 'build frames',
    comparisons: [...masked.comparisons, ...unmasked.comparisons],
    unfinished: [...masked.unfinished, ...unmasked.unfinished],
    figures: {},
    targets,
    notes: [
      "Masked, ws is asked to leave the caller's payload alone (readOnly), so it too writes header and masked payload into one new buffer.",
      'Unmasked, bufferutil plays no part (nothing is masked), so there is no column without it.',
      hasParts
        ? "Unmasked, the target is judged parts against parts (encodeFrameParts against ws's Sender.frame); encodeFrame against ws's parts joined is the one-buffer comparison."
        : "engine/frame.ts exports no gather API (encodeFrameParts), so the unmasked target is judged on our whole frame against ws's parts, which is not like for like.",
    ],
    text,
  };
}

export async function unmaskGroup(context: MicroContext): Promise<GroupResult> {
  const unit = 'bytes/s';
  const collector = new Collector('unmask', unit);
  const rows: string[][] = [];
  const versusCopy: Record<string, number> = {};
  for (const size of UNMASK_SIZES) {
    context.progress(`unmask ${formatSize(size)}`);
    const caseName = formatSize(size);
    const [ours, wsNative, wsPlain, copy] = await measureCell(context, { group: 'unmask', size }, [
      { id: 'ours', where: 'here', label: 'ours' },
      { id: 'ws', where: 'bufferutil', label: 'ws+bufferutil' },
      { id: 'ws', where: 'plain', label: 'ws (JS)' },
      { id: 'memcpy', where: 'here', label: 'memcpy' },
    ]);
    const oursVersusCopy = collector.pair(caseName, ours, copy);
    const last = collector.comparisons[collector.comparisons.length - 1];
    if (last?.case === caseName && last.theirs.label === 'memcpy') versusCopy[caseName] = last.ratio;
    rows.push([
      caseName,
      rate(ours, gigabytesPerSecond),
      rate(wsNative, gigabytesPerSecond),
      rate(wsPlain, gigabytesPerSecond),
      rate(copy, gigabytesPerSecond),
      collector.pair(caseName, ours, wsNative),
      collector.pair(caseName, ours, wsPlain),
      oursVersusCopy,
    ]);
  }
  const large = Object.entries(versusCopy).filter(([name]) => name === '64 KiB' || name === '1 MiB');
  const targets: Target[] = [
    {
      target: 'unmask at 64 KiB and above within 2× of a memory copy (ours ÷ memcpy ≥ 0.5)',
      met: large.length === 0 ? null : large.every(([, ratio]) => ratio >= 0.5),
      figure: large.length === 0 ? 'not measured' : large.map(([name, ratio]) => `${ratioText(ratio)} of memcpy at ${name}`).join(', '),
    },
  ];
  const text = [
    'unmask in place (GB/s; ratios ours ÷ theirs, higher is better; memcpy is target.set(source), the floor)',
    table(['size', 'ours', 'ws+bufferutil', 'ws (JS)', 'memcpy', 'ours÷ws+bu', 'ours÷ws JS', 'ours÷memcpy'], rows),
  ].join('\n');
  return {
    id: 'unmask',
    title: 'unmask',
    comparisons: collector.comparisons,
    unfinished: collector.unfinished,
    figures: {},
    targets,
    notes: ["ws's unmask runs bufferutil's native loop at 32 bytes and more when the add-on is loaded, its JavaScript loop otherwise."],
    text,
  };
}

export async function utf8Group(context: MicroContext): Promise<GroupResult> {
  const scanning = new Collector('utf8', 'bytes/s');
  const serving = new Collector('utf8', 'bytes/s');
  const rows: string[][] = [];
  let mixedScan: Comparison | null = null;
  let mixedServer: Comparison | null = null;
  for (const text of ['ascii', 'mixed'] as const) {
    context.progress(`UTF-8 ${text}`);
    const caseName = text === 'ascii' ? 'ASCII, 64 KiB' : 'mixed (Latin, CJK, emoji), 64 KiB';
    const [ours, oursNative, node] = await measureCell(context, { group: 'utf8', text }, [
      { id: 'ours', where: 'here', label: 'ours, scanning' },
      { id: 'ours-native', where: 'here', label: 'ours, with the native check' },
      { id: 'node', where: 'here', label: 'buffer.isUtf8' },
    ]);
    const scanRatio = scanning.pair(`${caseName}, scanning (the browser's path)`, ours, node);
    const serverRatio = serving.pair(`${caseName}, with the native check (the server's path)`, oursNative, node);
    if (text === 'mixed') {
      mixedScan = scanning.comparisons.at(-1) ?? null;
      mixedServer = serving.comparisons.at(-1) ?? null;
    }
    rows.push([caseName, rate(ours, mebibytesPerSecond), rate(oursNative, mebibytesPerSecond), rate(node, mebibytesPerSecond), scanRatio, serverRatio]);
  }
  return {
    id: 'utf8',
    title: 'UTF-8 validation',
    comparisons: [...scanning.comparisons, ...serving.comparisons],
    unfinished: [...scanning.unfinished, ...serving.unfinished],
    figures: {},
    targets: [
      {
        target: "UTF-8 validation ≥ 0.5× of buffer.isUtf8 on mixed text (the server's validator)",
        met: mixedServer ? mixedServer.ratio >= 0.5 : null,
        figure: mixedServer ? `${ratioText(mixedServer.ratio)}; scanning alone, as in a browser: ${mixedScan ? ratioText(mixedScan.ratio) : 'not measured'}` : 'not measured',
      },
    ],
    notes: [],
    text: [
      'UTF-8 validation of a whole text (MiB/s; ours is findInvalidUtf8, scanning byte by byte as in a browser, and with Node\'s native check as the server runs it; higher is better)',
      table(['text', 'ours, scanning', 'ours, native check', 'buffer.isUtf8', 'scan÷isUtf8', 'server÷isUtf8'], rows),
    ].join('\n'),
  };
}

export async function acceptGroup(context: MicroContext): Promise<GroupResult> {
  const collector = new Collector('accept', 'derivations/s');
  context.progress('Sec-WebSocket-Accept');
  const [ours, node] = await measureCell(context, { group: 'accept' }, [
    { id: 'ours', where: 'here', label: 'ours' },
    { id: 'node', where: 'here', label: 'node:crypto' },
  ]);
  const ratio = collector.pair('Sec-WebSocket-Accept of the RFC sample key', ours, node);
  return {
    id: 'accept',
    title: 'SHA-1 / Sec-WebSocket-Accept',
    comparisons: collector.comparisons,
    unfinished: collector.unfinished,
    figures: {},
    targets: [],
    notes: ['No target: the engine computes SHA-1 in JavaScript so the browser can show each step; node:crypto is the floor.'],
    text: [
      'Sec-WebSocket-Accept: base64(SHA-1(key + GUID)) (derivations per second; higher is better)',
      table(['', 'ours (engine SHA-1)', 'node:crypto', 'ours÷node'], [['accept', rate(ours, perSecond), rate(node, perSecond), ratio]]),
    ].join('\n'),
  };
}

// What the bench reports: comparisons (ours, theirs, ratio), cells one side
// did not finish, the targets, and the text tables. `--json` prints
// the same records; every comparison's ratio is ours.value / theirs.value.

/** A measured figure: value in the comparison's unit. */
export interface Figure {
  label: string;
  value: number;
}

export type Better = 'higher' | 'lower';

export interface Comparison {
  group: string;
  /** The cell, e.g. "125 B, 1400 B chunks". */
  case: string;
  /** What is compared, e.g. "throughput", "p99 round trip". */
  metric: string;
  /** The unit of both values: "bytes/s", "messages/s", "ms", "µs/message", "bytes/connection". */
  unit: string;
  /** Which way a ratio is good: higher for rates, lower for latency, CPU and memory. */
  better: Better;
  ours: Figure;
  theirs: Figure;
  /** ours.value / theirs.value. */
  ratio: number;
  note?: string;
}

/** A cell where one side's op did not finish within the cap; the ratio is then only a bound. */
export interface Unfinished {
  group: string;
  case: string;
  metric: string;
  unit: string;
  ours: Figure | { label: string; didNotFinishInSeconds: number };
  theirs: Figure | { label: string; didNotFinishInSeconds: number };
  /** When ours finished and theirs did not: ours ÷ (theirs' rate had it just finished at the cap). */
  ratioAtLeast: number | null;
}

export interface Target {
  /** The wording, short. */
  target: string;
  /** null when the figures it needs were not measured (or did not finish). */
  met: boolean | null;
  /** The measured figure it was judged on. */
  figure: string;
}

export interface GroupResult {
  id: string;
  title: string;
  comparisons: Comparison[];
  unfinished: Unfinished[];
  /** Figures that compare us with ourselves (1 MiB ÷ 64 KiB fed byte by byte), by name. */
  figures: Record<string, number>;
  targets: Target[];
  notes: string[];
  /** The group's table, ready to print. */
  text: string;
}

export function compare(group: string, caseName: string, metric: string, unit: string, better: Better, ours: Figure, theirs: Figure, note?: string): Comparison {
  return { group, case: caseName, metric, unit, better, ours, theirs, ratio: ours.value / theirs.value, ...(note ? { note } : {}) };
}

/** A plain text table: the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function mebibytesPerSecond(bytesPerSecond: number): string {
  const mib = bytesPerSecond / 2 ** 20;
  return `${mib >= 100 ? Math.round(mib).toLocaleString('en') : mib.toFixed(1)} MiB/s`;
}

export function gigabytesPerSecond(bytesPerSecond: number): string {
  const gb = bytesPerSecond / 1e9;
  return `${gb >= 10 ? gb.toFixed(1) : gb.toFixed(2)} GB/s`;
}

export function perSecond(count: number): string {
  return `${count >= 100 ? Math.round(count).toLocaleString('en') : count.toFixed(1)}/s`;
}

export function ratioText(ratio: number): string {
  return `${ratio >= 100 ? Math.round(ratio) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

export function kibibytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function milliseconds(ms: number): string {
  return `${ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}

export function targetLine({ target, met, figure }: Target): string {
  const mark = met === null ? '[  n/a  ]' : met ? '[  met  ]' : '[NOT MET]';
  return `${mark} ${target}: ${figure}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// The conformance report as data: what `wsx conform --json` writes, what
// POST /api/conform streams, and what the explorer's conformance view will
// render. These types are the contract; the module imports nothing from
// Node, so the UI can import it as it is.
//
// A case's outcome follows the Autobahn testsuite's spirit: `pass` when the
// server did what the RFC asks; `lenient` when it did something the RFC
// permits but does not prefer (dropping TCP instead of sending the close
// frame 7.1.7 says it SHOULD send, failing on bad UTF-8 only at the end of
// the message instead of at the first bad byte, closing with a different but
// acceptable code); `fail` when it broke a MUST; `unsupported` when it
// declined something optional the case needs (permessage-deflate);
// `skipped` when the case never ran (the run's time bound).

export const CONFORMANCE_REPORT_VERSION = 1;

export type CaseOutcome = 'pass' | 'lenient' | 'fail' | 'unsupported' | 'skipped';

export const CASE_OUTCOMES: readonly CaseOutcome[] = ['pass', 'lenient', 'fail', 'unsupported', 'skipped'];

/** A sentence of a specification that a case rests on. */
export interface RfcReference {
  /** e.g. "RFC 6455 5.5.2" or "RFC 7692 7.1.2.1". */
  section: string;
  /** A short quote, word for word. */
  quote: string;
}

/** Who sent the bytes (or did the thing) an entry records. */
export type WireDirection = 'client' | 'server';

/**
 * One line of a case's wire log: an HTTP head, a whole frame, bytes that are
 * not (yet) a whole frame, or an event (TCP closed, a wait ended). `hex`
 * holds the bytes, without spaces; a frame's hex is exactly what crossed the
 * wire (masked as sent), so it opens as is in the decoder with `from` set to
 * `direction`.
 */
export interface WireEntry {
  /** Milliseconds since the case started. */
  t: number;
  direction: WireDirection;
  kind: 'http' | 'frame' | 'bytes' | 'event';
  /** The bytes, or '' for an event. Cut to the log's bound when `truncated`. */
  hex: string;
  /** How many bytes the entry stands for (more than hex holds when truncated). */
  length: number;
  truncated?: boolean;
  /** What it is, in words: "text, FIN, 13 bytes: Hello, world!", "server closed TCP". */
  summary: string;
  /** For a client frame written in pieces: the piece size (Autobahn's "chops"). */
  chopSize?: number;
}

export interface WireLog {
  entries: WireEntry[];
  /** Entries and bytes past the log's bounds: counted, not kept (Autobahn drops large cases' logs too). */
  omittedEntries: number;
  omittedBytes: number;
}

export interface CaseReport {
  /** Autobahn's numbering, "1.1.1"; category 0 (handshake) is the category Autobahn named and never filled. */
  id: string;
  /** The first number of the id, as a string: "1" … "13". */
  category: string;
  description: string;
  rfc: RfcReference[];
  /** What the server must do, in words. */
  expectation: string;
  outcome: CaseOutcome;
  /** Why the outcome is what it is: what was seen against what was expected, one sentence each. */
  findings: string[];
  /** Set when --max-message changed what the case expects. */
  limitNote?: string;
  durationMs: number;
  wire: WireLog;
}

export interface CategorySummary {
  category: string;
  title: string;
  total: number;
  counts: Record<CaseOutcome, number>;
}

export interface ConformanceReport {
  version: typeof CONFORMANCE_REPORT_VERSION;
  /** The ws:// URL the suite ran against. */
  target: string;
  startedAt: string;
  durationMs: number;
  /** The --cases patterns, or null for every case. */
  selection: string[] | null;
  /** The --max-message limit the cases were adjusted to, or null. */
  maxMessage: number | null;
  /** True when every case ran and passed strictly: the CLI's exit status 0. */
  strictPass: boolean;
  summary: CategorySummary[];
  totals: Record<CaseOutcome, number>;
  cases: CaseReport[];
}

/** The report without its cases: what a stream of case events ends with. */
export type ConformanceReportHead = Omit<ConformanceReport, 'cases'>;

/**
 * Progress as a run goes: what POST /api/conform streams, one JSON object
 * per line. The cases come one by one as they end (in any order); `done`
 * then carries the rest of the report, so a reader assembles the whole
 * report as { ...head, cases } with the cases sorted by id.
 */
export type ConformanceEvent =
  | { type: 'start'; target: string; total: number; ids: string[] }
  | { type: 'case'; index: number; total: number; result: CaseReport }
  | { type: 'done'; report: ConformanceReportHead }
  | { type: 'error'; message: string };

const OUTCOME_RANK: Record<CaseOutcome, number> = { pass: 0, lenient: 1, unsupported: 2, skipped: 2, fail: 3 };

/** The worse of two outcomes: a case is as good as its weakest part. */
export function worseOutcome(a: CaseOutcome, b: CaseOutcome): CaseOutcome {
  return OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a;
}

export function emptyCounts(): Record<CaseOutcome, number> {
  return { pass: 0, lenient: 0, fail: 0, unsupported: 0, skipped: 0 };
}

/** Cases per category and outcome, categories in numeric order. */
export function summarize(cases: readonly CaseReport[], titleOf: (category: string) => string): CategorySummary[] {
  const byCategory = new Map<string, CategorySummary>();
  for (const result of cases) {
    let entry = byCategory.get(result.category);
    if (!entry) {
      entry = { category: result.category, title: titleOf(result.category), total: 0, counts: emptyCounts() };
      byCategory.set(result.category, entry);
    }
    entry.total++;
    entry.counts[result.outcome]++;
  }
  return [...byCategory.values()].sort((a, b) => Number(a.category) - Number(b.category));
}

export function totalCounts(cases: readonly CaseReport[]): Record<CaseOutcome, number> {
  const counts = emptyCounts();
  for (const result of cases) counts[result.outcome]++;
  return counts;
}

/** Compares case ids number by number: 1.2.10 after 1.2.9, 10.1.1 after 9.8.6. */
export function compareCaseIds(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

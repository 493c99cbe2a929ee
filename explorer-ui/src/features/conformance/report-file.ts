// A conformance report as a file: written exactly as `wsx conform --json`
// writes it (server/cli/conform.ts), so a report saved from the page opens
// in anything that reads the CLI's, and one the CLI wrote loads here. A
// file is read as untrusted: every field the view reads is checked, and the
// summary, totals and verdict are worked out again from the cases rather
// than believed. What is wrong with a file that is not a report is kept as
// data (ReportProblem) and worded in the reader's language when shown.

import type { TFunction } from 'i18next';
import { categoryTitle } from '../../../../server/conformance/categories';
import {
  CASE_OUTCOMES,
  CONFORMANCE_REPORT_VERSION,
  summarize,
  totalCounts,
  type CaseOutcome,
  type CaseReport,
  type ConformanceReport,
  type ConformanceReportHead,
  type WireEntry,
} from '../../../../server/conformance/report';
import { i18n } from '../../i18n';

/** The report's JSON, as the CLI's --json writes it. */
export function reportJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 1)}\n`;
}

/** A file name that says what was tested and when: conformance-127.0.0.1-8080-echo-2026-11-30T06-12-00.json. */
export function reportFileName(report: Pick<ConformanceReport, 'target' | 'startedAt'>): string {
  const target = report.target.replace(/^wss?:\/\//, '').replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
  const when = report.startedAt.replace(/\.\d+Z$/, '').replace(/[^0-9T]+/g, '-');
  return `conformance-${target || 'report'}-${when}.json`;
}

/**
 * The report a run's cases make: the server's own head when the run ended
 * (`done`), else one worked out here (a run stopped half way, or broken
 * off), which never claims a strict pass.
 */
export function assembleReport(cases: readonly CaseReport[], head: ConformanceReportHead | null, fallback: { target: string; startedAt: string; durationMs: number; selection: string[] | null; maxMessage: number | null }): ConformanceReport {
  if (head) return { ...head, cases: [...cases] };
  return {
    version: CONFORMANCE_REPORT_VERSION,
    ...fallback,
    strictPass: false,
    summary: summarize(cases, categoryTitle),
    totals: totalCounts(cases),
    cases: [...cases],
  };
}

export type ReportReading = { ok: true; report: ConformanceReport } | { ok: false; error: string; problem: ReportProblem };

/** Where in a report file something is wrong. */
export type ReportPlace =
  | { at: 'file' }
  /** A field of the report itself: "cases", "target"… */
  | { at: 'head'; key: string }
  | { at: 'selection'; number: number }
  /** A case by its place in the file, before its id is known; `key` one of its fields. */
  | { at: 'case-at'; number: number; key?: string }
  | { at: 'case'; id: string; key: string }
  | { at: 'rfc'; id: string; number: number; key?: string }
  | { at: 'finding'; id: string; number: number }
  | { at: 'entries'; id: string }
  | { at: 'entry'; id: string; number: number; key?: string };

/** What is wrong with a file that is not a report, as data: worded in the reader's language by reportProblemWords. */
export type ReportProblem =
  | { kind: 'not-json'; detail: string }
  | { kind: 'stream-line' }
  /** `found` null: no "version" at all. */
  | { kind: 'version'; found: string | null }
  | { kind: 'not'; place: ReportPlace; want: 'object' | 'string' | 'number' | 'list' }
  | { kind: 'case-id'; place: ReportPlace; found: string }
  | { kind: 'one-of'; place: ReportPlace; found: string | null; options: readonly string[] }
  | { kind: 'hex'; place: ReportPlace };

/** A problem in a sentence, in the language `t` speaks. */
export function reportProblemWords(t: TFunction, problem: ReportProblem): string {
  switch (problem.kind) {
    case 'not-json': return t('conformance.file.notJson', { detail: problem.detail });
    case 'stream-line': return t('conformance.file.streamLine');
    case 'version': return t('conformance.file.version', { version: CONFORMANCE_REPORT_VERSION, found: problem.found ?? t('conformance.file.missing') });
    case 'not': {
      const what = placeWords(t, problem.place);
      return problem.want === 'object' ? t('conformance.file.not.object', { what })
        : problem.want === 'string' ? t('conformance.file.not.string', { what })
          : problem.want === 'number' ? t('conformance.file.not.number', { what })
            : t('conformance.file.not.list', { what });
    }
    case 'case-id': return t('conformance.file.caseId', { what: placeWords(t, problem.place), found: problem.found });
    case 'one-of': return t('conformance.file.oneOf', { what: placeWords(t, problem.place), found: problem.found ?? t('conformance.file.missing'), options: problem.options.join(', ') });
    case 'hex': return t('conformance.file.hex', { what: placeWords(t, problem.place) });
  }
}

function placeWords(t: TFunction, place: ReportPlace): string {
  switch (place.at) {
    case 'file': return t('conformance.file.where.file');
    case 'head': return t('conformance.file.where.head', { key: place.key });
    case 'selection': return t('conformance.file.where.selection', { number: place.number });
    case 'case-at': return place.key === undefined ? t('conformance.file.where.caseAt', { number: place.number }) : t('conformance.file.where.caseAtKey', { number: place.number, key: place.key });
    case 'case': return t('conformance.file.where.caseKey', { id: place.id, key: place.key });
    case 'rfc': return place.key === undefined ? t('conformance.file.where.rfc', { id: place.id, number: place.number }) : t('conformance.file.where.rfcKey', { id: place.id, number: place.number, key: place.key });
    case 'finding': return t('conformance.file.where.finding', { id: place.id, number: place.number });
    case 'entries': return t('conformance.file.where.entries', { id: place.id });
    case 'entry': return place.key === undefined ? t('conformance.file.where.entry', { id: place.id, number: place.number }) : t('conformance.file.where.entryKey', { id: place.id, number: place.number, key: place.key });
  }
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const KINDS: readonly WireEntry['kind'][] = ['http', 'frame', 'bytes', 'event'];

const english = i18n.getFixedT('en');

/** Reads a report file's text: the report, or what is wrong with it (in English in `error`, as data in `problem`). */
export function readReportJson(text: string): ReportReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return problemReading({ kind: 'not-json', detail: error instanceof Error ? error.message : String(error) });
  }
  try {
    return { ok: true, report: readReport(value) };
  } catch (error) {
    if (error instanceof ReportShapeError) return problemReading(error.problem);
    throw error;
  }
}

function problemReading(problem: ReportProblem): ReportReading {
  return { ok: false, error: reportProblemWords(english, problem), problem };
}

class ReportShapeError extends Error {
  constructor(readonly problem: ReportProblem) {
    super(problem.kind);
  }
}

function fail(problem: ReportProblem): never {
  throw new ReportShapeError(problem);
}

function record(value: unknown, place: ReportPlace): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail({ kind: 'not', place, want: 'object' });
  return value as Record<string, unknown>;
}

function text(value: unknown, place: ReportPlace): string {
  if (typeof value !== 'string') fail({ kind: 'not', place, want: 'string' });
  return value;
}

function number(value: unknown, place: ReportPlace): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail({ kind: 'not', place, want: 'number' });
  return value;
}

function list(value: unknown, place: ReportPlace): unknown[] {
  if (!Array.isArray(value)) fail({ kind: 'not', place, want: 'list' });
  return value;
}

const head = (key: string): ReportPlace => ({ at: 'head', key });

function readReport(value: unknown): ConformanceReport {
  const r = record(value, { at: 'file' });
  if (!Array.isArray(r.cases) && typeof r.type === 'string') fail({ kind: 'stream-line' });
  if (r.version !== CONFORMANCE_REPORT_VERSION) fail({ kind: 'version', found: JSON.stringify(r.version) ?? null });
  const cases = list(r.cases, head('cases')).map((c, i) => readCase(c, i));
  const selection = r.selection === null || r.selection === undefined ? null : list(r.selection, head('selection')).map((s, i) => text(s, { at: 'selection', number: i + 1 }));
  const maxMessage = r.maxMessage === null || r.maxMessage === undefined ? null : number(r.maxMessage, head('maxMessage'));
  const totals = totalCounts(cases);
  return {
    version: CONFORMANCE_REPORT_VERSION,
    target: text(r.target, head('target')),
    startedAt: text(r.startedAt, head('startedAt')),
    durationMs: number(r.durationMs, head('durationMs')),
    selection,
    maxMessage,
    // As the runner decides it: every case ran and passed strictly.
    strictPass: cases.length > 0 && totals.pass === cases.length,
    summary: summarize(cases, categoryTitle),
    totals,
    cases,
  };
}

function readCase(value: unknown, index: number): CaseReport {
  const c = record(value, { at: 'case-at', number: index + 1 });
  const id = text(c.id, { at: 'case-at', number: index + 1, key: 'id' });
  if (!/^\d+(\.\d+)*$/.test(id)) fail({ kind: 'case-id', place: { at: 'case-at', number: index + 1, key: 'id' }, found: JSON.stringify(id) });
  const field = (key: string): ReportPlace => ({ at: 'case', id, key });
  const outcome = c.outcome as CaseOutcome;
  if (!CASE_OUTCOMES.includes(outcome)) fail({ kind: 'one-of', place: field('outcome'), found: JSON.stringify(c.outcome) ?? null, options: CASE_OUTCOMES });
  const wire = record(c.wire, field('wire'));
  const result: CaseReport = {
    id,
    category: id.split('.')[0],
    description: text(c.description, field('description')),
    rfc: list(c.rfc, field('rfc')).map((ref, i) => {
      const r = record(ref, { at: 'rfc', id, number: i + 1 });
      return { section: text(r.section, { at: 'rfc', id, number: i + 1, key: 'section' }), quote: text(r.quote, { at: 'rfc', id, number: i + 1, key: 'quote' }) };
    }),
    expectation: text(c.expectation, field('expectation')),
    outcome,
    findings: list(c.findings ?? [], field('findings')).map((f, i) => text(f, { at: 'finding', id, number: i + 1 })),
    durationMs: number(c.durationMs, field('durationMs')),
    wire: {
      entries: list(wire.entries, { at: 'entries', id }).map((e, i) => readEntry(e, id, i + 1)),
      omittedEntries: number(wire.omittedEntries ?? 0, field('omittedEntries')),
      omittedBytes: number(wire.omittedBytes ?? 0, field('omittedBytes')),
    },
  };
  if (c.limitNote !== undefined) result.limitNote = text(c.limitNote, field('limitNote'));
  return result;
}

function readEntry(value: unknown, id: string, n: number): WireEntry {
  const e = record(value, { at: 'entry', id, number: n });
  const field = (key: string): ReportPlace => ({ at: 'entry', id, number: n, key });
  if (e.direction !== 'client' && e.direction !== 'server') fail({ kind: 'one-of', place: field('direction'), found: JSON.stringify(e.direction) ?? null, options: ['client', 'server'] });
  if (!KINDS.includes(e.kind as WireEntry['kind'])) fail({ kind: 'one-of', place: field('kind'), found: JSON.stringify(e.kind) ?? null, options: KINDS });
  const hex = text(e.hex, field('hex'));
  if (!HEX.test(hex)) fail({ kind: 'hex', place: field('hex') });
  const entry: WireEntry = {
    t: number(e.t, field('t')),
    direction: e.direction,
    kind: e.kind as WireEntry['kind'],
    hex: hex.toLowerCase(),
    length: number(e.length, field('length')),
    summary: text(e.summary, field('summary')),
  };
  if (e.truncated === true) entry.truncated = true;
  if (e.chopSize !== undefined) entry.chopSize = number(e.chopSize, field('chopSize'));
  return entry;
}

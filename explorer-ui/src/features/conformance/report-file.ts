// A conformance report as a file: written exactly as `wsx conform --json`
// writes it (server/cli/conform.ts), so a report saved from the page opens
// in anything that reads the CLI's, and one the CLI wrote loads here. A
// file is read as untrusted: every field the view reads is checked, and the
// summary, totals and verdict are worked out again from the cases rather
// than believed.

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

export type ReportReading = { ok: true; report: ConformanceReport } | { ok: false; error: string };

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const KINDS: readonly WireEntry['kind'][] = ['http', 'frame', 'bytes', 'event'];

/** Reads a report file's text: the report, or what is wrong with it, in a sentence. */
export function readReportJson(text: string): ReportReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the file is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    return { ok: true, report: readReport(value) };
  } catch (error) {
    if (error instanceof ReportShapeError) return { ok: false, error: error.message };
    throw error;
  }
}

class ReportShapeError extends Error {}

function fail(message: string): never {
  throw new ReportShapeError(message);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') fail(`${what} is not a string`);
  return value;
}

function number(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${what} is not a number`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(`${what} is not a list`);
  return value;
}

function readReport(value: unknown): ConformanceReport {
  const r = record(value, 'the file');
  if (!Array.isArray(r.cases) && typeof r.type === 'string') fail('this is one line of a run\'s stream, not a report: save the report from the Conformance view, or write one with wsx conform --json FILE');
  if (r.version !== CONFORMANCE_REPORT_VERSION) fail(`this is not a conformance report of version ${CONFORMANCE_REPORT_VERSION} (wsx conform --json writes one): its "version" is ${JSON.stringify(r.version) ?? 'missing'}`);
  const cases = list(r.cases, '"cases"').map((c, i) => readCase(c, i));
  const selection = r.selection === null || r.selection === undefined ? null : list(r.selection, '"selection"').map((s, i) => text(s, `"selection"[${i}]`));
  const maxMessage = r.maxMessage === null || r.maxMessage === undefined ? null : number(r.maxMessage, '"maxMessage"');
  const totals = totalCounts(cases);
  return {
    version: CONFORMANCE_REPORT_VERSION,
    target: text(r.target, '"target"'),
    startedAt: text(r.startedAt, '"startedAt"'),
    durationMs: number(r.durationMs, '"durationMs"'),
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
  const c = record(value, `case ${index + 1}`);
  const id = text(c.id, `case ${index + 1}'s "id"`);
  if (!/^\d+(\.\d+)*$/.test(id)) fail(`case ${index + 1}'s id ${JSON.stringify(id)} is not numbered as 1.2.3`);
  const what = `case ${id}`;
  const outcome = c.outcome as CaseOutcome;
  if (!CASE_OUTCOMES.includes(outcome)) fail(`${what}'s outcome ${JSON.stringify(c.outcome)} is not one of ${CASE_OUTCOMES.join(', ')}`);
  const wire = record(c.wire, `${what}'s "wire"`);
  const result: CaseReport = {
    id,
    category: id.split('.')[0],
    description: text(c.description, `${what}'s "description"`),
    rfc: list(c.rfc, `${what}'s "rfc"`).map((ref, i) => {
      const r = record(ref, `${what}'s RFC reference ${i + 1}`);
      return { section: text(r.section, `${what}'s RFC section`), quote: text(r.quote, `${what}'s RFC quote`) };
    }),
    expectation: text(c.expectation, `${what}'s "expectation"`),
    outcome,
    findings: list(c.findings ?? [], `${what}'s "findings"`).map((f, i) => text(f, `${what}'s finding ${i + 1}`)),
    durationMs: number(c.durationMs, `${what}'s "durationMs"`),
    wire: {
      entries: list(wire.entries, `${what}'s wire entries`).map((e, i) => readEntry(e, `${what}'s wire entry ${i + 1}`)),
      omittedEntries: number(wire.omittedEntries ?? 0, `${what}'s "omittedEntries"`),
      omittedBytes: number(wire.omittedBytes ?? 0, `${what}'s "omittedBytes"`),
    },
  };
  if (c.limitNote !== undefined) result.limitNote = text(c.limitNote, `${what}'s "limitNote"`);
  return result;
}

function readEntry(value: unknown, what: string): WireEntry {
  const e = record(value, what);
  if (e.direction !== 'client' && e.direction !== 'server') fail(`${what}'s direction is neither client nor server`);
  if (!KINDS.includes(e.kind as WireEntry['kind'])) fail(`${what}'s kind ${JSON.stringify(e.kind)} is not one of ${KINDS.join(', ')}`);
  const hex = text(e.hex, `${what}'s "hex"`);
  if (!HEX.test(hex)) fail(`${what}'s "hex" is not whole bytes of hex`);
  const entry: WireEntry = {
    t: number(e.t, `${what}'s time`),
    direction: e.direction,
    kind: e.kind as WireEntry['kind'],
    hex: hex.toLowerCase(),
    length: number(e.length, `${what}'s "length"`),
    summary: text(e.summary, `${what}'s "summary"`),
  };
  if (e.truncated === true) entry.truncated = true;
  if (e.chopSize !== undefined) entry.chopSize = number(e.chopSize, `${what}'s "chopSize"`);
  return entry;
}

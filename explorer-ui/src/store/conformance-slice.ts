// The Conformance view: the report it shows (a run as it goes, or a file
// loaded), and how the reader looks at it (outcome and category filters, the
// open case). A report is this page's own, not a link's: it can be megabytes,
// and it is shared as a file (Save) instead.

import type { StateCreator } from 'zustand';
import { categoryTitle } from '../../../server/conformance/categories';
import { CONFORMANCE_REPORT_VERSION, summarize, totalCounts, type CaseOutcome, type CaseReport, type ConformanceReport } from '../../../server/conformance/report';
import type { ExplorerState } from './index';
import type { ServerAbsence } from '../i18n/server-absence';

/** Where the shown report came from, and how far it got. */
export type ConformStatus =
  | 'running'
  /** The run ended and the server sent the rest of the report. */
  | 'done'
  /** Stopped from the page: the cases that ended are kept. */
  | 'stopped'
  /** The stream ended early or the run failed (`error` says how). */
  | 'broken'
  | 'loaded';

export interface ConformSession {
  status: ConformStatus;
  /** The report as far as it goes: while running, the cases ended so far in the suite's order, with the summary and totals of those. */
  report: ConformanceReport;
  /** The ids the run will run, in order (empty for a loaded file). */
  planned: string[];
  /** Each planned id's place in `planned`. */
  position: Readonly<Record<string, number>>;
  error: string | null;
  /** The file a loaded report came from. */
  fileName: string | null;
  /** The case that ended last, while a run goes. */
  latest: CaseReport | null;
}

/** Why a run did not start (the frame lab's reasons, and the server's refusals). */
export type ConformNotice =
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'no-server'; detail: ServerAbsence }
  | { kind: 'token'; given: boolean }
  | { kind: 'file'; error: string };

export type OutcomeFilter = CaseOutcome | 'all';

export interface ConformanceSlice {
  conformSession: ConformSession | null;
  /** A run was asked for and the server has not answered yet. */
  conformStarting: boolean;
  conformNotice: ConformNotice | null;
  conformOutcome: OutcomeFilter;
  /** A category's number ("6"), or 'all'. */
  conformCategory: string;
  conformCaseId: string | null;
  setConformStarting: (starting: boolean) => void;
  setConformNotice: (notice: ConformNotice | null) => void;
  /** A run the server took: an empty report for `target` (the ws:// URL comes with the first event). */
  beginConformRun: (target: string, selection: string[] | null) => void;
  planConformRun: (target: string, ids: string[]) => void;
  addConformCase: (result: CaseReport) => void;
  endConformRun: (end: { status: 'done'; report: ConformanceReport } | { status: 'stopped' | 'broken'; error: string | null }) => void;
  loadConformReport: (report: ConformanceReport, fileName: string) => void;
  setConformFilter: (filter: { outcome?: OutcomeFilter; category?: string }) => void;
  openConformCase: (id: string | null) => void;
}

export const createConformanceSlice: StateCreator<ExplorerState, [], [], ConformanceSlice> = (set) => ({
  conformSession: null,
  conformStarting: false,
  conformNotice: null,
  conformOutcome: 'all',
  conformCategory: 'all',
  conformCaseId: null,
  setConformStarting: (conformStarting) => set({ conformStarting }),
  setConformNotice: (conformNotice) => set({ conformNotice }),
  beginConformRun: (target, selection) => set({
    conformStarting: false,
    conformNotice: null,
    conformCaseId: null,
    conformOutcome: 'all',
    conformCategory: 'all',
    conformSession: {
      status: 'running',
      planned: [],
      position: {},
      error: null,
      fileName: null,
      latest: null,
      report: {
        version: CONFORMANCE_REPORT_VERSION,
        target,
        startedAt: new Date().toISOString(),
        durationMs: 0,
        selection,
        maxMessage: null,
        strictPass: false,
        summary: [],
        totals: totalCounts([]),
        cases: [],
      },
    },
  }),
  planConformRun: (target, planned) => set((state) => state.conformSession ? {
    conformSession: { ...state.conformSession, planned, position: Object.fromEntries(planned.map((id, i) => [id, i])), report: { ...state.conformSession.report, target } },
  } : {}),
  addConformCase: (result) => set((state) => {
    const session = state.conformSession;
    if (!session || session.status !== 'running') return {};
    // Cases end in any order (several run at once); the report lists them in the suite's.
    const cases = insertInOrder(session.report.cases, result, session.position);
    return {
      conformSession: {
        ...session,
        latest: result,
        report: { ...session.report, cases, summary: summarize(cases, categoryTitle), totals: totalCounts(cases), durationMs: Date.now() - Date.parse(session.report.startedAt) },
      },
    };
  }),
  endConformRun: (end) => set((state) => {
    const session = state.conformSession;
    if (!session || session.status !== 'running') return {};
    if (end.status === 'done') return { conformSession: { ...session, status: 'done', report: end.report } };
    return { conformSession: { ...session, status: end.status, error: end.error, report: { ...session.report, durationMs: Date.now() - Date.parse(session.report.startedAt) } } };
  }),
  loadConformReport: (report, fileName) => set({
    conformSession: { status: 'loaded', report, planned: [], position: {}, error: null, fileName, latest: null },
    conformNotice: null,
    conformCaseId: null,
    conformOutcome: 'all',
    conformCategory: 'all',
  }),
  setConformFilter: ({ outcome, category }) => set((state) => ({
    conformOutcome: outcome ?? state.conformOutcome,
    conformCategory: category ?? state.conformCategory,
  })),
  openConformCase: (conformCaseId) => set({ conformCaseId }),
});

/** A copy of `cases` (in the run's order) with `result` in its place. */
function insertInOrder(cases: readonly CaseReport[], result: CaseReport, position: Readonly<Record<string, number>>): CaseReport[] {
  const at = (id: string) => position[id] ?? Number.MAX_SAFE_INTEGER;
  const target = at(result.id);
  let low = 0;
  let high = cases.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (at(cases[middle].id) < target) low = middle + 1;
    else high = middle;
  }
  return [...cases.slice(0, low), result, ...cases.slice(low)];
}

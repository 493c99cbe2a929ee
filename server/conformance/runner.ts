// Runs the suite against one ws:// URL: selects the cases (--cases), runs
// them (a few at a time on loopback, one at a time against another host;
// the large cases of category 9 always alone, so their load cannot make
// another case's timing look wrong), reports progress as each ends, and
// gathers the report. The whole run is bounded: a case that would start
// after the bound is reported `skipped`, and each case's own timeout is cut
// to what is left.

import { isLoopbackHost } from '../access-policy';
import { parseWebSocketUrl } from '../../engine/client-handshake';
import { type CaseDefinition, categoryOf } from './case-model';
import { ALL_CASES } from './cases/index';
import { categoryTitle } from './categories';
import { type CaseReport, CONFORMANCE_REPORT_VERSION, type ConformanceEvent, type ConformanceReport, summarize, totalCounts } from './report';
import { runCase } from './run-case';
import { selectCaseIds } from './select';

export interface ConformanceRunOptions {
  /** ws://host:port/path of the server under test. */
  url: string;
  /** --cases globs; null or empty for every case. */
  cases?: readonly string[] | null;
  /** --max-message: cases with a larger message expect 1009 (message-limit.ts). */
  maxMessage?: number | null;
  /** Cases at once. Default 4 on loopback, 1 for any other host. */
  concurrency?: number;
  /** The whole run's bound. Default 15 minutes. */
  totalTimeoutMs?: number;
  onEvent?: (event: ConformanceEvent) => void;
  signal?: AbortSignal;
  /** The cases to choose from (tests pass their own); default every case. */
  definitions?: readonly CaseDefinition[];
}

export const DEFAULT_TOTAL_TIMEOUT_MS = 15 * 60_000;

export class ConformanceSetupError extends Error {
  override name = 'ConformanceSetupError';
}

/** The cases a run would run, or a setup error (bad URL, a pattern that matches nothing). */
export function plannedCases(options: Pick<ConformanceRunOptions, 'url' | 'cases' | 'definitions'>): CaseDefinition[] {
  let target;
  try {
    target = parseWebSocketUrl(options.url);
  } catch (error) {
    throw new ConformanceSetupError(error instanceof Error ? error.message : String(error));
  }
  if (target.secure) throw new ConformanceSetupError('wss:// is not supported: the conformance client speaks TCP only; test the server on a ws:// port');
  const definitions = options.definitions ?? ALL_CASES;
  const selected = selectCaseIds(definitions.map((d) => d.id), options.cases ?? null);
  if ('error' in selected) throw new ConformanceSetupError(selected.error);
  const wanted = new Set(selected.ids);
  return definitions.filter((d) => wanted.has(d.id));
}

export function defaultConcurrency(url: string): number {
  return isLoopbackHost(parseWebSocketUrl(url).host) ? 4 : 1;
}

/** Category 9 moves megabytes per case: it runs alone. */
function runsAlone(definition: CaseDefinition): boolean {
  return categoryOf(definition.id) === '9';
}

export async function runConformance(options: ConformanceRunOptions): Promise<ConformanceReport> {
  const cases = plannedCases(options);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  const runDeadline = started + totalTimeoutMs;
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency(options.url));
  const maxMessage = options.maxMessage ?? null;
  const emit = options.onEvent ?? (() => {});
  emit({ type: 'start', target: options.url, total: cases.length, ids: cases.map((c) => c.id) });

  const results: CaseReport[] = [];
  let done = 0;
  const finish = (result: CaseReport) => {
    results.push(result);
    done++;
    emit({ type: 'case', index: done, total: cases.length, result });
  };
  const running = new Set<Promise<void>>();
  const start = (definition: CaseDefinition) => {
    const job = runCase(definition, options.url, { maxMessage, runDeadline }).then(finish, (error: unknown) => finish(crashed(definition, error)));
    const tracked: Promise<void> = job.finally(() => running.delete(tracked));
    running.add(tracked);
  };

  for (const definition of cases) {
    const alone = runsAlone(definition);
    while (running.size >= (alone ? 1 : concurrency) || (alone && running.size > 0)) await Promise.race(running);
    if (options.signal?.aborted || performance.now() >= runDeadline) {
      finish(skipped(definition, options.signal?.aborted ? 'the run was stopped before this case' : `the run's time limit (${Math.round(totalTimeoutMs / 1000)} s) was reached before this case`));
      continue;
    }
    start(definition);
    if (alone) await Promise.all(running);
  }
  await Promise.all(running);

  const order = new Map(cases.map((c, i) => [c.id, i]));
  results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const totals = totalCounts(results);
  const report: ConformanceReport = {
    version: CONFORMANCE_REPORT_VERSION,
    target: options.url,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    selection: options.cases && options.cases.length ? [...options.cases] : null,
    maxMessage,
    strictPass: results.length > 0 && totals.pass === results.length,
    summary: summarize(results, categoryTitle),
    totals,
    cases: results,
  };
  const { cases: _cases, ...head } = report;
  emit({ type: 'done', report: head });
  return report;
}

function skipped(definition: CaseDefinition, why: string): CaseReport {
  return {
    id: definition.id,
    category: categoryOf(definition.id),
    description: definition.description,
    rfc: definition.rfc,
    expectation: definition.expectation,
    outcome: 'skipped',
    findings: [`Not run: ${why}.`],
    durationMs: 0,
    wire: { entries: [], omittedEntries: 0, omittedBytes: 0 },
  };
}

function crashed(definition: CaseDefinition, error: unknown): CaseReport {
  return { ...skipped(definition, ''), outcome: 'fail', findings: [`The case could not run: ${error instanceof Error ? error.message : String(error)}.`] };
}

// The cases of the report, filtered by outcome and category, in a virtual
// list (@tanstack/react-virtual): the whole suite is 430 cases, and only the
// rows in view are drawn. A row opens its case; ↑ ↓ move through the list.

import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_OUTCOMES, type CaseReport } from '../../../../server/conformance/report';
import { useExplorer, type ConformSession, type OutcomeFilter } from '../../store';
import { OutcomeBadge } from './ReportSummary';
import { categoryName, outcomeWord } from './wording';

/** Rows are this many rem tall, so their height follows large type. */
const ROW_REM = 2.5;
const MAX_ROWS_SHOWN = 14;

export function filterCases(cases: readonly CaseReport[], outcome: OutcomeFilter, category: string): CaseReport[] {
  return cases.filter((c) => (outcome === 'all' || c.outcome === outcome) && (category === 'all' || c.category === category));
}

export function CaseList({ session }: { session: ConformSession }) {
  const { t } = useTranslation();
  const { report } = session;
  const outcome = useExplorer((s) => s.conformOutcome);
  const category = useExplorer((s) => s.conformCategory);
  const openId = useExplorer((s) => s.conformCaseId);
  const setFilter = useExplorer((s) => s.setConformFilter);
  const open = useExplorer((s) => s.openConformCase);
  const largeType = useExplorer((s) => s.largeType);
  const shown = useMemo(() => filterCases(report.cases, outcome, category), [report.cases, outcome, category]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = useRowHeight(largeType);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    useFlushSync: false,
  });
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const move = (step: number) => {
    if (shown.length === 0) return;
    const at = shown.findIndex((c) => c.id === openId);
    const next = Math.min(shown.length - 1, Math.max(0, at === -1 ? (step > 0 ? 0 : shown.length - 1) : at + step));
    open(shown[next].id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (event.key in steps) {
      event.preventDefault();
      move(steps[event.key]);
    }
  };
  // Outcomes a filter can pick: the three every report speaks of, and the others when the report has them.
  const outcomes: OutcomeFilter[] = ['all', ...CASE_OUTCOMES.filter((o) => o === 'pass' || o === 'lenient' || o === 'fail' || report.totals[o] > 0)];

  return (
    <section className="panel conform-cases" aria-labelledby="conform-cases-title" data-testid="conform-cases">
      <h2 id="conform-cases-title">{t('conformance.list.title')}</h2>
      <div className="conform-cases__filters">
        <fieldset className="segmented" aria-label={t('conformance.list.outcome')}>
          <legend className="visually-hidden">{t('conformance.list.outcome')}</legend>
          {outcomes.map((o) => (
            <label key={o} className={outcome === o ? 'is-on' : undefined}>
              <input type="radio" name="conform-outcome" value={o} checked={outcome === o} onChange={() => setFilter({ outcome: o })} data-testid={`conform-outcome-${o}`} />
              {o === 'all' ? t('conformance.list.all') : outcomeWord(t, o)}
            </label>
          ))}
        </fieldset>
        <label className="field field--inline">
          <span>{t('conformance.list.category')}</span>
          <select value={category} onChange={(e) => setFilter({ category: e.target.value })} data-testid="conform-category-filter">
            <option value="all">{t('conformance.list.everyCategory')}</option>
            {report.summary.map((s) => <option key={s.category} value={s.category}>{s.category} {categoryName(t, s.category)}</option>)}
          </select>
        </label>
      </div>
      <p className="muted conform-cases__count" data-testid="conform-shown">
        {shown.length === report.cases.length ? t('conformance.list.count', { count: shown.length }) : t('conformance.list.match', { shown: shown.length, total: report.cases.length })}
      </p>
      <div
        ref={scrollRef}
        className="conform-cases__scroll"
        role="listbox"
        aria-label={t('conformance.list.label')}
        aria-activedescendant={openId && shown.some((c) => c.id === openId) ? `conform-case-${openId}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ height: rowHeight * Math.min(MAX_ROWS_SHOWN, Math.max(3, shown.length)) + 2 }}
        data-testid="conform-case-scroll"
      >
        <div className="conform-cases__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const c = shown[item.index];
            return (
              <div
                key={c.id}
                id={`conform-case-${c.id}`}
                role="option"
                aria-selected={c.id === openId}
                className={`conform-row${c.id === openId ? ' is-selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                onClick={() => open(c.id)}
                data-testid="conform-case-row"
                data-case={c.id}
                data-outcome={c.outcome}
              >
                <span className="conform-row__id mono">{c.id}</span>
                <OutcomeBadge outcome={c.outcome} />
                <span className="conform-row__description" title={c.description}>{c.description}</span>
              </div>
            );
          })}
        </div>
        {shown.length === 0 ? (
          <p className="muted conform-cases__empty">{report.cases.length ? t('conformance.list.noMatch') : t('conformance.list.waiting')}</p>
        ) : null}
      </div>
    </section>
  );
}

/** A row's height in whole pixels, from the root font size (which large type changes). */
function useRowHeight(largeType: boolean): number {
  const [height, setHeight] = useState(() => measure());
  useLayoutEffect(() => setHeight(measure()), [largeType]);
  return height;
}

function measure(): number {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rem * ROW_REM);
}

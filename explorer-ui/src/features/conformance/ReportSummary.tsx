// The report at a glance: how far the run is (a progress bar and the counts
// by outcome, live while it runs), the verdict, and the summary by
// category, whose counts are buttons that filter the case list.

import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CASE_OUTCOMES, type CaseOutcome } from '../../../../server/conformance/report';
import { DOCUMENT_LANGUAGE, isLanguage } from '../../i18n/language';
import { useExplorer, type ConformSession } from '../../store';
import { runMessage } from './run-messages';
import { categoryName, outcomeMeaning, outcomeWord } from './wording';

export function OutcomeBadge({ outcome }: { outcome: CaseOutcome }) {
  const { t } = useTranslation();
  return <span className={`badge conform-badge conform-badge--${outcome}`}>{outcomeWord(t, outcome)}</span>;
}

function verdictOf(t: TFunction, session: ConformSession, done: number, total: number): string {
  const { report, status } = session;
  const of = { done, total: total || '…' };
  if (status === 'running') return t('conformance.summary.running', of);
  if (status === 'stopped') return t('conformance.summary.stopped', of);
  if (status === 'broken') return session.error ? t('conformance.summary.brokenWhy', { ...of, error: runMessage(session.error, t) }) : t('conformance.summary.broken', of);
  if (report.strictPass) return t('conformance.summary.allPassed', { count: done });
  return t('conformance.summary.notStrict', { failed: done - report.totals.pass, done });
}

export function ReportSummary({ session }: { session: ConformSession }) {
  const { t, i18n } = useTranslation();
  const { report, status } = session;
  const total = status === 'running' || status === 'stopped' || status === 'broken' ? Math.max(session.planned.length, report.cases.length) : report.cases.length;
  const done = report.cases.length;
  const setFilter = useExplorer((s) => s.setConformFilter);
  const verdict = verdictOf(t, session, done, total);
  const good = status !== 'running' && report.strictPass;
  const locale = isLanguage(i18n.language) ? DOCUMENT_LANGUAGE[i18n.language] : 'en';
  return (
    <section className="panel conform-summary" aria-labelledby="conform-summary-title" data-testid="conform-summary">
      <div className="panel__head">
        <h2 id="conform-summary-title">
          {session.fileName
            ? <Trans i18nKey="conformance.summary.reportFrom" components={{ file: <span className="mono">{session.fileName}</span> }} />
            : t('conformance.summary.report')}{' '}
          <span className="muted conform-summary__target">
            <Trans i18nKey="conformance.summary.of" components={{ target: <span className="mono">{report.target}</span> }} />
          </span>
        </h2>
        <span className="muted" data-testid="conform-elapsed">
          {new Date(report.startedAt).toLocaleString(locale)} · {(report.durationMs / 1000).toFixed(1)} s
          {report.selection ? <Trans i18nKey="conformance.summary.selection" components={{ ids: <span className="mono">{report.selection.join(',')}</span> }} /> : null}
          {report.maxMessage !== null ? t('conformance.summary.limit', { size: report.maxMessage }) : ''}
        </span>
      </div>
      <p className={`conform-summary__verdict ${status === 'running' ? '' : good ? 'is-good' : 'is-bad'}`} role="status" data-testid="conform-verdict">{verdict}</p>
      {status === 'running' && session.latest ? (
        <p className="muted conform-summary__latest" data-testid="conform-latest">
          {t('conformance.summary.justEnded')} <span className="mono">{session.latest.id}</span> <OutcomeBadge outcome={session.latest.outcome} /> {session.latest.description}
        </p>
      ) : null}
      {status === 'running' || session.planned.length > 0 ? (
        <progress className="conform-summary__progress" max={total || 1} value={done} aria-label={t('conformance.summary.progress')} data-testid="conform-progress" />
      ) : null}
      <ul className="conform-summary__counts" aria-label={t('conformance.summary.byOutcome')} data-testid="conform-counts">
        {CASE_OUTCOMES.map((o) => (
          <li key={o} className={report.totals[o] ? undefined : 'is-zero'} data-testid={`conform-count-${o}`} title={outcomeMeaning(t, o)}>
            <OutcomeBadge outcome={o} /> <b>{report.totals[o]}</b>
          </li>
        ))}
      </ul>
      {report.summary.length ? (
        <div className="conform-summary__scroll">
          <table className="conform-table" data-testid="conform-category-table">
            <thead>
              <tr>
                <th scope="col">{t('conformance.summary.category')}</th>
                <th scope="col" className="num">{t('conformance.summary.cases')}</th>
                {CASE_OUTCOMES.map((o) => <th key={o} scope="col" className="num">{outcomeWord(t, o)}</th>)}
              </tr>
            </thead>
            <tbody>
              {report.summary.map((s) => {
                const title = categoryName(t, s.category);
                return (
                  <tr key={s.category}>
                    <th scope="row">
                      <button type="button" className="link" onClick={() => setFilter({ category: s.category, outcome: 'all' })}>{s.category} {title}</button>
                    </th>
                    <td className="num">{s.total}</td>
                    {CASE_OUTCOMES.map((o) => (
                      <td key={o} className={`num ${s.counts[o] ? `conform-cell--${o}` : 'is-zero'}`}>
                        {s.counts[o] ? (
                          <button
                            type="button"
                            className="link"
                            onClick={() => setFilter({ category: s.category, outcome: o })}
                            aria-label={t('conformance.summary.cell', { count: s.counts[o], outcome: outcomeWord(t, o), category: s.category, title })}
                          >
                            {s.counts[o]}
                          </button>
                        ) : 0}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted conform-summary__legend">
        {CASE_OUTCOMES.slice(0, 3).map((o, i) => <span key={o}>{i ? ' · ' : ''}<b>{outcomeWord(t, o)}</b>{t('conformance.summary.meaning', { meaning: outcomeMeaning(t, o) })}</span>)}
        {t('conformance.summary.legendEnd')}{t('conformance.summary.autobahn')}
      </p>
    </section>
  );
}

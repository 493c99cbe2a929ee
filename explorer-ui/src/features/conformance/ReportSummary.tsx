// The report at a glance: how far the run is (a progress bar and the counts
// by outcome, live while it runs), the verdict, and the summary by
// category, whose counts are buttons that filter the case list.

import { CASE_OUTCOMES, type CaseOutcome } from '../../../../server/conformance/report';
import { useExplorer, type ConformSession } from '../../store';

export const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  pass: 'pass',
  lenient: 'lenient',
  fail: 'fail',
  unsupported: 'unsupported',
  skipped: 'skipped',
};

export const OUTCOME_MEANINGS: Record<CaseOutcome, string> = {
  pass: 'what the RFC asks',
  lenient: 'what the RFC permits but does not prefer',
  fail: 'a MUST broken',
  unsupported: 'an optional feature declined',
  skipped: 'not run',
};

export function OutcomeBadge({ outcome }: { outcome: CaseOutcome }) {
  return <span className={`badge conform-badge conform-badge--${outcome}`}>{OUTCOME_WORDS[outcome]}</span>;
}

export function ReportSummary({ session }: { session: ConformSession }) {
  const { report, status } = session;
  const total = status === 'running' || status === 'stopped' || status === 'broken' ? Math.max(session.planned.length, report.cases.length) : report.cases.length;
  const done = report.cases.length;
  const setFilter = useExplorer((s) => s.setConformFilter);
  const notStrict = done - report.totals.pass;
  const verdict =
    status === 'running' ? `Running: ${done} of ${total || '…'} cases ended`
      : status === 'stopped' ? `Stopped after ${done} of ${total} cases`
        : status === 'broken' ? `The run broke off after ${done} of ${total} cases${session.error ? `: ${session.error}` : ''}`
          : report.strictPass ? `Every case passed strictly (${done} ${done === 1 ? 'case' : 'cases'})`
            : `${notStrict} of ${done} cases did not pass strictly`;
  const good = status !== 'running' && report.strictPass;
  return (
    <section className="panel conform-summary" aria-labelledby="conform-summary-title" data-testid="conform-summary">
      <div className="panel__head">
        <h2 id="conform-summary-title">
          {session.fileName ? <>Report from <span className="mono">{session.fileName}</span></> : 'Report'}{' '}
          <span className="muted conform-summary__target">of <span className="mono">{report.target}</span></span>
        </h2>
        <span className="muted" data-testid="conform-elapsed">
          {new Date(report.startedAt).toLocaleString('en')} · {(report.durationMs / 1000).toFixed(1)} s
          {report.selection ? <> · cases <span className="mono">{report.selection.join(',')}</span></> : null}
          {report.maxMessage !== null ? ` · message limit ${report.maxMessage} bytes` : ''}
        </span>
      </div>
      <p className={`conform-summary__verdict ${status === 'running' ? '' : good ? 'is-good' : 'is-bad'}`} role="status" data-testid="conform-verdict">{verdict}</p>
      {status === 'running' && session.latest ? (
        <p className="muted conform-summary__latest" data-testid="conform-latest">
          Just ended: <span className="mono">{session.latest.id}</span> <OutcomeBadge outcome={session.latest.outcome} /> {session.latest.description}
        </p>
      ) : null}
      {status === 'running' || session.planned.length > 0 ? (
        <progress className="conform-summary__progress" max={total || 1} value={done} aria-label="Cases ended" data-testid="conform-progress" />
      ) : null}
      <ul className="conform-summary__counts" aria-label="Cases by outcome" data-testid="conform-counts">
        {CASE_OUTCOMES.map((o) => (
          <li key={o} className={report.totals[o] ? undefined : 'is-zero'} data-testid={`conform-count-${o}`} title={OUTCOME_MEANINGS[o]}>
            <OutcomeBadge outcome={o} /> <b>{report.totals[o]}</b>
          </li>
        ))}
      </ul>
      {report.summary.length ? (
        <div className="conform-summary__scroll">
          <table className="conform-table" data-testid="conform-category-table">
            <thead>
              <tr>
                <th scope="col">category</th>
                <th scope="col" className="num">cases</th>
                {CASE_OUTCOMES.map((o) => <th key={o} scope="col" className="num">{OUTCOME_WORDS[o]}</th>)}
              </tr>
            </thead>
            <tbody>
              {report.summary.map((s) => (
                <tr key={s.category}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => setFilter({ category: s.category, outcome: 'all' })}>{s.category} {s.title}</button>
                  </th>
                  <td className="num">{s.total}</td>
                  {CASE_OUTCOMES.map((o) => (
                    <td key={o} className={`num ${s.counts[o] ? `conform-cell--${o}` : 'is-zero'}`}>
                      {s.counts[o] ? (
                        <button type="button" className="link" onClick={() => setFilter({ category: s.category, outcome: o })} aria-label={`${s.counts[o]} ${OUTCOME_WORDS[o]} in ${s.category} ${s.title}`}>
                          {s.counts[o]}
                        </button>
                      ) : 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted conform-summary__legend">
        {CASE_OUTCOMES.slice(0, 3).map((o, i) => <span key={o}>{i ? ' · ' : ''}<b>{OUTCOME_WORDS[o]}</b>: {OUTCOME_MEANINGS[o]}</span>)}. Case numbers are the Autobahn testsuite’s.
      </p>
    </section>
  );
}

// Start a run: the target (this server's /echo by default, so a class can
// try it at once; other targets as the server allows them), the categories
// to run, Run and Stop; and a report saved as JSON, or loaded from one (the
// CLI's --json too), which works from the static build as well.

import { useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { serverAbsenceWords, type ServerAbsence } from '../../i18n/server-absence';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { fetchCatalogue, type Catalogue, type ConformPlace } from './conform-client';
import { startConformRun, stopConformRun } from './conform-run';
import { readReportJson, reportFileName, reportJson, reportProblemWords, type ReportProblem } from './report-file';
import { categoryName } from './wording';

/** The target a class tries first: the explorer's own echo endpoint. */
const DEFAULT_TARGET = '/echo';

export function RunPanel({ place }: { place: ConformPlace }) {
  const { t } = useTranslation();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [target, setTarget] = useState(DEFAULT_TARGET);
  /** Categories left out of the next run; every one runs unless unticked. */
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const session = useExplorer((s) => s.conformSession);
  const starting = useExplorer((s) => s.conformStarting);
  const notice = useExplorer((s) => s.conformNotice);
  const running = starting || session?.status === 'running';

  useEffect(() => {
    if (place.kind !== 'server') return;
    let live = true;
    void fetchCatalogue(place).then((answer) => {
      if (!live) return;
      setCatalogue(answer);
      if (answer.kind === 'catalogue' && answer.targets.length > 0) setTarget((current) => (answer.targets.includes(current) ? current : answer.targets[0]));
    });
    return () => { live = false; };
  }, [place]);

  const categories = useMemo(() => {
    const counts = new Map<string, number>();
    if (catalogue?.kind === 'catalogue') for (const c of catalogue.cases) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
    return [...counts].sort((a, b) => Number(a[0]) - Number(b[0])).map(([category, count]) => ({ category, count }));
  }, [catalogue]);
  const chosen = categories.filter((c) => !unticked.has(c.category));
  const chosenCount = chosen.reduce((sum, c) => sum + c.count, 0);

  const run = () => {
    if (place.kind !== 'server' || chosen.length === 0) return;
    const cases = chosen.length === categories.length ? undefined : chosen.map((c) => `${c.category}.*`);
    void startConformRun(place, { target, ...(cases ? { cases } : {}) });
  };
  const toggle = (category: string) => setUnticked((set) => {
    const next = new Set(set);
    if (!next.delete(category)) next.add(category);
    return next;
  });

  const unavailable = place.kind === 'static' ? ({ kind: 'static' } as const)
    : catalogue && catalogue.kind !== 'catalogue' ? catalogue
      : notice && (notice.kind === 'no-server' || notice.kind === 'token') ? notice
        : null;

  return (
    <section className="panel conform-run" aria-labelledby="conform-run-title" data-testid="conform-run">
      <div className="panel__head">
        <h2 id="conform-run-title">{t('conformance.run.title')}</h2>
        <ReportFileButtons disabled={running} />
      </div>
      {unavailable ? <NoLabNotice why={unavailable} /> : (
        <form className="conform-run__form" onSubmit={(e) => { e.preventDefault(); run(); }}>
          <label className="field field--inline">
            <span>{t('conformance.run.target')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} disabled={running || catalogue === null} data-testid="conform-target">
              {catalogue?.kind === 'catalogue' ? catalogue.targets.map((name) => <option key={name} value={name}>{name}</option>) : <option value={target}>{target}</option>}
            </select>
          </label>
          <span className="muted conform-run__note">
            <Trans i18nKey="conformance.run.targetNote" components={{ flag: <code>--lab-target URL</code>, rfc: <RfcRef section="4.1" /> }} />
          </span>
          <fieldset className="conform-run__categories" disabled={running}>
            <legend>
              {t('conformance.run.categories')}{' '}
              <span className="muted">{t('conformance.run.chosen', { chosen: chosenCount, total: categories.reduce((s, c) => s + c.count, 0) })}</span>{' '}
              <button type="button" className="link" onClick={() => setUnticked(new Set())} data-testid="conform-categories-all">{t('conformance.run.all')}</button>
              <button type="button" className="link" onClick={() => setUnticked(new Set(categories.map((c) => c.category)))} data-testid="conform-categories-none">{t('conformance.run.none')}</button>
            </legend>
            {categories.map(({ category, count }) => (
              <label key={category} className="check conform-run__category">
                <input type="checkbox" checked={!unticked.has(category)} onChange={() => toggle(category)} data-testid={`conform-category-${category}`} />
                <span><b>{category}</b> {categoryName(t, category)} <span className="muted">({count})</span></span>
              </label>
            ))}
          </fieldset>
          <div className="conform-run__actions">
            {running ? (
              <button type="button" onClick={stopConformRun} disabled={starting} data-testid="conform-stop">{t('conformance.run.stop')}</button>
            ) : (
              <button type="submit" className="primary" disabled={chosenCount === 0 || catalogue?.kind !== 'catalogue'} data-testid="conform-start">
                {t('conformance.run.start', { count: chosenCount, target })}
              </button>
            )}
            {starting ? <span className="muted">{t('conformance.run.asking')}</span> : null}
          </div>
          {notice?.kind === 'refused' ? (
            <p className="error conform-run__refused" role="alert" data-testid="conform-refused">{t('conformance.run.refused', { status: notice.status, reason: notice.reason })}</p>
          ) : null}
        </form>
      )}
      {notice?.kind === 'file' ? (
        <p className="error conform-run__refused" role="alert" data-testid="conform-load-error">
          {t('conformance.run.notReport', { error: fileErrorWords(t, notice.error) })}
        </p>
      ) : null}
    </section>
  );
}

/**
 * The last file read that was not a report: the store keeps what is wrong
 * with it as an English sentence, and this its problem as data, so the
 * notice follows the interface's language.
 */
let lastFileProblem: { error: string; problem: ReportProblem } | null = null;

function fileErrorWords(t: TFunction, error: string): string {
  return lastFileProblem?.error === error ? reportProblemWords(t, lastFileProblem.problem) : error;
}

/** Save the shown report as the CLI's JSON, or load one. */
function ReportFileButtons({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const session = useExplorer((s) => s.conformSession);
  const load = useExplorer((s) => s.loadConformReport);
  const setNotice = useExplorer((s) => s.setConformNotice);
  const input = useRef<HTMLInputElement>(null);

  const save = () => {
    if (!session) return;
    const blob = new Blob([reportJson(session.report)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = reportFileName(session.report);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const open = async (file: File) => {
    const reading = readReportJson(await file.text());
    if (reading.ok) {
      load(reading.report, file.name);
    } else {
      lastFileProblem = { error: reading.error, problem: reading.problem };
      setNotice({ kind: 'file', error: reading.error });
    }
  };

  return (
    <div className="conform-run__files">
      <button type="button" onClick={save} disabled={disabled || !session || session.report.cases.length === 0} data-testid="conform-save">{t('conformance.run.save')}</button>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled} data-testid="conform-load">{t('conformance.run.load')}</button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
        data-testid="conform-load-file"
      />
    </div>
  );
}

function NoLabNotice({ why }: { why: { kind: 'static' } | { kind: 'no-server'; detail: ServerAbsence } | { kind: 'token'; given: boolean } }) {
  const { t } = useTranslation();
  if (why.kind === 'token') {
    return (
      <div className="conform-run__notice" role="status" data-testid="conform-token-missing">
        <h3>{why.given ? t('conformance.run.tokenWrong') : t('conformance.run.tokenMissing')}</h3>
        <p>
          <Trans i18nKey="conformance.run.tokenText" components={{ serve: <code>wsx serve</code>, token: <code>?token=…</code>, hash: <code>#/conformance</code> }} />
        </p>
      </div>
    );
  }
  return (
    <div className="conform-run__notice" role="status" data-testid="conform-no-server">
      <h3>{t('conformance.run.needsServer')}</h3>
      <p>
        {why.kind === 'static' ? t('conformance.run.staticPage') : t('conformance.run.notServed', { detail: serverAbsenceWords(t, why.detail) })}{' '}
        {t('conformance.run.startWith')}
      </p>
      <pre className="mono live-notice__command" data-testid="conform-start-command">npm start</pre>
      <p>
        <Trans
          i18nKey="conformance.run.openAddress"
          components={{
            hash: <code>#/conformance</code>,
            url: <span className="mono">http://127.0.0.1:8080/#/conformance</span>,
            cli: <code>wsx conform ws://HOST:PORT/PATH --json FILE</code>,
          }}
        />
      </p>
    </div>
  );
}

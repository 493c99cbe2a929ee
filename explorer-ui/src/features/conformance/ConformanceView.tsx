// The Conformance view: the conformance suite (server/conformance/, the
// cases `wsx conform` runs, numbered as the Autobahn testsuite numbers them)
// run from the page against a server, its cases watched as they end, and
// the report read case by case down to the bits of each frame. Running
// needs the explorer's server (POST /api/conform); reading a saved report
// does not.

import { Trans, useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { CaseDetail } from './CaseDetail';
import { CaseList } from './CaseList';
import { conformPlace } from './conform-client';
import { ReportSummary } from './ReportSummary';
import { RunPanel } from './RunPanel';
import './conformance.css';

export function ConformanceView() {
  const { t } = useTranslation();
  const place = useMemo(() => conformPlace(window.location), []);
  const session = useExplorer((s) => s.conformSession);
  const openId = useExplorer((s) => s.conformCaseId);
  const open = session && openId ? session.report.cases.find((c) => c.id === openId) : undefined;

  return (
    <div className="view conformance" data-testid="conformance-view">
      <header className="view__intro">
        <h1>{t('conformance.title')}</h1>
        <p>
          <Trans
            i18nKey="conformance.intro"
            components={{
              rfc54: <RfcRef section="5.4" />,
              rfc81: <RfcRef section="8.1" />,
              rfc7: <RfcRef section="7" />,
              rfc421: <RfcRef section="4.2.1" />,
              rfc7692: <RfcRef rfc={7692} section="7" />,
            }}
          />
        </p>
      </header>
      <RunPanel place={place} />
      {session ? (
        <>
          <ReportSummary session={session} />
          <div className="conformance__layout">
            <CaseList session={session} />
            {open ? <CaseDetail report={open} /> : (
              <section className="panel conform-case conform-case--empty" data-testid="conform-no-case">
                <h2>{t('conformance.noCase')}</h2>
                <p className="muted">{t('conformance.noCaseHint')}</p>
              </section>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}

// The Conformance view: the conformance suite (server/conformance/, the
// cases `wsx conform` runs, numbered as the Autobahn testsuite numbers them)
// run from the page against a server, its cases watched as they end, and
// the report read case by case down to the bits of each frame. Running
// needs the explorer's server (POST /api/conform); reading a saved report
// does not.

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
  const place = useMemo(() => conformPlace(window.location), []);
  const session = useExplorer((s) => s.conformSession);
  const openId = useExplorer((s) => s.conformCaseId);
  const open = session && openId ? session.report.cases.find((c) => c.id === openId) : undefined;

  return (
    <div className="view conformance" data-testid="conformance-view">
      <header className="view__intro">
        <h1>Conformance lab</h1>
        <p>
          Does a server do what RFC 6455 asks? Hundreds of cases, each on its own connection: valid and broken frames, fragments with pings
          between them <RfcRef section="5.4" />, bad UTF-8 <RfcRef section="8.1" />, every way to close <RfcRef section="7" />, the opening
          handshake <RfcRef section="4.2.1" /> and permessage-deflate <RfcRef rfc={7692} section="7" />. Each case shows the rule it rests on,
          what the server did, and every byte both ways.
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
                <h2>No case open</h2>
                <p className="muted">Open a case from the list (or use ↑ ↓ there) to read its rule, what the server did, and its wire log, frame by frame.</p>
              </section>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}

// The frame lab, under the builder: the built bytes sent to a real server
// by the explorer's server (a browser's WebSocket could never send a frame
// with RSV2 set or a text frame that is not UTF-8), and what came back,
// each frame taken apart as a server's frame, each close code explained.
// It needs the explorer's server; from the static build it says how to
// start one, as the Live view does.

import { useEffect, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { bytesToHex } from '../../../../engine/hex';
import { useEngineWording } from '../../i18n/engine-wording';
import { RfcRef } from '../../widgets/RfcRef';
import type { BuildOutcome } from '../builder/build-frame';
import { LabAnswerView } from './LabAnswerView';
import { readLabReport, type LabAnswer } from './lab-answer';
import { exchangeWithLab, fetchLabTargets, labPlace, type LabTargets, type LabUnavailable } from './lab-client';
import './frame-lab.css';
import { serverAbsenceWords } from '../../i18n/server-absence';

/** The choice in the target menu that opens a field for any URL (the server decides whether it is allowed). */
const OTHER = '__other__';

type Result = { kind: 'answer'; answer: LabAnswer } | { kind: 'refused'; status: number; reason: string } | LabUnavailable;

export function FrameLabPanel({ outcome }: { outcome: BuildOutcome }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const place = useMemo(() => labPlace(window.location), []);
  const [targets, setTargets] = useState<LabTargets | null>(null);
  const [chosen, setChosen] = useState('/echo');
  const [otherUrl, setOtherUrl] = useState('ws://');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (place.kind !== 'server') return;
    let current = true;
    void fetchLabTargets(place).then((answer) => {
      if (!current) return;
      setTargets(answer);
      // /echo when the server has it (it echoes, so every frame gets an answer), else its first target.
      if (answer.kind === 'targets' && answer.targets.length > 0) setChosen((c) => (c === OTHER || answer.targets.includes(c) ? c : answer.targets[0]));
    });
    return () => { current = false; };
  }, [place]);

  const unavailable: LabUnavailable | { kind: 'static' } | null =
    place.kind === 'static' ? { kind: 'static' }
      : targets && targets.kind !== 'targets' ? targets
        : result && (result.kind === 'no-server' || result.kind === 'token') ? result
          : null;

  const target = chosen === OTHER ? otherUrl.trim() : chosen;
  const send = async () => {
    if (place.kind !== 'server' || !outcome.ok) return;
    setSending(true);
    const exchange = await exchangeWithLab(place, target, bytesToHex(outcome.bytes));
    setSending(false);
    setResult(exchange.kind === 'answer' ? { kind: 'answer', answer: readLabReport(exchange.report) } : exchange);
  };

  return (
    <section className="panel lab" aria-labelledby="lab-title" data-testid="lab">
      <div className="panel__head">
        <h2 id="lab-title">{t('lab.title')}</h2>
        <span className="muted"><Trans i18nKey="lab.sentBy" components={{ rfc: <RfcRef section="4.1" /> }} /></span>
      </div>
      <p className="lab__warning" data-testid="lab-warning">
        <Trans i18nKey="lab.warning" components={{ strong: <strong />, rfc: <RfcRef section="5.1" /> }} />
      </p>

      {unavailable ? <LabUnavailableNotice why={unavailable} /> : (
        <>
          <form className="lab__send" onSubmit={(e) => { e.preventDefault(); void send(); }}>
            <label className="field field--inline">
              <span>{t('lab.target')}</span>
              <select value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={!targets} data-testid="lab-target">
                {targets?.kind === 'targets' ? targets.targets.map((t) => <option key={t} value={t}>{t}</option>) : <option value={chosen}>{chosen}</option>}
                <option value={OTHER}>{t('lab.otherUrl')}</option>
              </select>
            </label>
            {chosen === OTHER ? (
              <input
                className="mono lab__url"
                aria-label={t('lab.targetUrl')}
                value={otherUrl}
                onChange={(e) => setOtherUrl(e.target.value)}
                spellCheck={false}
                data-testid="lab-other-url"
              />
            ) : null}
            <button type="submit" className="primary" disabled={!outcome.ok || sending || !targets} data-testid="lab-send">
              {sending ? t('lab.sending') : outcome.ok ? t('lab.sendBytes', { count: outcome.bytes.length }) : t('lab.sendFrame')}
            </button>
            <span className="muted lab__targets-note">
              <Trans i18nKey="lab.targetsNote" components={{ code: <code /> }} />
            </span>
          </form>
          {!outcome.ok ? <p className="error">{t('lab.noFrame', { problem: wording.buildProblem(outcome.problem) })}</p> : null}
          {result?.kind === 'refused' ? (
            <p className="error lab__refused" role="alert" data-testid="lab-refused">
              {t('lab.refused', { status: result.status, reason: result.reason })}
            </p>
          ) : null}
          {result?.kind === 'answer' ? <LabAnswerView answer={result.answer} /> : null}
        </>
      )}
    </section>
  );
}

function LabUnavailableNotice({ why }: { why: LabUnavailable | { kind: 'static' } }) {
  const { t } = useTranslation();
  if (why.kind === 'token') {
    return (
      <div className="lab__notice" role="status" data-testid="lab-token-missing">
        <h3>{why.given ? t('lab.tokenWrong') : t('lab.tokenMissing')}</h3>
        <p><Trans i18nKey="lab.tokenWhy" components={{ serve: <code>wsx serve</code>, token: <code>?token=…</code>, builder: <code>#/builder</code> }} /></p>
      </div>
    );
  }
  return (
    <div className="lab__notice" role="status" data-testid="lab-no-server">
      <h3>{t('lab.needsServer')}</h3>
      <p>
        {why.kind === 'static' ? t('lab.staticPage') : t('lab.notServed', { detail: serverAbsenceWords(t, why.detail) })}{' '}
        {t('lab.startWith')}
      </p>
      <pre className="mono live-notice__command" data-testid="lab-start-command">npm start</pre>
      <p>
        <Trans i18nKey="lab.openAddress" components={{ builder: <code>#/builder</code>, url: <span className="mono">http://127.0.0.1:8080/#/builder</span> }} />
      </p>
    </div>
  );
}

// The stepper over whatever request and response the handshake slice holds:
// the server's side (RFC 6455 4.2.1, 4.2.2) or the client's (4.1), with the
// notices that say why there are no steps yet. The Handshake view shows it
// under its paste boxes; the Live view shows it for a real session, whose
// request and response the slice then holds (loadLiveHandshake), and the
// server's side compares the accept value it derives with the one the
// server really sent.

import { Trans, useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import { useMemo } from 'react';
import type { HandshakeSide } from '../../store';
import { useExplorer } from '../../store';
import { activeLiveHandshake } from '../../store/handshake-slice';
import { acceptSent } from '../live/live-handshake';
import { RfcRef } from '../../widgets/RfcRef';
import { ClientStepView } from './ClientStepView';
import { walkClientHandshake, type ClientWalkthrough } from './client-walkthrough';
import { splitSubprotocols } from './sample-menu';
import { walkServerHandshake } from './server-walkthrough';
import { ServerStepView, type RealAnswer } from './ServerStepView';
import { Stepper } from './Stepper';

const SIDES: readonly HandshakeSide[] = ['server', 'client'];

export function HandshakeSideSwitch() {
  const { t } = useTranslation();
  const side = useExplorer((s) => s.handshakeSide);
  const setSide = useExplorer((s) => s.setHandshakeSide);
  return (
    <fieldset className="segmented handshake__side" aria-label={t('handshake.sides.label')}>
      <legend className="visually-hidden">{t('handshake.sides.label')}</legend>
      {SIDES.map((s) => (
        <label key={s} className={side === s ? 'is-on' : undefined}>
          <input type="radio" name="handshake-side" value={s} checked={side === s} onChange={() => setSide(s)} data-testid={`handshake-side-${s}`} />
          {t(`handshake.sides.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Says whose real handshake the stepper holds, when it holds one. */
export function LiveHandshakeBanner() {
  const { t } = useTranslation();
  const live = useExplorer(activeLiveHandshake);
  const showView = useExplorer((s) => s.showView);
  if (!live) return null;
  return (
    <p className="panel live-banner" data-testid="live-handshake-banner">
      <Trans i18nKey="handshake.liveBanner" components={{ session: <strong className="mono">{live.session}</strong>, target: <span className="mono">{live.target}</span> }} />{' '}
      <button type="button" className="link" onClick={() => showView('live')}>{t('handshake.backToLive')}</button>
    </p>
  );
}

export function HandshakeWalk() {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const side = useExplorer((s) => s.handshakeSide);
  const requestText = useExplorer((s) => s.requestText);
  const responseText = useExplorer((s) => s.responseText);
  const step = useExplorer((s) => s.handshakeStep);
  const originPolicy = useExplorer((s) => s.originPolicy);
  const serverSubprotocols = useExplorer((s) => s.serverSubprotocols);
  const serverDeflate = useExplorer((s) => s.serverDeflate);
  const live = useExplorer(activeLiveHandshake);
  const setStep = useExplorer((s) => s.setHandshakeStep);

  const serverWalk = useMemo(
    () => (side === 'server' ? walkServerHandshake(requestText, { originPolicy, subprotocols: splitSubprotocols(serverSubprotocols), deflate: serverDeflate }) : null),
    [side, requestText, originPolicy, serverSubprotocols, serverDeflate],
  );
  const clientWalk = useMemo(() => (side === 'client' ? walkClientHandshake(requestText, responseText) : null), [side, requestText, responseText]);
  const real: RealAnswer | null = useMemo(
    () => (live && responseText ? { responseText, accept: acceptSent(responseText) } : null),
    [live, responseText],
  );

  return (
    <>
      {serverWalk?.kind === 'empty' ? <p className="muted empty-state">{t('handshake.pasteRequest')}</p> : null}
      {serverWalk?.kind === 'unreadable' ? (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>{t('handshake.unreadableRequest')}</h2>
          <p>{t('handshake.unreadableRequestText', { line: serverWalk.line, message: wording.httpError(serverWalk.message), status: serverWalk.status })}</p>
        </div>
      ) : null}
      {serverWalk?.kind === 'steps' ? (
        <Stepper title={t('handshake.serverSide')} steps={serverWalk.steps} step={step} onStep={setStep} renderStep={(s) => <ServerStepView step={s} real={real} />} />
      ) : null}

      {clientWalk && clientWalk.kind !== 'steps' ? <ClientNotice walk={clientWalk} /> : null}
      {clientWalk?.kind === 'steps' ? (
        <Stepper title={t('handshake.clientSide')} steps={clientWalk.steps} step={step} onStep={setStep} renderStep={(s) => <ClientStepView step={s} />} />
      ) : null}
    </>
  );
}

/** Why the client's side has no steps yet. */
function ClientNotice({ walk }: { walk: Exclude<ClientWalkthrough, { kind: 'steps' }> }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  switch (walk.kind) {
    case 'empty':
      return (
        <p className="muted empty-state">
          {walk.missing === 'request' ? t('handshake.pasteClientRequest') : t('handshake.pasteResponse')}
        </p>
      );
    case 'unreadable':
      return (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>{walk.message === 'request' ? t('handshake.unreadableRequestClient') : t('handshake.unreadableResponseClient')}</h2>
          <p>{t('handshake.unreadableLine', { line: walk.line, text: wording.httpError(walk.text) })}</p>
        </div>
      );
    case 'no-key':
      return (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>{t('handshake.noKey')}</h2>
          <p><Trans i18nKey="handshake.noKeyText" count={walk.keys} components={{ rfc: <RfcRef section="4.1" /> }} /></p>
        </div>
      );
  }
}

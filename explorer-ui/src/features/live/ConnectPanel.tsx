// Drive a session from this page: a browser WebSocket to one of the
// explorer's endpoints (from /api/endpoints), with a nonce in its URL so the
// Live view shows its session at once. Send text, or binary typed as hex;
// close with a code and a reason. Type "hello" into /echo and watch the
// masked frame go out and the unmasked echo come back.

import { Trans, useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { closeRequest, outgoingMessage, type SendMode } from './connect-input';
import type { LiveFeed } from './live-feed';
import { endpointUrl } from './tap-address';

/** The endpoints a page may drive: the demos, never the tap itself. */
const DRIVABLE = ['/echo', '/chat', '/filewatch', '/many', '/command'];

export function ConnectPanel({ feed }: { feed: LiveFeed }) {
  const { t } = useTranslation();
  const follow = useExplorer((s) => s.followLiveNonce);
  const { client } = feed;
  const endpoints = (feed.endpoints ?? []).filter((e) => DRIVABLE.includes(e.path));
  const [path, setPath] = useState('/echo');
  const [mode, setMode] = useState<SendMode>('text');
  const [message, setMessage] = useState('hello');
  const [code, setCode] = useState('1000');
  const [reason, setReason] = useState('bye');
  const [error, setError] = useState<string | null>(null);
  const chosen = endpoints.find((e) => e.path === path) ?? endpoints[0];
  const open = client.state === 'open';

  const connect = () => {
    if (!chosen) return;
    setError(null);
    follow(client.connect(endpointUrl(window.location, chosen.path)));
  };
  const send = () => {
    const outgoing = outgoingMessage(mode, message);
    if (!outgoing.ok) return setError(outgoing.error);
    setError(null);
    client.send(outgoing.data);
  };
  const close = () => {
    const request = closeRequest(code, reason);
    if (!request.ok) return setError(request.error);
    setError(null);
    client.close(request.code, request.reason);
  };

  return (
    <section className="panel live-connect" aria-labelledby="live-connect-title" data-testid="live-connect">
      <div className="live-connect__row">
        <h2 id="live-connect-title">{t('live.connect.title')}</h2>
        <label className="field field--inline">
          <span>{t('live.connect.endpoint')}</span>
          <select value={chosen?.path ?? ''} onChange={(e) => setPath(e.target.value)} disabled={!endpoints.length} data-testid="live-endpoint">
            {endpoints.map((e) => <option key={e.path} value={e.path} title={e.description}>{e.path}</option>)}
          </select>
        </label>
        <button type="button" className={open ? undefined : 'primary'} onClick={connect} disabled={!chosen} data-testid="live-connect-button">
          {client.state === 'idle' || client.state === 'closed' ? t('live.connect.connect') : t('live.connect.again')}
        </button>
        <span className="live-connect__state" data-testid="live-client-state">
          {client.state === 'idle' ? <span className="muted">{chosen ? chosen.description : t('live.connect.waitingEndpoints')}</span>
            : <>
              <strong>{t(`live.connect.states.${client.state}`)}</strong> <span className="mono">{client.url}</span>
              {client.lastClose ? <>{t('live.connect.closed', { code: client.lastClose.code })}{client.lastClose.reason ? ` “${client.lastClose.reason}”` : ''}</> : null}
            </>}
        </span>
      </div>
      <form className="live-connect__row" onSubmit={(e) => { e.preventDefault(); send(); }}>
        <fieldset className="segmented" aria-label={t('live.connect.sendAs')}>
          <legend className="visually-hidden">{t('live.connect.sendAs')}</legend>
          {(['text', 'hex'] as const).map((m) => (
            <label key={m} className={mode === m ? 'is-on' : undefined}>
              <input type="radio" name="live-send-mode" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`live-mode-${m}`} />
              {t(`live.connect.${m}`)}
            </label>
          ))}
        </fieldset>
        <input
          className={`live-connect__message${mode === 'hex' ? ' mono' : ''}`}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          aria-label={mode === 'text' ? t('live.connect.textLabel') : t('live.connect.hexLabel')}
          placeholder={mode === 'text' ? t('live.connect.textPlaceholder') : t('live.connect.hexPlaceholder')}
          data-testid="live-message"
        />
        <button type="submit" className="primary" disabled={!open} data-testid="live-send">{t('live.connect.send')}</button>
        <span className="live-connect__close">
          <label className="field field--inline">
            <span>{t('live.connect.closeCode')}</span>
            <input className="live-connect__code mono" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" aria-label={t('live.connect.closeCodeLabel')} data-testid="live-close-code" />
          </label>
          <input
            className="live-connect__reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-label={t('live.connect.closeReason')}
            placeholder={t('live.connect.reasonPlaceholder')}
            data-testid="live-close-reason"
          />
          <button type="button" onClick={close} disabled={!open && client.state !== 'connecting'} data-testid="live-close">{t('live.connect.close')}</button>
        </span>
      </form>
      {error ? <p className="error" role="alert" data-testid="live-connect-error">{error}</p> : null}
      <p className="muted live-connect__limits">
        <Trans
          i18nKey="live.connect.limits"
          components={{ rfc: <RfcRef section="5.3" />, simulation: <a href="#/simulation" />, builder: <a href="#/builder" /> }}
        />
      </p>
    </section>
  );
}

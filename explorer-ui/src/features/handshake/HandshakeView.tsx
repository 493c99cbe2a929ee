// The handshake stepper: paste a request (or pick a sample), then step
// through either side's checks one at a time. The server's side: its checks
// of the request (RFC 6455 4.2.1), the accept-key derivation (4.2.2 step 5.4)
// and its answer. The client's side: the response checked against the
// request it sent (4.1), recomputing the accept value from its own key.

import { Trans, useTranslation } from 'react-i18next';
import { GorillaAside } from '../../widgets/GorillaAside';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { HandshakeSideSwitch, HandshakeWalk, LiveHandshakeBanner } from './HandshakeWalk';
import {
  BROKEN_REQUEST_MENU,
  REQUEST_MENU,
  RESPONSE_MENU,
  loadSample,
  menuSample,
  simulatedAnswer,
  type SampleMenuEntry,
} from './sample-menu';

export function HandshakeView() {
  const { t } = useTranslation();
  const side = useExplorer((s) => s.handshakeSide);
  const requestText = useExplorer((s) => s.requestText);
  const responseText = useExplorer((s) => s.responseText);
  const originPolicy = useExplorer((s) => s.originPolicy);
  const serverSubprotocols = useExplorer((s) => s.serverSubprotocols);
  const serverDeflate = useExplorer((s) => s.serverDeflate);
  const setServerDeflate = useExplorer((s) => s.setServerDeflate);
  const setRequestText = useExplorer((s) => s.setRequestText);
  const setResponseText = useExplorer((s) => s.setResponseText);
  const setOriginPolicy = useExplorer((s) => s.setOriginPolicy);
  const setServerSubprotocols = useExplorer((s) => s.setServerSubprotocols);
  const loadIntoStepper = useExplorer((s) => s.loadHandshakeSample);

  const pick = (entry: SampleMenuEntry) => {
    const loaded = loadSample(menuSample(entry));
    loadIntoStepper(loaded.requestText, loaded.responseText, loaded.server);
  };

  return (
    <div className="view handshake" data-testid="handshake-view">
      <header className="view__intro">
        <h1>{t('handshake.title')}</h1>
        <p>
          <Trans
            i18nKey="handshake.intro"
            components={{ rfc421: <RfcRef section="4.2.1" />, rfc422: <RfcRef section="4.2.2" />, rfc41: <RfcRef section="4.1" /> }}
          />
        </p>
        <GorillaAside i18nKey={side === 'server' ? 'handshake.gorillaServer' : 'handshake.gorillaClient'} />
      </header>

      <LiveHandshakeBanner />
      <HandshakeSideSwitch />

      <section className="panel" aria-labelledby="handshake-request-title">
        <div className="panel__head">
          <h2 id="handshake-request-title">{side === 'client' ? t('handshake.requestSent') : t('handshake.request')}</h2>
          <SampleChips label={t('handshake.sampleRequests')} entries={REQUEST_MENU} onPick={pick} />
        </div>
        <div className="handshake__broken">
          <SampleChips label={t('handshake.brokenRequests')} title={t('handshake.broken')} entries={BROKEN_REQUEST_MENU} onPick={pick} />
        </div>
        <label htmlFor="handshake-request" className="visually-hidden">{t('handshake.requestLabel')}</label>
        <textarea
          id="handshake-request"
          data-testid="handshake-request"
          className="mono"
          rows={side === 'client' ? 6 : 8}
          spellCheck={false}
          value={requestText}
          placeholder={'GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13'}
          onChange={(e) => setRequestText(e.target.value)}
        />
        {side === 'server' ? (
          <div className="handshake__policy">
            <span className="field__label">{t('handshake.theServer')}</span>
            <label className="check">
              <input type="checkbox" checked={originPolicy === 'any'} onChange={(e) => setOriginPolicy(e.target.checked ? 'any' : 'same-origin')} />
              {t('handshake.anyOrigin')} <RfcRef section="10.2" />
            </label>
            <label className="field field--inline">
              <span>{t('handshake.speaksSubprotocols')}</span>
              <input value={serverSubprotocols} placeholder={t('handshake.subprotocolsPlaceholder')} aria-label={t('handshake.subprotocolsLabel')} onChange={(e) => setServerSubprotocols(e.target.value)} />
            </label>
            <label className="check">
              <input type="checkbox" checked={serverDeflate} onChange={(e) => setServerDeflate(e.target.checked)} data-testid="server-deflate" />
              {t('handshake.acceptsDeflate')} <RfcRef section="7.1" rfc={7692} />
            </label>
          </div>
        ) : null}
      </section>

      {side === 'client' ? (
        <section className="panel" aria-labelledby="handshake-response-title">
          <div className="panel__head">
            <h2 id="handshake-response-title">{t('handshake.response')}</h2>
            <SampleChips label={t('handshake.sampleResponses')} entries={RESPONSE_MENU} onPick={pick} />
          </div>
          <label htmlFor="handshake-response-text" className="visually-hidden">{t('handshake.responseLabel')}</label>
          <textarea
            id="handshake-response-text"
            data-testid="handshake-response-input"
            className="mono"
            rows={6}
            spellCheck={false}
            value={responseText}
            placeholder={'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='}
            onChange={(e) => setResponseText(e.target.value)}
          />
          <div className="handshake__policy">
            <button
              type="button"
              disabled={requestText.trim() === ''}
              onClick={() => setResponseText(simulatedAnswer(requestText, { originPolicy, subprotocols: serverSubprotocols, deflate: serverDeflate }))}
            >
              {t('handshake.useSimulated')}
            </button>
            <span className="muted small">
              {t('handshake.simulatedSummary', {
                origin: originPolicy === 'any' ? t('handshake.anyOriginShort') : t('handshake.sameOriginShort'),
                subprotocols: serverSubprotocols.trim() || t('handshake.none'),
                deflate: serverDeflate ? t('handshake.deflateAccepted') : t('handshake.noCompression'),
              })}
            </span>
          </div>
        </section>
      ) : null}

      <HandshakeWalk />
    </div>
  );
}

function SampleChips({ label, title, entries, onPick }: { label: string; title?: string; entries: readonly SampleMenuEntry[]; onPick: (entry: SampleMenuEntry) => void }) {
  const { t } = useTranslation();
  return (
    <div className="chips" role="group" aria-label={label}>
      {title ? <span className="muted small chips__title">{title}</span> : null}
      {entries.map((entry) => (
        <button key={entry.id} type="button" className="chip" title={menuSample(entry).title} onClick={() => onPick(entry)}>{t(`handshake.samples.${entry.id}`, { defaultValue: entry.label })}</button>
      ))}
    </div>
  );
}

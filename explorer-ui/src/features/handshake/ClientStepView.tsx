// One step of the client's handshake (RFC 6455 4.1): what it sent and will
// hold the server to, the response as read, each check, the accept value it
// recomputes, and the verdict: the connection is open, or the client must
// _Fail the WebSocket Connection_.

import { Trans, useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import { headerValues } from '../../../../engine/http-message';
import { RfcRef } from '../../widgets/RfcRef';
import { AcceptDerivationView } from './AcceptDerivationView';
import { CheckView } from './CheckView';
import { ClientDeflateView } from './DeflateStepViews';
import type { ClientStep } from './client-walkthrough';
import { HttpHeadView } from './HttpHeadView';

export function ClientStepView({ step }: { step: ClientStep }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  switch (step.kind) {
    case 'sent': {
      const { handshake } = step;
      return (
        <>
          <h3><Trans i18nKey="handshake.client.sent" components={{ rfc: <RfcRef section="4.1" /> }} /></h3>
          <dl className="check-step__facts" data-testid="client-offer">
            <dt>{t('handshake.client.key')}</dt><dd className="mono">{handshake.key}</dd>
            <dt>{t('handshake.client.subprotocols')}</dt>
            <dd className="mono">{handshake.offeredProtocols.length ? handshake.offeredProtocols.join(', ') : <span className="muted">{t('handshake.client.noneOffered')}</span>}</dd>
            <dt>{t('handshake.client.extensions')}</dt>
            <dd className="mono">{handshake.offeredExtensions.length ? handshake.offeredExtensions.map((o) => o.name).join(', ') : <span className="muted">{t('handshake.client.noneOffered')}</span>}</dd>
          </dl>
          <p className="muted">{t('handshake.client.onlyThese')}</p>
        </>
      );
    }
    case 'response': {
      const { response } = step;
      return (
        <>
          <h3>{t('handshake.client.readsResponse')}</h3>
          <HttpHeadView firstLine={`${response.version} ${response.status} ${response.reason}`.trim()} headers={response.headers} notes={step.notes} />
        </>
      );
    }
    case 'derivation':
      return <AcceptDerivationView stage={step.stage} derivation={step.derivation} by="client" />;
    case 'check': {
      const { check } = step;
      const consequence = <Trans i18nKey="handshake.check.clientFails" components={{ em: <em />, rfc: <RfcRef section="7.1.7" /> }} />;
      if (check.id === 'extensions' && step.deflate) {
        return <CheckView check={check} consequence={consequence}><ClientDeflateView deflate={step.deflate} /></CheckView>;
      }
      if (check.id !== 'accept') return <CheckView check={check} consequence={consequence} />;
      const received = headerValues(step.response.headers, 'sec-websocket-accept');
      return (
        <CheckView check={check} consequence={consequence}>
          <div className="accept-compare" data-testid="accept-compare">
            <span className="accept-compare__label">{t('handshake.client.serverSent')}</span>
            <span className={`derivation__value mono ${check.passed ? 'accept-compare--same' : 'accept-compare--differs'}`} data-testid="accept-received">
              {received.length ? received.join(', ') : t('handshake.client.noAccept')}
            </span>
            <span className="accept-compare__label">{t('handshake.client.clientComputed')}</span>
            <span className="derivation__value mono accept-compare--same" data-testid="accept-computed">{step.handshake.expectedAccept}</span>
          </div>
        </CheckView>
      );
    }
    case 'verdict': {
      const { verification } = step;
      return verification.ok ? (
        <>
          <h3><span className="badge badge--ok">{t('handshake.client.open')}</span> <RfcRef section="4.1" /></h3>
          <p data-testid="client-verdict">
            {t('handshake.client.established')}
            {verification.subprotocol
              ? <Trans i18nKey="handshake.client.speaking" components={{ protocol: <strong className="mono">{verification.subprotocol}</strong> }} />
              : t('handshake.client.noSubprotocol')}
            {verification.extensions ? <Trans i18nKey="handshake.client.withExtensions" components={{ extensions: <strong className="mono">{verification.extensions}</strong> }} /> : ''}
            {t('handshake.client.period')}
          </p>
        </>
      ) : (
        <>
          <h3><span className="badge badge--bad">{t('handshake.client.failsConnection')}</span> <RfcRef section="4.1" /></h3>
          <p data-testid="client-verdict">{wording.handshakeFailure(verification.reason, verification.checks)}</p>
        </>
      );
    }
  }
}

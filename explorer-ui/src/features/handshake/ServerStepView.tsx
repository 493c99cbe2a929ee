// One step of the server's handshake: the request as read, a check, a stage
// of the accept-key derivation, a permessage-deflate offer or the answer to
// them, or the response.

import { Trans, useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import { RfcRef } from '../../widgets/RfcRef';
import { AcceptDerivationView } from './AcceptDerivationView';
import { CheckView } from './CheckView';
import { DeflateAnswerView, DeflateOfferView } from './DeflateStepViews';
import { HttpHeadView } from './HttpHeadView';
import type { ServerStep } from './server-walkthrough';

/** What a real server answered, when the steps are a live session's (the Live view). */
export interface RealAnswer {
  responseText: string;
  /** Its Sec-WebSocket-Accept, or null when it sent none. */
  accept: string | null;
}

export function ServerStepView({ step, real = null }: { step: ServerStep; real?: RealAnswer | null }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  switch (step.kind) {
    case 'request': {
      const { request } = step;
      return (
        <>
          <h3>{t('handshake.server.readsRequest')}</h3>
          <HttpHeadView firstLine={`${request.method} ${request.target} ${request.version}`} headers={request.headers} notes={step.notes} />
        </>
      );
    }
    case 'check':
      return (
        <CheckView
          check={step.check}
          consequence={step.check.failStatus ? <Trans i18nKey="handshake.check.serverRefuses" components={{ status: <strong>{step.check.failStatus}</strong> }} /> : undefined}
        >
          {step.note ? <p className="muted" data-testid="check-note">{t('handshake.check.declinesAll')}</p> : null}
        </CheckView>
      );
    case 'deflate-offer':
      return <DeflateOfferView offer={step.offer} of={step.of} />;
    case 'deflate-answer':
      return <DeflateAnswerView negotiation={step.negotiation} />;
    case 'derivation':
      return <AcceptDerivationView stage={step.stage} derivation={step.derivation} by="server" acceptSent={real ? real.accept : undefined} />;
    case 'response': {
      const { decision } = step;
      const text = new TextDecoder().decode(decision.responseBytes);
      return (
        <>
          <h3>
            {t('handshake.server.answers')}{' '}
            {decision.accepted
              ? <span className="badge badge--ok">{t('handshake.server.accepted')}</span>
              : <span className="badge badge--bad">{t('handshake.server.refused', { status: decision.status })}</span>}
            {' '}<RfcRef section="4.2.2" />
          </h3>
          {!decision.accepted ? <p>{wording.handshakeFailure(decision.reason, decision.checks)}</p> : null}
          <pre className="mono http-text" data-testid="handshake-response">{text}</pre>
          {real ? (
            <>
              <h4>{t('handshake.server.realAnswer')}</h4>
              <pre className="mono http-text" data-testid="handshake-real-response">{real.responseText}</pre>
            </>
          ) : null}
        </>
      );
    }
  }
}

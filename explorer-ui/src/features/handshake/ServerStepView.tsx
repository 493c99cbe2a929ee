// One step of the server's handshake: the request as read, a check, a stage
// of the accept-key derivation, a permessage-deflate offer or the answer to
// them, or the response.

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
  switch (step.kind) {
    case 'request': {
      const { request } = step;
      return (
        <>
          <h3>The server reads the request head</h3>
          <HttpHeadView firstLine={`${request.method} ${request.target} ${request.version}`} headers={request.headers} notes={step.notes} />
        </>
      );
    }
    case 'check':
      return (
        <CheckView
          check={step.check}
          consequence={step.check.failStatus ? <>the server refuses with <strong>{step.check.failStatus}</strong></> : undefined}
        >
          {step.note ? <p className="muted" data-testid="check-note">{step.note}</p> : null}
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
            The server answers{' '}
            {decision.accepted
              ? <span className="badge badge--ok">101: the connection is now a WebSocket</span>
              : <span className="badge badge--bad">{decision.status}: refused</span>}
            {' '}<RfcRef section="4.2.2" />
          </h3>
          {!decision.accepted ? <p>{decision.reason}</p> : null}
          <pre className="mono http-text" data-testid="handshake-response">{text}</pre>
          {real ? (
            <>
              <h4>What the server really answered</h4>
              <pre className="mono http-text" data-testid="handshake-real-response">{real.responseText}</pre>
            </>
          ) : null}
        </>
      );
    }
  }
}

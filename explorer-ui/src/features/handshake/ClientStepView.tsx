// One step of the client's handshake (RFC 6455 4.1): what it sent and will
// hold the server to, the response as read, each check, the accept value it
// recomputes, and the verdict: the connection is open, or the client must
// _Fail the WebSocket Connection_.

import { headerValues } from '../../../../engine/http-message';
import { RfcRef } from '../../widgets/RfcRef';
import { AcceptDerivationView } from './AcceptDerivationView';
import { CheckView } from './CheckView';
import { ClientDeflateView } from './DeflateStepViews';
import type { ClientStep } from './client-walkthrough';
import { HttpHeadView } from './HttpHeadView';

export function ClientStepView({ step }: { step: ClientStep }) {
  switch (step.kind) {
    case 'sent': {
      const { handshake } = step;
      return (
        <>
          <h3>The client sent its request and remembers what it offered <RfcRef section="4.1" /></h3>
          <dl className="check-step__facts" data-testid="client-offer">
            <dt>key</dt><dd className="mono">{handshake.key}</dd>
            <dt>subprotocols</dt><dd className="mono">{handshake.offeredProtocols.length ? handshake.offeredProtocols.join(', ') : <span className="muted">none offered</span>}</dd>
            <dt>extensions</dt><dd className="mono">{handshake.offeredExtensions.length ? handshake.offeredExtensions.map((o) => o.name).join(', ') : <span className="muted">none offered</span>}</dd>
          </dl>
          <p className="muted">Only these may come back: the server can choose among them, never add to them (4.1, response steps 5 and 6).</p>
        </>
      );
    }
    case 'response': {
      const { response } = step;
      return (
        <>
          <h3>The client reads the server's response head</h3>
          <HttpHeadView firstLine={`${response.version} ${response.status} ${response.reason}`.trim()} headers={response.headers} notes={step.notes} />
        </>
      );
    }
    case 'derivation':
      return <AcceptDerivationView stage={step.stage} derivation={step.derivation} by="client" />;
    case 'check': {
      const { check } = step;
      const consequence = <>the client must <em>Fail the WebSocket Connection</em> <RfcRef section="7.1.7" /></>;
      if (check.id === 'extensions' && step.deflate) {
        return <CheckView check={check} consequence={consequence}><ClientDeflateView deflate={step.deflate} /></CheckView>;
      }
      if (check.id !== 'accept') return <CheckView check={check} consequence={consequence} />;
      const received = headerValues(step.response.headers, 'sec-websocket-accept');
      return (
        <CheckView check={check} consequence={consequence}>
          <div className="accept-compare" data-testid="accept-compare">
            <span className="accept-compare__label">the server sent</span>
            <span className={`derivation__value mono ${check.passed ? 'accept-compare--same' : 'accept-compare--differs'}`} data-testid="accept-received">
              {received.length ? received.join(', ') : '(no Sec-WebSocket-Accept)'}
            </span>
            <span className="accept-compare__label">the client computed</span>
            <span className="derivation__value mono accept-compare--same" data-testid="accept-computed">{step.handshake.expectedAccept}</span>
          </div>
        </CheckView>
      );
    }
    case 'verdict': {
      const { verification } = step;
      return verification.ok ? (
        <>
          <h3><span className="badge badge--ok">Open: the client accepts the response</span> <RfcRef section="4.1" /></h3>
          <p data-testid="client-verdict">
            The WebSocket connection is established
            {verification.subprotocol ? <>, speaking <strong className="mono">{verification.subprotocol}</strong></> : ', with no subprotocol'}
            {verification.extensions ? <>, with extensions <strong className="mono">{verification.extensions}</strong></> : ''}.
          </p>
        </>
      ) : (
        <>
          <h3><span className="badge badge--bad">The client fails the connection</span> <RfcRef section="4.1" /></h3>
          <p data-testid="client-verdict">{verification.reason}</p>
        </>
      );
    }
  }
}

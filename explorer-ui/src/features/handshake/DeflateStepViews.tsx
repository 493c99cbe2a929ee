// The permessage-deflate steps of the handshake stepper (RFC 7692 5, 7.1):
// on the server's side one offer at a time and then the answer; on the
// client's side its check of the answer against what it offered.

import { RfcRef } from '../../widgets/RfcRef';
import type { ClientDeflateCheck, DirectionExplained, OfferExplained, ParameterExplained, ServerDeflateWalk } from './deflate-walkthrough';
import './deflate-steps.css';

const VERDICTS: Record<OfferExplained['verdict'], { label: string; badge: string }> = {
  accepted: { label: 'accepted', badge: 'badge--ok' },
  declined: { label: 'declined', badge: 'badge--bad' },
  'not-considered': { label: 'not considered', badge: 'badge--muted' },
  'other-extension': { label: 'ignored', badge: 'badge--muted' },
};

export function DeflateOfferView({ offer, of }: { offer: OfferExplained; of: number }) {
  const verdict = VERDICTS[offer.verdict];
  return (
    <div className="deflate-step" data-testid="deflate-offer" data-verdict={offer.verdict}>
      <h3>
        Extension offer {offer.number} of {of}: <span className={`badge ${verdict.badge}`} data-testid="deflate-offer-verdict">{verdict.label}</span>{' '}
        <RfcRef section="5" rfc={7692} />
      </h3>
      <p className="deflate-step__offer mono" data-testid="deflate-offer-text">{offer.text}</p>
      <Parameters parameters={offer.parameters} empty="no parameters: the defaults, a 32 KiB window each way and context takeover both ways" />
      <p data-testid="deflate-offer-reason"><strong>Why:</strong> {offer.reason}</p>
    </div>
  );
}

export function DeflateAnswerView({ negotiation }: { negotiation: ServerDeflateWalk }) {
  return (
    <div className="deflate-step" data-testid="deflate-answer">
      <h3>The server's extension answer <RfcRef section="7.1" rfc={7692} /></h3>
      {negotiation.response ? (
        <>
          <p className="deflate-step__offer mono" data-testid="deflate-answer-header">Sec-WebSocket-Extensions: {negotiation.response}</p>
          <p>
            The answer names every parameter that binds the client; a parameter the server leaves out keeps its default. From now on a compressed
            message has RSV1 set on its first frame <RfcRef section="6" rfc={7692} />.
          </p>
          <Directions directions={negotiation.directions} />
        </>
      ) : (
        <p data-testid="deflate-answer-header">No permessage-deflate offer could be taken: the server answers without Sec-WebSocket-Extensions, and messages travel uncompressed.</p>
      )}
    </div>
  );
}

/** Under the client's extensions check: the answer's parameters, checked against the offer. */
export function ClientDeflateView({ deflate }: { deflate: ClientDeflateCheck }) {
  return (
    <div className="deflate-step deflate-step--nested" data-testid="client-deflate">
      <h4>permessage-deflate: the answer against the offer <RfcRef section="7.1" rfc={7692} /></h4>
      <dl className="check-step__facts">
        <dt>offered</dt><dd className="mono">{deflate.offered.length ? deflate.offered.join(', ') : '(none)'}</dd>
        <dt>answered</dt><dd className="mono" data-testid="client-deflate-answer">{deflate.answer}</dd>
      </dl>
      <Parameters parameters={deflate.parameters} empty="no parameters: the defaults, a 32 KiB window each way and context takeover both ways" />
      {deflate.reading.ok ? (
        <>
          <p data-testid="client-deflate-verdict">Every parameter follows from the offer: the client holds both sides to this agreement.</p>
          <Directions directions={deflate.directions} />
        </>
      ) : (
        <p className="error" data-testid="client-deflate-verdict">
          {deflate.reading.reason}: the client must <em>Fail the WebSocket Connection</em> <RfcRef section="7.1" rfc={7692} />.
        </p>
      )}
    </div>
  );
}

function Parameters({ parameters, empty }: { parameters: readonly ParameterExplained[]; empty: string }) {
  if (parameters.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="deflate-step__params">
      {parameters.map((parameter) => (
        <div key={parameter.text} className="deflate-step__param">
          <dt className="mono">{parameter.text}</dt>
          <dd>{parameter.meaning} <RfcRef section={parameter.rfc} rfc={7692} /></dd>
        </div>
      ))}
    </dl>
  );
}

function Directions({ directions }: { directions: readonly DirectionExplained[] }) {
  return (
    <ul className="deflate-step__directions" data-testid="deflate-directions">
      {directions.map((direction) => (
        <li key={direction.label}><strong>{direction.label}:</strong> {direction.text}.</li>
      ))}
    </ul>
  );
}

// The permessage-deflate steps of the handshake stepper (RFC 7692 5, 7.1):
// on the server's side one offer at a time and then the answer; on the
// client's side its check of the answer against what it offered.

import type { TFunction } from 'i18next';
import { engineWording } from '../../i18n/engine-wording';
import { Trans, useTranslation } from 'react-i18next';
import { RfcRef } from '../../widgets/RfcRef';
import type { ClientDeflateCheck, DirectionExplained, OfferExplained, ParameterExplained, ServerDeflateWalk } from './deflate-walkthrough';
import './deflate-steps.css';

/** Each verdict's badge; its word is in the catalogs (handshake.deflate.verdicts.*). */
const VERDICT_BADGES: Record<OfferExplained['verdict'], string> = {
  accepted: 'badge--ok',
  declined: 'badge--bad',
  'not-considered': 'badge--muted',
  'other-extension': 'badge--muted',
};

export function DeflateOfferView({ offer, of }: { offer: OfferExplained; of: number }) {
  const { t } = useTranslation();
  return (
    <div className="deflate-step" data-testid="deflate-offer" data-verdict={offer.verdict}>
      <h3>
        {t('handshake.deflate.offer', { number: offer.number, of })}{' '}
        <span className={`badge ${VERDICT_BADGES[offer.verdict]}`} data-testid="deflate-offer-verdict">{t(`handshake.deflate.verdicts.${offer.verdict}`)}</span>{' '}
        <RfcRef section="5" rfc={7692} />
      </h3>
      <p className="deflate-step__offer mono" data-testid="deflate-offer-text">{offer.text}</p>
      <Parameters parameters={offer.parameters} kind="offer" empty={t('handshake.deflate.noParameters')} />
      <p data-testid="deflate-offer-reason"><strong>{t('handshake.deflate.why')}</strong> {offerReason(offer, t)}</p>
    </div>
  );
}

export function DeflateAnswerView({ negotiation }: { negotiation: ServerDeflateWalk }) {
  const { t } = useTranslation();
  return (
    <div className="deflate-step" data-testid="deflate-answer">
      <h3><Trans i18nKey="handshake.deflate.answer" components={{ rfc: <RfcRef section="7.1" rfc={7692} /> }} /></h3>
      {negotiation.response ? (
        <>
          <p className="deflate-step__offer mono" data-testid="deflate-answer-header">Sec-WebSocket-Extensions: {negotiation.response}</p>
          <p>
            <Trans i18nKey="handshake.deflate.answerText" components={{ rfc: <RfcRef section="6" rfc={7692} /> }} />
          </p>
          <Directions directions={negotiation.directions} />
        </>
      ) : (
        <p data-testid="deflate-answer-header">{t('handshake.deflate.noAnswer')}</p>
      )}
    </div>
  );
}

/** Under the client's extensions check: the answer's parameters, checked against the offer. */
export function ClientDeflateView({ deflate }: { deflate: ClientDeflateCheck }) {
  const { t } = useTranslation();
  return (
    <div className="deflate-step deflate-step--nested" data-testid="client-deflate">
      <h4><Trans i18nKey="handshake.deflate.againstOffer" components={{ rfc: <RfcRef section="7.1" rfc={7692} /> }} /></h4>
      <dl className="check-step__facts">
        <dt>{t('handshake.deflate.offered')}</dt><dd className="mono">{deflate.offered.length ? deflate.offered.join(', ') : t('handshake.deflate.none')}</dd>
        <dt>{t('handshake.deflate.answered')}</dt><dd className="mono" data-testid="client-deflate-answer">{deflate.answer}</dd>
      </dl>
      <Parameters parameters={deflate.parameters} kind="answer" empty={t('handshake.deflate.noParameters')} />
      {deflate.reading.ok ? (
        <>
          <p data-testid="client-deflate-verdict">{t('handshake.deflate.follows')}</p>
          <Directions directions={deflate.directions} />
        </>
      ) : (
        <p className="error" data-testid="client-deflate-verdict">
          <Trans i18nKey="handshake.deflate.mustFail" values={{ reason: engineWording(t).deflateReason(deflate.reading.reason) }} components={{ em: <em />, rfc: <RfcRef section="7.1" rfc={7692} /> }} />
        </p>
      )}
    </div>
  );
}

/** Why an offer was taken or not: the walkthrough's verdicts in the catalog's words; a decline keeps the engine's reason. */
export function offerReason(offer: OfferExplained, t: TFunction): string {
  switch (offer.verdict) {
    case 'other-extension':
      return t('handshake.deflate.reasons.other', { name: offer.text.split(';')[0].trim(), defaultValue: offer.reason });
    case 'accepted':
      return t('handshake.deflate.reasons.accepted');
    case 'not-considered':
      return t('handshake.deflate.reasons.notConsidered');
    case 'declined':
      return engineWording(t).deflateReason(offer.reason);
  }
}

/** A parameter's meaning, as an offer asks it or an answer settles it (RFC 7692 7.1), from the catalogs; the walkthrough's English otherwise. */
export function parameterMeaning(parameter: ParameterExplained, kind: 'offer' | 'answer', t: TFunction): string {
  const [name, value] = parameter.text.split('=');
  const key = name.toLowerCase();
  const bits = Number(value);
  const bytes = Number.isInteger(bits) && bits >= 8 && bits <= 15 ? (2 ** bits).toLocaleString('en') : '?';
  if (!/^(server|client)_(no_context_takeover|max_window_bits)$/.test(key)) return t('handshake.deflate.params.unknown', { defaultValue: parameter.meaning });
  const bare = kind === 'offer' && key === 'client_max_window_bits' && value === undefined;
  return t(`handshake.deflate.params.${kind}.${key}${bare ? '_bare' : ''}`, { value: value ?? '?', bytes, defaultValue: parameter.meaning });
}

function Parameters({ parameters, kind, empty }: { parameters: readonly ParameterExplained[]; kind: 'offer' | 'answer'; empty: string }) {
  const { t } = useTranslation();
  if (parameters.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="deflate-step__params">
      {parameters.map((parameter) => (
        <div key={parameter.text} className="deflate-step__param">
          <dt className="mono">{parameter.text}</dt>
          <dd>{parameterMeaning(parameter, kind, t)} <RfcRef section={parameter.rfc} rfc={7692} /></dd>
        </div>
      ))}
    </dl>
  );
}

function Directions({ directions }: { directions: readonly DirectionExplained[] }) {
  const { t } = useTranslation();
  return (
    <ul className="deflate-step__directions" data-testid="deflate-directions">
      {directions.map((direction) => (
        <li key={direction.label}>
          <strong>{t(direction.label.startsWith('server') ? 'live.timeline.directions.server' : 'live.timeline.directions.client')}{t('handshake.deflate.colon')}</strong>
          {t('handshake.deflate.direction', {
            sender: t(direction.label.startsWith('server') ? 'builder.server' : 'builder.client'),
            bytes: (2 ** direction.windowBits).toLocaleString('en'),
            largest: direction.windowBits === 15 ? t('handshake.deflate.largest') : '',
            takeover: direction.noContextTakeover ? t('handshake.deflate.noTakeover') : t('handshake.deflate.takeover'),
          })}
          {t('decoder.period')}
        </li>
      ))}
    </ul>
  );
}

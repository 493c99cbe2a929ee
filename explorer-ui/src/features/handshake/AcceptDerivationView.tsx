// One stage of the Sec-WebSocket-Accept derivation (RFC 6455 1.3, 4.2.2 step
// 5.4), as the server computes it to answer, or as the client recomputes it
// from the key it sent to check the answer (4.1 response step 4). Every value
// is the engine's (engine/accept-key.ts).

import { Trans, useTranslation } from 'react-i18next';
import type { AcceptKeyDerivation } from '../../../../engine/accept-key';
import { formatHex } from '../../../../engine/hex';
import type { HandshakeSide } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import type { DerivationStage } from './server-walkthrough';

/** Who derives: the server to answer, or the client to check the answer. */
export type Deriver = HandshakeSide;

/**
 * `acceptSent`: the Sec-WebSocket-Accept a real server sent (null: it sent
 * none), compared with the derived one at the last stage; absent for a
 * pasted or sample request, where there is no real answer to compare with.
 */
export function AcceptDerivationView({ stage, derivation: d, by, acceptSent }: { stage: DerivationStage; derivation: AcceptKeyDerivation; by: Deriver; acceptSent?: string | null }) {
  const { t } = useTranslation();
  switch (stage) {
    case 'key':
      return by === 'server' ? (
        <>
          <h3><Trans i18nKey="handshake.derivation.serverKey" components={{ rfc: <RfcRef section="4.2.1" /> }} /></h3>
          <p className="derivation__value mono" data-testid="derivation-key">{d.key}</p>
          {d.keyValid ? <p className="muted">{t('handshake.derivation.nonce')}</p> : <p className="error">{d.keyProblem}</p>}
        </>
      ) : (
        <>
          <h3><Trans i18nKey="handshake.derivation.clientKey" components={{ rfc: <RfcRef section="4.1" /> }} /></h3>
          <p className="derivation__value mono" data-testid="derivation-key">{d.key}</p>
          <p className="muted">{t('handshake.derivation.clientNonce')}</p>
        </>
      );
    case 'key-bytes':
      return (
        <>
          <h3>{t('handshake.derivation.keyBytes')}</h3>
          <p className="derivation__value mono" data-testid="derivation-key-bytes">{d.keyBytes ? formatHex(d.keyBytes) : t('handshake.derivation.notBase64')}</p>
          <p className="muted">{d.keyBytes ? t('handshake.derivation.keyBytesCount', { count: d.keyBytes.length }) : ''}{t('handshake.derivation.keyBytesNote')}</p>
        </>
      );
    case 'concatenated':
      return (
        <>
          <h3><Trans i18nKey={by === 'server' ? 'handshake.derivation.serverConcatenated' : 'handshake.derivation.clientConcatenated'} components={{ rfc: <RfcRef section="1.3" /> }} /></h3>
          <p className="derivation__value mono" data-testid="derivation-concatenated">
            <span className="derivation__key">{d.key}</span><span className="derivation__guid">{d.guid}</span>
          </p>
          <p className="muted">{t('handshake.derivation.guidNote')}</p>
        </>
      );
    case 'sha1':
      return (
        <>
          <h3>{by === 'server' ? t('handshake.derivation.serverSha1') : t('handshake.derivation.clientSha1')}</h3>
          <p className="derivation__value mono" data-testid="derivation-sha1">{formatHex(d.sha1)}</p>
        </>
      );
    case 'base64':
      return by === 'server' ? (
        <>
          <h3><Trans i18nKey="handshake.derivation.serverBase64" components={{ rfc: <RfcRef section="4.2.2" /> }} /></h3>
          <p className="derivation__value derivation__accept mono" data-testid="derivation-accept">{d.accept}</p>
          {acceptSent !== undefined ? <RealAcceptComparison derived={d.accept} sent={acceptSent} /> : null}
        </>
      ) : (
        <>
          <h3><Trans i18nKey="handshake.derivation.clientBase64" components={{ rfc: <RfcRef section="4.2.2" /> }} /></h3>
          <p className="derivation__value derivation__accept mono" data-testid="derivation-accept">{d.accept}</p>
        </>
      );
  }
}

/** The derived accept value beside the one the server really sent. */
function RealAcceptComparison({ derived, sent }: { derived: string; sent: string | null }) {
  const { t } = useTranslation();
  const same = sent === derived;
  return (
    <div className="accept-compare" data-testid="real-accept-compare">
      <span className="accept-compare__label">{t('handshake.derivation.reallySent')}</span>
      <span className={`derivation__value mono ${same ? 'accept-compare--same' : 'accept-compare--differs'}`} data-testid="real-accept-sent">
        {sent ?? t('handshake.client.noAccept')}
      </span>
      <span className="accept-compare__label">{t('handshake.derivation.verdict')}</span>
      <span className={same ? 'badge badge--ok' : 'badge badge--bad'} data-testid="real-accept-verdict">
        {same ? t('handshake.derivation.same') : t('handshake.derivation.different')}
      </span>
    </div>
  );
}

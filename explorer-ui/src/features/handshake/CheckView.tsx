// One named handshake check as the engine reports it (engine/handshake.ts for
// the server's, engine/client-handshake.ts for the client's): what was found,
// what the rule expects, where the RFC says so, and what failing it leads to.

import { useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import type { ReactNode } from 'react';
import type { HandshakeCheck } from '../../../../engine/handshake';
import { RfcRef } from '../../widgets/RfcRef';

export function CheckView({ check, consequence, children }: { check: HandshakeCheck; consequence?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  const { title, expected, found } = useEngineWording().handshakeCheck(check);
  return (
    <div className={check.passed ? 'check-step check-step--pass' : 'check-step check-step--fail'} data-testid={`check-${check.id}`}>
      <h3>
        <span className="check-step__mark" aria-hidden="true">{check.passed ? '✓' : '✗'}</span> {title}
        <span className="visually-hidden">{check.passed ? t('handshake.check.passes') : t('handshake.check.fails')}</span> <CheckRfcRef rfc={check.rfc} />
      </h3>
      {children}
      <dl className="check-step__facts">
        <dt>{t('handshake.check.found')}</dt><dd className="mono" data-testid="check-found">{found}</dd>
        <dt>{t('handshake.check.expected')}</dt><dd data-testid="check-expected">{expected}</dd>
        {!check.passed && consequence ? <><dt>{t('handshake.check.so')}</dt><dd>{consequence}</dd></> : null}
      </dl>
      <p className="muted small">{check.rfc}</p>
    </div>
  );
}

/** Checks cite "4.2.1 step 5" (RFC 6455) or another RFC by name ("RFC 7692 5"). */
function CheckRfcRef({ rfc }: { rfc: string }) {
  const match = /^(?:RFC\s*(\d+)\s+(?:section\s+)?)?(\d+(?:\.\d+)*)/i.exec(rfc);
  if (!match) return null;
  return <RfcRef section={match[2]} rfc={match[1] ? Number(match[1]) : 6455} />;
}

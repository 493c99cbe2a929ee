// One named handshake check as the engine reports it (engine/handshake.ts for
// the server's, engine/client-handshake.ts for the client's): what was found,
// what the rule expects, where the RFC says so, and what failing it leads to.

import type { ReactNode } from 'react';
import type { HandshakeCheck } from '../../../../engine/handshake';
import { RfcRef } from '../../widgets/RfcRef';

export function CheckView({ check, consequence, children }: { check: HandshakeCheck; consequence?: ReactNode; children?: ReactNode }) {
  return (
    <div className={check.passed ? 'check-step check-step--pass' : 'check-step check-step--fail'} data-testid={`check-${check.id}`}>
      <h3>
        <span className="check-step__mark" aria-hidden="true">{check.passed ? '✓' : '✗'}</span> {check.title}
        <span className="visually-hidden">{check.passed ? ' passes' : ' fails'}</span> <CheckRfcRef rfc={check.rfc} />
      </h3>
      {children}
      <dl className="check-step__facts">
        <dt>found</dt><dd className="mono" data-testid="check-found">{check.found}</dd>
        <dt>expected</dt><dd data-testid="check-expected">{check.expected}</dd>
        {!check.passed && consequence ? <><dt>so</dt><dd>{consequence}</dd></> : null}
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

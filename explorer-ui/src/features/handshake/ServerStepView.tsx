// One step of the server's handshake: the request as read, a check, a stage
// of the accept-key derivation, or the response.

import { formatHex } from '../../../../engine/hex';
import { RfcRef } from '../../widgets/RfcRef';
import type { ServerStep } from './server-walkthrough';

export function ServerStepView({ step }: { step: ServerStep }) {
  switch (step.kind) {
    case 'request':
      return (
        <>
          <h3>The server reads the request head</h3>
          <p className="mono step__request-line">{step.request.method} {step.request.target} {step.request.version}</p>
          <table className="headers">
            <tbody>
              {step.request.headers.map((header, i) => (
                <tr key={i}><th scope="row" className="mono">{header.name}</th><td className="mono">{header.value}</td></tr>
              ))}
            </tbody>
          </table>
          {step.notes.map((note, i) => <p key={i} className="muted small">Note: {note}</p>)}
        </>
      );
    case 'check': {
      const { check } = step;
      return (
        <div className={check.passed ? 'check-step check-step--pass' : 'check-step check-step--fail'} data-testid={`check-${check.id}`}>
          <h3>
            <span className="check-step__mark" aria-hidden="true">{check.passed ? '✓' : '✗'}</span> {check.title}
            <span className="visually-hidden">{check.passed ? ' passes' : ' fails'}</span> <CheckRfcRef rfc={check.rfc} />
          </h3>
          <dl className="check-step__facts">
            <dt>found</dt><dd className="mono">{check.found}</dd>
            <dt>expected</dt><dd>{check.expected}</dd>
            {!check.passed && check.failStatus ? <><dt>so</dt><dd>the server refuses with <strong>{check.failStatus}</strong></dd></> : null}
          </dl>
          <p className="muted small">{check.rfc}</p>
        </div>
      );
    }
    case 'derivation':
      return <DerivationStageView step={step} />;
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
        </>
      );
    }
  }
}

function DerivationStageView({ step }: { step: Extract<ServerStep, { kind: 'derivation' }> }) {
  const d = step.derivation;
  switch (step.stage) {
    case 'key':
      return (
        <>
          <h3>Accept key, stage 1: take the client's key <RfcRef section="4.2.1" /></h3>
          <p className="derivation__value mono" data-testid="derivation-key">{d.key}</p>
          {d.keyValid ? <p className="muted">A nonce the client chose at random for this handshake (4.1 step 7).</p> : <p className="error">{d.keyProblem}</p>}
        </>
      );
    case 'key-bytes':
      return (
        <>
          <h3>Stage 2: the key is base64 of 16 random bytes</h3>
          <p className="derivation__value mono" data-testid="derivation-key-bytes">{d.keyBytes ? formatHex(d.keyBytes) : '(not base64)'}</p>
          <p className="muted">{d.keyBytes ? `${d.keyBytes.length} bytes. ` : ''}The server only checks them: the hash below is taken over the key's text, not these bytes.</p>
        </>
      );
    case 'concatenated':
      return (
        <>
          <h3>Stage 3: append the GUID <RfcRef section="1.3" /></h3>
          <p className="derivation__value mono" data-testid="derivation-concatenated">
            <span className="derivation__key">{d.key}</span><span className="derivation__guid">{d.guid}</span>
          </p>
          <p className="muted">The GUID is fixed by the RFC, so only a server that speaks WebSocket can produce the right answer.</p>
        </>
      );
    case 'sha1':
      return (
        <>
          <h3>Stage 4: SHA-1 of that string, 20 bytes</h3>
          <p className="derivation__value mono" data-testid="derivation-sha1">{formatHex(d.sha1)}</p>
        </>
      );
    case 'base64':
      return (
        <>
          <h3>Stage 5: base64 of the 20 bytes is Sec-WebSocket-Accept <RfcRef section="4.2.2" /></h3>
          <p className="derivation__value derivation__accept mono" data-testid="derivation-accept">{d.accept}</p>
        </>
      );
  }
}

/** Checks cite "4.2.1 step 5" (RFC 6455) or another RFC by name ("RFC 7692 5"). */
function CheckRfcRef({ rfc }: { rfc: string }) {
  const match = /^(?:RFC\s*(\d+)\s+(?:section\s+)?)?(\d+(?:\.\d+)*)/i.exec(rfc);
  if (!match) return null;
  return <RfcRef section={match[2]} rfc={match[1] ? Number(match[1]) : 6455} />;
}

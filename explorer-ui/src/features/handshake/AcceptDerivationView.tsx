// One stage of the Sec-WebSocket-Accept derivation (RFC 6455 1.3, 4.2.2 step
// 5.4), as the server computes it to answer, or as the client recomputes it
// from the key it sent to check the answer (4.1 response step 4). Every value
// is the engine's (engine/accept-key.ts).

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
  switch (stage) {
    case 'key':
      return by === 'server' ? (
        <>
          <h3>Accept key, stage 1: take the client's key <RfcRef section="4.2.1" /></h3>
          <p className="derivation__value mono" data-testid="derivation-key">{d.key}</p>
          {d.keyValid ? <p className="muted">A nonce the client chose at random for this handshake (4.1 step 7).</p> : <p className="error">{d.keyProblem}</p>}
        </>
      ) : (
        <>
          <h3>To check the accept value, the client takes the key it sent <RfcRef section="4.1" /></h3>
          <p className="derivation__value mono" data-testid="derivation-key">{d.key}</p>
          <p className="muted">It remembers its own nonce, so it knows the only answer a WebSocket server can give.</p>
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
          <h3>{by === 'server' ? 'Stage 3: append' : 'The client appends'} the GUID <RfcRef section="1.3" /></h3>
          <p className="derivation__value mono" data-testid="derivation-concatenated">
            <span className="derivation__key">{d.key}</span><span className="derivation__guid">{d.guid}</span>
          </p>
          <p className="muted">The GUID is fixed by the RFC, so only a server that speaks WebSocket can produce the right answer.</p>
        </>
      );
    case 'sha1':
      return (
        <>
          <h3>{by === 'server' ? 'Stage 4: SHA-1' : 'Takes SHA-1'} of that string, 20 bytes</h3>
          <p className="derivation__value mono" data-testid="derivation-sha1">{formatHex(d.sha1)}</p>
        </>
      );
    case 'base64':
      return by === 'server' ? (
        <>
          <h3>Stage 5: base64 of the 20 bytes is Sec-WebSocket-Accept <RfcRef section="4.2.2" /></h3>
          <p className="derivation__value derivation__accept mono" data-testid="derivation-accept">{d.accept}</p>
          {acceptSent !== undefined ? <RealAcceptComparison derived={d.accept} sent={acceptSent} /> : null}
        </>
      ) : (
        <>
          <h3>And base64 of the 20 bytes: the accept value the client expects <RfcRef section="4.2.2" /></h3>
          <p className="derivation__value derivation__accept mono" data-testid="derivation-accept">{d.accept}</p>
        </>
      );
  }
}

/** The derived accept value beside the one the server really sent. */
function RealAcceptComparison({ derived, sent }: { derived: string; sent: string | null }) {
  const same = sent === derived;
  return (
    <div className="accept-compare" data-testid="real-accept-compare">
      <span className="accept-compare__label">the server really sent</span>
      <span className={`derivation__value mono ${same ? 'accept-compare--same' : 'accept-compare--differs'}`} data-testid="real-accept-sent">
        {sent ?? '(no Sec-WebSocket-Accept)'}
      </span>
      <span className="accept-compare__label">verdict</span>
      <span className={same ? 'badge badge--ok' : 'badge badge--bad'} data-testid="real-accept-verdict">
        {same ? 'the same: this server derived it as the RFC says' : 'different: a client must fail this connection (4.1)'}
      </span>
    </div>
  );
}

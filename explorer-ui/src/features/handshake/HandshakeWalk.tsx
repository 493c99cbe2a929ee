// The stepper over whatever request and response the handshake slice holds:
// the server's side (RFC 6455 4.2.1, 4.2.2) or the client's (4.1), with the
// notices that say why there are no steps yet. The Handshake view shows it
// under its paste boxes; the Live view shows it for a real session, whose
// request and response the slice then holds (loadLiveHandshake), and the
// server's side compares the accept value it derives with the one the
// server really sent.

import { useMemo } from 'react';
import type { HandshakeSide } from '../../store';
import { useExplorer } from '../../store';
import { activeLiveHandshake } from '../../store/handshake-slice';
import { acceptSent } from '../live/live-handshake';
import { RfcRef } from '../../widgets/RfcRef';
import { ClientStepView } from './ClientStepView';
import { walkClientHandshake, type ClientWalkthrough } from './client-walkthrough';
import { splitSubprotocols } from './sample-menu';
import { walkServerHandshake } from './server-walkthrough';
import { ServerStepView, type RealAnswer } from './ServerStepView';
import { Stepper } from './Stepper';

const SIDES: readonly { side: HandshakeSide; label: string }[] = [
  { side: 'server', label: 'Server: check the request' },
  { side: 'client', label: 'Client: check the response' },
];

export function HandshakeSideSwitch() {
  const side = useExplorer((s) => s.handshakeSide);
  const setSide = useExplorer((s) => s.setHandshakeSide);
  return (
    <fieldset className="segmented handshake__side" aria-label="Whose checks to step through">
      <legend className="visually-hidden">Whose checks to step through</legend>
      {SIDES.map(({ side: s, label }) => (
        <label key={s} className={side === s ? 'is-on' : undefined}>
          <input type="radio" name="handshake-side" value={s} checked={side === s} onChange={() => setSide(s)} data-testid={`handshake-side-${s}`} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** Says whose real handshake the stepper holds, when it holds one. */
export function LiveHandshakeBanner() {
  const live = useExplorer(activeLiveHandshake);
  const showView = useExplorer((s) => s.showView);
  if (!live) return null;
  return (
    <p className="panel live-banner" data-testid="live-handshake-banner">
      The real handshake of live session <strong className="mono">{live.session}</strong> (<span className="mono">{live.target}</span>): the request as the
      client sent it, and the server's real answer.{' '}
      <button type="button" className="link" onClick={() => showView('live')}>Back to the Live view</button>
    </p>
  );
}

export function HandshakeWalk() {
  const side = useExplorer((s) => s.handshakeSide);
  const requestText = useExplorer((s) => s.requestText);
  const responseText = useExplorer((s) => s.responseText);
  const step = useExplorer((s) => s.handshakeStep);
  const originPolicy = useExplorer((s) => s.originPolicy);
  const serverSubprotocols = useExplorer((s) => s.serverSubprotocols);
  const serverDeflate = useExplorer((s) => s.serverDeflate);
  const live = useExplorer(activeLiveHandshake);
  const setStep = useExplorer((s) => s.setHandshakeStep);

  const serverWalk = useMemo(
    () => (side === 'server' ? walkServerHandshake(requestText, { originPolicy, subprotocols: splitSubprotocols(serverSubprotocols), deflate: serverDeflate }) : null),
    [side, requestText, originPolicy, serverSubprotocols, serverDeflate],
  );
  const clientWalk = useMemo(() => (side === 'client' ? walkClientHandshake(requestText, responseText) : null), [side, requestText, responseText]);
  const real: RealAnswer | null = useMemo(
    () => (live && responseText ? { responseText, accept: acceptSent(responseText) } : null),
    [live, responseText],
  );

  return (
    <>
      {serverWalk?.kind === 'empty' ? <p className="muted empty-state">Paste a request or pick a sample to begin.</p> : null}
      {serverWalk?.kind === 'unreadable' ? (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>Not an HTTP request a server can read</h2>
          <p>Line {serverWalk.line}: {serverWalk.message}. A server answers {serverWalk.status} before any WebSocket check.</p>
        </div>
      ) : null}
      {serverWalk?.kind === 'steps' ? (
        <Stepper title="The server's side" steps={serverWalk.steps} step={step} onStep={setStep} renderStep={(s) => <ServerStepView step={s} real={real} />} />
      ) : null}

      {clientWalk && clientWalk.kind !== 'steps' ? <ClientNotice walk={clientWalk} /> : null}
      {clientWalk?.kind === 'steps' ? (
        <Stepper title="The client's side" steps={clientWalk.steps} step={step} onStep={setStep} renderStep={(s) => <ClientStepView step={s} />} />
      ) : null}
    </>
  );
}

/** Why the client's side has no steps yet. */
function ClientNotice({ walk }: { walk: Exclude<ClientWalkthrough, { kind: 'steps' }> }) {
  switch (walk.kind) {
    case 'empty':
      return (
        <p className="muted empty-state">
          {walk.missing === 'request'
            ? 'Paste the request the client sent (or pick a sample): the client checks the answer against it.'
            : "Paste the server's response, pick a sample response, or use the simulated server's answer."}
        </p>
      );
    case 'unreadable':
      return (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>Not an HTTP {walk.message} the client can read</h2>
          <p>Line {walk.line}: {walk.text}.</p>
        </div>
      );
    case 'no-key':
      return (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>No key to check the answer against</h2>
          <p>
            The request carries {walk.keys === 0 ? 'no' : walk.keys} Sec-WebSocket-Key header{walk.keys === 1 ? '' : 's'}; a client sends exactly one,
            and checks the server's accept value against it <RfcRef section="4.1" />.
          </p>
        </div>
      );
  }
}

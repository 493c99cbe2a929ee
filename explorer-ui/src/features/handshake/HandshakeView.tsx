// The handshake stepper: paste a request (or pick a sample), then step
// through the server's checks (RFC 6455 4.2.1), the accept-key derivation
// (4.2.2 step 5.4) and the response, one step at a time.

import { useMemo, type KeyboardEvent } from 'react';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { HANDSHAKE_SAMPLES } from './samples';
import { walkServerHandshake } from './server-walkthrough';
import { ServerStepView } from './ServerStepView';

export function HandshakeView() {
  const requestText = useExplorer((s) => s.requestText);
  const step = useExplorer((s) => s.handshakeStep);
  const originPolicy = useExplorer((s) => s.originPolicy);
  const serverSubprotocols = useExplorer((s) => s.serverSubprotocols);
  const setRequestText = useExplorer((s) => s.setRequestText);
  const setStep = useExplorer((s) => s.setHandshakeStep);
  const setOriginPolicy = useExplorer((s) => s.setOriginPolicy);
  const setServerSubprotocols = useExplorer((s) => s.setServerSubprotocols);
  const loadSample = useExplorer((s) => s.loadHandshakeSample);

  const walkthrough = useMemo(
    () => walkServerHandshake(requestText, {
      originPolicy,
      subprotocols: serverSubprotocols.split(',').map((p) => p.trim()).filter(Boolean),
    }),
    [requestText, originPolicy, serverSubprotocols],
  );
  const steps = walkthrough.kind === 'steps' ? walkthrough.steps : [];
  const last = Math.max(0, steps.length - 1);
  const current = Math.min(step, last);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown' || event.key === 'j') { event.preventDefault(); setStep(Math.min(current + 1, last)); }
    if (event.key === 'ArrowLeft' || event.key === 'ArrowUp' || event.key === 'k') { event.preventDefault(); setStep(Math.max(current - 1, 0)); }
    if (event.key === 'End') { event.preventDefault(); setStep(last); }
    if (event.key === 'Home') { event.preventDefault(); setStep(0); }
  };

  return (
    <div className="view handshake" data-testid="handshake-view">
      <header className="view__intro">
        <h1>Opening handshake</h1>
        <p>
          A WebSocket starts as an HTTP request asking to upgrade. Paste one, or pick a real client's, and step through what
          a server checks before it answers 101 <RfcRef section="4.2.1" />, and how it derives Sec-WebSocket-Accept <RfcRef section="4.2.2" />.
        </p>
      </header>

      <section className="panel" aria-labelledby="handshake-request-title">
        <div className="panel__head">
          <h2 id="handshake-request-title">Request</h2>
          <div className="chips" role="group" aria-label="Sample requests">
            {HANDSHAKE_SAMPLES.map((sample) => (
              <button key={sample.label} type="button" className="chip" onClick={() => loadSample(sample.request, sample.response, sample.server)}>{sample.label}</button>
            ))}
          </div>
        </div>
        <label htmlFor="handshake-request" className="visually-hidden">HTTP upgrade request</label>
        <textarea
          id="handshake-request"
          data-testid="handshake-request"
          className="mono"
          rows={8}
          spellCheck={false}
          value={requestText}
          placeholder={'GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13'}
          onChange={(e) => setRequestText(e.target.value)}
        />
        <div className="handshake__policy">
          <span className="field__label">The server:</span>
          <label className="check">
            <input type="checkbox" checked={originPolicy === 'any'} onChange={(e) => setOriginPolicy(e.target.checked ? 'any' : 'same-origin')} />
            accepts any Origin (default: same origin only, as gorilla's CheckOrigin) <RfcRef section="10.2" />
          </label>
          <label className="field field--inline">
            <span>speaks subprotocols</span>
            <input value={serverSubprotocols} placeholder="e.g. chat, superchat" aria-label="Subprotocols the server speaks" onChange={(e) => setServerSubprotocols(e.target.value)} />
          </label>
        </div>
      </section>

      {walkthrough.kind === 'empty' ? <p className="muted empty-state">Paste a request or pick a sample to begin.</p> : null}
      {walkthrough.kind === 'unreadable' ? (
        <div className="panel hex-error" role="alert" data-testid="handshake-unreadable">
          <h2>Not an HTTP request a server can read</h2>
          <p>Line {walkthrough.line}: {walkthrough.message}. A server answers {walkthrough.status} before any WebSocket check.</p>
        </div>
      ) : null}
      {walkthrough.kind === 'steps' ? (
        <section className="panel stepper" aria-labelledby="stepper-title" onKeyDown={onKeyDown}>
          <div className="panel__head">
            <h2 id="stepper-title">The server's side, step {current + 1} of {steps.length}</h2>
            <div className="stepper__controls">
              <button type="button" onClick={() => setStep(0)} disabled={current === 0}>⇤ Start</button>
              <button type="button" onClick={() => setStep(current - 1)} disabled={current === 0}>← Back</button>
              <button type="button" className="primary" data-testid="handshake-next" onClick={() => setStep(current + 1)} disabled={current === last} aria-keyshortcuts="ArrowRight">
                Next step →
              </button>
              <button type="button" onClick={() => setStep(last)} disabled={current === last}>All ⇥</button>
            </div>
          </div>
          <ol className="stepper__list">
            {steps.slice(0, current + 1).map((s, i) => (
              <li
                key={i}
                className={`step${i === current ? ' step--current' : ''}`}
                data-testid="handshake-step"
                aria-current={i === current ? 'step' : undefined}
              >
                <button type="button" className="step__number" onClick={() => setStep(i)} aria-label={`Go to step ${i + 1}`}>{i + 1}</button>
                <div className="step__body"><ServerStepView step={s} /></div>
              </li>
            ))}
          </ol>
          {current < last ? <p className="muted">{last - current} more step{last - current === 1 ? '' : 's'}: press Next (or →).</p> : null}
        </section>
      ) : null}
    </div>
  );
}

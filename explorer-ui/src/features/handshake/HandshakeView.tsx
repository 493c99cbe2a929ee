// The handshake stepper: paste a request (or pick a sample), then step
// through either side's checks one at a time. The server's side: its checks
// of the request (RFC 6455 4.2.1), the accept-key derivation (4.2.2 step 5.4)
// and its answer. The client's side: the response checked against the
// request it sent (4.1), recomputing the accept value from its own key.

import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { HandshakeSideSwitch, HandshakeWalk, LiveHandshakeBanner } from './HandshakeWalk';
import {
  BROKEN_REQUEST_MENU,
  REQUEST_MENU,
  RESPONSE_MENU,
  loadSample,
  menuSample,
  simulatedAnswer,
  type SampleMenuEntry,
} from './sample-menu';

export function HandshakeView() {
  const side = useExplorer((s) => s.handshakeSide);
  const requestText = useExplorer((s) => s.requestText);
  const responseText = useExplorer((s) => s.responseText);
  const originPolicy = useExplorer((s) => s.originPolicy);
  const serverSubprotocols = useExplorer((s) => s.serverSubprotocols);
  const serverDeflate = useExplorer((s) => s.serverDeflate);
  const setServerDeflate = useExplorer((s) => s.setServerDeflate);
  const setRequestText = useExplorer((s) => s.setRequestText);
  const setResponseText = useExplorer((s) => s.setResponseText);
  const setOriginPolicy = useExplorer((s) => s.setOriginPolicy);
  const setServerSubprotocols = useExplorer((s) => s.setServerSubprotocols);
  const loadIntoStepper = useExplorer((s) => s.loadHandshakeSample);

  const pick = (entry: SampleMenuEntry) => {
    const loaded = loadSample(menuSample(entry));
    loadIntoStepper(loaded.requestText, loaded.responseText, loaded.server);
  };

  return (
    <div className="view handshake" data-testid="handshake-view">
      <header className="view__intro">
        <h1>Opening handshake</h1>
        <p>
          A WebSocket starts as an HTTP request asking to upgrade. Paste one, or pick a real client's, and step through what
          a server checks before it answers 101 <RfcRef section="4.2.1" /> and how it derives Sec-WebSocket-Accept <RfcRef section="4.2.2" />;
          or take the client's side and check the server's answer against the request it sent <RfcRef section="4.1" />.
        </p>
      </header>

      <LiveHandshakeBanner />
      <HandshakeSideSwitch />

      <section className="panel" aria-labelledby="handshake-request-title">
        <div className="panel__head">
          <h2 id="handshake-request-title">Request{side === 'client' ? ' the client sent' : ''}</h2>
          <SampleChips label="Sample requests" entries={REQUEST_MENU} onPick={pick} />
        </div>
        <div className="handshake__broken">
          <SampleChips label="Requests that break a rule" title="Broken:" entries={BROKEN_REQUEST_MENU} onPick={pick} />
        </div>
        <label htmlFor="handshake-request" className="visually-hidden">HTTP upgrade request</label>
        <textarea
          id="handshake-request"
          data-testid="handshake-request"
          className="mono"
          rows={side === 'client' ? 6 : 8}
          spellCheck={false}
          value={requestText}
          placeholder={'GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13'}
          onChange={(e) => setRequestText(e.target.value)}
        />
        {side === 'server' ? (
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
            <label className="check">
              <input type="checkbox" checked={serverDeflate} onChange={(e) => setServerDeflate(e.target.checked)} data-testid="server-deflate" />
              accepts permessage-deflate, as the explorer's server does <RfcRef section="7.1" rfc={7692} />
            </label>
          </div>
        ) : null}
      </section>

      {side === 'client' ? (
        <section className="panel" aria-labelledby="handshake-response-title">
          <div className="panel__head">
            <h2 id="handshake-response-title">Response from the server</h2>
            <SampleChips label="Sample responses" entries={RESPONSE_MENU} onPick={pick} />
          </div>
          <label htmlFor="handshake-response-text" className="visually-hidden">HTTP response to check</label>
          <textarea
            id="handshake-response-text"
            data-testid="handshake-response-input"
            className="mono"
            rows={6}
            spellCheck={false}
            value={responseText}
            placeholder={'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='}
            onChange={(e) => setResponseText(e.target.value)}
          />
          <div className="handshake__policy">
            <button
              type="button"
              disabled={requestText.trim() === ''}
              onClick={() => setResponseText(simulatedAnswer(requestText, { originPolicy, subprotocols: serverSubprotocols, deflate: serverDeflate }))}
            >
              Use the simulated server's answer
            </button>
            <span className="muted small">
              {originPolicy === 'any' ? 'any Origin' : 'same origin only'}, subprotocols {serverSubprotocols.trim() || 'none'}, {serverDeflate ? 'permessage-deflate accepted' : 'no compression'} (set on the server's side)
            </span>
          </div>
        </section>
      ) : null}

      <HandshakeWalk />
    </div>
  );
}

function SampleChips({ label, title, entries, onPick }: { label: string; title?: string; entries: readonly SampleMenuEntry[]; onPick: (entry: SampleMenuEntry) => void }) {
  return (
    <div className="chips" role="group" aria-label={label}>
      {title ? <span className="muted small chips__title">{title}</span> : null}
      {entries.map((entry) => (
        <button key={entry.id} type="button" className="chip" title={menuSample(entry).title} onClick={() => onPick(entry)}>{entry.label}</button>
      ))}
    </div>
  );
}

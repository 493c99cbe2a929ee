// The frame lab, under the builder: the built bytes sent to a real server
// by the explorer's server (a browser's WebSocket could never send a frame
// with RSV2 set or a text frame that is not UTF-8), and what came back,
// each frame taken apart as a server's frame, each close code explained.
// It needs the explorer's server; from the static build it says how to
// start one, as the Live view does.

import { useEffect, useMemo, useState } from 'react';
import { bytesToHex } from '../../../../engine/hex';
import { RfcRef } from '../../widgets/RfcRef';
import type { BuildOutcome } from '../builder/build-frame';
import { LabAnswerView } from './LabAnswerView';
import { readLabReport, type LabAnswer } from './lab-answer';
import { exchangeWithLab, fetchLabTargets, labPlace, type LabTargets, type LabUnavailable } from './lab-client';
import './frame-lab.css';

/** The choice in the target menu that opens a field for any URL (the server decides whether it is allowed). */
const OTHER = '__other__';

type Result = { kind: 'answer'; answer: LabAnswer } | { kind: 'refused'; status: number; reason: string } | LabUnavailable;

export function FrameLabPanel({ outcome }: { outcome: BuildOutcome }) {
  const place = useMemo(() => labPlace(window.location), []);
  const [targets, setTargets] = useState<LabTargets | null>(null);
  const [chosen, setChosen] = useState('/echo');
  const [otherUrl, setOtherUrl] = useState('ws://');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (place.kind !== 'server') return;
    let current = true;
    void fetchLabTargets(place).then((answer) => {
      if (!current) return;
      setTargets(answer);
      // /echo when the server has it (it echoes, so every frame gets an answer), else its first target.
      if (answer.kind === 'targets' && answer.targets.length > 0) setChosen((c) => (c === OTHER || answer.targets.includes(c) ? c : answer.targets[0]));
    });
    return () => { current = false; };
  }, [place]);

  const unavailable: LabUnavailable | { kind: 'static' } | null =
    place.kind === 'static' ? { kind: 'static' }
      : targets && targets.kind !== 'targets' ? targets
        : result && (result.kind === 'no-server' || result.kind === 'token') ? result
          : null;

  const target = chosen === OTHER ? otherUrl.trim() : chosen;
  const send = async () => {
    if (place.kind !== 'server' || !outcome.ok) return;
    setSending(true);
    const exchange = await exchangeWithLab(place, target, bytesToHex(outcome.bytes));
    setSending(false);
    setResult(exchange.kind === 'answer' ? { kind: 'answer', answer: readLabReport(exchange.report) } : exchange);
  };

  return (
    <section className="panel lab" aria-labelledby="lab-title" data-testid="lab">
      <div className="panel__head">
        <h2 id="lab-title">Send to a server: the frame lab</h2>
        <span className="muted">sent by the explorer’s server, after a real opening handshake <RfcRef section="4.1" /></span>
      </div>
      <p className="lab__warning" data-testid="lab-warning">
        <strong>The bytes go exactly as built</strong>, masked or not, broken or not: nothing is fixed on the way.
        A server must refuse a frame from a client that is not masked, with 1002 <RfcRef section="5.1" />, and whatever rule
        a frame breaks, the answer shows what the server made of it.
      </p>

      {unavailable ? <LabUnavailableNotice why={unavailable} /> : (
        <>
          <form className="lab__send" onSubmit={(e) => { e.preventDefault(); void send(); }}>
            <label className="field field--inline">
              <span>Target</span>
              <select value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={!targets} data-testid="lab-target">
                {targets?.kind === 'targets' ? targets.targets.map((t) => <option key={t} value={t}>{t}</option>) : <option value={chosen}>{chosen}</option>}
                <option value={OTHER}>another ws:// URL…</option>
              </select>
            </label>
            {chosen === OTHER ? (
              <input
                className="mono lab__url"
                aria-label="Target URL"
                value={otherUrl}
                onChange={(e) => setOtherUrl(e.target.value)}
                spellCheck={false}
                data-testid="lab-other-url"
              />
            ) : null}
            <button type="submit" className="primary" disabled={!outcome.ok || sending || !targets} data-testid="lab-send">
              {sending ? 'Sending…' : `Send ${outcome.ok ? `these ${outcome.bytes.length} bytes` : 'the frame'}`}
            </button>
            <span className="muted lab__targets-note">
              This server’s own endpoints, and any the operator allowed with <code>--lab-target URL</code>; the server refuses the rest.
            </span>
          </form>
          {!outcome.ok ? <p className="error">The builder has no frame to send: {outcome.problem}</p> : null}
          {result?.kind === 'refused' ? (
            <p className="error lab__refused" role="alert" data-testid="lab-refused">
              The server refused ({result.status}): {result.reason}
            </p>
          ) : null}
          {result?.kind === 'answer' ? <LabAnswerView answer={result.answer} /> : null}
        </>
      )}
    </section>
  );
}

function LabUnavailableNotice({ why }: { why: LabUnavailable | { kind: 'static' } }) {
  if (why.kind === 'token') {
    return (
      <div className="lab__notice" role="status" data-testid="lab-token-missing">
        <h3>{why.given ? 'The token in this address is not the server’s' : 'The token is missing'}</h3>
        <p>
          This server listens beyond loopback, so its lab answers only a page whose address carries its token. <code>wsx serve</code> prints
          the explorer’s URL when it starts, ending in <code>?token=…</code>: open that URL, then <code>#/builder</code>.
        </p>
      </div>
    );
  }
  return (
    <div className="lab__notice" role="status" data-testid="lab-no-server">
      <h3>The frame lab needs the explorer’s server</h3>
      <p>
        {why.kind === 'static'
          ? 'This page was opened from the static build (a file on disk), so there is no server behind it to send the bytes.'
          : `This page is not served by the explorer's server (${why.detail}), so there is nothing to send the bytes with.`}{' '}
        Start it from the repository with
      </p>
      <pre className="mono live-notice__command" data-testid="lab-start-command">npm start</pre>
      <p>
        and open the address it prints, followed by <code>#/builder</code> (by default <span className="mono">http://127.0.0.1:8080/#/builder</span>).
        The builder and the simulation work here without it.
      </p>
    </div>
  );
}

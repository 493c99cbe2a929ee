// What the server answered: the close first (its code explained, and the
// rule of the sent bytes its reason names), the timing, the handshake
// folded away, then every frame that came back, taken apart as a server's
// frame with the decoder's card.

import { formatHex } from '../../../../engine/hex';
import { FrameCard } from '../decoder/FrameCard';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { timingWords, type CloseExplained, type LabAnswer } from './lab-answer';

/** Sent bytes shown in the answer's first lines; the builder above shows them all. */
const SHOWN_SENT_BYTES = 48;

export function LabAnswerView({ answer }: { answer: LabAnswer }) {
  return (
    <div className="lab__answer" data-testid="lab-answer">
      <h3>
        The answer of <span className="mono">{answer.url}</span>
      </h3>
      <p className="lab__sent">
        Sent, exactly as built ({answer.sent.length} bytes): <span className="mono" data-testid="lab-sent-hex">{formatHex(answer.sent.subarray(0, SHOWN_SENT_BYTES))}{answer.sent.length > SHOWN_SENT_BYTES ? ` … (${answer.sent.length - SHOWN_SENT_BYTES} more)` : ''}</span>
      </p>
      <p className="lab__timing" data-testid="lab-timing">
        The handshake: <span className="mono lab__status">{answer.statusLine}</span>. {timingWords(answer)}
        {answer.truncated ? ' The answer was longer than the lab keeps; what is shown is cut short.' : ''}
      </p>

      {answer.closes.map((close) => <CloseExplanation key={close.frameIndex} close={close} />)}
      {answer.sentProblems.length > 0 && answer.closes.length === 0 ? (
        <p className="muted">
          The decoder finds {answer.sentProblems.length === 1 ? 'a problem' : `${answer.sentProblems.length} problems`} in the bytes sent ({answer.sentProblems[0].message}), but the server sent no close.
        </p>
      ) : null}

      <details className="lab__handshake" data-testid="lab-handshake">
        <summary>The opening handshake: <span className="mono">GET {new URL(answer.url).pathname}</span> → <span className="mono">{answer.statusLine}</span></summary>
        <div className="lab__heads">
          <div>
            <h4>Request, as the lab sent it <RfcRef section="4.1" /></h4>
            <pre className="http-text">{answer.requestHead}</pre>
          </div>
          <div>
            <h4>Response <RfcRef section="4.2.2" /></h4>
            <pre className="http-text">{answer.responseHead}</pre>
          </div>
        </div>
      </details>

      <h3>{answer.frames.length === 0 && !answer.remainder ? 'No frame came back' : 'What came back, frame by frame, as sent by the server'}</h3>
      <div className="frames lab__frames">
        {answer.frames.map((frame, i) => (
          <FrameCard
            key={frame.offset}
            frame={frame}
            index={i}
            input={answer.received}
            title={<>Server frame {i + 1} <span className="muted">· bytes {frame.offset}–{frame.offset + frame.length - 1} of the answer</span></>}
          />
        ))}
        {answer.remainder ? (
          <FrameCard
            frame={answer.remainder.frame}
            index={answer.frames.length}
            input={answer.received}
            title={<>Server frame {answer.frames.length + 1} <span className="muted">· cut short: {answer.remainder.waitingFor}</span></>}
          />
        ) : null}
      </div>
    </div>
  );
}

function CloseExplanation({ close }: { close: CloseExplained }) {
  return (
    <section className="lab__close" aria-label="The server's close" data-testid="lab-close">
      <p className="lab__close-code">
        The server closed with <strong className="mono" data-testid="lab-close-code">{close.code ?? 'no code'}</strong>
        {close.info ? <> <strong>{close.info.name}</strong></> : ' (the application sees 1005)'}
        {close.reason ? <> · reason “<span data-testid="lab-close-reason"><PayloadText text={close.reason} /></span>”</> : null}
      </p>
      {close.info ? <p>{close.info.meaning} {close.info.advice} <RfcRef section="7.4.1" /></p> : null}
      {close.rule ? (
        <p className="lab__rule" data-testid="lab-rule">
          The reason names the rule the bytes sent break, <code>{close.rule.kind}</code>: {close.rule.message}, at byte {close.rule.byteOffset}. <RfcRef section={close.rule.rfc} />
        </p>
      ) : null}
    </section>
  );
}

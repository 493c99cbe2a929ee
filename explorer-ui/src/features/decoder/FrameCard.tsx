// One decoded frame: a summary line, its anatomy (bit grid, byte strip,
// fields), the masking worked byte by byte, the payload as text and hex, the
// close code and every problem it has. A frame the input ends inside shows
// what arrived, and every problem those bytes already prove.

import type { ReactNode } from 'react';
import type { DecodedFrame } from '../../../../engine/frame-model';
import { FrameAnatomy } from '../../widgets/FrameAnatomy';
import { HexView } from '../../widgets/HexView';
import { MaskingTable } from '../../widgets/MaskingTable';
import { PayloadText } from '../../widgets/PayloadText';
import { ProblemList } from '../../widgets/ProblemList';
import { RfcRef } from '../../widgets/RfcRef';
import { useExplorer } from '../../store';

/**
 * `title` replaces "Frame n · bytes a–b" (the Live view names a frame by its
 * direction and stream offset); `compressed` says the payload is DEFLATE
 * data (RFC 7692), not text, so it is not judged as UTF-8; `note` is shown
 * under the problems (the decoder says there which sender MASK points to).
 */
export function FrameCard({ frame, index, input, title, compressed = false, note }: { frame: DecodedFrame; index: number; input: Uint8Array; title?: ReactNode; compressed?: boolean; note?: ReactNode }) {
  const showView = useExplorer((s) => s.showView);
  const setCloseCodeQuery = useExplorer((s) => s.setCloseCodeQuery);
  const failing = frame.problems[0];
  const close = frame.truncated ? null : frame.close;
  const text = frame.truncated ? null : frame.text;
  const key = frame.maskingKey ? Array.from(frame.maskingKey, (b) => b.toString(16).padStart(2, '0')).join(' ') : null;

  return (
    <article className={`panel frame-card${failing ? ' frame-card--failing' : ''}`} aria-labelledby={`frame-${index}-title`} data-testid="frame-card">
      <header className="frame-card__head">
        <h3 id={`frame-${index}-title`}>
          {title ?? <>Frame {index + 1} <span className="muted">· bytes {frame.offset}–{frame.offset + frame.length - 1}{frame.truncated ? ', cut short' : ''}</span></>}
        </h3>
        <p className="frame-card__summary mono" data-testid="frame-summary">
          <span>FIN {frame.fin ? 1 : 0}</span>
          {frame.rsv1 || frame.rsv2 || frame.rsv3 ? <span>RSV {[frame.rsv1, frame.rsv2, frame.rsv3].map((b) => (b ? 1 : 0)).join('')}</span> : null}
          <span>opcode {frame.opcode} {frame.opcodeName}</span>
          <span>MASK {frame.masked === null ? '?' : frame.masked ? 1 : 0}</span>
          <span>length {frame.payloadLength === null ? 'not arrived' : frame.payloadLength.toLocaleString('en')}</span>
          {key ? <span>key {key}</span> : null}
        </p>
        <span className={failing ? 'badge badge--bad' : 'badge badge--ok'} data-testid="frame-verdict">
          {failing ? `fails: close ${failing.closeCode}` : frame.truncated ? 'cut short' : 'valid'}
        </span>
      </header>

      <ProblemList problems={frame.problems} notes={frame.notes} />
      {note}
      {frame.truncated ? (
        <p className="muted" data-testid="truncated-note">
          The input ends inside this frame: the {frame.length.toLocaleString('en')} byte{frame.length === 1 ? '' : 's'} that arrived are shown, with every field they complete and every problem they already prove.
        </p>
      ) : null}

      <FrameAnatomy frame={frame} input={input} />

      {frame.maskingKey && frame.wirePayload.length > 0 ? (
        <MaskingTable wirePayload={frame.wirePayload} maskingKey={frame.maskingKey} payload={frame.payload} />
      ) : null}

      {close ? (
        <section className="close-details" aria-label="Close frame body">
          <h4>Close <RfcRef section="5.5.1" /></h4>
          <p>
            Code <strong className="mono" data-testid="close-code">{close.code ?? '—'}</strong>
            {close.code !== null ? (
              <button type="button" className="link" onClick={() => { setCloseCodeQuery(String(close.code)); showView('close-codes'); }}>
                look it up
              </button>
            ) : null}
            {close.reason ? <> · reason “<PayloadText text={close.reason} />”</> : <span className="muted"> · no reason</span>}
          </p>
          <p>{close.meaning}</p>
        </section>
      ) : frame.opcodeName === 'close' && frame.payloadLength === 0 ? (
        <p className="close-details muted">Empty close body: no status code, so the application sees 1005 (No Status Received), a code that never travels on the wire. <RfcRef section="7.1.5" /></p>
      ) : null}

      <section className="payload" aria-label="Payload">
        <h4>Payload <span className="muted">({frame.payload.length.toLocaleString('en')} bytes{frame.masked ? ', unmasked' : ''})</span></h4>
        {text !== null ? (
          <div className="payload__text" data-testid="payload-text"><PayloadText text={text} /></div>
        ) : compressed ? (
          <p className="muted">Compressed: these are DEFLATE bytes (RFC 7692 7.2.1), not text; the message they inflate to is shown with its message.</p>
        ) : frame.opcodeName === 'text' && !frame.truncated ? (
          <p className="muted">Not valid UTF-8 on its own (see the problems, or the reassembled message when fragmented).</p>
        ) : null}
        {frame.payload.length > 0 ? <HexView bytes={frame.payload} label="Payload bytes (unmasked)" /> : null}
      </section>
    </article>
  );
}

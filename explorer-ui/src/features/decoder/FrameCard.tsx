// One decoded frame: a summary line, its anatomy (bit grid, byte strip,
// fields), the masking worked byte by byte, the payload as text and hex, the
// close code and every problem it has. A frame the input ends inside shows
// what arrived, and every problem those bytes already prove.

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { closeCodeInfo } from '../../../../engine/close';
import type { DecodedFrame } from '../../../../engine/frame-model';
import { useEngineWording } from '../../i18n/engine-wording';
import { FrameAnatomy } from '../../widgets/FrameAnatomy';
import { GorillaAside } from '../../widgets/GorillaAside';
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
  const { t } = useTranslation();
  const wording = useEngineWording();
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
          {title ?? <>{t('frame.title', { n: index + 1 })} <span className="muted">{t('frame.bytesRange', { from: frame.offset, to: frame.offset + frame.length - 1 })}{frame.truncated ? t('frame.cutShortSuffix') : ''}</span></>}
        </h3>
        <p className="frame-card__summary mono" data-testid="frame-summary">
          <span>FIN {frame.fin ? 1 : 0}</span>
          {frame.rsv1 || frame.rsv2 || frame.rsv3 ? <span>RSV {[frame.rsv1, frame.rsv2, frame.rsv3].map((b) => (b ? 1 : 0)).join('')}</span> : null}
          <span>opcode {frame.opcode} {frame.opcodeName}</span>
          <span>MASK {frame.masked === null ? '?' : frame.masked ? 1 : 0}</span>
          <span>{t('frame.length')} {frame.payloadLength === null ? t('frame.lengthNotArrived') : frame.payloadLength.toLocaleString('en')}</span>
          {key ? <span>{t('frame.key')} {key}</span> : null}
        </p>
        <span className={failing ? 'badge badge--bad' : 'badge badge--ok'} data-testid="frame-verdict">
          {failing ? t('frame.fails', { code: failing.closeCode }) : frame.truncated ? t('frame.cutShort') : t('frame.valid')}
        </span>
      </header>

      <ProblemList problems={frame.problems} notes={frame.notes} />
      {note}
      {frame.truncated ? (
        <p className="muted" data-testid="truncated-note">
          {t('frame.truncated', { count: frame.length })}
        </p>
      ) : null}

      <FrameAnatomy frame={frame} input={input} />

      {frame.maskingKey && frame.wirePayload.length > 0 ? (
        <MaskingTable wirePayload={frame.wirePayload} maskingKey={frame.maskingKey} payload={frame.payload} />
      ) : null}

      {close ? (
        <section className="close-details" aria-label={t('frame.closeBody')}>
          <h4>{t('frame.close')} <RfcRef section="5.5.1" /></h4>
          <p>
            {t('frame.code')} <strong className="mono" data-testid="close-code">{close.code ?? '—'}</strong>
            {close.code !== null ? (
              <button type="button" className="link" onClick={() => { setCloseCodeQuery(String(close.code)); showView('close-codes'); }}>
                {t('frame.lookUp')}
              </button>
            ) : null}
            {close.reason ? <> · {t('frame.reason')} “<PayloadText text={close.reason} />”</> : <span className="muted"> · {t('frame.noReason')}</span>}
          </p>
          <p>{close.code === null ? t('frame.malformedClose') : closeMeaning(close.code)}</p>
          <GorillaAside i18nKey="frame.gorillaClose" />
        </section>
      ) : frame.opcodeName === 'close' && frame.payloadLength === 0 ? (
        <p className="close-details muted">{t('frame.emptyClose')} <RfcRef section="7.1.5" /></p>
      ) : null}
      {frame.opcodeName === 'ping' ? <GorillaAside i18nKey="frame.gorillaPing" /> : frame.opcodeName === 'pong' ? <GorillaAside i18nKey="frame.gorillaPong" /> : null}

      <section className="payload" aria-label={t('frame.payload')}>
        <h4>{t('frame.payload')} <span className="muted">{t('frame.payloadSize', { size: frame.payload.length.toLocaleString('en'), unmasked: frame.masked ? t('frame.unmasked') : '' })}</span></h4>
        {text !== null ? (
          <div className="payload__text" data-testid="payload-text"><PayloadText text={text} /></div>
        ) : compressed ? (
          <p className="muted">{t('frame.compressed')}</p>
        ) : frame.opcodeName === 'text' && !frame.truncated ? (
          <p className="muted">{t('frame.notUtf8')}</p>
        ) : null}
        {frame.payload.length > 0 ? <HexView bytes={frame.payload} label={t('frame.payloadBytes')} /> : null}
      </section>
    </article>
  );

  /** A close code's name and meaning, as the engine's registry gives them, in the reader's language. */
  function closeMeaning(code: number): string {
    const { name, meaning } = wording.closeCode(closeCodeInfo(code));
    return t('frame.closeMeaning', { name, meaning });
  }
}

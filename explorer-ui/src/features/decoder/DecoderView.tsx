// The frame decoder: paste bytes (or whole packets), see every frame taken apart.
// Decoding follows a deferred copy of the input, so typing into the box never
// waits for the drawing, and large inputs (a pasted megabyte, a dropped file)
// are decoded in a worker while the page says "decoding…".

import { useDeferredValue, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { DecodedFrame } from '../../../../engine/frame-model';
import { useExplorer } from '../../store';
import { useEngineWording } from '../../i18n/engine-wording';
import { RfcRef } from '../../widgets/RfcRef';
import { compressedFrameIndexes } from './compressed-messages';
import { useDecoderState } from './decode-off-thread';
import type { DecoderSettings } from './decode-input';
import { DecoderInput } from './DecoderInput';
import { FrameCard } from './FrameCard';
import { HexErrorNotice } from './HexErrorNotice';
import { maskImplication, mixedSenders } from './mask-implication';
import { MessageList } from './MessageList';
import { PacketsView } from './PacketsView';
import './decoder.css';

/** Frames drawn at once; more appear on request. */
const FRAMES_PER_PAGE = 20;

export function DecoderView() {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const input = useExplorer((s) => s.decoderInput);
  const from = useExplorer((s) => s.decoderFrom);
  const deflate = useExplorer((s) => s.decoderDeflate);
  const file = useExplorer((s) => s.decoderFile);
  const pasted = useExplorer((s) => s.decoderPastedText);
  const deferredInput = useDeferredValue(input);
  const text = pasted ?? deferredInput;
  const settings = useMemo<DecoderSettings>(() => ({ from, deflate }), [from, deflate]);
  const state = useDecoderState(text, file?.bytes ?? null, settings);
  const outcome = state.status === 'ready' ? state.outcome : null;
  const [framesShown, setFramesShown] = useState(FRAMES_PER_PAGE);
  const compressed = useMemo(() => (outcome?.kind === 'decoded' ? compressedFrameIndexes(outcome.result, deflate.negotiated) : new Set<number>()), [outcome, deflate.negotiated]);
  const senderNote = (frame: DecodedFrame) => (from === 'unknown' ? <SenderNote masked={frame.masked} /> : undefined);

  return (
    <div className="view decoder" data-testid="decoder-view">
      <header className="view__intro">
        <h1>{t('decoder.title')}</h1>
        <p><Trans i18nKey="decoder.intro" components={{ rfc: <RfcRef section="5.2" /> }} /></p>
      </header>
      <DecoderInput />
      <div className="decoder__output" aria-busy={input !== deferredInput || state.status === 'decoding'} data-testid="decoder-output">
        {state.status === 'decoding' ? (
          <p className="decoding" role="status" data-testid="decoding">
            <span className="decoding__spinner" aria-hidden="true" />
            {t('decoder.decoding', { size: state.size.toLocaleString('en'), unit: t(`decoder.units.${state.unit}`) })}
          </p>
        ) : null}
        {outcome === null ? null : outcome.kind === 'empty' ? <p className="muted empty-state">{t('decoder.empty')}</p> : null}
        {outcome?.kind === 'not-hex' ? <HexErrorNotice text={text} error={outcome.error} /> : null}
        {outcome?.kind === 'packets' ? <PacketsView outcome={outcome} deflateOn={deflate.negotiated} /> : null}
        {outcome?.kind === 'decoded' ? (
          <>
            <p className="decoder__stats muted" data-testid="decode-stats">
              <Trans
                i18nKey="decoder.stats"
                count={outcome.result.frames.length}
                values={{ bytes: outcome.bytes.length.toLocaleString('en') }}
                components={{ ms: <span data-testid="decode-millis">{outcome.millis.toFixed(1)}</span> }}
              />
              {from === 'unknown' ? t('decoder.statsUnknownSender') : ''}
              {deflate.negotiated ? `${t('decoder.statsDeflate')}${deflate.noContextTakeover ? t('decoder.statsNoContextTakeover') : ''}` : ''}
            </p>
            {from === 'unknown' && mixedSenders(outcome.result.frames.map((frame) => frame.masked)) ? (
              <p className="panel decoder__mixed" data-testid="mixed-senders">
                <Trans i18nKey="decoder.mixedSenders" components={{ rfc: <RfcRef section="5.1" /> }} />
              </p>
            ) : null}
            <div className="frames">
              {outcome.result.frames.slice(0, framesShown).map((frame, i) => (
                <FrameCard key={`${frame.offset}-${frame.length}`} frame={frame} index={i} input={outcome.bytes} compressed={compressed.has(i)} note={senderNote(frame)} />
              ))}
            </div>
            {outcome.result.frames.length > framesShown ? (
              <button type="button" onClick={() => setFramesShown((n) => n + FRAMES_PER_PAGE)}>
                {t('decoder.showMore', { shown: Math.min(FRAMES_PER_PAGE, outcome.result.frames.length - framesShown), left: outcome.result.frames.length - framesShown })}
              </button>
            ) : null}
            {outcome.result.remainder ? (
              <>
                <p className="panel remainder" data-testid="remainder">
                  {t('decoder.remainder', {
                    count: outcome.result.remainder.needed,
                    offset: outcome.result.remainder.offset,
                    waitingFor: wording.remainder(outcome.result.remainder.waitingFor),
                    needed: outcome.result.remainder.needed.toLocaleString('en'),
                  })}
                </p>
                <FrameCard frame={outcome.result.remainder.frame} index={outcome.result.frames.length} input={outcome.bytes} note={senderNote(outcome.result.remainder.frame)} />
              </>
            ) : null}
            {outcome.result.messages.some((m) => m.frameIndexes.length > 1 || !m.complete || compressed.has(m.frameIndexes[0])) ? (
              <MessageList messages={outcome.result.messages} deflateOn={deflate.negotiated} />
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

/** With the sender unknown: the side this frame's MASK bit points to (RFC 6455 5.1, 5.3). */
function SenderNote({ masked }: { masked: boolean | null }) {
  const { t } = useTranslation();
  const implication = maskImplication(masked);
  return (
    <p className="sender-note" data-testid="sender-note" data-sender={implication.sender ?? 'unknown'}>
      <span className="sender-note__label">{t('decoder.senderLabel')}</span> {t(implication.key)} {t('decoder.senderNotJudged')}
    </p>
  );
}

// The selected timeline entry, taken apart. A frame gets the decoder's own
// card (bit grid, byte strip, masking table, problems), decoded on demand
// from its wire bytes, with "open in decoder". The handshake gets the
// handshake stepper on the real request and response. A gap, a broken rule
// or a note is explained.

import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { useContext, useEffect, useMemo } from 'react';
import { decodeFirstFrame } from '../../../../engine/frame-decode';
import { useExplorer } from '../../store';
import { activeLiveHandshake } from '../../store/handshake-slice';
import { HexView } from '../../widgets/HexView';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { FrameCard } from '../decoder/FrameCard';
import { HandshakeSideSwitch, HandshakeWalk } from '../handshake/HandshakeWalk';
import { decodeLiveFrame } from './live-frame-decode';
import { liveHandshakeText } from './live-handshake';
import { liveSummary } from './live-wording';
import { useEngineWording } from '../../i18n/engine-wording';
import { upstreamOf } from './proxied-session';
import { RecordingContext, type Recording } from './recording';
import type { LiveSession } from './live-model';
import { relativeTime } from './session-choice';
import type { FailureEntry, FrameEntry, GapEntry, TimelineEntry } from './timeline-entry';

export function EntryDetail({ session, entry, n }: { session: LiveSession; entry: TimelineEntry; n: number }) {
  const { t } = useTranslation();
  switch (entry.kind) {
    case 'frame':
      return <FrameDetail session={session} entry={entry} n={n} />;
    case 'handshake':
      return <HandshakeDetail session={session} />;
    case 'gap':
      return <GapDetail entry={entry} />;
    case 'failure':
      return <FailureDetail entry={entry} n={n} />;
    case 'note':
      return (
        <section className="panel live-detail" data-testid="live-detail">
          <h2>{t('live.detail.fromTap')}</h2>
          <p className="live-detail__note">{entry.text}</p>
        </section>
      );
  }
}

function FrameDetail({ session, entry, n }: { session: LiveSession; entry: FrameEntry; n: number }) {
  const { t } = useTranslation();
  const openInDecoder = useExplorer((s) => s.openInDecoder);
  const decoded = useMemo(() => decodeLiveFrame(entry, session.deflate), [entry, session.deflate]);
  if (!decoded) return null;
  // The decoder is told what the 101 agreed for this frame's sender, so RSV1 reads as "compressed" there too (RFC 7692 6.1).
  const deflate = session.deflate
    ? { negotiated: true, noContextTakeover: entry.from === 'client' ? session.deflate.clientNoContextTakeover : session.deflate.serverNoContextTakeover }
    : undefined;
  const title = (
    <>
      {t('live.detail.frameFrom', { who: t(`live.detail.who.${entry.from}`) })}{' '}
      <span className="muted">
        {t('live.detail.frameWhere', {
          time: relativeTime(entry.at, session.openedAt),
          from: entry.offset.toLocaleString('en'),
          to: (entry.offset + entry.wire.length - 1).toLocaleString('en'),
        })}
      </span>
    </>
  );
  return (
    <section className="live-detail" aria-label={t('live.detail.selectedFrame')} data-testid="live-detail">
      <div className="live-detail__bar">
        <p className="muted">
          {entry.from === 'client' ? t('live.detail.clientMasks') : t('live.detail.serverNeverMasks')}
          {decoded.contextProblemsLeftOut > 0 ? t('live.detail.aloneOutOfMessage') : ''}
          {entry.compressed && deflate && !deflate.noContextTakeover ? t('live.detail.mayNotInflate') : ''}
        </p>
        <button type="button" className="primary" onClick={() => openInDecoder(entry.wire, entry.from, deflate)} data-testid="live-open-in-decoder">
          {t('live.detail.openInDecoder')}
        </button>
      </div>
      {entry.compressed ? <CompressedMessage entry={entry} /> : null}
      <FrameCard frame={decoded.frame} index={n} input={entry.wire} title={title} compressed={entry.compressed} />
    </section>
  );
}

/** A frame of a compressed message: what its message inflated to (RFC 7692 7.2.2). */
function CompressedMessage({ entry }: { entry: FrameEntry }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const inflated = entry.inflated;
  const text = inflated && entry.opcode !== 2 ? new TextDecoder().decode(inflated) : null;
  return (
    <section className="panel live-compressed" aria-label={t('live.detail.compressedMessage')} data-testid="live-inflated">
      <h3><Trans i18nKey="live.detail.compressedTitle" components={{ rfc: <RfcRef section="7.2.2" rfc={7692} /> }} /></h3>
      <p className="muted">
        {t('live.detail.compressedText')}
        {inflated ? t('live.detail.thisMessage', { wire: entry.payloadLength.toLocaleString('en'), inflated: inflated.length.toLocaleString('en') }) : ''}
      </p>
      {text !== null ? <div className="payload__text" data-testid="live-inflated-text"><PayloadText text={text} /></div> : null}
      {inflated && text === null ? <HexView bytes={inflated} label={t('live.detail.inflatedBytes')} /> : null}
      {!inflated ? <p>{liveSummary(entry.summary, t, wording)}</p> : null}
    </section>
  );
}

function HandshakeDetail({ session }: { session: LiveSession }) {
  const { t } = useTranslation();
  const live = useExplorer(activeLiveHandshake);
  const load = useExplorer((s) => s.loadLiveHandshake);
  const showView = useExplorer((s) => s.showView);
  const text = liveHandshakeText(session);

  // The stepper reads the handshake slice: load this session's real bytes into it (once, and again if the answer arrives later).
  const request = text?.request;
  const response = text?.response ?? '';
  useEffect(() => {
    if (request === undefined) return;
    if (live?.session === session.id && live.request === request && live.response === response) return;
    load({ session: session.id, target: session.target, request, response });
  }, [request, response, session.id, session.target, live, load]);

  if (!text) {
    return (
      <section className="panel live-detail" data-testid="live-detail">
        <h2>{t('live.detail.handshake')}</h2>
        <p className="muted">{t('live.detail.noRequest')}</p>
      </section>
    );
  }
  return (
    <section className="live-detail live-detail--handshake" aria-label={t('live.detail.handshake')} data-testid="live-detail">
      <div className="live-detail__bar">
        <p>
          <Trans
            i18nKey="live.detail.realHandshake"
            components={{ id: <span className="mono">{session.id}</span>, rfc41: <RfcRef section="4.1" />, rfc421: <RfcRef section="4.2.1" />, rfc422: <RfcRef section="4.2.2" /> }}
          />
          {text.response ? '' : t('live.detail.noAnswerYet')}
        </p>
        <HandshakeSideSwitch />
        <button type="button" onClick={() => showView('handshake')} data-testid="live-open-in-handshake">{t('live.detail.openInHandshake')}</button>
      </div>
      <UpstreamRequest session={session} />
      <HandshakeWalk />
    </section>
  );
}

/** A proxied session: the request as the target received it, beside the client's (the proxy rewrote Host, and the path when its target names one). */
function UpstreamRequest({ session }: { session: LiveSession }) {
  const { t } = useTranslation();
  const upstream = upstreamOf(session.extra);
  if (!upstream) return null;
  return (
    <section className="panel" aria-label={t('live.detail.targetReceived')} data-testid="live-upstream">
      <h3><Trans i18nKey="live.detail.proxiedTo" components={{ url: <span className="mono">{upstream.url}</span> }} /></h3>
      <p className="muted"><Trans i18nKey="live.detail.proxiedText" components={{ rfc: <RfcRef section="4.1" /> }} /></p>
      {upstream.request
        ? <pre className="mono http-text" data-testid="live-upstream-request">{upstream.request}</pre>
        : <p className="muted">{t('live.detail.notReadable')}</p>}
    </section>
  );
}

function GapDetail({ entry }: { entry: GapEntry }) {
  const { t } = useTranslation();
  const recording = useContext(RecordingContext);
  return (
    <section className="panel live-detail live-notice" data-testid="live-detail">
      <h2>{t('live.detail.gapIn', { who: t(`live.detail.who.${entry.from}`) })}</h2>
      <p>
        {gapExplanation(entry, recording, t)}
      </p>
      <p className="muted">{t('live.detail.gapWhy')}</p>
    </section>
  );
}

/** Why bytes are missing: the tap's history is bounded; a capture holds what its packets carried. */
function gapExplanation(entry: GapEntry, recording: Recording, t: TFunction): string {
  const values = { who: t(`live.detail.who.${entry.from}`), whoCapital: t(`live.detail.whoCapital.${entry.from}`), size: entry.bytes.toLocaleString('en') };
  if (entry.cause === 'skipped') return t('live.detail.gapSkipped', values);
  if (recording === 'capture') return t(entry.cause === 'start-missing' ? 'live.detail.gapCaptureStart' : 'live.detail.gapCapture', values);
  return t(entry.cause === 'start-missing' ? 'live.detail.gapTapStart' : entry.cause === 'truncated' ? 'live.detail.gapTruncated' : 'live.detail.gapTap', values);
}

function FailureDetail({ entry, n }: { entry: FailureEntry; n: number }) {
  const { t } = useTranslation();
  const decoded = useMemo(() => decodeFirstFrame(entry.failure.bytes, { from: entry.from }), [entry]);
  return (
    <section className="live-detail" aria-label={t('live.detail.brokeRule')} data-testid="live-detail">
      <p className="live-detail__bar">
        <Trans
          i18nKey="live.detail.breaksAt"
          values={{ whoCapital: t(`live.detail.whoCapital.${entry.from}`), offset: entry.offset.toLocaleString('en'), code: entry.failure.problem.closeCode }}
          components={{ rfc: <RfcRef section="7.1.7" /> }}
        />
      </p>
      {decoded ? <FrameCard frame={decoded} index={n} input={entry.failure.bytes} title={<>{t('live.detail.offending')}</>} /> : null}
    </section>
  );
}

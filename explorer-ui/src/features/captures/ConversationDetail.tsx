// The conversation picked in the Captures view: what it is and between whom;
// for a session, its upgrade and answer, when it opened and closed by the
// capture's clock, what reassembly or rebuilding had to say (a HAR session
// says its bytes are rebuilt, not captured), and saving it; for a
// conversation whose handshake the capture missed, where its frames start.

import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatEndpoint } from '../../../../engine/capture';
import type { Direction } from '../../../../engine/frame-model';
import type { CaptureFeed } from './capture-feed';
import { framesCanStartAnywhere, type ConversationSummary, type StreamPreview } from './capture-listing';
import { useCaptureWording } from './capture-wording';

export function ConversationDetail({ feed, conversation }: { feed: CaptureFeed; conversation: ConversationSummary }) {
  const { t } = useTranslation();
  const wording = useCaptureWording();
  const { session } = conversation;
  return (
    <section className="panel captures-detail" aria-label={t('captures.detail.label')} data-testid="capture-detail">
      <div className="captures-detail__head">
        <h2>
          <span className={`badge${session ? (session.state === 'refused' ? ' badge--bad' : ' badge--ok') : ''}`}>{t(`captures.conversationKinds.${conversation.kind}`)}</span>{' '}
          <span className="mono">{session?.target ?? conversation.id}</span>
        </h2>
        {session ? (
          <span className="captures-detail__save">
            <button type="button" onClick={() => void feed.save(conversation.id, 'json')} data-testid="capture-save-json">{t('captures.saveJson')}</button>
            <button type="button" onClick={() => void feed.save(conversation.id, 'pcap')} data-testid="capture-save-pcap">{t('captures.savePcap')}</button>
          </span>
        ) : null}
      </div>
      <p className={`captures-detail__what${session ? ' muted' : ''}`} data-testid="capture-description">{wording.description(conversation.description)}</p>
      {session?.rebuilt ? (
        <p className="captures-rebuilt" data-testid="capture-rebuilt">
          <Trans i18nKey="captures.detail.rebuilt" components={{ strong: <strong /> }} />
        </p>
      ) : null}
      <dl className="captures-facts">
        <Fact name={t('captures.detail.facts.client')}>
          <span className="mono">{formatEndpoint(conversation.client)}</span> <span className="muted">{t('captures.detail.clientKnownByAside', { how: t(`captures.detail.clientKnownBy.${conversation.clientKnownBy}`) })}</span>
        </Fact>
        <Fact name={t('captures.detail.facts.server')}><span className="mono">{formatEndpoint(conversation.server)}</span></Fact>
        {session?.statusLine ? <Fact name={t('captures.detail.facts.answer')}><span className="mono" data-testid="capture-status-line">{session.statusLine}</span></Fact> : null}
        {session?.subprotocol ? <Fact name={t('captures.detail.facts.subprotocol')}><span className="mono">{session.subprotocol}</span></Fact> : null}
        {session?.deflate ? (
          <Fact name={t('captures.detail.facts.deflate')}>
            {t('captures.detail.deflateAgreed')}
            {session.deflate.client.noContextTakeover || session.deflate.server.noContextTakeover ? t('captures.detail.deflateNoTakeover') : ''}
          </Fact>
        ) : null}
        {session?.openedAt ? <Fact name={t('captures.detail.facts.opened')}><span className="mono" data-testid="capture-opened-at">{captureTime(session.openedAt)}</span></Fact> : null}
        {session?.closedAt ? <Fact name={t('captures.detail.facts.closed')}><span className="mono">{captureTime(session.closedAt)}</span></Fact> : null}
        {session ? (
          <Fact name={t('captures.detail.facts.frames')}>
            {session.frames.toLocaleString('en')}
            {session.framesWithProblems ? t('captures.detail.framesBreaking', { n: session.framesWithProblems }) : ''}
          </Fact>
        ) : null}
      </dl>
      {session && session.notes.length ? (
        <details className="captures-notes" data-testid="capture-session-notes">
          <summary>{t('captures.detail.notes', { count: session.notes.length })}</summary>
          <ul>{session.notes.map((note, i) => <li key={i} data-note-kind={note.kind}>{wording.note(note)}</li>)}</ul>
        </details>
      ) : null}
      {conversation.kind === 'tls' ? (
        <p className="muted">
          <Trans i18nKey="captures.detail.tls" components={{ code: <code /> }} />
        </p>
      ) : null}
      {framesCanStartAnywhere(conversation) ? <FrameStartForm feed={feed} conversation={conversation} /> : null}
    </section>
  );
}

function Fact({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <div className="captures-facts__fact">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "2026-01-31 14:05:09.123 UTC": a capture's clock, to the millisecond, the same wherever the file is opened. */
export function captureTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/**
 * The handshake is not in the capture (it began before the capture did), so
 * nothing says where frames start: the person says, for each direction,
 * choosing a byte of its first bytes or typing an offset.
 */
function FrameStartForm({ feed, conversation }: { feed: CaptureFeed; conversation: ConversationSummary }) {
  const { t } = useTranslation();
  const [direction, setDirection] = useState<Direction>('client');
  const [offset, setOffset] = useState(String(conversation.preview.client.offset));
  const [swap, setSwap] = useState(false);
  const preview = conversation.preview[direction];
  const apply = (event?: React.FormEvent) => {
    event?.preventDefault();
    const at = Number(offset);
    if (!Number.isInteger(at) || at < 0) return;
    const client = swap ? formatEndpoint(conversation.server) : undefined;
    void feed.framesFrom(conversation.id, direction, at, client);
  };
  return (
    <form className="captures-frame-start" onSubmit={apply} data-testid="capture-frame-start">
      <h3>{t('captures.frameStart.title')}</h3>
      <p className="muted">
        <Trans
          i18nKey="captures.frameStart.intro"
          components={{ rfc: <a href="https://www.rfc-editor.org/rfc/rfc6455#section-5.2" target="_blank" rel="noreferrer" /> }}
        />
      </p>
      <div className="captures-frame-start__row">
        <label>
          {t('captures.frameStart.stream')}{' '}
          <select value={direction} onChange={(e) => { const d = e.target.value as Direction; setDirection(d); setOffset(String(conversation.preview[d].offset)); }} data-testid="capture-start-direction">
            <option value="client">{t('captures.frameStart.directions.client')}</option>
            <option value="server">{t('captures.frameStart.directions.server')}</option>
          </select>
        </label>
        <label>
          {t('captures.frameStart.firstFrameAt')}{' '}
          <input type="number" min={0} step={1} value={offset} onChange={(e) => setOffset(e.target.value)} className="captures-frame-start__offset" data-testid="capture-start-offset" />
        </label>
        <label className="check">
          <input type="checkbox" checked={swap} onChange={(e) => setSwap(e.target.checked)} data-testid="capture-start-swap" />
          {t('captures.frameStart.swap')}
        </label>
        <button type="submit" className="primary" data-testid="capture-start-apply">{t('captures.frameStart.apply')}</button>
      </div>
      <PreviewBytes preview={preview} chosen={Number(offset)} onChoose={(at) => setOffset(String(at))} />
    </form>
  );
}

function PreviewBytes({ preview, chosen, onChoose }: { preview: StreamPreview; chosen: number; onChoose: (offset: number) => void }) {
  const { t } = useTranslation();
  if (!preview.hex) return <p className="muted">{t('captures.frameStart.noBytes')}</p>;
  const bytes = preview.hex.match(/[0-9a-f]{2}/gi) ?? [];
  return (
    <div className="captures-preview" aria-label={t('captures.frameStart.previewLabel')}>
      {bytes.map((hex, i) => {
        const at = preview.offset + i;
        return (
          <button type="button" key={at} className={`captures-preview__byte mono${at === chosen ? ' is-chosen' : ''}`} onClick={() => onChoose(at)} title={t('captures.frameStart.byteTitle', { offset: at })} data-testid="capture-start-byte">
            {hex}
          </button>
        );
      })}
      {preview.length > bytes.length ? <span className="muted">{t('captures.frameStart.inAll', { size: preview.length.toLocaleString('en') })}</span> : null}
    </div>
  );
}

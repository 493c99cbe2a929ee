// The Captures view: a capture file opened in the page (pcap, pcapng, a
// HAR file exported by Chrome's DevTools, or a session the explorer saved),
// read in a worker with its progress shown; every TCP conversation in it
// named; and a WebSocket session shown as the Live view shows a live one,
// with the Live view's own widgets: the timeline of handshake and frames
// with their capture times, a frame taken apart, the handshake stepped on
// the real request. Nothing leaves the page.

import { Trans, useTranslation } from 'react-i18next';
import { useRef, useState, type DragEvent } from 'react';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { EntryDetail } from '../live/EntryDetail';
import { RecordingContext } from '../live/recording';
import { SessionTimeline } from '../live/SessionTimeline';
import { useCaptureFeed, type CaptureFeed } from './capture-feed';
import { useCaptureWording } from './capture-wording';
import { ConversationDetail } from './ConversationDetail';
import { ConversationList } from './ConversationList';
import './captures.css';

export function CapturesView() {
  const { t } = useTranslation();
  const wording = useCaptureWording();
  const feed = useCaptureFeed();
  const selectEntry = useExplorer((s) => s.selectLiveEntry);
  const pauseLive = useExplorer((s) => s.pauseLive);
  const selected = useExplorer((s) => s.liveEntry);
  const [dragging, setDragging] = useState(false);

  const open = (file: File | undefined) => {
    if (!file) return;
    selectEntry(null);
    void feed.open(file);
  };
  const choose = (id: string) => {
    selectEntry(null);
    pauseLive(null);
    void feed.show(id);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    open(event.dataTransfer.files[0]);
  };

  const session = feed.shownSession();
  const chosen = feed.chosen ? feed.conversation(feed.chosen) : null;
  const entry = session && selected !== null ? session.log.get(selected) : undefined;

  return (
    <div
      className={`view captures${dragging ? ' is-dragging' : ''}`}
      data-testid="captures-view"
      onDragOver={(event) => { event.preventDefault(); setDragging(true); }}
      onDragLeave={(event) => { if (event.currentTarget === event.target) setDragging(false); }}
      onDrop={onDrop}
    >
      <header className="view__intro">
        <h1>{t('captures.title')}</h1>
        <p><Trans i18nKey="captures.intro" components={{ rfc4: <RfcRef section="4" />, rfc52: <RfcRef section="5.2" /> }} /></p>
      </header>
      <OpenPanel feed={feed} onFile={open} />
      {feed.listing ? (
        <div className="live__layout">
          <ConversationList listing={feed.listing} chosen={feed.chosen} onChoose={choose} />
          <div className="captures__main">
            {chosen ? <ConversationDetail feed={feed} conversation={chosen} /> : null}
            {feed.problem ? <p className="error" role="alert" data-testid="capture-problem">{wording.reason(feed.problem)}</p> : null}
            {session && feed.shown?.conversation === feed.chosen ? (
              <RecordingContext.Provider value="capture">
                <SessionTimeline session={session} />
              </RecordingContext.Provider>
            ) : feed.loading || (feed.shown && !session) ? (
              <p className="muted" data-testid="capture-session-loading">{t('captures.loadingSession')}</p>
            ) : null}
          </div>
        </div>
      ) : null}
      {session && entry && selected !== null ? (
        <RecordingContext.Provider value="capture">
          <EntryDetail session={session} entry={entry} n={selected} />
        </RecordingContext.Provider>
      ) : null}
      {session && !entry ? <p className="muted live__hint">{t('live.selectHint')}</p> : null}
    </div>
  );
}

const MB = 1024 * 1024;

function OpenPanel({ feed, onFile }: { feed: CaptureFeed; onFile: (file: File | undefined) => void }) {
  const { t } = useTranslation();
  const wording = useCaptureWording();
  const input = useRef<HTMLInputElement>(null);
  const { status, listing } = feed;
  return (
    <section className="panel captures-open" aria-labelledby="captures-open-title">
      <div className="captures-open__row">
        <h2 id="captures-open-title">{t('captures.openFile')}</h2>
        <button type="button" className="primary" onClick={() => input.current?.click()}>{t('captures.chooseFile')}</button>
        <input
          ref={input}
          type="file"
          className="visually-hidden"
          accept=".pcap,.pcapng,.cap,.har,.json,application/vnd.tcpdump.pcap,application/json"
          onChange={(event) => { onFile(event.target.files?.[0]); event.target.value = ''; }}
          data-testid="capture-file-input"
          aria-label={t('captures.fileLabel')}
        />
        <span className="muted">{t('captures.dropHint')}</span>
      </div>
      {status.kind === 'reading' ? (
        <div className="captures-progress" role="status" data-testid="capture-progress" data-stage={status.stage}>
          <progress max={status.size || 1} value={status.stage === 'decoding' ? undefined : status.bytesRead} aria-label={t('captures.readingLabel', { name: status.name })} />
          <span>
            {status.stage === 'decoding'
              ? t('captures.decoding', { packets: status.packets.toLocaleString('en'), name: status.name })
              : t('captures.reading', { name: status.name, read: (status.bytesRead / MB).toFixed(1), size: (status.size / MB).toFixed(1), packets: status.packets.toLocaleString('en') })}
            {feed.client.where === 'page' ? t('captures.inPage') : ''}
          </span>
        </div>
      ) : null}
      {status.kind === 'failed' ? <p className="error" role="alert" data-testid="capture-failed">{t('captures.failed', { name: status.name, reason: wording.reason(status.reason) })}</p> : null}
      {listing ? (
        <p className="captures-open__about" data-testid="capture-about">
          <strong className="mono">{listing.fileName}</strong> · {t(`captures.kinds.${listing.kind}`, { defaultValue: KIND_NAMES[listing.kind] })} · {wording.about(listing.about)}
          {listing.packets ? t('captures.packetCounts', { tcp: listing.tcpPackets.toLocaleString('en'), other: listing.otherPackets.toLocaleString('en') }) : ''}
          {' · '}{t('captures.conversations', { count: listing.conversations.length })}
          <span className="muted" data-testid="capture-millis">{t('captures.readIn', { seconds: (listing.millis / 1000).toFixed(1) })}</span>
        </p>
      ) : null}
      {listing && listing.notes.length ? (
        <details className="captures-notes" data-testid="capture-file-notes">
          <summary>{t('captures.notes', { count: listing.notes.length })}</summary>
          <ul>{listing.notes.map((note, i) => <li key={i} data-note-kind={note.kind}>{wording.note(note)}</li>)}</ul>
        </details>
      ) : null}
    </section>
  );
}

const KIND_NAMES = { pcap: 'pcap', pcapng: 'pcapng', har: 'HAR (HTTP Archive)', 'saved-session': 'a saved session' } as const;

// The Captures view: a capture file opened in the page (pcap, pcapng, a
// HAR file exported by Chrome's DevTools, or a session the explorer saved),
// read in a worker with its progress shown; every TCP conversation in it
// named; and a WebSocket session shown as the Live view shows a live one,
// with the Live view's own widgets: the timeline of handshake and frames
// with their capture times, a frame taken apart, the handshake stepped on
// the real request. Nothing leaves the page.

import { useRef, useState, type DragEvent } from 'react';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { EntryDetail } from '../live/EntryDetail';
import { RecordingContext } from '../live/recording';
import { SessionTimeline } from '../live/SessionTimeline';
import { useCaptureFeed, type CaptureFeed } from './capture-feed';
import { ConversationDetail } from './ConversationDetail';
import { ConversationList } from './ConversationList';
import './captures.css';

export function CapturesView() {
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
        <h1>Captures</h1>
        <p>
          Open what people capture: a Wireshark or tcpdump file (pcap, pcapng), a HAR file exported from the browser’s DevTools, or a session saved here.
          Every TCP conversation in it is named; a WebSocket session is shown as a live one is: the upgrade <RfcRef section="4" />, then each frame
          both ways <RfcRef section="5.2" />, with the time the capture saw it. The file is read in this page, off its main thread; nothing is uploaded.
        </p>
      </header>
      <OpenPanel feed={feed} onFile={open} />
      {feed.listing ? (
        <div className="live__layout">
          <ConversationList listing={feed.listing} chosen={feed.chosen} onChoose={choose} />
          <div className="captures__main">
            {chosen ? <ConversationDetail feed={feed} conversation={chosen} /> : null}
            {feed.problem ? <p className="error" role="alert" data-testid="capture-problem">{feed.problem}</p> : null}
            {session && feed.shown?.conversation === feed.chosen ? (
              <RecordingContext.Provider value="capture">
                <SessionTimeline session={session} />
              </RecordingContext.Provider>
            ) : feed.loading || (feed.shown && !session) ? (
              <p className="muted" data-testid="capture-session-loading">Reading the session’s frames…</p>
            ) : null}
          </div>
        </div>
      ) : null}
      {session && entry && selected !== null ? (
        <RecordingContext.Provider value="capture">
          <EntryDetail session={session} entry={entry} n={selected} />
        </RecordingContext.Provider>
      ) : null}
      {session && !entry ? <p className="muted live__hint">Select a row (or use ↑ ↓ in the list) to take a frame apart bit by bit, or the handshake to step through it.</p> : null}
    </div>
  );
}

const MB = 1024 * 1024;

function OpenPanel({ feed, onFile }: { feed: CaptureFeed; onFile: (file: File | undefined) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const { status, listing } = feed;
  return (
    <section className="panel captures-open" aria-labelledby="captures-open-title">
      <div className="captures-open__row">
        <h2 id="captures-open-title">Open a file</h2>
        <button type="button" className="primary" onClick={() => input.current?.click()}>Choose a file…</button>
        <input
          ref={input}
          type="file"
          className="visually-hidden"
          accept=".pcap,.pcapng,.cap,.har,.json,application/vnd.tcpdump.pcap,application/json"
          onChange={(event) => { onFile(event.target.files?.[0]); event.target.value = ''; }}
          data-testid="capture-file-input"
          aria-label="Capture file"
        />
        <span className="muted">or drop one anywhere on this view: pcap, pcapng, HAR, or a session saved as JSON.</span>
      </div>
      {status.kind === 'reading' ? (
        <div className="captures-progress" role="status" data-testid="capture-progress" data-stage={status.stage}>
          <progress max={status.size || 1} value={status.stage === 'decoding' ? undefined : status.bytesRead} aria-label={`Reading ${status.name}`} />
          <span>
            {status.stage === 'decoding'
              ? `Read all ${status.packets.toLocaleString('en')} packets of ${status.name}; putting each conversation back in order and finding its frames…`
              : `Reading ${status.name}: ${(status.bytesRead / MB).toFixed(1)} of ${(status.size / MB).toFixed(1)} MB, ${status.packets.toLocaleString('en')} packets`}
            {feed.client.where === 'page' ? ' (in this page: this browser would not start a worker here)' : ''}
          </span>
        </div>
      ) : null}
      {status.kind === 'failed' ? <p className="error" role="alert" data-testid="capture-failed">Could not read {status.name}: {status.reason}</p> : null}
      {listing ? (
        <p className="captures-open__about" data-testid="capture-about">
          <strong className="mono">{listing.fileName}</strong> · {KIND_NAMES[listing.kind]} · {listing.about}
          {listing.packets ? ` (${listing.tcpPackets.toLocaleString('en')} TCP, ${listing.otherPackets.toLocaleString('en')} other)` : ''}
          {' · '}{listing.conversations.length} conversation{listing.conversations.length === 1 ? '' : 's'}
          <span className="muted" data-testid="capture-millis"> · read in {(listing.millis / 1000).toFixed(1)} s</span>
        </p>
      ) : null}
      {listing && listing.notes.length ? (
        <details className="captures-notes" data-testid="capture-file-notes">
          <summary>{listing.notes.length} note{listing.notes.length === 1 ? '' : 's'} about the file</summary>
          <ul>{listing.notes.map((note, i) => <li key={i}>{note.message}</li>)}</ul>
        </details>
      ) : null}
    </section>
  );
}

const KIND_NAMES = { pcap: 'pcap', pcapng: 'pcapng', har: 'HAR (HTTP Archive)', 'saved-session': 'a saved session' } as const;

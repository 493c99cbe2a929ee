// Where the page stands with the tap, said plainly: no server (opened from
// disk, or a static host), a token the page address lacks, connecting,
// watching, reconnecting; and what the page no longer shows because of its
// memory bounds or the tap's.

import type { LiveFeed } from './live-feed';
import { clockTime } from './session-choice';

export function TapStatusNotice({ feed }: { feed: LiveFeed }) {
  const { status } = feed;
  switch (status.kind) {
    case 'static':
    case 'no-server':
      return (
        <section className="panel live-notice live-notice--bad" role="status" data-testid="live-no-server">
          <h2>No explorer server here</h2>
          <p>
            {status.kind === 'static'
              ? 'This page was opened from the static build (a file on disk), so there is no server behind it and no tap to watch.'
              : `This page is not served by the explorer's server (${status.detail}), so there is no tap to watch.`}{' '}
            Live sessions need the server: start it from the repository with
          </p>
          <pre className="mono live-notice__command" data-testid="live-start-command">npm start</pre>
          <p>
            and open the address it prints, followed by <code>#/live</code> (by default <span className="mono">http://127.0.0.1:8080/#/live</span>).
            {status.kind === 'no-server' ? ` Trying this address again in ${Math.ceil(status.retryInMs / 1000)} s.` : ''}
          </p>
        </section>
      );
    case 'token':
      return (
        <section className="panel live-notice live-notice--bad" role="status" data-testid="live-token-missing">
          <h2>{status.given ? 'The token in this address is not the server’s' : 'The token is missing'}</h2>
          <p>
            This server listens beyond loopback, so it shows its sessions (the tap) only to a page whose address carries its token.
            {status.given ? ' The ?token= in this page’s address is not the one it printed.' : ' This page’s address has no ?token=.'}
          </p>
          <p>
            The token comes from the server: <code>wsx serve</code> prints the explorer’s URL when it starts, ending in <code>?token=…</code>.
            Open that URL (then <code>#/live</code>), or ask whoever started the server for it.
          </p>
        </section>
      );
    default:
      return <WatchingNotice feed={feed} />;
  }
}

function WatchingNotice({ feed }: { feed: LiveFeed }) {
  const { status: s, interruptions, model } = feed;
  const { stats } = model;
  const line =
    s.kind === 'probing' || s.kind === 'connecting' ? 'Connecting to the tap…'
      : s.kind === 'reconnecting' ? `Reconnecting in ${Math.ceil(s.retryInMs / 1000)} s: ${s.why}.`
        : stats.replaying ? 'Connected: the tap is replaying the history it keeps…'
          : 'Watching every session on this server as it happens (the tap, /tap).';
  const last = interruptions.at(-1);
  return (
    <div className={`live-status${s.kind === 'reconnecting' ? ' live-status--warn' : ''}`} role="status" data-testid="live-status">
      <span className={`live-status__dot live-status__dot--${s.kind === 'open' ? 'on' : 'off'}`} aria-hidden="true" />
      <span data-testid="live-status-line">{line}</span>
      <span className="muted">
        {model.sessions().length} session{model.sessions().length === 1 ? '' : 's'} · {model.entryCount.toLocaleString('en')} entries kept
        {feed.queue.pending > 0 ? ` · ${feed.queue.pending.toLocaleString('en')} messages waiting to be read` : ''}
      </span>
      {stats.droppedEntries > 0 || stats.droppedSessions > 0 ? (
        <span className="live-status__warn" data-testid="live-dropped">
          To bound this page’s memory ({model.limits.maxEntries.toLocaleString('en')} entries, {model.limits.maxSessions} sessions),
          the oldest {stats.droppedEntries.toLocaleString('en')} entries{stats.droppedSessions ? ` and ${stats.droppedSessions} sessions` : ''} were dropped.
        </span>
      ) : null}
      {feed.queue.droppedUnread > 0 ? (
        <span className="live-status__warn" data-testid="live-unread-dropped">
          This page fell behind the tap: {feed.queue.droppedUnread.toLocaleString('en')} chunks it had not read yet were let go to bound its memory; sessions show a gap where they were.
        </span>
      ) : null}
      {stats.omittedChunks > 0 ? (
        <span className="live-status__warn" data-testid="live-omitted">
          The tap’s replay left out {stats.omittedChunks.toLocaleString('en')} older chunks it could not send; sessions show a gap where they were.
        </span>
      ) : null}
      {last ? (
        <span className="live-status__warn" data-testid="live-interrupted">
          At {clockTime(last.at)} {last.why}; the page reconnected, and what the tap no longer had shows as gaps.
        </span>
      ) : null}
      {stats.unexpectedProtocol !== null ? (
        <span className="live-status__warn">The tap speaks protocol {String(stats.unexpectedProtocol)}; this page reads protocol 1 and shows what it can.</span>
      ) : null}
      {model.notices.length ? <span className="muted small">{model.notices.at(-1)}</span> : null}
    </div>
  );
}

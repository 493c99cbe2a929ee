// Where the page stands with the tap, said plainly: no server (opened from
// disk, or a static host), a token the page address lacks, connecting,
// watching, reconnecting; and what the page no longer shows because of its
// memory bounds or the tap's.

import { Trans, useTranslation } from 'react-i18next';
import { serverAbsenceWords } from '../../i18n/server-absence';
import type { LiveFeed } from './live-feed';
import { tapDropWords } from './live-wording';
import { clockTime } from './session-choice';

export function TapStatusNotice({ feed }: { feed: LiveFeed }) {
  const { t } = useTranslation();
  const { status } = feed;
  switch (status.kind) {
    case 'static':
    case 'no-server':
      return (
        <section className="panel live-notice live-notice--bad" role="status" data-testid="live-no-server">
          <h2>{t('live.tap.noServer')}</h2>
          <p>
            {status.kind === 'static' ? t('live.tap.staticPage') : t('live.tap.notServed', { detail: serverAbsenceWords(t, status.detail) })}{' '}
            {t('live.tap.needsServer')}
          </p>
          <pre className="mono live-notice__command" data-testid="live-start-command">npm start</pre>
          <p>
            <Trans i18nKey="live.tap.openAddress" components={{ live: <code>#/live</code>, url: <span className="mono">http://127.0.0.1:8080/#/live</span> }} />
            {status.kind === 'no-server' ? t('live.tap.retry', { seconds: Math.ceil(status.retryInMs / 1000) }) : ''}
          </p>
        </section>
      );
    case 'token':
      return (
        <section className="panel live-notice live-notice--bad" role="status" data-testid="live-token-missing">
          <h2>{status.given ? t('live.tap.wrongToken') : t('live.tap.missingToken')}</h2>
          <p>
            {t('live.tap.tokenWhy')}
            {status.given ? t('live.tap.tokenWrong') : t('live.tap.tokenNone')}
          </p>
          <p>
            <Trans i18nKey="live.tap.tokenWhere" components={{ serve: <code>wsx serve</code>, token: <code>?token=…</code>, live: <code>#/live</code> }} />
          </p>
        </section>
      );
    default:
      return <WatchingNotice feed={feed} />;
  }
}

function WatchingNotice({ feed }: { feed: LiveFeed }) {
  const { t } = useTranslation();
  const { status: s, interruptions, model } = feed;
  const { stats } = model;
  const line =
    s.kind === 'probing' || s.kind === 'connecting' ? t('live.tap.connecting')
      : s.kind === 'reconnecting' ? t('live.tap.reconnecting', { seconds: Math.ceil(s.retryInMs / 1000), why: tapDropWords(t, s.why) })
        : stats.replaying ? t('live.tap.replaying')
          : t('live.tap.watching');
  const last = interruptions.at(-1);
  return (
    <div className={`live-status${s.kind === 'reconnecting' ? ' live-status--warn' : ''}`} role="status" data-testid="live-status">
      <span className={`live-status__dot live-status__dot--${s.kind === 'open' ? 'on' : 'off'}`} aria-hidden="true" />
      <span data-testid="live-status-line">{line}</span>
      <span className="muted">
        {t('live.tap.counts', { count: model.sessions().length, entries: model.entryCount.toLocaleString('en') })}
        {feed.queue.pending > 0 ? t('live.tap.waiting', { size: feed.queue.pending.toLocaleString('en') }) : ''}
      </span>
      {stats.droppedEntries > 0 || stats.droppedSessions > 0 ? (
        <span className="live-status__warn" data-testid="live-dropped">
          {t('live.tap.dropped', {
            maxEntries: model.limits.maxEntries.toLocaleString('en'),
            maxSessions: model.limits.maxSessions,
            entries: stats.droppedEntries.toLocaleString('en'),
            sessions: stats.droppedSessions ? t('live.tap.droppedSessions', { count: stats.droppedSessions }) : '',
          })}
        </span>
      ) : null}
      {feed.queue.droppedUnread > 0 ? (
        <span className="live-status__warn" data-testid="live-unread-dropped">
          {t('live.tap.unreadDropped', { size: feed.queue.droppedUnread.toLocaleString('en') })}
        </span>
      ) : null}
      {stats.omittedChunks > 0 ? (
        <span className="live-status__warn" data-testid="live-omitted">
          {t('live.tap.omitted', { size: stats.omittedChunks.toLocaleString('en') })}
        </span>
      ) : null}
      {last ? (
        <span className="live-status__warn" data-testid="live-interrupted">
          {t('live.tap.interrupted', { time: clockTime(last.at), why: tapDropWords(t, last.why) })}
        </span>
      ) : null}
      {stats.unexpectedProtocol !== null ? (
        <span className="live-status__warn">{t('live.tap.protocol', { protocol: String(stats.unexpectedProtocol) })}</span>
      ) : null}
      {model.notices.length ? <span className="muted small">{model.notices.at(-1)}</span> : null}
    </div>
  );
}

// Every session the tap shows, newest first: what it connected to, from
// where, its state and subprotocol, when it opened, how many frames it has,
// and how it ended (session-ending.ts).

import { Trans, useTranslation } from 'react-i18next';
import { useExplorer } from '../../store';
import type { LiveFeed } from './live-feed';
import type { LiveSession } from './live-model';
import { clockTime } from './session-choice';
import { upstreamOf } from './proxied-session';
import { explainEnding } from './session-ending';
import { endingHeadline, sessionTargetWords } from './live-wording';
import { useEngineWording } from '../../i18n/engine-wording';

export function SessionList({ feed, shownId }: { feed: LiveFeed; shownId: string | null }) {
  const { t } = useTranslation();
  const select = useExplorer((s) => s.selectLiveSession);
  const sessions = feed.model.sessions().reverse();
  return (
    <section className="panel live-sessions" aria-labelledby="live-sessions-title">
      <div className="panel__head">
        <h2 id="live-sessions-title">{t('live.sessions.title')} <span className="muted">({sessions.length})</span></h2>
      </div>
      {sessions.length === 0 ? (
        <p className="muted"><Trans i18nKey="live.sessions.none" components={{ echo: <a href="demo/echo" />, chat: <a href="demo/chat" /> }} /></p>
      ) : (
        <ul className="live-sessions__list" aria-label={t('live.sessions.label')}>
          {sessions.map((session) => (
            <li key={session.id}>
              <SessionCard session={session} shown={session.id === shownId} onSelect={() => select(session.id)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionCard({ session, shown, onSelect }: { session: LiveSession; shown: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const ending = explainEnding({ state: session.state, close: session.close, closeFrames: session.closeFrames, refusal: refusalLine(session) });
  const upstream = upstreamOf(session.extra);
  const extras = Object.entries(session.extra).filter(([key]) => !(upstream && key === 'upstream'));
  return (
    <button
      type="button"
      className={`session-card${shown ? ' is-shown' : ''}`}
      aria-pressed={shown}
      onClick={onSelect}
      data-testid="live-session"
      data-session={session.id}
    >
      <span className="session-card__top">
        <span className="mono session-card__target" data-testid="session-target">{sessionTargetWords(t, session.target)}</span>
        <span className={`badge session-state session-state--${session.state}`} data-testid="session-state">{t(`live.sessions.states.${session.state}`, { defaultValue: session.state })}</span>
      </span>
      <span className="session-card__facts muted">
        <span className="mono">{session.id}</span> · {t('live.sessions.from')} <span className="mono">{session.remote}</span> · {t('live.sessions.opened')} {clockTime(session.openedAt)} ·{' '}
        <span data-testid="session-frames">{t('live.sessions.frames', { count: session.frameCount, size: session.frameCount.toLocaleString('en') })}</span>
        {session.subprotocol ? <> · {t('live.sessions.subprotocol')} <span className="mono">{session.subprotocol}</span></> : null}
      </span>
      {ending ? (
        <span className={`session-card__ending${ending.protocolError || ending.code === 1006 ? ' is-bad' : ''}`} data-testid="session-ending">
          <strong data-testid="session-ending-headline">{endingHeadline(ending.headline, t, wording)}</strong>
          {ending.closedFirst ? <> · {t('live.sessions.closedFirst', { who: t(`builder.${ending.closedFirst}`) })}</> : null}
          {ending.clean === null ? null : ending.clean ? t('live.sessions.clean') : t('live.sessions.notClean')}
        </span>
      ) : null}
      {upstream ? (
        <span className="session-card__facts" data-testid="session-upstream">
          {t('live.sessions.proxiedTo')} <span className="mono">{upstream.url}</span>
        </span>
      ) : null}
      {extras.length ? (
        <span className="session-card__extra muted small" data-testid="session-extra">
          {t('live.sessions.alsoFromTap')} {extras.map(([key, value]) => `${key}: ${shortJson(value)}`).join(' · ')}
        </span>
      ) : null}
    </button>
  );
}

/** The status line of a refused upgrade, e.g. "HTTP/1.1 403 Forbidden". */
export function refusalLine(session: LiveSession): string | null {
  if (session.state !== 'refused' || !session.response) return null;
  const text = new TextDecoder('latin1').decode(session.response.subarray(0, 200));
  return text.split('\r\n')[0] || null;
}

function shortJson(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

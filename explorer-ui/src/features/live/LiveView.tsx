// The Live view: every WebSocket session on the explorer's server, as it
// happens, from the tap (/tap): the sessions, one session's timeline of
// handshake and frames, and the selected entry taken apart. Opened from the
// static build it says there is no server, and how to start one.

import { Trans, useTranslation } from 'react-i18next';
import { GorillaAside } from '../../widgets/GorillaAside';
import { useEffect } from 'react';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { documentFromLiveSession, pageServerEndpoint } from '../captures/session-export';
import { SaveSessionButtons } from '../captures/SaveSessionButtons';
import { ConnectPanel } from './ConnectPanel';
import { EntryDetail } from './EntryDetail';
import { useLiveFeed } from './live-feed';
import { chosenSession } from './session-choice';
import { SessionList } from './SessionList';
import { SessionTimeline } from './SessionTimeline';
import { TapStatusNotice } from './TapStatusNotice';

export function LiveView() {
  const { t } = useTranslation();
  const feed = useLiveFeed();
  const pickedId = useExplorer((s) => s.liveSessionId);
  const followNonce = useExplorer((s) => s.liveFollow);
  const selected = useExplorer((s) => s.liveEntry);

  useEffect(() => feed.start(window.location), [feed]);

  const session = chosenSession(feed.model, pickedId, followNonce);
  const entry = session && selected !== null ? session.log.get(selected) : undefined;
  const noServer = feed.status.kind === 'static' || feed.status.kind === 'no-server' || feed.status.kind === 'token';

  return (
    <div className="view live" data-testid="live-view">
      <header className="view__intro">
        <h1>{t('live.title')}</h1>
        <p><Trans i18nKey="live.intro" components={{ rfc4: <RfcRef section="4" />, rfc52: <RfcRef section="5.2" /> }} /></p>
        <GorillaAside i18nKey="live.gorilla" />
      </header>
      <TapStatusNotice feed={feed} />
      {noServer ? null : (
        <>
          <ConnectPanel feed={feed} />
          <div className="live__layout">
            <SessionList feed={feed} shownId={session?.id ?? null} />
            {session ? (
              <SessionTimeline
                feed={feed}
                session={session}
                actions={<SaveSessionButtons name={session.id} document={() => documentFromLiveSession(session, pageServerEndpoint(window.location))} testIdPrefix="live" />}
              />
            ) : (
              <section className="panel live-timeline live-timeline--empty" data-testid="live-no-session">
                <h2>{t('live.noSession')}</h2>
                <p className="muted">{followNonce ? t('live.waitingFollow') : t('live.pickSession')}</p>
              </section>
            )}
          </div>
          {session && entry && selected !== null ? <EntryDetail session={session} entry={entry} n={selected} /> : null}
          {session && !entry ? <p className="muted live__hint">{t('live.selectHint')}</p> : null}
        </>
      )}
    </div>
  );
}

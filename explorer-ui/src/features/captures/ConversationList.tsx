// Every TCP conversation of the opened file, in the order it began, named:
// a WebSocket session (with its target, its answer and its frames), a
// refused upgrade, plain HTTP, TLS (encrypted, not decoded), something else.
// Drawn as the Live view draws its sessions (session cards).

import { Trans, useTranslation } from 'react-i18next';
import type { CaptureListing, ConversationSummary } from './capture-listing';
import { useCaptureWording } from './capture-wording';
import { formatEndpoint } from '../../../../engine/capture';

export function ConversationList({ listing, chosen, onChoose }: { listing: CaptureListing; chosen: string | null; onChoose: (id: string) => void }) {
  const { t } = useTranslation();
  const { conversations } = listing;
  return (
    <section className="panel live-sessions" aria-labelledby="capture-conversations-title">
      <div className="panel__head">
        <h2 id="capture-conversations-title">{t('captures.list.title')} <span className="muted">({conversations.length})</span></h2>
      </div>
      {conversations.length === 0 ? (
        <p className="muted" data-testid="capture-no-conversations">{t('captures.list.none')}</p>
      ) : (
        <ul className="live-sessions__list" aria-label={t('captures.list.label')}>
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <ConversationCard conversation={conversation} shown={conversation.id === chosen} onSelect={() => onChoose(conversation.id)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConversationCard({ conversation, shown, onSelect }: { conversation: ConversationSummary; shown: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const wording = useCaptureWording();
  const { session } = conversation;
  const title = session?.target ?? (conversation.kind === 'tls' ? t('captures.list.encrypted') : `${formatEndpoint(conversation.client)} → ${formatEndpoint(conversation.server)}`);
  const state = session ? session.state : conversation.kind;
  return (
    <button
      type="button"
      className={`session-card capture-card capture-card--${conversation.kind}${shown ? ' is-shown' : ''}`}
      aria-pressed={shown}
      onClick={onSelect}
      data-testid="capture-conversation"
      data-conversation={conversation.id}
      data-kind={conversation.kind}
    >
      <span className="session-card__top">
        <span className="mono session-card__target">{title}</span>
        <span className={`badge session-state session-state--${state}`}>{t(`captures.conversationKinds.${conversation.kind}`)}</span>
      </span>
      <span className="session-card__facts muted">
        <span className="mono">{conversation.id}</span>
        {session ? (
          <Trans
            i18nKey="captures.list.fromTo"
            components={{ client: <span className="mono">{formatEndpoint(conversation.client)}</span>, server: <span className="mono">{formatEndpoint(conversation.server)}</span> }}
          />
        ) : null}
        {conversation.packets ? t('captures.list.packets', { count: conversation.packets, n: conversation.packets.toLocaleString('en') }) : ''}
        {session ? <> · <span data-testid="capture-frames">{t('captures.list.frames', { count: session.frames, n: session.frames.toLocaleString('en') })}</span></> : null}
        {session && session.framesWithProblems ? <span className="capture-card__bad">{t('captures.list.breaking', { n: session.framesWithProblems })}</span> : null}
      </span>
      {session?.rebuilt ? <span className="session-card__facts capture-card__rebuilt">{t('captures.list.rebuilt')}</span> : null}
      {!session ? <span className="session-card__facts muted">{wording.description(conversation.description)}</span> : null}
    </button>
  );
}

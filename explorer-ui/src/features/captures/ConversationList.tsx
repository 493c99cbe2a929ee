// Every TCP conversation of the opened file, in the order it began, named:
// a WebSocket session (with its target, its answer and its frames), a
// refused upgrade, plain HTTP, TLS (encrypted, not decoded), something else.
// Drawn as the Live view draws its sessions (session cards).

import type { CaptureListing, ConversationSummary } from './capture-listing';
import { formatEndpoint } from '../../../../engine/capture';

export const CONVERSATION_KINDS: Record<ConversationSummary['kind'], string> = {
  websocket: 'WebSocket',
  'websocket-refused': 'upgrade refused',
  'websocket-unanswered': 'upgrade, no answer captured',
  'websocket-from-caller': 'WebSocket, frames from where you said',
  http: 'HTTP',
  tls: 'TLS',
  other: 'other TCP',
  empty: 'no bytes',
};

export function ConversationList({ listing, chosen, onChoose }: { listing: CaptureListing; chosen: string | null; onChoose: (id: string) => void }) {
  const { conversations } = listing;
  return (
    <section className="panel live-sessions" aria-labelledby="capture-conversations-title">
      <div className="panel__head">
        <h2 id="capture-conversations-title">Conversations <span className="muted">({conversations.length})</span></h2>
      </div>
      {conversations.length === 0 ? (
        <p className="muted" data-testid="capture-no-conversations">No TCP conversation in this file.</p>
      ) : (
        <ul className="live-sessions__list" aria-label="Conversations, in the order they began">
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
  const { session } = conversation;
  const title = session?.target ?? (conversation.kind === 'tls' ? 'encrypted' : `${formatEndpoint(conversation.client)} → ${formatEndpoint(conversation.server)}`);
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
        <span className={`badge session-state session-state--${state}`}>{CONVERSATION_KINDS[conversation.kind]}</span>
      </span>
      <span className="session-card__facts muted">
        <span className="mono">{conversation.id}</span>
        {session ? <> · from <span className="mono">{formatEndpoint(conversation.client)}</span> to <span className="mono">{formatEndpoint(conversation.server)}</span></> : null}
        {conversation.packets ? ` · ${conversation.packets.toLocaleString('en')} packets` : ''}
        {session ? <> · <span data-testid="capture-frames">{session.frames.toLocaleString('en')} frame{session.frames === 1 ? '' : 's'}</span></> : null}
        {session && session.framesWithProblems ? <span className="capture-card__bad"> · {session.framesWithProblems} breaking a rule</span> : null}
      </span>
      {session?.rebuilt ? <span className="session-card__facts capture-card__rebuilt">rebuilt from what the browser recorded, not captured</span> : null}
      {!session ? <span className="session-card__facts muted">{conversation.description}</span> : null}
    </button>
  );
}

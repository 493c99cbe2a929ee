// The conversation picked in the Captures view: what it is and between whom;
// for a session, its upgrade and answer, when it opened and closed by the
// capture's clock, what reassembly or rebuilding had to say (a HAR session
// says its bytes are rebuilt, not captured), and saving it; for a
// conversation whose handshake the capture missed, where its frames start.

import { useState } from 'react';
import { formatEndpoint } from '../../../../engine/capture';
import type { Direction } from '../../../../engine/frame-model';
import type { CaptureFeed } from './capture-feed';
import { framesCanStartAnywhere, type ConversationSummary, type StreamPreview } from './capture-listing';
import { CONVERSATION_KINDS } from './ConversationList';

const CLIENT_KNOWN_BY = {
  syn: 'it sent the SYN',
  ports: 'a guess: it has the higher port (the SYN was not captured)',
  caller: 'as you said, or as the file said',
} as const;

export function ConversationDetail({ feed, conversation }: { feed: CaptureFeed; conversation: ConversationSummary }) {
  const { session } = conversation;
  return (
    <section className="panel captures-detail" aria-label="The chosen conversation" data-testid="capture-detail">
      <div className="captures-detail__head">
        <h2>
          <span className={`badge${session ? (session.state === 'refused' ? ' badge--bad' : ' badge--ok') : ''}`}>{CONVERSATION_KINDS[conversation.kind]}</span>{' '}
          <span className="mono">{session?.target ?? conversation.id}</span>
        </h2>
        {session ? (
          <span className="captures-detail__save">
            <button type="button" onClick={() => void feed.save(conversation.id, 'json')} data-testid="capture-save-json">Save as JSON</button>
            <button type="button" onClick={() => void feed.save(conversation.id, 'pcap')} data-testid="capture-save-pcap">Save as pcap</button>
          </span>
        ) : null}
      </div>
      <p className={`captures-detail__what${session ? ' muted' : ''}`} data-testid="capture-description">{conversation.description}</p>
      {session?.rebuilt ? (
        <p className="captures-rebuilt" data-testid="capture-rebuilt">
          <strong>Rebuilt, not captured.</strong> A HAR file keeps the handshake’s headers and each message, not the bytes: the request, the 101 and
          one frame per message are rebuilt here as the browser would have sent them. The client’s masking keys are chosen here, not the browser’s;
          pings, pongs and the closing handshake are not in the file.
        </p>
      ) : null}
      <dl className="captures-facts">
        <Fact name="Client"><span className="mono">{formatEndpoint(conversation.client)}</span> <span className="muted">({CLIENT_KNOWN_BY[conversation.clientKnownBy]})</span></Fact>
        <Fact name="Server"><span className="mono">{formatEndpoint(conversation.server)}</span></Fact>
        {session?.statusLine ? <Fact name="Answer"><span className="mono" data-testid="capture-status-line">{session.statusLine}</span></Fact> : null}
        {session?.subprotocol ? <Fact name="Subprotocol"><span className="mono">{session.subprotocol}</span></Fact> : null}
        {session?.deflate ? <Fact name="permessage-deflate">agreed{session.deflate.client.noContextTakeover || session.deflate.server.noContextTakeover ? ' (without context takeover for some side)' : ''}</Fact> : null}
        {session?.openedAt ? <Fact name="Opened"><span className="mono" data-testid="capture-opened-at">{captureTime(session.openedAt)}</span></Fact> : null}
        {session?.closedAt ? <Fact name="Closed"><span className="mono">{captureTime(session.closedAt)}</span></Fact> : null}
        {session ? <Fact name="Frames">{session.frames.toLocaleString('en')}{session.framesWithProblems ? `, ${session.framesWithProblems} breaking a rule` : ''}</Fact> : null}
      </dl>
      {session && session.notes.length ? (
        <details className="captures-notes" data-testid="capture-session-notes">
          <summary>{session.notes.length} note{session.notes.length === 1 ? '' : 's'} on how its bytes were put back together</summary>
          <ul>{session.notes.map((note, i) => <li key={i}>{note.message}</li>)}</ul>
        </details>
      ) : null}
      {conversation.kind === 'tls' ? (
        <p className="muted">
          The bytes are TLS records: encrypted, so frames inside them (a wss:// session) cannot be read without the session keys. Capture on the
          plain side (a ws:// server, or a proxy such as <code>wsx proxy</code>) to see the frames.
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
      <h3>Where do its frames start?</h3>
      <p className="muted">
        The opening handshake is not in this capture, so nothing says where the first frame begins. Say where, for each direction: a frame’s first byte
        holds FIN and the opcode (0x81 is a whole text frame, 0x82 binary, 0x88 close), its second MASK and the length <a href="https://www.rfc-editor.org/rfc/rfc6455#section-5.2" target="_blank" rel="noreferrer">(RFC 6455 5.2)</a>.
      </p>
      <div className="captures-frame-start__row">
        <label>
          Stream{' '}
          <select value={direction} onChange={(e) => { const d = e.target.value as Direction; setDirection(d); setOffset(String(conversation.preview[d].offset)); }} data-testid="capture-start-direction">
            <option value="client">client → server</option>
            <option value="server">server → client</option>
          </select>
        </label>
        <label>
          first frame at byte{' '}
          <input type="number" min={0} step={1} value={offset} onChange={(e) => setOffset(e.target.value)} className="captures-frame-start__offset" data-testid="capture-start-offset" />
        </label>
        <label className="check">
          <input type="checkbox" checked={swap} onChange={(e) => setSwap(e.target.checked)} data-testid="capture-start-swap" />
          the other end is the client
        </label>
        <button type="submit" className="primary" data-testid="capture-start-apply">Decode frames from there</button>
      </div>
      <PreviewBytes preview={preview} chosen={Number(offset)} onChoose={(at) => setOffset(String(at))} />
    </form>
  );
}

function PreviewBytes({ preview, chosen, onChoose }: { preview: StreamPreview; chosen: number; onChoose: (offset: number) => void }) {
  if (!preview.hex) return <p className="muted">This direction carried no bytes.</p>;
  const bytes = preview.hex.match(/[0-9a-f]{2}/gi) ?? [];
  return (
    <div className="captures-preview" aria-label="The stream's first bytes: choose where the first frame starts">
      {bytes.map((hex, i) => {
        const at = preview.offset + i;
        return (
          <button type="button" key={at} className={`captures-preview__byte mono${at === chosen ? ' is-chosen' : ''}`} onClick={() => onChoose(at)} title={`byte ${at}`} data-testid="capture-start-byte">
            {hex}
          </button>
        );
      })}
      {preview.length > bytes.length ? <span className="muted"> … {preview.length.toLocaleString('en')} bytes in all</span> : null}
    </div>
  );
}

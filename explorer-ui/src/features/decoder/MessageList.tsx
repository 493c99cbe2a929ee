// Messages put back together (RFC 6455 5.4): which frames carried each
// message and its whole payload; with permessage-deflate, the compressed
// bytes, the DEFLATE block they start with, what they inflate to and what
// compression saved (RFC 7692 7.2.2).

import type { ReassembledMessage } from '../../../../engine/frame-model';
import { HexView } from '../../widgets/HexView';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { BLOCK_TYPES, describeSaving } from './compressed-messages';

export function MessageList({ messages, deflateOn = false }: { messages: readonly ReassembledMessage[]; deflateOn?: boolean }) {
  return (
    <section className="panel messages" aria-labelledby="messages-title">
      <h2 id="messages-title">
        {deflateOn ? <>Messages, reassembled <RfcRef section="5.4" /> and inflated <RfcRef section="7.2.2" rfc={7692} /></> : <>Reassembled messages <RfcRef section="5.4" /></>}
      </h2>
      <ol className="messages__list">
        {messages.map((message, i) => (
          <li key={i} className="message" data-testid="message">
            <p>
              <strong>{message.opcodeName}</strong> message from frame{message.frameIndexes.length === 1 ? '' : 's'}{' '}
              {message.frameIndexes.map((f) => f + 1).join(' + ')}, {message.payload.length.toLocaleString('en')} bytes{message.compression ? ' inflated' : ''}
              {message.complete ? null : <span className="badge badge--bad">unfinished: no final fragment</span>}
            </p>
            {message.compression ? <CompressionDetails message={message} /> : null}
            {message.text !== null ? <div className="payload__text" data-testid="message-text"><PayloadText text={message.text} /></div> : null}
            {message.text === null && message.payload.length > 0 ? <HexView bytes={message.payload} label={message.compression ? 'Inflated message bytes' : 'Message bytes'} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function CompressionDetails({ message }: { message: ReassembledMessage }) {
  const compression = message.compression!;
  const block = compression.firstBlock ? BLOCK_TYPES[compression.firstBlock] : null;
  return (
    <div className="compression" data-testid="compression">
      <dl className="compression__facts">
        <dt>on the wire</dt>
        <dd>
          <span data-testid="compression-wire-length">{compression.wirePayload.length.toLocaleString('en')}</span> compressed bytes (the frames' payloads, joined);
          the receiver puts back the <span className="mono">00 00 ff ff</span> the sender took off, then inflates <RfcRef section="7.2.2" rfc={7692} />
        </dd>
        <dt>first block</dt>
        <dd>
          {block ? (
            <>
              <strong data-testid="compression-block">{compression.firstBlock}</strong> <span className="mono">(BTYPE {block.bits})</span>: {block.meaning}{' '}
              <a className="rfc-ref" href={`https://www.rfc-editor.org/rfc/rfc1951#section-${block.section}`} target="_blank" rel="noreferrer">RFC 1951 §{block.section}</a>
            </>
          ) : <span data-testid="compression-block">no block: an empty message</span>}
        </dd>
        <dt>inflated</dt>
        <dd>{message.payload.length.toLocaleString('en')} bytes</dd>
        <dt>bytes saved</dt>
        <dd data-testid="compression-saved">{describeSaving(compression)}</dd>
      </dl>
      <HexView bytes={compression.wirePayload} label="Compressed bytes, as on the wire (unmasked)" />
      <p className="compression__arrow muted" aria-hidden="true">inflates to ↓</p>
    </div>
  );
}

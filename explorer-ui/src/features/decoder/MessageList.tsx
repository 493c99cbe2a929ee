// Fragmented messages put back together (RFC 6455 5.4): which frames carried
// each message and its whole payload.

import type { ReassembledMessage } from '../../../../engine/frame-model';
import { HexView } from '../../widgets/HexView';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';

export function MessageList({ messages }: { messages: readonly ReassembledMessage[] }) {
  return (
    <section className="panel messages" aria-labelledby="messages-title">
      <h2 id="messages-title">Reassembled messages <RfcRef section="5.4" /></h2>
      <ol className="messages__list">
        {messages.map((message, i) => (
          <li key={i} className="message" data-testid="message">
            <p>
              <strong>{message.opcodeName}</strong> message from frame{message.frameIndexes.length === 1 ? '' : 's'}{' '}
              {message.frameIndexes.map((f) => f + 1).join(' + ')}, {message.payload.length.toLocaleString('en')} bytes
              {message.complete ? null : <span className="badge badge--bad">unfinished: no final fragment</span>}
            </p>
            {message.text !== null ? <div className="payload__text" data-testid="message-text"><PayloadText text={message.text} /></div> : null}
            {message.text === null && message.payload.length > 0 ? <HexView bytes={message.payload} label="Message bytes" /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

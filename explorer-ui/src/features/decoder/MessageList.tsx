// Messages put back together (RFC 6455 5.4): which frames carried each
// message and its whole payload; with permessage-deflate, the compressed
// bytes, the DEFLATE block they start with, what they inflate to and what
// compression saved (RFC 7692 7.2.2).

import { Trans, useTranslation } from 'react-i18next';
import type { ReassembledMessage } from '../../../../engine/frame-model';
import { HexView } from '../../widgets/HexView';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { BLOCK_TYPES, describeSaving } from './compressed-messages';

export function MessageList({ messages, deflateOn = false }: { messages: readonly ReassembledMessage[]; deflateOn?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="panel messages" aria-labelledby="messages-title">
      <h2 id="messages-title">
        {deflateOn
          ? <Trans i18nKey="decoder.messages.titleInflated" components={{ rfc: <RfcRef section="5.4" />, rfc7692: <RfcRef section="7.2.2" rfc={7692} /> }} />
          : <Trans i18nKey="decoder.messages.title" components={{ rfc: <RfcRef section="5.4" /> }} />}
      </h2>
      <ol className="messages__list">
        {messages.map((message, i) => (
          <li key={i} className="message" data-testid="message">
            <p>
              <Trans
                i18nKey="decoder.messages.summary"
                count={message.frameIndexes.length}
                values={{ opcode: message.opcodeName, frames: message.frameIndexes.map((f) => f + 1).join(' + '), size: message.payload.length.toLocaleString('en') }}
                components={{ strong: <strong /> }}
              />
              {message.compression ? t('decoder.messages.inflated') : ''}
              {message.complete ? null : <span className="badge badge--bad">{t('decoder.messages.unfinished')}</span>}
            </p>
            {message.compression ? <CompressionDetails message={message} /> : null}
            {message.text !== null ? <div className="payload__text" data-testid="message-text"><PayloadText text={message.text} /></div> : null}
            {message.text === null && message.payload.length > 0 ? <HexView bytes={message.payload} label={message.compression ? t('decoder.messages.inflatedBytes') : t('decoder.messages.messageBytes')} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function CompressionDetails({ message }: { message: ReassembledMessage }) {
  const { t } = useTranslation();
  const compression = message.compression!;
  const block = compression.firstBlock ? BLOCK_TYPES[compression.firstBlock] : null;
  return (
    <div className="compression" data-testid="compression">
      <dl className="compression__facts">
        <dt>{t('decoder.messages.onTheWire')}</dt>
        <dd>
          <Trans
            i18nKey="decoder.messages.onTheWireText"
            components={{
              n: <span data-testid="compression-wire-length">{compression.wirePayload.length.toLocaleString('en')}</span>,
              tail: <span className="mono">00 00 ff ff</span>,
              rfc: <RfcRef section="7.2.2" rfc={7692} />,
            }}
          />
        </dd>
        <dt>{t('decoder.messages.firstBlock')}</dt>
        <dd>
          {block ? (
            <>
              <strong data-testid="compression-block">{compression.firstBlock}</strong> <span className="mono">(BTYPE {block.bits})</span>: {t(`decoder.blocks.${block.meaning}`)}{' '}
              <a className="rfc-ref" href={`https://www.rfc-editor.org/rfc/rfc1951#section-${block.section}`} target="_blank" rel="noreferrer">RFC 1951 §{block.section}</a>
            </>
          ) : <span data-testid="compression-block">{t('decoder.messages.noBlock')}</span>}
        </dd>
        <dt>{t('decoder.messages.inflatedLabel')}</dt>
        <dd>{t('anatomy.bytesValue', { size: message.payload.length.toLocaleString('en') })}</dd>
        <dt>{t('decoder.messages.bytesSaved')}</dt>
        <dd data-testid="compression-saved">{describeSaving(compression, t)}</dd>
      </dl>
      <HexView bytes={compression.wirePayload} label={t('decoder.messages.compressedBytes')} />
      <p className="compression__arrow muted" aria-hidden="true">{t('decoder.messages.inflatesTo')}</p>
    </div>
  );
}

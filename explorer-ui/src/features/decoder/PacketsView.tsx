// Whole packets pasted into the decoder: each packet's layers (link, IP,
// TCP), collapsed under a one-line summary as Wireshark's packet list shows
// them; what reassembly could not place (gaps, conflicting retransmissions);
// then each TCP conversation's streams decoded as WebSocket frames with the
// decoder's own cards.

import { Trans, useTranslation } from 'react-i18next';
import type { CaptureNote, PastedPacket } from '../../../../engine/capture';
import { formatEndpoint } from '../../../../engine/capture';
import type { IpHeader } from '../../../../engine/capture/ip-layer';
import type { LinkLayer } from '../../../../engine/capture/link-layer';
import type { TcpHeader } from '../../../../engine/capture/tcp-header';
import type { DecodedFrame } from '../../../../engine/frame-model';
import { useEngineWording } from '../../i18n/engine-wording';
import { HexView } from '../../widgets/HexView';
import { RfcRef } from '../../widgets/RfcRef';
import { compressedFrameIndexes } from './compressed-messages';
import { FrameCard } from './FrameCard';
import { maskImplication } from './mask-implication';
import { MessageList } from './MessageList';
import type { DecodedDirection, PacketConversation, PacketsOutcome } from './packet-input';

/** Each direction as the decoder's sender switch names it. */
const ARROW = { client: 'decoder.input.fromClient', server: 'decoder.input.fromServer' } as const;

export function PacketsView({ outcome, deflateOn }: { outcome: PacketsOutcome; deflateOn: boolean }) {
  const { t } = useTranslation();
  const conversations = outcome.conversations;
  return (
    <>
      <p className="decoder__stats muted" data-testid="decode-stats">
        <Trans
          i18nKey="decoder.packets.stats"
          count={outcome.packets.length}
          values={{ conversations: t('decoder.packets.conversations', { count: conversations.length }) }}
          components={{ ms: <span data-testid="decode-millis">{outcome.millis.toFixed(1)}</span> }}
        />
      </p>
      <section className="panel packets" aria-labelledby="packets-title">
        <h2 id="packets-title"><Trans i18nKey="decoder.packets.title" components={{ note: <span className="muted" /> }} /></h2>
        <ol className="packets__list">
          {outcome.packets.map((packet) => <PacketRow key={packet.number} packet={packet} />)}
        </ol>
        <CaptureNotes notes={outcome.notes} />
      </section>
      {conversations.map((conversation) => <ConversationFrames key={conversation.id} conversation={conversation} deflateOn={deflateOn} />)}
    </>
  );
}

function PacketRow({ packet }: { packet: PastedPacket }) {
  const { t } = useTranslation();
  const layers = packet.layers;
  if (!layers) {
    return (
      <li className="packet packet--unread" data-testid="packet">
        <p className="packet__summary" data-testid="packet-summary"><strong>#{packet.number}</strong> · {t('decoder.packets.unreadBytes', { size: packet.bytes.length })} · <span className="error">{packet.problem}</span></p>
      </li>
    );
  }
  const { link, ip, tcp } = layers;
  return (
    <li className="packet" data-testid="packet">
      <p className="packet__summary mono" data-testid="packet-summary">
        <strong>#{packet.number}</strong> {formatEndpoint({ address: ip.source, port: tcp.sourcePort })} → {formatEndpoint({ address: ip.destination, port: tcp.destinationPort })}
        {' '}{t('decoder.packets.summary', { count: layers.payload.length, flags: tcp.flagNames, seq: tcp.sequenceNumber, size: layers.payload.length.toLocaleString('en') })}
      </p>
      <div className="packet__layers">
        <LinkDetails link={link} />
        <IpDetails ip={ip} />
        <TcpDetails tcp={tcp} />
        {layers.payload.length > 0 ? (
          <details className="layer" data-testid="layer-payload">
            <summary>
              {t('decoder.packets.payload', { size: layers.payload.length.toLocaleString('en') })}
              {layers.payloadLength > layers.payload.length ? t('decoder.packets.payloadCut', { total: layers.payloadLength.toLocaleString('en') }) : ''}
            </summary>
            <HexView bytes={layers.payload} label={t('decoder.packets.payloadLabel', { n: packet.number })} />
          </details>
        ) : null}
      </div>
    </li>
  );
}

function LinkDetails({ link }: { link: LinkLayer }) {
  const { t } = useTranslation();
  return (
    <details className="layer" data-testid="layer-link">
      <summary>{link.description}{link.source ? `, ${link.source}${link.destination ? ` → ${link.destination}` : ''}` : ''}</summary>
      <dl className="layer__fields">
        <dt>{t('decoder.packets.linkType')}</dt><dd>{t('decoder.packets.linkTypeValue', { type: link.linkType, name: link.name, size: link.headerLength })}</dd>
        {link.source ? <><dt>{t('decoder.packets.source')}</dt><dd className="mono">{link.source}</dd></> : null}
        {link.destination ? <><dt>{t('decoder.packets.destination')}</dt><dd className="mono">{link.destination}</dd></> : null}
        {link.vlanIds.length ? <><dt>VLAN</dt><dd>{link.vlanIds.join(', ')}</dd></> : null}
      </dl>
    </details>
  );
}

function IpDetails({ ip }: { ip: IpHeader }) {
  const { t } = useTranslation();
  return (
    <details className="layer" data-testid="layer-ip">
      <summary>{t('decoder.packets.ipSummary', { version: ip.version, source: ip.source, destination: ip.destination })}</summary>
      <dl className="layer__fields">
        <dt>{t('decoder.packets.source')}</dt><dd className="mono">{ip.source}</dd>
        <dt>{t('decoder.packets.destination')}</dt><dd className="mono">{ip.destination}</dd>
        <dt>{t('decoder.packets.header')}</dt>
        <dd>
          {t('decoder.packets.headerBytes', { size: ip.headerLength })}
          {ip.extensionHeaders.length ? t('decoder.packets.withExtensions', { names: ip.extensionHeaders.map((h) => h.name).join(', ') }) : ''}
        </dd>
        <dt>{t('decoder.packets.payloadLength')}</dt><dd>{t('decoder.packets.headerBytes', { size: ip.payloadLength })}</dd>
        <dt>{ip.version === 4 ? t('decoder.packets.ttl') : t('decoder.packets.hopLimit')}</dt><dd>{ip.timeToLive}</dd>
        {ip.version === 4 ? <><dt>{t('decoder.packets.dontFragment')}</dt><dd>{ip.dontFragment ? t('decoder.packets.set') : t('decoder.packets.notSet')}</dd></> : null}
        {ip.checksumValid !== null
          ? <><dt>{t('decoder.packets.checksum')}</dt><dd>{ip.checksumValid ? t('decoder.packets.checksumOk') : t('decoder.packets.checksumBad')}</dd></>
          : null}
      </dl>
    </details>
  );
}

function TcpDetails({ tcp }: { tcp: TcpHeader }) {
  const { t } = useTranslation();
  return (
    <details className="layer" data-testid="layer-tcp">
      <summary>{t('decoder.packets.tcpSummary', { source: tcp.sourcePort, destination: tcp.destinationPort, flags: tcp.flagNames })}</summary>
      <dl className="layer__fields">
        <dt>{t('decoder.packets.ports')}</dt><dd className="mono">{tcp.sourcePort} → {tcp.destinationPort}</dd>
        <dt>{t('decoder.packets.seq')}</dt><dd className="mono">{tcp.sequenceNumber}</dd>
        <dt>{t('decoder.packets.ack')}</dt>
        <dd className="mono">{tcp.flags.ack ? tcp.acknowledgmentNumber : t('decoder.packets.ackNotSet', { ack: tcp.acknowledgmentNumber })}</dd>
        <dt>{t('decoder.packets.flags')}</dt><dd>{tcp.flagNames || t('decoder.packets.none')}</dd>
        <dt>{t('decoder.packets.header')}</dt><dd>{t('decoder.packets.headerBytes', { size: tcp.headerLength })}</dd>
        <dt>{t('decoder.packets.window')}</dt><dd>{tcp.window}</dd>
        {tcp.options.length ? <><dt>{t('decoder.packets.options')}</dt><dd>{tcp.options.map((o) => `${o.name}${o.value ? ` ${o.value}` : ''}`).join(' · ')}</dd></> : null}
      </dl>
    </details>
  );
}

/** What reassembly says it could not place or had to choose: shown as said, never filled in. */
export function CaptureNotes({ notes }: { notes: readonly CaptureNote[] }) {
  const shown = notes.filter((note) => note.kind !== 'frames' || !note.message.startsWith('no upgrade in these packets'));
  if (shown.length === 0) return null;
  return (
    <ul className="capture-notes">
      {shown.map((note, i) => (
        <li key={i} className={`capture-note capture-note--${note.kind}`} data-testid="capture-note" data-kind={note.kind}>
          <strong>{note.kind}</strong> {note.message}
        </li>
      ))}
    </ul>
  );
}

function ConversationFrames({ conversation, deflateOn }: { conversation: PacketConversation; deflateOn: boolean }) {
  const { t } = useTranslation();
  const startNote = conversation.notes.find((note) => note.kind === 'frames' && note.message.startsWith('no upgrade in these packets'));
  return (
    <section className="panel conversation" aria-label={t('decoder.packets.conversation', { id: conversation.id })} data-testid="packet-conversation">
      <h2>
        {formatEndpoint(conversation.client)} ⇄ {formatEndpoint(conversation.server)} <span className="muted">({conversation.id})</span>
      </h2>
      <p>
        {t('decoder.packets.client')} <span className="mono">{formatEndpoint(conversation.client)}</span>{' '}
        {conversation.clientKnownBy === 'syn' ? t('decoder.packets.bySyn') : conversation.clientKnownBy === 'upgrade' ? t('decoder.packets.byUpgrade') : t('decoder.packets.byGuess')}
        {t('decoder.period')}
        {conversation.requestLine ? (
          <>
            <Trans i18nKey="decoder.packets.upgrade" components={{ line: <span className="mono">{conversation.requestLine}</span> }} />
            {conversation.statusLine
              ? <Trans i18nKey="decoder.packets.answered" components={{ line: <span className="mono">{conversation.statusLine}</span> }} />
              : t('decoder.packets.noAnswer')}
            {t('decoder.period')}
          </>
        ) : null}
        {startNote ? <Trans i18nKey="decoder.packets.noUpgrade" components={{ rfc: <RfcRef section="5.2" /> }} /> : null}
      </p>
      {conversation.directions.length === 0 ? <p className="muted">{conversation.description}</p> : null}
      <CaptureNotes notes={conversation.notes} />
      {conversation.directions.map((direction) => <DirectionFrames key={direction.direction} direction={direction} deflateOn={deflateOn} />)}
    </section>
  );
}

function DirectionFrames({ direction, deflateOn }: { direction: DecodedDirection; deflateOn: boolean }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  if (direction.ranges.length === 0) return null;
  return (
    <div className="conversation__direction">
      <h3>{t(ARROW[direction.direction])}{direction.judged ? '' : <span className="muted">{t('decoder.packets.notJudged')}</span>}</h3>
      {direction.ranges.map((range) => {
        const compressed = compressedFrameIndexes(range.result, deflateOn);
        const note = (frame: DecodedFrame) => (direction.judged ? undefined : (
          <p className="sender-note" data-testid="sender-note" data-sender={maskImplication(frame.masked).sender ?? 'unknown'}>
            <span className="sender-note__label">{t('decoder.senderLabel')}</span> {t(maskImplication(frame.masked).key)}
          </p>
        ));
        const title = (frame: DecodedFrame, i: number) => (
          <>
            {t('decoder.packets.frameTitle', { n: i + 1 })}{' '}
            <span className="muted">
              {t('decoder.packets.frameWhere', { arrow: t(ARROW[direction.direction]), from: range.base + frame.offset, to: range.base + frame.offset + frame.length - 1 })}
              {range.packets[i] !== undefined && range.packets[i] !== null ? t('decoder.packets.completeIn', { packet: range.packets[i] }) : ''}
            </span>
          </>
        );
        return (
          <div key={range.base} className="frames">
            {range.result.frames.map((frame, i) => (
              <FrameCard key={frame.offset} frame={frame} index={i} input={range.bytes} title={title(frame, i)} compressed={compressed.has(i)} note={note(frame)} />
            ))}
            {range.result.remainder ? (
              <FrameCard frame={range.result.remainder.frame} index={range.result.frames.length} input={range.bytes} note={note(range.result.remainder.frame)}
                title={<>{t('decoder.packets.endsInside', { side: t(`builder.${direction.direction}`) })} <span className="muted">{t('decoder.packets.waitingFor', { what: wording.remainder(range.result.remainder.waitingFor) })}</span></>} />
            ) : null}
            {range.result.messages.some((m) => m.frameIndexes.length > 1 || !m.complete || compressed.has(m.frameIndexes[0])) ? <MessageList messages={range.result.messages} deflateOn={deflateOn} /> : null}
          </div>
        );
      })}
    </div>
  );
}

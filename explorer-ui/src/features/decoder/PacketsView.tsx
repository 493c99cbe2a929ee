// Whole packets pasted into the decoder: each packet's layers (link, IP,
// TCP), collapsed under a one-line summary as Wireshark's packet list shows
// them; what reassembly could not place (gaps, conflicting retransmissions);
// then each TCP conversation's streams decoded as WebSocket frames with the
// decoder's own cards.

import { useTranslation } from 'react-i18next';
import type { CaptureNote, PastedPacket } from '../../../../engine/capture';
import { formatEndpoint } from '../../../../engine/capture';
import type { IpHeader } from '../../../../engine/capture/ip-layer';
import type { LinkLayer } from '../../../../engine/capture/link-layer';
import type { TcpHeader } from '../../../../engine/capture/tcp-header';
import type { DecodedFrame } from '../../../../engine/frame-model';
import { HexView } from '../../widgets/HexView';
import { RfcRef } from '../../widgets/RfcRef';
import { compressedFrameIndexes } from './compressed-messages';
import { FrameCard } from './FrameCard';
import { maskImplication } from './mask-implication';
import { MessageList } from './MessageList';
import type { DecodedDirection, PacketConversation, PacketsOutcome } from './packet-input';

const ARROW = { client: 'client → server', server: 'server → client' } as const;

export function PacketsView({ outcome, deflateOn }: { outcome: PacketsOutcome; deflateOn: boolean }) {
  const conversations = outcome.conversations;
  return (
    <>
      <p className="decoder__stats muted" data-testid="decode-stats">
        {outcome.packets.length} packet{outcome.packets.length === 1 ? '' : 's'} pasted · {conversations.length} TCP conversation{conversations.length === 1 ? '' : 's'} ·
        read in <span data-testid="decode-millis">{outcome.millis.toFixed(1)}</span> ms · the sender switch does not apply: each packet carries its addresses
      </p>
      <section className="panel packets" aria-labelledby="packets-title">
        <h2 id="packets-title">Packets <span className="muted">(in the order pasted, taken as the order they were seen)</span></h2>
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
  const layers = packet.layers;
  if (!layers) {
    return (
      <li className="packet packet--unread" data-testid="packet">
        <p className="packet__summary" data-testid="packet-summary"><strong>#{packet.number}</strong> · {packet.bytes.length} bytes · <span className="error">{packet.problem}</span></p>
      </li>
    );
  }
  const { link, ip, tcp } = layers;
  return (
    <li className="packet" data-testid="packet">
      <p className="packet__summary mono" data-testid="packet-summary">
        <strong>#{packet.number}</strong> {formatEndpoint({ address: ip.source, port: tcp.sourcePort })} → {formatEndpoint({ address: ip.destination, port: tcp.destinationPort })}
        {' '}· TCP [{tcp.flagNames}] · seq {tcp.sequenceNumber} · {layers.payload.length.toLocaleString('en')} byte{layers.payload.length === 1 ? '' : 's'} of payload
      </p>
      <div className="packet__layers">
        <LinkDetails link={link} />
        <IpDetails ip={ip} />
        <TcpDetails tcp={tcp} />
        {layers.payload.length > 0 ? (
          <details className="layer" data-testid="layer-payload">
            <summary>TCP payload: {layers.payload.length.toLocaleString('en')} bytes{layers.payloadLength > layers.payload.length ? ` of ${layers.payloadLength.toLocaleString('en')} (the capture cut the packet short)` : ''}</summary>
            <HexView bytes={layers.payload} label={`TCP payload of packet ${packet.number}`} />
          </details>
        ) : null}
      </div>
    </li>
  );
}

function LinkDetails({ link }: { link: LinkLayer }) {
  return (
    <details className="layer" data-testid="layer-link">
      <summary>{link.description}{link.source ? `, ${link.source}${link.destination ? ` → ${link.destination}` : ''}` : ''}</summary>
      <dl className="layer__fields">
        <dt>link type</dt><dd>{link.linkType} ({link.name}), {link.headerLength} header bytes</dd>
        {link.source ? <><dt>source</dt><dd className="mono">{link.source}</dd></> : null}
        {link.destination ? <><dt>destination</dt><dd className="mono">{link.destination}</dd></> : null}
        {link.vlanIds.length ? <><dt>VLAN</dt><dd>{link.vlanIds.join(', ')}</dd></> : null}
      </dl>
    </details>
  );
}

function IpDetails({ ip }: { ip: IpHeader }) {
  return (
    <details className="layer" data-testid="layer-ip">
      <summary>Internet Protocol version {ip.version}, {ip.source} → {ip.destination}</summary>
      <dl className="layer__fields">
        <dt>source</dt><dd className="mono">{ip.source}</dd>
        <dt>destination</dt><dd className="mono">{ip.destination}</dd>
        <dt>header</dt><dd>{ip.headerLength} bytes{ip.extensionHeaders.length ? `, with ${ip.extensionHeaders.map((h) => h.name).join(', ')}` : ''}</dd>
        <dt>payload length</dt><dd>{ip.payloadLength} bytes</dd>
        <dt>{ip.version === 4 ? 'time to live' : 'hop limit'}</dt><dd>{ip.timeToLive}</dd>
        {ip.version === 4 ? <><dt>don't fragment</dt><dd>{ip.dontFragment ? 'set' : 'not set'}</dd></> : null}
        {ip.checksumValid !== null ? <><dt>header checksum</dt><dd>{ip.checksumValid ? 'adds up' : 'does not add up (or left to the network card)'}</dd></> : null}
      </dl>
    </details>
  );
}

function TcpDetails({ tcp }: { tcp: TcpHeader }) {
  return (
    <details className="layer" data-testid="layer-tcp">
      <summary>Transmission Control Protocol, port {tcp.sourcePort} → {tcp.destinationPort}, [{tcp.flagNames}]</summary>
      <dl className="layer__fields">
        <dt>ports</dt><dd className="mono">{tcp.sourcePort} → {tcp.destinationPort}</dd>
        <dt>sequence number</dt><dd className="mono">{tcp.sequenceNumber}</dd>
        <dt>acknowledgment number</dt><dd className="mono">{tcp.flags.ack ? tcp.acknowledgmentNumber : `${tcp.acknowledgmentNumber} (ACK not set: not meaningful)`}</dd>
        <dt>flags</dt><dd>{tcp.flagNames || 'none'}</dd>
        <dt>header</dt><dd>{tcp.headerLength} bytes</dd>
        <dt>window</dt><dd>{tcp.window}</dd>
        {tcp.options.length ? <><dt>options</dt><dd>{tcp.options.map((o) => `${o.name}${o.value ? ` ${o.value}` : ''}`).join(' · ')}</dd></> : null}
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
  const startNote = conversation.notes.find((note) => note.kind === 'frames' && note.message.startsWith('no upgrade in these packets'));
  return (
    <section className="panel conversation" aria-label={`TCP conversation ${conversation.id}`} data-testid="packet-conversation">
      <h2>
        {formatEndpoint(conversation.client)} ⇄ {formatEndpoint(conversation.server)} <span className="muted">({conversation.id})</span>
      </h2>
      <p>
        Client <span className="mono">{formatEndpoint(conversation.client)}</span>{' '}
        {conversation.clientKnownBy === 'syn' ? '(it sent the SYN)' : conversation.clientKnownBy === 'upgrade' ? '(it sent the upgrade request)' : '(a guess: its port is the higher; no SYN or upgrade was pasted)'}.
        {conversation.requestLine ? <> Upgrade: <span className="mono">{conversation.requestLine}</span>{conversation.statusLine ? <>, answered <span className="mono">{conversation.statusLine}</span></> : ', no answer pasted'}.</> : null}
        {startNote ? <> No upgrade in these packets: each direction's frames are read from the first byte pasted <RfcRef section="5.2" />.</> : null}
      </p>
      {conversation.directions.length === 0 ? <p className="muted">{conversation.description}</p> : null}
      <CaptureNotes notes={conversation.notes} />
      {conversation.directions.map((direction) => <DirectionFrames key={direction.direction} direction={direction} deflateOn={deflateOn} />)}
    </section>
  );
}

function DirectionFrames({ direction, deflateOn }: { direction: DecodedDirection; deflateOn: boolean }) {
  const { t } = useTranslation();
  if (direction.ranges.length === 0) return null;
  return (
    <div className="conversation__direction">
      <h3>{ARROW[direction.direction]}{direction.judged ? '' : <span className="muted"> · masking not judged: which side is the client is only a guess</span>}</h3>
      {direction.ranges.map((range) => {
        const compressed = compressedFrameIndexes(range.result, deflateOn);
        const note = (frame: DecodedFrame) => (direction.judged ? undefined : (
          <p className="sender-note" data-testid="sender-note" data-sender={maskImplication(frame.masked).sender ?? 'unknown'}>
            <span className="sender-note__label">{t('decoder.senderLabel')}</span> {t(maskImplication(frame.masked).key)}
          </p>
        ));
        const title = (frame: DecodedFrame, i: number) => (
          <>
            Frame {i + 1} <span className="muted">· {ARROW[direction.direction]} · stream bytes {range.base + frame.offset}–{range.base + frame.offset + frame.length - 1}
              {range.packets[i] !== undefined && range.packets[i] !== null ? ` · complete in packet #${range.packets[i]}` : ''}</span>
          </>
        );
        return (
          <div key={range.base} className="frames">
            {range.result.frames.map((frame, i) => (
              <FrameCard key={frame.offset} frame={frame} index={i} input={range.bytes} title={title(frame, i)} compressed={compressed.has(i)} note={note(frame)} />
            ))}
            {range.result.remainder ? (
              <FrameCard frame={range.result.remainder.frame} index={range.result.frames.length} input={range.bytes} note={note(range.result.remainder.frame)}
                title={<>The {direction.direction}'s bytes end inside a frame <span className="muted">· waiting for {range.result.remainder.waitingFor}</span></>} />
            ) : null}
            {range.result.messages.some((m) => m.frameIndexes.length > 1 || !m.complete || compressed.has(m.frameIndexes[0])) ? <MessageList messages={range.result.messages} deflateOn={deflateOn} /> : null}
          </div>
        );
      })}
    </div>
  );
}

// A lesson's frame taken apart, as the decoder takes it apart (the same
// FrameAnatomy: bit grid, byte strip, field table) with its problems and a
// one-line summary, and a way to open the bytes in the decoder. A frame
// block shows it at once; an exercise shows it as the answer's reveal.
// With permessage-deflate on, each compressed message is shown beside what
// it inflates to, and the decoder opens with the same switch.

import { useTranslation } from 'react-i18next';
import { bytesToHex, formatHex } from '../../../../../engine/hex';
import { useExplorer } from '../../../store';
import { FrameAnatomy } from '../../../widgets/FrameAnatomy';
import { PayloadText } from '../../../widgets/PayloadText';
import { ProblemList } from '../../../widgets/ProblemList';
import type { Direction, ReassembledMessage } from '../../../../../engine/frame-model';
import type { DecodedLessonHex } from '../check-lesson-block';
import type { FrameReading } from '../lesson-blocks';

function useText() {
  const { t } = useTranslation();
  return {
    openInDecoder: t('lessons.blocks.openInDecoder'),
    valid: t('frame.valid'),
    cutShort: t('frame.cutShort'),
    fails: (code: number) => t('frame.fails', { code }),
    lengthNotArrived: t('frame.lengthNotArrived'),
    moreFrames: (count: number) => t('lessons.blocks.moreFrames', { count }),
    text: t('lessons.blocks.text'),
    closeCode: t('lessons.blocks.closeCode'),
    deflateOn: (takeover: boolean) => (takeover ? t('lessons.blocks.deflateOn') : t('lessons.blocks.deflateOnNoTakeover')),
    limit: (bytes: number) => t('lessons.blocks.limit', { size: bytes.toLocaleString('en') }),
    inflates: (index: number, count: number) => (count > 1 ? t('lessons.blocks.inflatesMany', { n: index + 1 }) : t('lessons.blocks.inflatesOne')),
    inflatedBytes: (bytes: number) => t('lessons.blocks.inflatedBytes', { size: bytes.toLocaleString('en') }),
    wire: (wire: number, inflated: number) => t('lessons.blocks.wire', { wire: wire.toLocaleString('en'), inflated: inflated.toLocaleString('en') }),
  };
}

export function LessonFrame({ decoded, reading }: { decoded: DecodedLessonHex; reading: FrameReading }) {
  const TEXT = useText();
  const openInDecoder = useExplorer((s) => s.openInDecoder);
  const { frame, result, bytes } = decoded;
  const { from, deflate, maxMessage } = reading;
  const compressed = result.messages.filter((message) => message.compression !== null);
  const failing = frame.problems[0];
  const key = frame.maskingKey ? formatHex(frame.maskingKey) : null;
  const text = frame.truncated ? null : frame.text;
  const close = frame.truncated ? null : frame.close;
  // The decoder reads bytes as one side's; a block that names no side is read by its MASK bit (5.1: only clients mask).
  const side: Direction = from ?? (frame.masked ? 'client' : 'server');
  const frameCount = result.frames.length + (result.remainder ? 1 : 0);

  return (
    <div className="lesson-frame" data-testid="lesson-frame" data-hex={bytesToHex(bytes)} data-deflate={deflate ?? 'off'}>
      {deflate ? <p className="muted lesson-frame__reading">{TEXT.deflateOn(deflate === 'context takeover')}</p> : null}
      {maxMessage !== undefined ? <p className="muted lesson-frame__reading">{TEXT.limit(maxMessage)}</p> : null}
      <p className="lesson-frame__summary mono">
        <span>FIN {frame.fin ? 1 : 0}</span>
        {frame.rsv1 || frame.rsv2 || frame.rsv3 ? <span>RSV {[frame.rsv1, frame.rsv2, frame.rsv3].map((b) => (b ? 1 : 0)).join('')}</span> : null}
        <span>opcode {frame.opcode} {frame.opcodeName}</span>
        <span>MASK {frame.masked === null ? '?' : frame.masked ? 1 : 0}</span>
        <span>length {frame.payloadLength === null ? TEXT.lengthNotArrived : frame.payloadLength.toLocaleString('en')}</span>
        {key ? <span>key {key}</span> : null}
        <span className={failing ? 'badge badge--bad' : 'badge badge--ok'} data-testid="lesson-frame-verdict">
          {failing ? TEXT.fails(failing.closeCode) : frame.truncated ? TEXT.cutShort : TEXT.valid}
        </span>
      </p>
      <ProblemList problems={frame.problems} notes={frame.notes} />
      <FrameAnatomy frame={frame} input={bytes} />
      {text ? <p className="lesson-frame__payload">{TEXT.text}: <span className="lesson-frame__text"><PayloadText text={text} /></span></p> : null}
      {close && close.code !== null ? (
        <p className="lesson-frame__payload">{TEXT.closeCode}: <strong className="mono">{close.code}</strong>{close.reason ? <> “<PayloadText text={close.reason} />”</> : null}</p>
      ) : null}
      {compressed.map((message, index) => <InflatedMessage key={message.frameIndexes[0]} message={message} label={TEXT.inflates(index, compressed.length)} />)}
      {frameCount > 1 ? <p className="muted">{TEXT.moreFrames(frameCount)}</p> : null}
      <p className="lesson-block__actions">
        <button type="button" onClick={() => openInDecoder(bytes, side, deflate ? { negotiated: true, noContextTakeover: deflate === 'no context takeover' } : undefined)}>
          {TEXT.openInDecoder}
        </button>
      </p>
    </div>
  );
}

/** A compressed message beside what it inflated to (RFC 7692 7.2.2). */
function InflatedMessage({ message, label }: { message: ReassembledMessage; label: string }) {
  const TEXT = useText();
  const wire = message.compression!.wirePayload.length;
  return (
    <p className="lesson-frame__payload" data-testid="lesson-frame-inflated">
      {label}:{' '}
      {message.text !== null
        ? <span className="lesson-frame__text"><PayloadText text={message.text} /></span>
        : <strong className="mono">{TEXT.inflatedBytes(message.payload.length)}</strong>}{' '}
      <span className="muted">({TEXT.wire(wire, message.payload.length)})</span>
    </p>
  );
}

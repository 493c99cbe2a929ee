// One row of a session's timeline: a frame's time, direction, FIN, opcode,
// length, masking and one-line summary; or a handshake message, a gap, a
// broken rule, a note. Fixed height, so the virtual list can place 100 000
// of them without measuring any.

import { useTranslation } from 'react-i18next';
import { useEngineWording } from '../../i18n/engine-wording';
import { useContext, type CSSProperties } from 'react';
import type { Direction } from '../../../../engine/frame-model';
import { opcodeInfo } from '../../../../engine/opcode';
import { liveSummary } from './live-wording';
import { RecordingContext, type Recording } from './recording';
import { relativeTime } from './session-choice';
import type { TimelineEntry } from './timeline-entry';

/** A direction as the filter names it (live.timeline.directions); a gap's cause as a tap or a capture explains it (live.row.causes). */
const DIRECTION_KEY: Record<Direction, string> = { client: 'live.timeline.directions.client', server: 'live.timeline.directions.server' };
const causeKey = (recording: Recording, cause: string) => `live.row.causes.${recording}.${cause}`;

export interface TimelineRowProps {
  entry: TimelineEntry;
  n: number;
  openedAt: number;
  selected: boolean;
  style: CSSProperties;
  onSelect: (n: number) => void;
}

export function TimelineRow({ entry, n, openedAt, selected, style, onSelect }: TimelineRowProps) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  const recording = useContext(RecordingContext);
  const common = {
    role: 'option',
    'aria-selected': selected,
    id: `live-entry-${n}`,
    style,
    onClick: () => onSelect(n),
    'data-entry': n,
  } as const;
  const time = <span className="trow__time mono">{relativeTime(entry.at, openedAt)}</span>;
  const direction = entry.from ? <span className={`trow__dir trow__dir--${entry.from}`}>{t(DIRECTION_KEY[entry.from])}</span> : <span className="trow__dir" />;

  switch (entry.kind) {
    case 'frame': {
      const control = entry.opcode >= 8;
      return (
        <div {...common} className={`trow trow--frame${selected ? ' is-selected' : ''}${control ? ' trow--control' : ''}`} data-testid="live-frame-row" data-from={entry.from}>
          {time}
          {direction}
          <span className="trow__fin mono" title="FIN">{entry.fin ? 'FIN' : t('live.row.more')}</span>
          <span className="trow__opcode mono" data-testid="row-opcode">{entry.opcode.toString(16)} {opcodeInfo(entry.opcode).name}</span>
          <span className="trow__length mono">{entry.payloadLength.toLocaleString('en')} B</span>
          <span className={`trow__mask mono${entry.masked ? ' is-masked' : ''}`} data-testid="row-mask">{entry.masked ? t('live.row.masked') : t('live.row.unmasked')}</span>
          <span className="trow__summary">
            {entry.compressed ? <span className="trow__tag" title={t('live.row.deflateTitle')}>deflate</span> : null}
            <span data-testid="row-summary">{liveSummary(entry.summary, t, wording)}</span>
          </span>
        </div>
      );
    }
    case 'handshake':
      return (
        <div {...common} className={`trow trow--handshake${selected ? ' is-selected' : ''}`} data-testid="live-handshake-row" data-from={entry.from}>
          {time}
          {direction}
          <span className="trow__wide">
            <strong>{entry.from === 'client' ? t('live.row.upgradeRequest') : t('live.row.serverAnswer')}</strong> <span className="mono">{entry.firstLine}</span>
            <span className="muted">{t('live.row.stepThrough')}</span>
          </span>
        </div>
      );
    case 'gap':
      return (
        <div {...common} className={`trow trow--gap${selected ? ' is-selected' : ''}`} data-testid="live-gap-row">
          {time}
          {direction}
          <span className="trow__wide">
            <strong>{t('live.row.gap')}</strong> ·{' '}
            {entry.cause === 'start-missing'
              ? t(causeKey(recording, entry.cause))
              : t('live.row.gapBytes', { size: entry.bytes.toLocaleString('en'), cause: t(causeKey(recording, entry.cause)) })}
            {t('live.row.restarted')}
          </span>
        </div>
      );
    case 'failure':
      return (
        <div {...common} className={`trow trow--failure${selected ? ' is-selected' : ''}`} data-testid="live-failure-row">
          {time}
          {direction}
          <span className="trow__wide">
            <strong>{t('live.row.breaksRule')}</strong>
            {t('live.row.breaksRuleText', { message: wording.problem(entry.failure.problem), code: entry.failure.problem.closeCode })}
          </span>
        </div>
      );
    case 'note':
      return (
        <div {...common} className={`trow trow--note${selected ? ' is-selected' : ''}`} data-testid="live-note-row">
          {time}
          {direction}
          <span className="trow__wide">{entry.text}</span>
        </div>
      );
  }
}

// One row of a session's timeline: a frame's time, direction, FIN, opcode,
// length, masking and one-line summary; or a handshake message, a gap, a
// broken rule, a note. Fixed height, so the virtual list can place 100 000
// of them without measuring any.

import { useContext, type CSSProperties } from 'react';
import type { Direction } from '../../../../engine/frame-model';
import { opcodeInfo } from '../../../../engine/opcode';
import { RecordingContext, type Recording } from './recording';
import { relativeTime } from './session-choice';
import type { TimelineEntry } from './timeline-entry';

const ARROW: Record<Direction, string> = { client: 'client → server', server: 'server → client' };
const GAP_CAUSE: Record<Recording, Record<'start-missing' | 'jump' | 'truncated' | 'skipped', string>> = {
  tap: {
    'start-missing': 'the start of this stream is not in the history the tap kept',
    jump: 'bytes the tap did not keep or replay',
    truncated: 'the rest of a chunk larger than the tap keeps',
    skipped: 'bytes skipped while finding the next frame boundary',
  },
  capture: {
    'start-missing': 'frames are read from where they start, not from the start of this stream',
    jump: 'bytes no captured packet carried',
    truncated: 'bytes the capture cut short',
    skipped: 'bytes skipped while finding the next frame boundary',
  },
};

export interface TimelineRowProps {
  entry: TimelineEntry;
  n: number;
  openedAt: number;
  selected: boolean;
  style: CSSProperties;
  onSelect: (n: number) => void;
}

export function TimelineRow({ entry, n, openedAt, selected, style, onSelect }: TimelineRowProps) {
  const gapCause = GAP_CAUSE[useContext(RecordingContext)];
  const common = {
    role: 'option',
    'aria-selected': selected,
    id: `live-entry-${n}`,
    style,
    onClick: () => onSelect(n),
    'data-entry': n,
  } as const;
  const time = <span className="trow__time mono">{relativeTime(entry.at, openedAt)}</span>;
  const direction = entry.from ? <span className={`trow__dir trow__dir--${entry.from}`}>{ARROW[entry.from]}</span> : <span className="trow__dir" />;

  switch (entry.kind) {
    case 'frame': {
      const control = entry.opcode >= 8;
      return (
        <div {...common} className={`trow trow--frame${selected ? ' is-selected' : ''}${control ? ' trow--control' : ''}`} data-testid="live-frame-row" data-from={entry.from}>
          {time}
          {direction}
          <span className="trow__fin mono" title="FIN">{entry.fin ? 'FIN' : 'more'}</span>
          <span className="trow__opcode mono" data-testid="row-opcode">{entry.opcode.toString(16)} {opcodeInfo(entry.opcode).name}</span>
          <span className="trow__length mono">{entry.payloadLength.toLocaleString('en')} B</span>
          <span className={`trow__mask mono${entry.masked ? ' is-masked' : ''}`} data-testid="row-mask">{entry.masked ? 'masked' : 'unmasked'}</span>
          <span className="trow__summary">
            {entry.compressed ? <span className="trow__tag" title="Part of a message compressed with permessage-deflate (RFC 7692): the length is the compressed one, the text the inflated one">deflate</span> : null}
            <span data-testid="row-summary">{entry.summary}</span>
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
            <strong>{entry.from === 'client' ? 'Upgrade request' : 'Server’s answer'}</strong> <span className="mono">{entry.firstLine}</span>
            <span className="muted"> · select to step through the handshake</span>
          </span>
        </div>
      );
    case 'gap':
      return (
        <div {...common} className={`trow trow--gap${selected ? ' is-selected' : ''}`} data-testid="live-gap-row">
          {time}
          {direction}
          <span className="trow__wide">
            <strong>Gap</strong> · {entry.cause === 'start-missing' ? gapCause[entry.cause] : `${entry.bytes.toLocaleString('en')} bytes: ${gapCause[entry.cause]}`}; the parser restarted
          </span>
        </div>
      );
    case 'failure':
      return (
        <div {...common} className={`trow trow--failure${selected ? ' is-selected' : ''}`} data-testid="live-failure-row">
          {time}
          {direction}
          <span className="trow__wide">
            <strong>Breaks a rule</strong> · {entry.failure.problem.message} (a receiver closes with {entry.failure.problem.closeCode}); nothing after it is read
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

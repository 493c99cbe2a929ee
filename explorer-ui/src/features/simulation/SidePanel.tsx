// One endpoint: how it stands, what its reader waits for (the engine's own
// words, in the reader's language), the unit it is reading taken apart, what
// it owes the other side (its units still on the wire), what it can do next,
// and what it emitted.

import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../../engine/problem';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { ReadingView } from './ReadingView';
import { SideActions } from './SideActions';
import { bytesWords, clockWords, logLine, standingWords, unitsWords } from './side-words';
import type { SideSnapshot } from './simulation-snapshot';
import { useSimulationWording } from './simulation-wording';

export function SidePanel({ side, refusal }: { side: SideSnapshot; refusal: string | null }) {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  const id = (name: string) => `sim-${side.side}-${name}`;
  // A reader that failed names the rule its side broke: the protocol error in its log.
  const problems = side.log.flatMap((entry): Problem[] => (entry.kind === 'event' && entry.event.type === 'protocol-error' ? [entry.event.problem] : []));
  return (
    <section className={`panel sim-side sim-side--${side.side}`} aria-labelledby={id('title')} data-testid={id('panel')}>
      <header className="sim-side__head">
        <h2 id={id('title')} className={`sim-side-ink--${side.side}`}>{t(`simulation.sides.${side.side}`)}</h2>
        <span className={`badge sim-state sim-state--${side.state.toLowerCase()}`} data-testid={id('state')}>{side.state}</span>
        {side.closeCode !== null ? <span className="badge badge--bad" data-testid={id('close-code')}>{side.closeCode}</span> : null}
        {!side.autoPong ? <span className="badge sim-state--closing" title={t('simulation.side.noAutoPongTitle')}>{t('simulation.side.noAutoPong')}</span> : null}
      </header>
      <p className="sim-side__standing" data-testid={id('standing')}>{standingWords(t, side)}</p>

      <div className="sim-side__waiting" aria-live="polite">
        <span className="sim-side__waiting-label">{t('simulation.side.readerIs')}</span>
        <strong data-testid={id('waiting')}>{wording.reader(side.waitingFor, problems)}</strong>
      </div>

      <ReadingView reading={side.reading} testId={id('reading')} />

      <div className="sim-side__owes" data-testid={id('owes')}>
        <h3>{t('simulation.side.owes')} {side.owes.length ? <span className="muted">{t('simulation.side.owesCount', { units: unitsWords(t, side.owes.length) })}</span> : null}</h3>
        {side.owes.length === 0 ? <p className="muted">{t('simulation.side.owesNothing')}</p> : (
          <ul>
            {side.owes.map((unit) => (
              <li key={unit.id} data-testid={id('owed')}>
                {wording.label(unit.label)}
                <span className="muted"> · {unit.kind === 'fin' ? t('simulation.side.noBytes') : t('simulation.side.toGo', { bytes: bytesWords(t, unit.bytes.length - unit.delivered) })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <h3>{t('simulation.side.act')}</h3>
      <SideActions side={side.side} refusal={refusal} />

      <SideLog side={side} />
    </section>
  );
}

function SideLog({ side }: { side: SideSnapshot }) {
  const { t } = useTranslation();
  return (
    <div className="sim-log">
      <h3>{t('simulation.side.log')} <span className="muted">{t('simulation.side.logHint')}</span></h3>
      {side.log.length === 0 ? <p className="muted">{t('simulation.side.logEmpty')}</p> : (
        <ol className="sim-log__list" data-testid={`sim-${side.side}-log`}>
          {side.log.map((entry, i) => {
            const line = logLine(t, entry);
            return (
              <li key={i} className={`sim-log__entry sim-log__entry--${line.tone}`} data-testid="sim-log-entry" data-kind={entry.kind === 'event' ? entry.event.type : 'note'}>
                <span className="sim-log__time mono">{clockWords(t, entry.at)}</span>
                <span className="sim-log__text">
                  {line.headline}
                  {line.text !== null ? <> “<PayloadText text={line.text} />”</> : null}
                  {line.hex !== null ? <span className="mono"> {line.hex}</span> : null}
                  {line.rfc ? <> <RfcRef section={line.rfc} /></> : null}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

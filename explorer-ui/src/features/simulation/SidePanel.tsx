// One endpoint: how it stands, what its reader waits for (the engine's own
// words), the unit it is reading taken apart, what it owes the other side
// (its units still on the wire), what it can do next, and what it emitted.

import type { Side } from '../../../../engine/simulation';
import { PayloadText } from '../../widgets/PayloadText';
import { RfcRef } from '../../widgets/RfcRef';
import { ReadingView } from './ReadingView';
import { SideActions } from './SideActions';
import { clockWords, logLine, plural, standingWords } from './side-words';
import type { SideSnapshot } from './simulation-snapshot';

const TITLE: Record<Side, string> = { client: 'Client', server: 'Server' };

export function SidePanel({ side, refusal }: { side: SideSnapshot; refusal: string | null }) {
  const id = (name: string) => `sim-${side.side}-${name}`;
  return (
    <section className={`panel sim-side sim-side--${side.side}`} aria-labelledby={id('title')} data-testid={id('panel')}>
      <header className="sim-side__head">
        <h2 id={id('title')} className={`sim-side-ink--${side.side}`}>{TITLE[side.side]}</h2>
        <span className={`badge sim-state sim-state--${side.state.toLowerCase()}`} data-testid={id('state')}>{side.state}</span>
        {side.closeCode !== null ? <span className="badge badge--bad" data-testid={id('close-code')}>{side.closeCode}</span> : null}
        {!side.autoPong ? <span className="badge sim-state--closing" title="this endpoint does not answer pings (5.5.2 says it must)">no automatic pong</span> : null}
      </header>
      <p className="sim-side__standing" data-testid={id('standing')}>{standingWords(side)}</p>

      <div className="sim-side__waiting" aria-live="polite">
        <span className="sim-side__waiting-label">Its reader is</span>
        <strong data-testid={id('waiting')}>{side.waitingFor}</strong>
      </div>

      <ReadingView reading={side.reading} testId={id('reading')} />

      <div className="sim-side__owes" data-testid={id('owes')}>
        <h3>Owes the other side {side.owes.length ? <span className="muted">({plural(side.owes.length, 'unit')} still on the wire)</span> : null}</h3>
        {side.owes.length === 0 ? <p className="muted">Nothing: everything it wrote has been read.</p> : (
          <ul>
            {side.owes.map((unit) => (
              <li key={unit.id} data-testid={id('owed')}>
                {unit.label}
                <span className="muted"> · {unit.kind === 'fin' ? 'no bytes' : `${plural(unit.bytes.length - unit.delivered, 'byte')} to go`}</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <h3>Act</h3>
      <SideActions side={side.side} refusal={refusal} />

      <SideLog side={side} />
    </section>
  );
}

function SideLog({ side }: { side: SideSnapshot }) {
  return (
    <div className="sim-log">
      <h3>What it emitted <span className="muted">(events and notes, oldest first)</span></h3>
      {side.log.length === 0 ? <p className="muted">Nothing yet.</p> : (
        <ol className="sim-log__list" data-testid={`sim-${side.side}-log`}>
          {side.log.map((entry, i) => {
            const line = logLine(entry);
            return (
              <li key={i} className={`sim-log__entry sim-log__entry--${line.tone}`} data-testid="sim-log-entry" data-kind={entry.kind === 'event' ? entry.event.type : 'note'}>
                <span className="sim-log__time mono">{clockWords(entry.at)}</span>
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

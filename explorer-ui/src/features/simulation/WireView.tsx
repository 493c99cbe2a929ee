// The wire, both ways: what each side wrote and the other has not read yet,
// unit by unit in the order they will arrive (TCP keeps each direction in
// order), with the bytes already delivered greyed and the next one marked.

import { useTranslation } from 'react-i18next';
import { ByteCells } from './ByteCells';
import { fieldsOfBytes, framesOfUnit } from './byte-cells';
import type { LaneSnapshot, SimulationSnapshot, UnitSnapshot } from './simulation-snapshot';
import { bytesWords, unitsWords } from './side-words';
import { useSimulationWording } from './simulation-wording';

export function WireView({ snapshot }: { snapshot: SimulationSnapshot }) {
  const { t } = useTranslation();
  return (
    <section className="panel sim-wire" aria-labelledby="sim-wire-title" data-testid="sim-wire">
      <h2 id="sim-wire-title">{t('simulation.wire.title')}</h2>
      <Lane lane={snapshot.lanes['to-server']} isNext={snapshot.next === 'to-server'} />
      <Lane lane={snapshot.lanes['to-client']} isNext={snapshot.next === 'to-client'} />
    </section>
  );
}

function Lane({ lane, isNext }: { lane: LaneSnapshot; isNext: boolean }) {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  const last = lane.arrived[lane.arrived.length - 1];
  const lastLabel = last ? wording.label(last.label) : '';
  return (
    <div className={`sim-lane sim-lane--${lane.direction}`} data-testid={`sim-lane-${lane.direction}`}>
      <h3 className="sim-lane__title">
        <span className={`sim-lane__arrow sim-side-ink--${lane.from}`}>{t(`simulation.wire.lanes.${lane.direction}`)}</span>
        <span className="muted"> · {lane.queued.length === 0 ? t('simulation.wire.empty') : `${t('simulation.wire.onWire', { units: unitsWords(t, lane.queued.length) })}${isNext ? t('simulation.wire.nextFromHere') : ''}`}</span>
      </h3>
      <ol className="sim-lane__units">
        {last ? (
          <li className="sim-unit sim-unit--arrived" title={lastLabel}>
            <span className="sim-unit__label">{t('simulation.wire.arrived', { label: lastLabel })}</span>
          </li>
        ) : null}
        {lane.queued.map((unit, i) => <QueuedUnit key={unit.id} unit={unit} first={i === 0} />)}
      </ol>
    </div>
  );
}

function QueuedUnit({ unit, first }: { unit: UnitSnapshot; first: boolean }) {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  const isHead = unit.kind === 'request' || unit.kind === 'response';
  const fields = isHead || unit.kind === 'fin' ? [] : fieldsOfBytes(framesOfUnit(unit.bytes, unit.from), 0, unit.bytes.length);
  return (
    <li className={`sim-unit${first ? ' sim-unit--first' : ''}`} data-testid="sim-unit" data-kind={unit.kind}>
      <p className="sim-unit__label">
        {first ? <span className="badge sim-unit__next">{t('simulation.wire.next')}</span> : null} {wording.label(unit.label)}
      </p>
      {unit.kind === 'fin' ? (
        <p className="muted sim-unit__fin">{t('simulation.wire.finNoBytes')}</p>
      ) : (
        <>
          <ByteCells bytes={unit.bytes} cursor={unit.delivered} mode="wire" fields={fields} chars={isHead} markNext={first} windowSize={first ? 32 : 12} />
          <p className="muted sim-unit__count" data-testid="sim-unit-count">
            {unit.delivered > 0 ? t('simulation.wire.delivered', { delivered: unit.delivered, bytes: bytesWords(t, unit.bytes.length) }) : bytesWords(t, unit.bytes.length)}
          </p>
        </>
      )}
    </li>
  );
}

// The wire, both ways: what each side wrote and the other has not read yet,
// unit by unit in the order they will arrive (TCP keeps each direction in
// order), with the bytes already delivered greyed and the next one marked.

import type { Side } from '../../../../engine/simulation';
import { ByteCells } from './ByteCells';
import { fieldsOfBytes, framesOfUnit } from './byte-cells';
import type { LaneSnapshot, SimulationSnapshot, UnitSnapshot } from './simulation-snapshot';
import { plural } from './side-words';

const SIDE_NAME: Record<Side, string> = { client: 'Client', server: 'Server' };

export function WireView({ snapshot }: { snapshot: SimulationSnapshot }) {
  return (
    <section className="panel sim-wire" aria-labelledby="sim-wire-title" data-testid="sim-wire">
      <h2 id="sim-wire-title">The wire</h2>
      <Lane lane={snapshot.lanes['to-server']} isNext={snapshot.next === 'to-server'} />
      <Lane lane={snapshot.lanes['to-client']} isNext={snapshot.next === 'to-client'} />
    </section>
  );
}

function Lane({ lane, isNext }: { lane: LaneSnapshot; isNext: boolean }) {
  const last = lane.arrived[lane.arrived.length - 1];
  return (
    <div className={`sim-lane sim-lane--${lane.direction}`} data-testid={`sim-lane-${lane.direction}`}>
      <h3 className="sim-lane__title">
        <span className={`sim-lane__arrow sim-side-ink--${lane.from}`}>{SIDE_NAME[lane.from]} → {SIDE_NAME[lane.to].toLowerCase()}</span>
        <span className="muted"> · {lane.queued.length === 0 ? 'nothing on the wire' : `${plural(lane.queued.length, 'unit')} on the wire${isNext ? ', the next byte delivered comes from here' : ''}`}</span>
      </h3>
      <ol className="sim-lane__units">
        {last ? (
          <li className="sim-unit sim-unit--arrived" title={last.label}>
            <span className="sim-unit__label">✓ arrived: {last.label}</span>
          </li>
        ) : null}
        {lane.queued.map((unit, i) => <QueuedUnit key={unit.id} unit={unit} first={i === 0} />)}
      </ol>
    </div>
  );
}

function QueuedUnit({ unit, first }: { unit: UnitSnapshot; first: boolean }) {
  const isHead = unit.kind === 'request' || unit.kind === 'response';
  const fields = isHead || unit.kind === 'fin' ? [] : fieldsOfBytes(framesOfUnit(unit.bytes, unit.from), 0, unit.bytes.length);
  return (
    <li className={`sim-unit${first ? ' sim-unit--first' : ''}`} data-testid="sim-unit" data-kind={unit.kind}>
      <p className="sim-unit__label">
        {first ? <span className="badge sim-unit__next">next</span> : null} {unit.label}
      </p>
      {unit.kind === 'fin' ? (
        <p className="muted sim-unit__fin">no bytes: TCP's end of stream</p>
      ) : (
        <>
          <ByteCells bytes={unit.bytes} cursor={unit.delivered} mode="wire" fields={fields} chars={isHead} markNext={first} windowSize={first ? 32 : 12} />
          <p className="muted sim-unit__count" data-testid="sim-unit-count">
            {unit.delivered > 0 ? `${unit.delivered} of ${plural(unit.bytes.length, 'byte')} delivered` : plural(unit.bytes.length, 'byte')}
          </p>
        </>
      )}
    </li>
  );
}

// Delivery and time: the next byte (in the order the bytes were written),
// the next byte or the rest of the unit on one wire, everything; play, one
// byte every N ms, and pause; a step back; and the virtual clock, which
// moves only when asked (the server's keepalive runs on it).

import { Trans, useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import type { SimulationOp, WireDirection } from '../../../../engine/simulation';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { clockWords } from './side-words';
import type { LaneSnapshot, SimulationSnapshot } from './simulation-snapshot';
import type { ScenarioChoice } from './scenario-menu';

const SPEEDS_MS = [1000, 500, 250, 100, 40];
const CLOCK_STEPS_S = [1, 10, 60];

export function DeliveryControls({ snapshot, scenario }: { snapshot: SimulationSnapshot; scenario: ScenarioChoice }) {
  const { t } = useTranslation();
  const apply = useExplorer((s) => s.applySimulationOp);
  const undo = useExplorer((s) => s.undoSimulationOp);
  const stepCount = useExplorer((s) => s.simulationOps.length);
  const [playing, setPlaying] = useState(false);
  const [speedMs, setSpeedMs] = useState(250);
  const [advanceText, setAdvanceText] = useState('1');
  const next = useRef<WireDirection | null>(snapshot.next);
  next.current = snapshot.next;

  // Play: one byte per tick from the wire whose next unit was written first; it stops when both wires are empty.
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const direction = next.current;
      if (direction === null) return setPlaying(false);
      apply({ op: 'deliver', direction, amount: 'byte' });
    }, speedMs);
    return () => clearInterval(timer);
  }, [playing, speedMs, apply]);

  const deliver = (op: SimulationOp) => apply(op);
  const seconds = Number(advanceText);
  const keepalive = scenario.options.keepalive;

  return (
    <section className="panel sim-controls" aria-label={t('simulation.controls')} data-testid="sim-controls">
      <div className="sim-controls__row">
        <button
          type="button"
          className="primary"
          disabled={snapshot.next === null}
          onClick={() => snapshot.next && deliver({ op: 'deliver', direction: snapshot.next, amount: 'byte' })}
          data-testid="sim-next-byte"
          title={t('simulation.nextByteTitle')}
        >
          {t('simulation.nextByte')}
        </button>
        <button type="button" disabled={snapshot.quiet} onClick={() => deliver({ op: 'deliver-all' })} data-testid="sim-deliver-all">
          {t('simulation.deliverAll')}
        </button>
        <button type="button" onClick={() => setPlaying(!playing)} disabled={!playing && snapshot.quiet} aria-pressed={playing} data-testid="sim-play">
          {playing ? t('simulation.pause') : t('simulation.play')}
        </button>
        <label className="field field--inline">
          <span>{t('simulation.everyByte')}</span>
          <select value={speedMs} onChange={(e) => setSpeedMs(Number(e.target.value))} aria-label={t('simulation.speed')} data-testid="sim-speed">
            {SPEEDS_MS.map((ms) => <option key={ms} value={ms}>{t('simulation.milliseconds', { ms })}</option>)}
          </select>
        </label>
        <button type="button" className="quiet" disabled={stepCount === 0} onClick={() => { setPlaying(false); undo(); }} data-testid="sim-step-back">
          {t('simulation.stepBack')}
        </button>
        <span className="muted sim-controls__count">{t('simulation.steps', { count: stepCount })}</span>
      </div>
      <div className="sim-controls__row">
        <LaneButtons lane={snapshot.lanes['to-server']} onDeliver={deliver} />
        <LaneButtons lane={snapshot.lanes['to-client']} onDeliver={deliver} />
      </div>
      <div className="sim-controls__row sim-controls__clock">
        <span>
          {t('simulation.clock')} <strong className="mono" data-testid="sim-clock">{clockWords(t, snapshot.now)}</strong>
        </span>
        {CLOCK_STEPS_S.map((s) => (
          <button key={s} type="button" onClick={() => deliver({ op: 'advance', ms: s * 1000 })} data-testid={`sim-advance-${s}`}>{t('simulation.advanceBy', { seconds: s })}</button>
        ))}
        <form className="sim-controls__advance" onSubmit={(e) => { e.preventDefault(); if (seconds >= 0) deliver({ op: 'advance', ms: Math.round(seconds * 1000) }); }}>
          <input type="number" min={0} step="any" value={advanceText} onChange={(e) => setAdvanceText(e.target.value)} aria-label={t('simulation.secondsToAdvance')} data-testid="sim-advance-seconds" />
          <button type="submit" disabled={!(seconds >= 0)}>{t('simulation.advance')}</button>
        </form>
        <span className="muted">
          {keepalive
            ? <Trans i18nKey="simulation.keepalive" values={{ ping: keepalive.pingPeriodMs / 1000, pong: keepalive.pongWaitMs / 1000 }} components={{ rfc: <RfcRef section="5.5.2" /> }} />
            : t('simulation.noKeepalive')}
        </span>
      </div>
    </section>
  );
}

function LaneButtons({ lane, onDeliver }: { lane: LaneSnapshot; onDeliver: (op: SimulationOp) => void }) {
  const { t } = useTranslation();
  const head = lane.queued[0];
  const what = t(`simulation.units.${!head ? 'unit' : head.kind === 'request' || head.kind === 'response' || head.kind === 'fin' ? head.kind : 'frame'}`);
  const arrow = t(lane.direction === 'to-server' ? 'live.timeline.directions.client' : 'live.timeline.directions.server');
  return (
    <div className="sim-controls__lane" role="group" aria-label={arrow}>
      <span className={`sim-controls__lane-name sim-side-ink--${lane.from}`}>{arrow}</span>
      <button type="button" disabled={!head} onClick={() => onDeliver({ op: 'deliver', direction: lane.direction, amount: 'byte' })} data-testid={`sim-${lane.direction}-byte`}>
        {t('simulation.nextByte')}
      </button>
      <button type="button" disabled={!head} onClick={() => onDeliver({ op: 'deliver', direction: lane.direction, amount: 'unit' })} data-testid={`sim-${lane.direction}-unit`}>
        {head && head.delivered > 0 ? t('simulation.restOf', { what }) : t('simulation.whole', { what })}
      </button>
    </div>
  );
}

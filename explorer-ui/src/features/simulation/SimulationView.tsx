// The Simulation view: a client and a server Connection from engine/ back to
// back through a wire you can see, stepped byte by byte on a virtual clock
// (engine/simulation.ts). The scenario and every step taken live in the link,
// so a shared link (or a reload) rebuilds the same wire and the same events.
// Nothing here talks to a server: it works from the static build.

import { Trans, useTranslation } from 'react-i18next';
import type { WireUnit } from '../../../../engine/simulation';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { documentFromSimulation } from '../captures/session-export';
import { SaveSessionButtons } from '../captures/SaveSessionButtons';
import { DeliveryControls } from './DeliveryControls';
import { SCENARIO_CHOICES, type ScenarioChoice } from './scenario-menu';
import { SidePanel } from './SidePanel';
import { useSimulationWording } from './simulation-wording';
import { useSimulation } from './use-simulation';
import { WireView } from './WireView';
import './simulation.css';

export function SimulationView() {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  const { scenario, snapshot, units } = useSimulation();
  const refusal = snapshot.refusal;
  return (
    <div className="view simulation" data-testid="simulation-view">
      <header className="view__intro">
        <h1>{t('simulation.title')}</h1>
        <p><Trans i18nKey="simulation.intro" components={{ code: <code />, rfc4: <RfcRef section="4" />, rfc52: <RfcRef section="5.2" /> }} /></p>
      </header>
      <ScenarioBar scenario={scenario} units={units} />
      <DeliveryControls snapshot={snapshot} scenario={scenario} />
      {refusal && refusal.side === null ? <p className="error" role="alert">{t('simulation.refused', { message: wording.refusal(refusal.message) })}</p> : null}
      <WireView snapshot={snapshot} />
      <div className="sim-sides">
        <SidePanel side={snapshot.sides.client} refusal={refusal?.side === 'client' ? refusal.message : null} />
        <SidePanel side={snapshot.sides.server} refusal={refusal?.side === 'server' ? refusal.message : null} />
      </div>
    </div>
  );
}

function ScenarioBar({ scenario, units }: { scenario: ScenarioChoice; units: ReadonlyMap<number, WireUnit> }) {
  const { t } = useTranslation();
  const wording = useSimulationWording();
  const choose = useExplorer((s) => s.chooseSimulationScenario);
  return (
    <section className="panel sim-scenario" aria-labelledby="sim-scenario-title" data-testid="sim-scenario-panel">
      <div className="sim-scenario__row">
        <h2 id="sim-scenario-title">{t('simulation.scenario')}</h2>
        <select value={scenario.id} onChange={(e) => choose(e.target.value)} aria-label={t('simulation.scenario')} data-testid="sim-scenario">
          {SCENARIO_CHOICES.map((choice) => <option key={choice.id} value={choice.id}>{wording.scenarioTitle(choice)}</option>)}
        </select>
        <button type="button" onClick={() => choose(scenario.id)} data-testid="sim-restart">{t('simulation.startAgain')}</button>
        <SaveSessionButtons name={`simulation-${scenario.id}`} document={() => documentFromSimulation(units.values(), scenario.title)} testIdPrefix="sim" />
        <span className="sim-scenario__rfc">{scenario.rfc.map((section) => <RfcRef key={section} section={section} />)}</span>
      </div>
      <p className="sim-scenario__summary" data-testid="sim-summary">{wording.scenarioSummary(scenario)}</p>
    </section>
  );
}

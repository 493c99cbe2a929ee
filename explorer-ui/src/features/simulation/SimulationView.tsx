// The Simulation view: a client and a server from engine/ back to back
// through a visible wire, stepped byte by byte on a virtual clock. Works from
// the static build: nothing here talks to a server.

import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { scenarioChoice, SCENARIO_CHOICES, DEFAULT_SCENARIO_ID } from './scenario-menu';

export function SimulationView() {
  const scenarioId = useExplorer((s) => s.simulationScenario);
  const choose = useExplorer((s) => s.chooseSimulationScenario);
  const scenario = scenarioChoice(scenarioId) ?? scenarioChoice(DEFAULT_SCENARIO_ID)!;
  return (
    <div className="view simulation" data-testid="simulation-view">
      <header className="view__intro">
        <h1>Simulation</h1>
        <p>A client and a server back to back through a wire you can see. <RfcRef section="5.2" /></p>
      </header>
      <select value={scenario.id} onChange={(e) => choose(e.target.value)} aria-label="Scenario">
        {SCENARIO_CHOICES.map((choice) => <option key={choice.id} value={choice.id}>{choice.title}</option>)}
      </select>
    </div>
  );
}

// The simulation the store's steps describe, as a snapshot to draw: one
// runner per mounted view keeps an engine Simulation in step with the steps.

import { useMemo, useRef } from 'react';
import { useExplorer } from '../../store';
import { DEFAULT_SCENARIO_ID, scenarioChoice, type ScenarioChoice } from './scenario-menu';
import { SimulationRunner } from './simulation-runner';
import { takeSnapshot, type SimulationSnapshot } from './simulation-snapshot';

export function useSimulation(): { scenario: ScenarioChoice; snapshot: SimulationSnapshot } {
  const scenarioId = useExplorer((s) => s.simulationScenario);
  const ops = useExplorer((s) => s.simulationOps);
  const runner = useRef<SimulationRunner | null>(null);
  runner.current ??= new SimulationRunner();
  const scenario = scenarioChoice(scenarioId) ?? scenarioChoice(DEFAULT_SCENARIO_ID)!;
  const snapshot = useMemo(
    () => takeSnapshot(runner.current!.sync(scenario, ops), ops, { maxMessageSize: scenario.options.maxMessageSize }),
    [scenario, ops],
  );
  return { scenario, snapshot };
}

// The simulation the store's steps describe, as a snapshot to draw: one
// runner per mounted view keeps an engine Simulation in step with the steps.

import { useMemo, useRef } from 'react';
import { useExplorer } from '../../store';
import { DEFAULT_SCENARIO_ID, scenarioChoice, type ScenarioChoice } from './scenario-menu';
import type { WireUnit } from '../../../../engine/simulation';
import { SimulationRunner } from './simulation-runner';
import { takeSnapshot, type SimulationSnapshot } from './simulation-snapshot';

export function useSimulation(): { scenario: ScenarioChoice; snapshot: SimulationSnapshot; units: ReadonlyMap<number, WireUnit> } {
  const scenarioId = useExplorer((s) => s.simulationScenario);
  const ops = useExplorer((s) => s.simulationOps);
  const runner = useRef<SimulationRunner | null>(null);
  runner.current ??= new SimulationRunner();
  const scenario = scenarioChoice(scenarioId) ?? scenarioChoice(DEFAULT_SCENARIO_ID)!;
  // Every unit either side wrote, kept by the runner (a saved session is built from them).
  const { snapshot, units } = useMemo(() => {
    const state = runner.current!.sync(scenario, ops);
    return { snapshot: takeSnapshot(state, ops, { maxMessageSize: scenario.options.maxMessageSize }), units: state.units };
  }, [scenario, ops]);
  return { scenario, snapshot, units };
}

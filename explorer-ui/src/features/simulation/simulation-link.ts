// The simulation's part of a link: #/simulation?scenario=fragmented-with-ping&ops=S.C.s12
// (store/url-state.ts calls these). An unknown scenario opens the default
// one with no steps, since its steps would mean something else there.

import type { SimulationOp } from '../../../../engine/simulation';
import { decodeOps, encodeOps } from './ops-link';
import { DEFAULT_SCENARIO_ID, scenarioChoice } from './scenario-menu';

export interface SimulationLinkState {
  simulationScenario: string;
  simulationOps: readonly SimulationOp[];
}

/** Writes the scenario, and the steps when they take at most `maxChars` characters (a longer link is unusable). */
export function writeSimulationLink(params: URLSearchParams, state: SimulationLinkState, maxChars: number): void {
  params.set('scenario', state.simulationScenario);
  const ops = encodeOps(state.simulationOps);
  if (ops && ops.length <= maxChars) params.set('ops', ops);
}

export function readSimulationLink(params: URLSearchParams): SimulationLinkState {
  const id = params.get('scenario');
  if (!id || !scenarioChoice(id)) return { simulationScenario: DEFAULT_SCENARIO_ID, simulationOps: [] };
  return { simulationScenario: id, simulationOps: decodeOps(params.get('ops') ?? '') };
}

/** Whether the steps fit in a link of at most `maxChars` characters for them. */
export function simulationFitsInLink(state: SimulationLinkState, maxChars: number): boolean {
  return encodeOps(state.simulationOps).length <= maxChars;
}

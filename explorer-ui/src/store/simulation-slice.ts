// The simulation's scenario and every step taken in it, in order: the whole
// state, since the engine replays steps into the same wire and the same
// events (engine/simulation.ts replaySimulation). Both travel in the link.

import type { StateCreator } from 'zustand';
import type { SimulationOp } from '../../../engine/simulation';
import { SIMULATION_SCENARIOS } from '../../../engine/simulation-scenarios';
import type { ExplorerState } from './index';

export const DEFAULT_SIMULATION_SCENARIO = SIMULATION_SCENARIOS[0].id;

export interface SimulationSlice {
  simulationScenario: string;
  simulationOps: readonly SimulationOp[];
  /** Starts a scenario from its beginning: the handshake on the wire, nothing delivered. */
  chooseSimulationScenario: (id: string) => void;
  applySimulationOp: (op: SimulationOp) => void;
  /** Takes the last step back (the simulation is replayed without it). */
  undoSimulationOp: () => void;
}

export const createSimulationSlice: StateCreator<ExplorerState, [], [], SimulationSlice> = (set) => ({
  simulationScenario: DEFAULT_SIMULATION_SCENARIO,
  simulationOps: [],
  chooseSimulationScenario: (id) => set({ simulationScenario: id, simulationOps: [] }),
  // Appended, never copied step by step: the view's runner sees the old steps unchanged and applies only the new one.
  applySimulationOp: (op) => set((state) => ({ simulationOps: [...state.simulationOps, op] })),
  undoSimulationOp: () => set((state) => ({ simulationOps: state.simulationOps.slice(0, -1) })),
});

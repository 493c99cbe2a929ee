// The scenarios the view offers: the engine's (engine/simulation-scenarios.ts),
// then one with nothing scripted, for a student who wants to act on both
// sides themselves. Only the handshake is on the wire when it starts.

import { SIMULATION_SCENARIOS, type SimulationScenario } from '../../../../engine/simulation-scenarios';

export type ScenarioChoice = Pick<SimulationScenario, 'id' | 'title' | 'summary' | 'rfc' | 'options'>;

export const FREE_PLAY: ScenarioChoice = {
  id: 'free',
  title: 'Nothing scripted: just the handshake',
  summary: 'Only the opening handshake is on the wire. Deliver it, then send messages, pings and closes from either side, or put broken bytes on the wire, and watch the other side read them.',
  rfc: ['4.1', '4.2.2'],
  options: {},
};

export const SCENARIO_CHOICES: readonly ScenarioChoice[] = [...SIMULATION_SCENARIOS, FREE_PLAY];

/** The scenario a bare #/simulation link opens. */
export const DEFAULT_SCENARIO_ID = SCENARIO_CHOICES[0].id;

export function scenarioChoice(id: string): ScenarioChoice | undefined {
  return SCENARIO_CHOICES.find((choice) => choice.id === id);
}

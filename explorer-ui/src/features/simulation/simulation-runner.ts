// Keeps one engine Simulation in step with the steps the store holds. The
// engine's Simulation changes in place and cannot go back, so each new list
// of steps is either the old list with steps added (only those are applied:
// playing byte by byte stays cheap however long the history), or anything
// else (another scenario, a step undone, a link opened), which replays from
// the start, as replaySimulation would.
//
// It also remembers every unit it has seen on the wire, since the engine
// forgets a unit once it is delivered and the page still shows what arrived.
// To see the units "deliver everything" writes and delivers within one step
// (the 101, an automatic pong, the echoed close), it applies that step as
// the engine's deliverAll does it, one whole unit per direction in turn
// until both wires are empty, looking at the wire after each.

import { Simulation, type SimulationOp, type WireUnit } from '../../../../engine/simulation';
import type { ScenarioChoice } from './scenario-menu';

export interface RunnerState {
  simulation: Simulation;
  /** Every unit that was ever on the wire, by id, in the order they were written. */
  units: ReadonlyMap<number, WireUnit>;
  /** For each step applied, the engine's refusal (a caller mistake), or null. */
  refusals: readonly (string | null)[];
}

export class SimulationRunner {
  private scenario: ScenarioChoice | null = null;
  private applied: readonly SimulationOp[] = [];
  private simulation: Simulation | null = null;
  private units = new Map<number, WireUnit>();
  private refusals: (string | null)[] = [];

  /** The simulation after `ops`, from `scenario`'s start. */
  sync(scenario: ScenarioChoice, ops: readonly SimulationOp[]): RunnerState {
    if (!this.simulation || scenario !== this.scenario || !extends_(ops, this.applied)) this.restart(scenario);
    const simulation = this.simulation!;
    for (let i = this.applied.length; i < ops.length; i++) {
      this.refusals.push(ops[i].op === 'deliver-all' ? this.deliverAll() : simulation.apply(ops[i]));
      this.remember();
    }
    this.applied = ops;
    return { simulation, units: this.units, refusals: this.refusals };
  }

  private restart(scenario: ScenarioChoice): void {
    this.scenario = scenario;
    this.simulation = new Simulation(scenario.options);
    this.applied = [];
    this.units = new Map();
    this.refusals = [];
    this.remember();
  }

  /** engine/simulation.ts deliverAll, a unit at a time: the same bytes in the same order, with every unit seen. */
  private deliverAll(): null {
    const simulation = this.simulation!;
    for (let guard = 0; !simulation.quiet && guard < 10_000; guard++) {
      for (const direction of ['to-server', 'to-client'] as const) {
        simulation.apply({ op: 'deliver', direction, amount: 'unit' });
        this.remember();
      }
    }
    return null;
  }

  private remember(): void {
    for (const direction of ['to-server', 'to-client'] as const) {
      for (const unit of this.simulation!.wire(direction)) if (!this.units.has(unit.id)) this.units.set(unit.id, unit);
    }
  }
}

/** True when `ops` is `before` with steps added (the same step objects, as the store appends them). */
function extends_(ops: readonly SimulationOp[], before: readonly SimulationOp[]): boolean {
  if (ops.length < before.length) return false;
  for (let i = 0; i < before.length; i++) if (ops[i] !== before[i]) return false;
  return true;
}

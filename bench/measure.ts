// The harness: contenders take turns, one round each (ours, theirs, ours,
// theirs…), and each one's figure is the median of its rounds, so a burst of
// noise on this shared machine lands on both sides instead of on one. The
// first round of each contender warms the JIT and is thrown away. Results
// are compared as ratios against a peer measured in the same run, never as
// absolute goals, and nothing here asserts anything.

/** What one contender does, again and again: an operation over a fixed amount of work. */
export interface Workload {
  /** Units (bytes, frames, derivations) one op processes; every op must report exactly this many. */
  readonly unitsPerOp: number;
  /**
   * Runs one op. Returns the units it processed (computed from its results,
   * so nothing can be optimised away), or -1 when it gave up because
   * `performance.now()` passed `deadline` (only long ops look).
   */
  op(deadline: number): number;
}

/** One round's outcome: units processed in so many seconds of CPU time, or given up past the cap (wall-clock seconds). */
export type RoundOutcome =
  | { kind: 'done'; units: number; ops: number; seconds: number; wallSeconds: number }
  | { kind: 'unfinished'; seconds: number };

/** Anything that can run a round: a workload in this process, or one in a child (bench/ws-worker.ts). */
export interface Contender {
  readonly label: string;
  round(roundMs: number, capMs: number): Promise<RoundOutcome>;
}

export interface RoundSettings {
  /** Measured rounds per contender (after the warm-up round). */
  rounds: number;
  /** A round runs ops until the process has spent this much CPU time (at least one op; at most 4× as long on the wall clock). */
  roundMs: number;
  /** An op still running after this long is given up: "did not finish in capMs". */
  capMs: number;
  /** A contender that has spent this long in one cell stops after its current round (it keeps at least one). */
  budgetMs: number;
}

/** A contender's figure for one cell: the median rate, or how long it ran without finishing an op. */
export type Outcome =
  | { kind: 'measured'; label: string; unitsPerSecond: number; rounds: number; min: number; max: number }
  | { kind: 'unfinished'; label: string; afterSeconds: number };

/** An op that takes this long is its own warm-up: its first round counts. */
const SLOW_OP_MS = 1000;
/** Ops between two reads of the clocks are chosen to fill about this long. */
const CLOCK_CHECK_MS = 1;
/** A round ends after roundMs of CPU time, or this many times roundMs on the wall clock when the machine is busy. */
const WALL_FACTOR = 4;

/** Results of every op are folded in here, where the optimiser cannot see that nobody reads them. */
export let sink = 0;

/** A workload run in this process, in rounds. */
export class LocalContender implements Contender {
  /** Ops between two clock reads; grows after each round so tiny ops are not dominated by performance.now(). */
  private opsPerCheck = 1;

  constructor(readonly label: string, private readonly workload: Workload) {}

  round(roundMs: number, capMs: number): Promise<RoundOutcome> {
    return Promise.resolve(this.roundNow(roundMs, capMs));
  }

  /** The same, synchronously (bench/ws-worker.ts answers with it). */
  roundNow(roundMs: number, capMs: number): RoundOutcome {
    const { workload } = this;
    const expected = workload.unitsPerOp;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const deadline = start + capMs;
    const wallLimit = start + roundMs * WALL_FACTOR;
    let ops = 0;
    let elapsed = 0;
    let cpuMs = 0;
    do {
      for (let i = 0; i < this.opsPerCheck; i++) {
        const units = workload.op(deadline);
        if (units < 0) return { kind: 'unfinished', seconds: (performance.now() - start) / 1000 };
        if (units !== expected) throw new Error(`${this.label}: an op processed ${units} units, expected ${expected}`);
        sink = (sink + units) | 0;
      }
      ops += this.opsPerCheck;
      const now = performance.now();
      elapsed = now - start;
      if (elapsed > capMs) return { kind: 'unfinished', seconds: elapsed / 1000 };
      const cpu = process.cpuUsage(cpuStart);
      cpuMs = (cpu.user + cpu.system) / 1000;
      if (now >= wallLimit) break;
    } while (cpuMs < roundMs);
    const perOpMs = elapsed / ops;
    this.opsPerCheck = Math.max(1, Math.min(1 << 20, Math.floor(CLOCK_CHECK_MS / perOpMs)));
    // Rates are per second of this process's CPU time, not of the wall clock:
    // on a shared machine, time the process spends waiting for a core then
    // slows the run, not the figure.
    const seconds = cpuMs > 0 ? cpuMs / 1000 : elapsed / 1000;
    return { kind: 'done', units: ops * expected, ops, seconds, wallSeconds: elapsed / 1000 };
  }
}

/**
 * Measures every contender on the same cell in alternating rounds and
 * returns each one's median. Each round starts with the next contender in
 * turn, so none always runs right after the same other one.
 */
export async function measureAlternating(contenders: readonly Contender[], settings: RoundSettings): Promise<Outcome[]> {
  const state = contenders.map(() => ({ rates: [] as number[], spentMs: 0, warmedUp: false, unfinishedAfter: null as number | null }));
  for (let round = 0; round <= settings.rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const index = (round + turn) % contenders.length;
      const s = state[index];
      if (s.unfinishedAfter !== null) continue;
      if (s.rates.length > 0 && (s.rates.length >= settings.rounds || s.spentMs >= settings.budgetMs)) continue;
      const outcome = await contenders[index].round(settings.roundMs, settings.capMs);
      if (outcome.kind === 'unfinished') {
        s.unfinishedAfter = outcome.seconds;
        continue;
      }
      s.spentMs += outcome.wallSeconds * 1000;
      const slow = (outcome.wallSeconds * 1000) / outcome.ops >= SLOW_OP_MS;
      if (!s.warmedUp && !slow) {
        s.warmedUp = true; // the JIT's round: not counted
        continue;
      }
      s.warmedUp = true;
      s.rates.push(outcome.units / outcome.seconds);
    }
  }
  return contenders.map((contender, i): Outcome => {
    const s = state[i];
    if (s.unfinishedAfter !== null && s.rates.length === 0) return { kind: 'unfinished', label: contender.label, afterSeconds: s.unfinishedAfter };
    const sorted = [...s.rates].sort((a, b) => a - b);
    return { kind: 'measured', label: contender.label, unitsPerSecond: median(sorted), rounds: sorted.length, min: sorted[0], max: sorted[sorted.length - 1] };
  });
}

/** Median of ascending numbers (the mean of the middle two when even). */
export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value at quantile q (0..1) of ascending numbers, nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

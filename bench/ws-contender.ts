// The main process's handle on a ws worker (bench/ws-worker.ts): a
// Contender whose rounds run in the child, which starts with its first
// round (before that round's clock). A round that outlives its cap kills
// the child, and the next round starts a fresh one.

import { BenchChild, TIMED_OUT } from './child-process';
import type { Contender, RoundOutcome } from './measure';
import type { ContenderId, MicroCell } from './workloads/cells';
import { join } from 'node:path';

const WORKER_SCRIPT = join(import.meta.dirname, 'ws-worker.ts');
/** Past the cap, the child gets this long to answer on its own before it is killed. */
const KILL_GRACE_MS = 2000;

export class WsWorker {
  private child: BenchChild<{ bufferutil: boolean }> | null = null;
  private starting: Promise<BenchChild<{ bufferutil: boolean }>> | null = null;
  /** Whether the add-on really loaded in the worker, once one has started. */
  bufferutilLoaded: boolean | null = null;
  /** Children killed because a round outlived its cap. */
  killed = 0;

  constructor(readonly withBufferutil: boolean) {}

  get name(): string {
    return this.withBufferutil ? 'ws+bufferutil' : 'ws (JS)';
  }

  async round(cell: MicroCell, contender: ContenderId, roundMs: number, capMs: number): Promise<RoundOutcome> {
    const child = await this.running();
    const answer = await child.request<RoundOutcome>({ type: 'round', cell, contender, roundMs, capMs }, capMs + roundMs + KILL_GRACE_MS);
    if (answer === TIMED_OUT) {
      this.killed++;
      this.child = null;
      return { kind: 'unfinished', seconds: capMs / 1000 };
    }
    return answer;
  }

  contender(cell: MicroCell, contender: ContenderId, label: string): Contender {
    return { label, round: (roundMs, capMs) => this.round(cell, contender, roundMs, capMs) };
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    await child?.stop();
  }

  private async running(): Promise<BenchChild<{ bufferutil: boolean }>> {
    if (this.child?.alive) return this.child;
    this.starting ??= BenchChild.start<{ bufferutil: boolean }>({
      name: `the ${this.name} worker`,
      script: WORKER_SCRIPT,
      env: { WS_NO_BUFFER_UTIL: this.withBufferutil ? undefined : '1' },
    });
    try {
      this.child = await this.starting;
    } finally {
      this.starting = null;
    }
    this.bufferutilLoaded = this.child.ready.bufferutil;
    return this.child;
  }
}

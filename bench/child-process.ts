// The bench's child processes (the ws worker and the echo servers), and the
// little request/answer protocol they speak over Node's IPC channel. A child
// announces itself with one { type: 'ready', … } message, then answers each
// { id, … } request with { id, answer } or { id, error }.

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPOSITORY_ROOT = join(import.meta.dirname, '..');

export interface ChildOptions {
  /** Named in errors: "the ws worker (no bufferutil)". */
  name: string;
  /** A TypeScript file, run with tsx's loader. */
  script: string;
  args?: string[];
  /** Added to (or, when undefined, removed from) this process's environment. */
  env?: Record<string, string | undefined>;
  /** Node flags before the script, e.g. --expose-gc. */
  nodeFlags?: string[];
  /** How long the child may take to say it is ready. */
  startTimeoutMs?: number;
}

export const TIMED_OUT = Symbol('timed out');

interface Waiting {
  resolve(answer: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL_BYTES = 4096;

export class BenchChild<Ready = Record<string, unknown>> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private stderrTail = '';
  private exited = false;

  private constructor(
    private readonly options: ChildOptions,
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  static start<Ready>(options: ChildOptions): Promise<BenchChild<Ready>> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', options.script, ...(options.args ?? [])], {
      cwd: REPOSITORY_ROOT,
      env,
      // stdout is the bench's own (its JSON); a child's output would spoil it.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let tail = '';
    const keepTail = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    };
    child.stderr!.on('data', keepTail);
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`${options.name} did not start: ${why}${tail ? `\n${tail}` : ''}`));
      };
      const timer = setTimeout(() => fail(`no word in ${options.startTimeoutMs ?? 60_000} ms`), options.startTimeoutMs ?? 60_000);
      child.once('exit', (code, signal) => fail(`exited (${signal ?? code})`));
      child.once('message', (message: { type?: string }) => {
        if (message.type !== 'ready') return fail(`said ${JSON.stringify(message)} instead of ready`);
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stderr!.off('data', keepTail);
        const running = new BenchChild<Ready>(options, child, message as Ready);
        running.stderrTail = tail;
        child.stderr!.on('data', (chunk: Buffer) => {
          running.stderrTail = (running.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
        });
        child.on('message', (answer: { id: number; answer?: unknown; error?: string }) => running.answered(answer));
        child.once('exit', (code, signal) => running.died(`exited (${signal ?? code})`));
        resolve(running);
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a request; the answer, or TIMED_OUT after timeoutMs, when the child is killed (it may be stuck in a loop). */
  request<Answer>(message: Record<string, unknown>, timeoutMs: number): Promise<Answer | typeof TIMED_OUT> {
    if (this.exited) return Promise.reject(new Error(`${this.options.name} is not running${this.stderrTail ? `:\n${this.stderrTail}` : ''}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(TIMED_OUT);
        this.kill();
      }, timeoutMs);
      this.waiting.set(id, { resolve: resolve as (answer: unknown) => void, reject, timer });
      this.child.send({ ...message, id });
    });
  }

  /** Ends the child at once. */
  kill(): void {
    if (this.exited) return;
    this.child.kill('SIGKILL');
  }

  /** Asks the child to exit, and kills it if it has not within a second. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit', id: 0 });
    const timer = setTimeout(() => this.kill(), 1000);
    await exited;
    clearTimeout(timer);
  }

  private answered({ id, answer, error }: { id: number; answer?: unknown; error?: string }): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    if (error !== undefined) waiting.reject(new Error(`${this.options.name}: ${error}`));
    else waiting.resolve(answer);
  }

  private died(why: string): void {
    this.exited = true;
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`${this.options.name} ${why}${this.stderrTail ? `:\n${this.stderrTail}` : ''}`));
      this.waiting.delete(id);
    }
  }
}

/**
 * The child's side: says it is ready, then answers each request with
 * handle(request); { type: 'exit' } ends the process after `beforeExit`.
 */
export function answerParent(ready: Record<string, unknown>, handle: (request: Record<string, unknown>) => unknown, beforeExit?: () => Promise<void>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this script is a child of npm run bench, started with an IPC channel');
  process.on('message', (request: Record<string, unknown> & { id: number; type?: string }) => {
    if (request.type === 'exit') {
      void (beforeExit?.() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
    }
    Promise.resolve()
      .then(() => handle(request))
      .then(
        (answer) => send({ id: request.id, answer }),
        (error: unknown) => send({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The parent going away (killed, or crashed) ends the child too.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', ...ready });
}

// The main process's handles on the echo servers (bench/servers/server-child.ts).

import { join } from 'node:path';
import { BenchChild, TIMED_OUT } from '../child-process';

/** ws-plain is ws without bufferutil; the -deflate kinds accept permessage-deflate (RFC 7692) and compress every message. */
export type ServerKind = 'ours' | 'ws' | 'ws-plain' | 'ours-deflate' | 'ws-deflate';

const SERVER_SCRIPT = join(import.meta.dirname, 'server-child.ts');
const REQUEST_TIMEOUT_MS = 10_000;

export const SERVER_LABELS: Record<ServerKind, string> = {
  ours: 'ours',
  ws: 'ws+bufferutil',
  'ws-plain': 'ws (JS)',
  'ours-deflate': 'ours, deflate',
  'ws-deflate': 'ws, deflate',
};

/** The server-child.ts argument that starts each kind; ws-plain is ws with WS_NO_BUFFER_UTIL=1. */
const CHILD_ARGUMENTS: Record<ServerKind, string> = { ours: 'ours', ws: 'ws', 'ws-plain': 'ws', 'ours-deflate': 'ours-deflate', 'ws-deflate': 'ws-deflate' };

export class BenchServer {
  private constructor(
    readonly kind: ServerKind,
    private readonly child: BenchChild<{ port: number; bufferutil: boolean | null }>,
  ) {}

  static async start(kind: ServerKind): Promise<BenchServer> {
    const child = await BenchChild.start<{ port: number; bufferutil: boolean | null }>({
      name: `the ${SERVER_LABELS[kind]} echo server`,
      script: SERVER_SCRIPT,
      args: [CHILD_ARGUMENTS[kind]],
      nodeFlags: ['--expose-gc'],
      env: { WS_NO_BUFFER_UTIL: kind === 'ws-plain' ? '1' : undefined },
    });
    return new BenchServer(kind, child);
  }

  get label(): string {
    return SERVER_LABELS[this.kind];
  }

  get port(): number {
    return this.child.ready.port;
  }

  /** For a ws server, whether bufferutil really loaded in it; null for ours. */
  get bufferutil(): boolean | null {
    return this.child.ready.bufferutil;
  }

  url(path = '/echo'): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  /** The server process's CPU time so far (user + system), in µs. */
  cpuMicros(): Promise<number> {
    return this.ask<number>('cpu');
  }

  /** process.memoryUsage() after two full collections. */
  memory(): Promise<NodeJS.MemoryUsage> {
    return this.ask<NodeJS.MemoryUsage>('memory');
  }

  openConnections(): Promise<number> {
    return this.ask<number>('connections');
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  private async ask<T>(type: string): Promise<T> {
    const answer = await this.child.request<T>({ type }, REQUEST_TIMEOUT_MS);
    if (answer === TIMED_OUT) throw new Error(`the ${this.label} server did not answer "${type}" in ${REQUEST_TIMEOUT_MS} ms`);
    return answer;
  }
}

/** Starts each kind once, when first asked for, and stops them all at the end. */
export class ServerPool {
  private readonly started = new Map<ServerKind, Promise<BenchServer>>();

  get(kind: ServerKind): Promise<BenchServer> {
    let server = this.started.get(kind);
    if (!server) {
      server = BenchServer.start(kind);
      this.started.set(kind, server);
    }
    return server;
  }

  async stopAll(): Promise<void> {
    const servers = await Promise.allSettled(this.started.values());
    await Promise.all(servers.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    this.started.clear();
  }
}

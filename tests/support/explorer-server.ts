// The explorer's server on a free loopback port, as most server tests need
// it: started before the file's tests, closed after them.

import { afterAll, beforeAll } from 'vitest';
import { createExplorerServer, type ExplorerServer, type ExplorerServerOptions } from '../../server/http-app';

export interface RunningExplorer {
  readonly server: ExplorerServer;
  readonly port: number;
  readonly url: string;
}

/** Starts a quiet server (demos off unless asked) and closes it when the server is done. */
export async function startExplorer(options: ExplorerServerOptions = {}): Promise<RunningExplorer & { close(): Promise<void> }> {
  const server = createExplorerServer({ port: 0, demos: false, log: () => {}, ...options });
  const { port, url } = await server.listen();
  return { server, port, url, close: () => server.close({ timeoutMs: 1000 }) };
}

/**
 * One server for the whole test file: call at the top level, read `.port`
 * inside tests (it is set before the first test runs).
 */
export function explorerForFile(options: ExplorerServerOptions = {}): RunningExplorer {
  let running: (RunningExplorer & { close(): Promise<void> }) | null = null;
  beforeAll(async () => {
    running = await startExplorer(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  const get = (): RunningExplorer => {
    if (!running) throw new Error('the explorer server is not started yet: read it inside a test or hook');
    return running;
  };
  return {
    get server() { return get().server; },
    get port() { return get().port; },
    get url() { return get().url; },
  };
}

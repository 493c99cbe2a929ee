// One echo server in a process of its own, so the load client (the bench's
// main process) never shares its thread:
//
//   node --import tsx --expose-gc bench/servers/server-child.ts ours
//     the explorer's server as `wsx serve` runs it, tap on, its /echo route;
//     permessage-deflate off, demos off, the UI not served
//   node --import tsx --expose-gc bench/servers/server-child.ts ws
//     a ws WebSocketServer that echoes every message (ws's README example);
//     WS_NO_BUFFER_UTIL=1 in the environment for the one without bufferutil
//   node --import tsx --expose-gc bench/servers/server-child.ts ours-deflate|ws-deflate
//     the same servers accepting permessage-deflate (RFC 7692) and
//     compressing every message: ours has no size threshold, and ws's
//     (1024 bytes by default) is set to 0 to match
//
// Both bind 127.0.0.1 on a free port. The parent asks for the process's CPU
// time, its memory after a full collection, and its open connections.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { answerParent } from '../child-process';

const KINDS = ['ours', 'ws', 'ours-deflate', 'ws-deflate'] as const;
type Kind = (typeof KINDS)[number];
const kind = process.argv[2] as Kind;
if (!KINDS.includes(kind)) throw new Error(`usage: server-child.ts ${KINDS.join('|')}`);
const deflate = kind.endsWith('-deflate');

interface Running {
  port: number;
  openConnections(): number;
  close(): Promise<void>;
  bufferutil: boolean | null;
}

async function startOurs(): Promise<Running> {
  const { createExplorerServer } = await import('../../server/http-app');
  const server = createExplorerServer({ host: '127.0.0.1', port: 0, demos: false, uiDir: null, upgrader: { deflate }, log: () => {} });
  const { port } = await server.listen();
  return { port, openConnections: () => server.upgrader.connections.size, close: () => server.close({ timeoutMs: 1000 }), bufferutil: null };
}

async function startWs(): Promise<Running> {
  const { WebSocketServer } = await import('ws');
  const { bufferUtilLoaded } = await import('../workloads/ws-buffer-util');
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate ? { threshold: 0 } : false });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
  });
  return {
    port: (server.address() as AddressInfo).port,
    openConnections: () => server.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
    bufferutil: bufferUtilLoaded(),
  };
}

const running = kind.startsWith('ours') ? await startOurs() : await startWs();
const collect = (globalThis as { gc?: () => void }).gc;

answerParent({ kind, port: running.port, bufferutil: running.bufferutil, pid: process.pid }, async (request) => {
  switch (request.type) {
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return user + system;
    }
    case 'memory': {
      if (!collect) throw new Error('start the server with --expose-gc');
      // Twice, with a turn of the event loop between: weak references and finalizers let go on the second.
      collect();
      await new Promise((resolve) => setImmediate(resolve));
      collect();
      return process.memoryUsage();
    }
    case 'connections':
      return running.openConnections();
    default:
      throw new Error(`unknown request ${String(request.type)}`);
  }
}, () => running.close());

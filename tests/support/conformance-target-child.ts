// A process of its own for the servers the conformance tests run against,
// so a server's CPU is not the suite's (the suite's client runs in the test
// process): started by conformance-targets.ts, it prints one JSON line with
// the ports, and ends when its standard input closes.
//
// usage: tsx conformance-target-child.ts explorer
//        tsx conformance-target-child.ts broken MAX_MESSAGE RULE|none …

import { createExplorerServer } from '../../server/http-app';
import { type BrokenRule, startBrokenEchoServer } from './broken-echo-server';

async function main(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  const closers: Array<() => Promise<void>> = [];
  const ports: Record<string, number> = {};
  if (kind === 'explorer') {
    const server = createExplorerServer({ port: 0, demos: false, log: () => {} });
    ports.explorer = (await server.listen()).port;
    closers.push(() => server.close({ timeoutMs: 500 }));
  } else if (kind === 'broken') {
    const [maxMessage, ...rules] = rest;
    for (const rule of rules) {
      const server = await startBrokenEchoServer(rule === 'none' ? null : (rule as BrokenRule), { maxMessageSize: Number(maxMessage) });
      ports[rule] = server.port;
      closers.push(() => server.close());
    }
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await Promise.all(closers.map((close) => close()));
    process.exit(0);
  });
}

void main(process.argv.slice(2));

// Attacks that used to run the server out of memory, against the real
// `wsx serve` in its own process with a 256 MiB heap: it must survive them,
// its resident memory must stay bounded, and another client's /echo round
// trip must stay quick while they run.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';
import { RawClient, clientFrame } from '../support/raw-client';

let server: ChildProcess;
let port: number;

beforeAll(async () => {
  server = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', join(repoRoot, 'server', 'cli.ts'), 'serve', '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    server.once('exit', (code) => reject(new Error(`wsx serve exited with ${code} before serving`)));
  });
}, 120_000);

afterAll(() => {
  server.kill('SIGKILL');
});

/** The server process's resident memory in MiB, from /proc. */
function residentMiB(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function alive(): boolean {
  return server.exitCode === null && server.signalCode === null;
}

/** One /echo round trip from a fresh client, in milliseconds. */
async function echoRoundTrip(): Promise<number> {
  const client = await RawClient.connect(port);
  const started = performance.now();
  client.sendText('still there?');
  const reply = await client.nextMessage();
  const elapsed = performance.now() - started;
  expect(reply.payload.toString()).toBe('still there?');
  client.destroy();
  return elapsed;
}

/** Writes `frames` copies of `frame` to the client's socket, waiting for the kernel to take each batch. */
async function flood(client: RawClient, frame: Buffer, frames: number): Promise<void> {
  const batch = Buffer.concat(Array.from({ length: 8192 }, () => frame));
  for (let sent = 0; sent < frames && !client.socket.destroyed; sent += 8192) {
    if (!client.socket.write(batch)) await new Promise((resolve) => client.socket.once('drain', resolve));
  }
}

describe('wsx serve with a 256 MiB heap', () => {
  it('survives two clients sending a million 1-byte fragments each', async () => {
    const before = residentMiB();
    const attackers = await Promise.all([1, 2].map(() => RawClient.connect(port)));
    const fragment = clientFrame({ opcode: 0x0, fin: false, payload: 'x' });
    const floods = attackers.map(async (client) => {
      client.socket.write(clientFrame({ opcode: 0x2, fin: false, payload: 'x' }));
      await flood(client, fragment, 1_000_000);
    });
    const roundTrips: number[] = [];
    let flooding = true;
    const probing = (async () => {
      while (flooding) {
        roundTrips.push(await echoRoundTrip());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await Promise.all(floods);
    // Let the server read what is still in flight.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    flooding = false;
    await probing;
    const during = residentMiB();
    expect(alive()).toBe(true);
    // A million 7-byte frames used to cost 219 MB of heap per connection.
    expect(during - before).toBeLessThan(100);
    expect(Math.max(...roundTrips)).toBeLessThan(1000);
    expect(await echoRoundTrip()).toBeLessThan(1000);
    for (const client of attackers) client.destroy();
    console.info(`1-byte fragments: RSS ${before.toFixed(0)} → ${during.toFixed(0)} MiB, slowest echo during ${Math.max(...roundTrips).toFixed(0)} ms over ${roundTrips.length} probes`);
  }, 120_000);

  it('survives a client echoing a million empty messages, with the tap recording them', async () => {
    const before = residentMiB();
    const attacker = await RawClient.connect(port);
    const empty = clientFrame({ opcode: 0x1, payload: '' });
    await flood(attacker, empty, 1_000_000);
    // Wait until the echoes have come back: 2 bytes each.
    const deadline = Date.now() + 60_000;
    while (attacker.receivedBytes < 2 * 1_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const during = residentMiB();
    expect(attacker.receivedBytes).toBeGreaterThanOrEqual(2 * 1_000_000);
    expect(alive()).toBe(true);
    // Each echo is two tap chunks; the tap's 64 MiB budget must count them as memory.
    expect(during - before).toBeLessThan(150);
    expect(await echoRoundTrip()).toBeLessThan(1000);
    attacker.destroy();
    console.info(`empty echoes: RSS ${before.toFixed(0)} → ${during.toFixed(0)} MiB`);
  }, 120_000);
});

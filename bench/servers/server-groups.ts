// The groups that need real sockets: memory per idle connection, handshakes
// per second, and the echo server. Each server runs in a child process
// (bench/servers/server-child.ts); the same load client, in this process,
// drives them all, in alternating rounds.

import { setTimeout as sleep } from 'node:timers/promises';
import { median, quantile } from '../measure';
import {
  type Better,
  type Comparison,
  type GroupResult,
  type Target,
  compare,
  kibibytes,
  milliseconds,
  perSecond,
  ratioText,
  table,
} from '../report';
import { plural } from '../report';
import { type BenchServer, SERVER_LABELS, type ServerKind, type ServerPool } from './bench-servers';
import { type EchoRound, closeAll, echoRound, handshakeRound, openMany } from './load-client';

export interface ServerSettings {
  /** Idle connections opened to each server for the memory figure. */
  idleConnections: number;
  handshakeRounds: number;
  handshakeRoundMs: number;
  echoConnections: number;
  echoInFlight: number[];
  echoRounds: number;
  echoRoundMs: number;
  /** A shorter, discarded first round per server and setting. */
  echoWarmupMs: number;
  /** The compressed echo's rounds (echo-deflate): shorter, to keep its two servers under half a minute. */
  echoDeflateRoundMs: number;
}

export const FULL_SERVER_SETTINGS: ServerSettings = {
  idleConnections: 1000,
  handshakeRounds: 3,
  handshakeRoundMs: 1000,
  echoConnections: 50,
  echoInFlight: [1, 8],
  echoRounds: 3,
  echoRoundMs: 2000,
  echoWarmupMs: 500,
  echoDeflateRoundMs: 1500,
};

export const QUICK_SERVER_SETTINGS: ServerSettings = {
  idleConnections: 1000,
  handshakeRounds: 1,
  handshakeRoundMs: 300,
  echoConnections: 50,
  echoInFlight: [1, 8],
  echoRounds: 1,
  echoRoundMs: 500,
  echoWarmupMs: 200,
  echoDeflateRoundMs: 500,
};

export interface ServerContext {
  settings: ServerSettings;
  servers: ServerPool;
  progress(line: string): void;
}

/** Opening this many handshakes at a time stays under our upgrader's 32 pending per address. */
export const OPEN_CONCURRENCY = 16;
const HANDSHAKE_CONCURRENCY = 20;

async function waitForNoConnections(server: BenchServer, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await server.openConnections()) > 0 && performance.now() < deadline) await sleep(50);
}

/** Every ws server but ws-plain should have bufferutil, as production ws does. */
export function bufferutilNote(servers: BenchServer[]): string[] {
  return servers
    .filter((s) => s.bufferutil !== null && s.bufferutil !== (s.kind !== 'ws-plain'))
    .map((s) => `WARNING: the ${s.label} server ${s.bufferutil ? 'loaded' : 'did not load'} bufferutil.`);
}

export async function memoryGroup(context: ServerContext): Promise<GroupResult> {
  const { idleConnections } = context.settings;
  const kinds: ServerKind[] = ['ours', 'ws'];
  const servers = await Promise.all(kinds.map((kind) => context.servers.get(kind)));
  const measured = new Map<ServerKind, { rss: number; heap: number; open: number }>();
  for (const server of servers) {
    context.progress(`memory: ${idleConnections} idle connections to ${server.label}`);
    // A few connections first, so code and pools that the first connection creates are not charged to the thousand.
    await closeAll(await openMany(server.url(), 20, OPEN_CONCURRENCY));
    await waitForNoConnections(server);
    const before = await server.memory();
    const sockets = await openMany(server.url(), idleConnections, OPEN_CONCURRENCY);
    await sleep(300);
    const after = await server.memory();
    const open = await server.openConnections();
    measured.set(server.kind, {
      rss: (after.rss - before.rss) / idleConnections,
      heap: (after.heapUsed + after.external - (before.heapUsed + before.external)) / idleConnections,
      open,
    });
    await closeAll(sockets);
    await waitForNoConnections(server);
  }
  const ours = measured.get('ours')!;
  const ws = measured.get('ws')!;
  const better: Better = 'lower';
  const comparisons: Comparison[] = [
    compare('memory', `${idleConnections} idle connections`, 'RSS per connection', 'bytes/connection', better, { label: 'ours', value: ours.rss }, { label: 'ws', value: ws.rss }),
    compare('memory', `${idleConnections} idle connections`, 'heap used + external per connection', 'bytes/connection', better, { label: 'ours', value: ours.heap }, { label: 'ws', value: ws.heap }),
  ];
  const targets: Target[] = comparisons.map((c) => ({
    target: `idle connection memory no more than ws's (${c.metric})`,
    met: c.ratio <= 1,
    figure: `${kibibytes(c.ours.value)} against ${kibibytes(c.theirs.value)} (${ratioText(c.ratio)})`,
  }));
  const rows = comparisons.map((c) => [c.metric, kibibytes(c.ours.value), kibibytes(c.theirs.value), ratioText(c.ratio)]);
  return {
    id: 'memory',
    title: 'memory per idle connection',
    comparisons,
    unfinished: [],
    figures: { oursOpenConnections: ours.open, wsOpenConnections: ws.open },
    targets,
    notes: [
      `Each server in a fresh process started with --expose-gc; figures are (after − before) ÷ ${idleConnections}, both read after two full collections, 300 ms after the last connection opened.`,
      `Our server runs with its default caps (1024 connections and 32 pending handshakes per address); the client opens ${OPEN_CONCURRENCY} at a time. It held ${ours.open} connections, ws ${ws.open}.`,
      'Our server records every session on its tap, as `wsx serve` does; the tap is part of what a connection costs here.',
      'bufferutil plays no part in an idle connection, so there is no column without it.',
      ...bufferutilNote(servers),
    ],
    text: [`memory per idle connection, ${idleConnections} connections (lower is better; ratio ours ÷ ws, below 1 is better)`, table(['', 'ours', 'ws', 'ours÷ws'], rows)].join('\n'),
  };
}

export async function handshakesGroup(context: ServerContext): Promise<GroupResult> {
  const { handshakeRounds, handshakeRoundMs } = context.settings;
  const kinds: ServerKind[] = ['ours', 'ws'];
  const servers = await Promise.all(kinds.map((kind) => context.servers.get(kind)));
  const comparisons: Comparison[] = [];
  const rows: string[][] = [];
  const failures: string[] = [];
  for (const concurrency of [1, HANDSHAKE_CONCURRENCY]) {
    const mode = concurrency === 1 ? 'one at a time' : `${concurrency} at a time`;
    context.progress(`handshakes, ${mode}`);
    const rates = new Map<ServerKind, number[]>(kinds.map((k) => [k, []]));
    const cpu = new Map<ServerKind, number[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round <= handshakeRounds; round++) {
      for (let turn = 0; turn < servers.length; turn++) {
        const server = servers[(round + turn) % servers.length];
        const cpuBefore = await server.cpuMicros();
        const result = await handshakeRound(server.url(), concurrency, round === 0 ? handshakeRoundMs / 3 : handshakeRoundMs);
        const cpuAfter = await server.cpuMicros();
        if (result.failures > 0) failures.push(`${server.label}, ${mode}: ${result.failures} handshakes failed`);
        if (round === 0) continue; // warm-up
        rates.get(server.kind)!.push(result.handshakes / result.seconds);
        cpu.get(server.kind)!.push((cpuAfter - cpuBefore) / Math.max(1, result.handshakes));
      }
    }
    const med = (list: number[]) => median([...list].sort((a, b) => a - b));
    const ours = med(rates.get('ours')!);
    const ws = med(rates.get('ws')!);
    const rate = compare('handshakes', mode, 'open + close per second', 'handshakes/s', 'higher', { label: 'ours', value: ours }, { label: 'ws', value: ws });
    const oursCpu = med(cpu.get('ours')!);
    const wsCpu = med(cpu.get('ws')!);
    const cost = compare('handshakes', mode, 'server CPU per handshake', 'µs/handshake', 'lower', { label: 'ours', value: oursCpu }, { label: 'ws', value: wsCpu });
    comparisons.push(rate, cost);
    rows.push([mode, perSecond(ours), perSecond(ws), ratioText(rate.ratio), `${Math.round(oursCpu)} µs`, `${Math.round(wsCpu)} µs`, ratioText(cost.ratio)]);
    // Let the closed connections' sockets go before the next mode.
    await Promise.all(servers.map((s) => waitForNoConnections(s)));
  }
  const targets: Target[] = comparisons
    .filter((c) => c.metric === 'open + close per second')
    .map((c) => ({ target: `handshakes per second ≥ 1.0× of ws (${c.case})`, met: c.ratio >= 1, figure: `${perSecond(c.ours.value)} against ${perSecond(c.theirs.value)} (${ratioText(c.ratio)})` }));
  return {
    id: 'handshakes',
    title: 'handshakes per second',
    comparisons,
    unfinished: [],
    figures: {},
    targets,
    notes: [
      `Open (the opening handshake) then close (the closing handshake, 1000) one connection, in a loop; ${plural(handshakeRounds, "round")} of ${handshakeRoundMs} ms per server after a shorter warm-up.`,
      'bufferutil plays no part in a handshake, so there is no column without it.',
      ...failures,
      ...bufferutilNote(servers),
    ],
    text: [
      'handshakes: open + close (rates higher is better; server CPU per handshake lower is better)',
      table(['', 'ours', 'ws', 'ours÷ws', 'ours CPU', 'ws CPU', 'CPU ours÷ws'], rows),
    ].join('\n'),
  };
}

export interface EchoFigures {
  rate: number;
  p50: number;
  p99: number;
  cpuPerMessage: number;
  /** TCP bytes per message, client to server and back: frames as they went on the wire. */
  wireBytesSentPerMessage: number;
  wireBytesReceivedPerMessage: number;
}

export type Connections = Map<ServerKind, Awaited<ReturnType<typeof openMany>>>;

/**
 * Echo rounds of `inFlight` messages per connection on each server's open
 * connections, the servers taking turns round by round after a shorter
 * warm-up round that is not counted; each server's figures are the medians
 * of its rounds. `checkRound` sees every round, the warm-up's too, and
 * throws to stop the bench.
 */
export async function measureEcho(
  settings: ServerSettings,
  servers: BenchServer[],
  connections: Connections,
  inFlight: number,
  texts?: readonly string[],
  checkRound?: (server: BenchServer, round: EchoRound) => void,
): Promise<Map<ServerKind, EchoFigures>> {
  const { echoRounds, echoRoundMs, echoWarmupMs } = settings;
  const rounds = new Map<ServerKind, EchoFigures[]>(servers.map((s) => [s.kind, []]));
  for (let round = 0; round <= echoRounds; round++) {
    for (let turn = 0; turn < servers.length; turn++) {
      const server = servers[(round + turn) % servers.length];
      const cpuBefore = await server.cpuMicros();
      const result = await echoRound(connections.get(server.kind)!, inFlight, round === 0 ? echoWarmupMs : echoRoundMs, texts);
      const cpuAfter = await server.cpuMicros();
      checkRound?.(server, result);
      if (round === 0) continue; // warm-up
      rounds.get(server.kind)!.push({
        rate: result.messages / result.seconds,
        p50: quantile(result.roundTrips, 0.5),
        p99: quantile(result.roundTrips, 0.99),
        cpuPerMessage: (cpuAfter - cpuBefore) / result.messagesWithDrain,
        wireBytesSentPerMessage: result.wireBytesSent / result.messagesWithDrain,
        wireBytesReceivedPerMessage: result.wireBytesReceived / result.messagesWithDrain,
      });
    }
  }
  return new Map<ServerKind, EchoFigures>(
    servers.map(({ kind }) => {
      const list = rounds.get(kind)!;
      const med = (pick: (f: EchoFigures) => number) => median(list.map(pick).sort((a, b) => a - b));
      return [
        kind,
        {
          rate: med((f) => f.rate),
          p50: med((f) => f.p50),
          p99: med((f) => f.p99),
          cpuPerMessage: med((f) => f.cpuPerMessage),
          wireBytesSentPerMessage: med((f) => f.wireBytesSentPerMessage),
          wireBytesReceivedPerMessage: med((f) => f.wireBytesReceivedPerMessage),
        },
      ];
    }),
  );
}

export async function echoGroup(context: ServerContext): Promise<GroupResult> {
  const { echoConnections, echoInFlight, echoRounds, echoRoundMs } = context.settings;
  const kinds: ServerKind[] = ['ours', 'ws', 'ws-plain'];
  const servers = await Promise.all(kinds.map((kind) => context.servers.get(kind)));
  const comparisons: Comparison[] = [];
  const rows: string[][] = [];
  const targets: Target[] = [];
  const connections: Connections = new Map();
  for (const server of servers) connections.set(server.kind, await openMany(server.url(), echoConnections, OPEN_CONCURRENCY));
  try {
    for (const inFlight of echoInFlight) {
      context.progress(`echo, ${echoConnections} connections, ${inFlight} in flight each`);
      const figures = await measureEcho(context.settings, servers, connections, inFlight);
      const caseName = `${echoConnections} connections, ${inFlight} in flight each`;
      const ours = figures.get('ours')!;
      for (const theirsKind of ['ws', 'ws-plain'] as const) {
        const theirs = figures.get(theirsKind)!;
        const label = SERVER_LABELS[theirsKind];
        const pairOf = (metric: string, unit: string, better: Better, pick: (f: EchoFigures) => number) =>
          compare('echo', caseName, metric, unit, better, { label: 'ours', value: pick(ours) }, { label, value: pick(theirs) });
        const rate = pairOf('messages per second', 'messages/s', 'higher', (f) => f.rate);
        const p50 = pairOf('p50 round trip', 'ms', 'lower', (f) => f.p50);
        const p99 = pairOf('p99 round trip', 'ms', 'lower', (f) => f.p99);
        const cpu = pairOf('server CPU per message', 'µs/message', 'lower', (f) => f.cpuPerMessage);
        comparisons.push(rate, p50, p99, cpu);
        if (theirsKind === 'ws') {
          targets.push({
            target: `echo ≥ 1.0× of ws+bufferutil's messages/s with a p99 no worse (${inFlight} in flight)`,
            met: rate.ratio >= 1 && p99.ratio <= 1,
            figure: `${ratioText(rate.ratio)} the messages/s, p99 ${milliseconds(ours.p99)} against ${milliseconds(theirs.p99)}`,
          });
        }
      }
      for (const kind of kinds) {
        const f = figures.get(kind)!;
        const ratioTo = (pick: (x: EchoFigures) => number) => (kind === 'ours' ? '' : ratioText(pick(ours) / pick(f)));
        rows.push([
          kind === 'ours' ? String(inFlight) : '',
          SERVER_LABELS[kind],
          perSecond(f.rate),
          milliseconds(f.p50),
          milliseconds(f.p99),
          `${f.cpuPerMessage.toFixed(1)} µs`,
          ratioTo((x) => x.rate),
          ratioTo((x) => x.p99),
          ratioTo((x) => x.cpuPerMessage),
        ]);
      }
    }
  } finally {
    await Promise.all([...connections.values()].map((sockets) => closeAll(sockets)));
  }
  return {
    id: 'echo',
    title: 'echo server',
    comparisons,
    unfinished: [],
    figures: {},
    targets,
    notes: [
      `${echoConnections} connections per server, 32-byte text messages, each connection keeping its messages in flight (a new one as each echo returns); ${plural(echoRounds, "round")} of ${echoRoundMs} ms per server and setting, alternating, after a shorter warm-up.`,
      'Round trips are timed by the load client (ws clients in the bench process), so they include its own turn of the event loop; server CPU is process.cpuUsage() in the server process, over every echo of the round.',
      'Our server: the explorer with its tap on and permessage-deflate off (the client does not offer it); ws: a WebSocketServer echoing each message as it came.',
      ...bufferutilNote(servers),
    ],
    text: [
      `echo: ${echoConnections} connections on 127.0.0.1, 32-byte text messages (msgs/s higher is better; round trip and CPU lower is better; ratios ours ÷ that row)`,
      table(['in flight', 'server', 'messages/s', 'p50', 'p99', 'CPU/message', 'ours÷ msgs/s', 'ours÷ p99', 'ours÷ CPU'], rows, 2),
    ].join('\n'),
  };
}

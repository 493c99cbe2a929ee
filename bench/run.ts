// npm run bench: the engine and the explorer's server against the `ws`
// package, as a production Node server runs it (with its native bufferutil
// add-on) and without the add-on, in one run with alternating rounds; and
// the engine's SHA-1 and UTF-8 validator against Node's native ones; and the
// echo once more with permessage-deflate on both sides (issue 14). It
// prints ours, theirs and ours ÷ theirs for every cell, then the targets of
// issue 17, each met or not with the figure it was judged on. Nothing here
// asserts or fails on a miss: it reports. `--json` prints the same figures
// as one JSON document; `--quick` takes short samples for a smoke run;
// `--only parse,build,…` runs some groups.

import { cpus, loadavg } from 'node:os';
import type { RoundSettings } from './measure';
import { type MicroContext, acceptGroup, buildGroup, parseGroup, unmaskGroup, utf8Group } from './micro-groups';
import { type BenchOptions, type GroupId, USAGE, parseOptions } from './options';
import { type GroupResult, plural, targetLine } from './report';
import { ServerPool } from './servers/bench-servers';
import { echoDeflateGroup } from './servers/echo-deflate-group';
import { FULL_SERVER_SETTINGS, QUICK_SERVER_SETTINGS, type ServerContext, echoGroup, handshakesGroup, memoryGroup } from './servers/server-groups';
import { packageVersion } from './workloads/ws-buffer-util';
import { WsWorker } from './ws-contender';

const FULL_ROUNDS: RoundSettings = { rounds: 5, roundMs: 60, capMs: 5000, budgetMs: 2500 };
const QUICK_ROUNDS: RoundSettings = { rounds: 2, roundMs: 10, capMs: 1000, budgetMs: 100 };

const MICRO: Partial<Record<GroupId, (context: MicroContext) => Promise<GroupResult>>> = {
  parse: parseGroup,
  build: buildGroup,
  unmask: unmaskGroup,
  utf8: utf8Group,
  accept: acceptGroup,
};
const WITH_SERVERS: Partial<Record<GroupId, (context: ServerContext) => Promise<GroupResult>>> = {
  memory: memoryGroup,
  handshakes: handshakesGroup,
  echo: echoGroup,
  'echo-deflate': echoDeflateGroup,
};

async function main(args: string[]): Promise<number> {
  const parsed = parseOptions(args);
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    process.stderr.write(`bench: ${parsed}\n${USAGE}`);
    return 2;
  }
  const options: BenchOptions = parsed;
  const started = performance.now();
  const startedAt = new Date();
  const rounds = options.quick ? QUICK_ROUNDS : FULL_ROUNDS;
  const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const print = (text: string) => {
    if (!options.json) process.stdout.write(`${text}\n`);
  };

  const wsBufferutil = new WsWorker(true);
  const wsPlain = new WsWorker(false);
  const servers = new ServerPool();
  const micro: MicroContext = { settings: rounds, wsBufferutil, wsPlain, progress };
  const withServers: ServerContext = { settings: options.quick ? QUICK_SERVER_SETTINGS : FULL_SERVER_SETTINGS, servers, progress };
  const results: GroupResult[] = [];

  const meta = {
    date: startedAt.toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    loadAverageAtStart: loadavg()[0],
    ws: packageVersion('ws'),
    bufferutil: packageVersion('bufferutil'),
    quick: options.quick,
    groups: options.groups,
    rounds,
  };
  print(
    [
      `npm run bench${options.quick ? ' --quick (short samples: rough figures)' : ''}`,
      `${meta.date}, Node ${meta.node} (${meta.platform}), ${meta.cpu} × ${meta.cores} cores, load average ${meta.loadAverageAtStart.toFixed(1)} at start`,
      `ws ${meta.ws} with bufferutil ${meta.bufferutil}, and without it (WS_NO_BUFFER_UTIL=1); ws runs in child processes, ours in this one`,
      `In-memory cells: rates per second of CPU time of the process doing the work; the median of ${plural(rounds.rounds, 'round')} of ${rounds.roundMs} ms`,
      `of CPU time per contender after a warm-up round, contenders alternating; an op still running after ${rounds.capMs / 1000} s is stopped (DNF).`,
      'Every ratio is ours ÷ theirs: above 1 is better for rates, below 1 for round trips, CPU per message and memory.',
      '',
    ].join('\n'),
  );

  try {
    for (const id of options.groups) {
      const microGroup = MICRO[id];
      const serverGroup = WITH_SERVERS[id];
      const result = microGroup ? await microGroup(micro) : await serverGroup!(withServers);
      results.push(result);
      print(`${result.text}\n${result.notes.map((n) => `  ${n}`).join('\n')}\n`);
    }
  } finally {
    await Promise.all([wsBufferutil.stop(), wsPlain.stop(), servers.stopAll()]);
  }

  const workerNotes: string[] = [];
  if (wsBufferutil.bufferutilLoaded === false) workerNotes.push('WARNING: bufferutil did not load in the ws+bufferutil worker; that column is ws without it.');
  if (wsPlain.bufferutilLoaded === true) workerNotes.push('WARNING: bufferutil loaded in the ws (JS) worker despite WS_NO_BUFFER_UTIL=1.');
  const killed = wsBufferutil.killed + wsPlain.killed;
  if (killed > 0) workerNotes.push(`${killed} ws worker(s) were stopped mid-op (the DNF cells) and restarted.`);

  const targets = results.flatMap((r) => r.targets);
  const elapsedSeconds = (performance.now() - started) / 1000;
  if (options.json) {
    const document = {
      meta: { ...meta, elapsedSeconds, loadAverageAtEnd: loadavg()[0], wsWorkers: { bufferutilLoaded: wsBufferutil.bufferutilLoaded, plainLoadedBufferutil: wsPlain.bufferutilLoaded, killed } },
      groups: results.map(({ text: _text, ...rest }) => rest),
      targets,
      notes: workerNotes,
    };
    await write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const summary = [
      'Targets (issue 17): each judged on the figure after the colon',
      ...targets.map(targetLine),
      ...workerNotes,
      '',
      `took ${elapsedSeconds.toFixed(0)} s; load average ${meta.loadAverageAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
      ...(Math.max(meta.loadAverageAtStart, loadavg()[0]) > meta.cores
        ? [
            `The machine was busy (more runnable processes than its ${meta.cores} cores): in-memory rates are per CPU second of each`,
            'process and suffer less, but the echo, handshake and round-trip figures are wall-clock and are only as good as the machine was quiet.',
          ]
        : []),
    ];
    await write(`${summary.join('\n')}\n`);
  }
  return 0;
}

function write(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

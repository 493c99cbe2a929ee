// The compressed echo (issue 14, RFC 7692): the echo group's measurement
// with permessage-deflate agreed on every connection and every message
// compressed both ways. Our server compresses every message it sends (it has
// no size threshold); ws skips messages under 1024 bytes unless told
// otherwise, so its server and the load client are given threshold 0.

import { chatMessages } from '../workloads/chat-messages';
import { type Better, type Comparison, type GroupResult, compare, milliseconds, perSecond, plural, ratioText, table } from '../report';
import type { BenchServer, ServerKind } from './bench-servers';
import { type EchoRound, closeAll, openMany } from './load-client';
import { type Connections, type EchoFigures, OPEN_CONCURRENCY, type ServerContext, bufferutilNote, measureEcho } from './server-groups';

/** Distinct messages each connection cycles through: 256 KiB, far more than a 32 KiB window holds, so no echo is a copy of one in it. */
const MESSAGE_COUNT = 256;

/**
 * Throws when a round's bytes on the wire show a side that did not
 * compress: an uncompressed message takes at least its own length plus a
 * frame header, and these messages deflate to well under half.
 */
function checkCompressed(messageBytes: number) {
  return (server: BenchServer, round: EchoRound) => {
    const echoed = round.wireBytesReceived / round.messagesWithDrain;
    const sent = round.wireBytesSent / round.messagesWithDrain;
    if (echoed >= messageBytes) {
      throw new Error(`the ${server.label} server sent ${echoed.toFixed(0)} bytes per echo of a ${messageBytes}-byte message: it did not compress its messages`);
    }
    if (sent >= messageBytes) {
      throw new Error(`the load client sent ${sent.toFixed(0)} bytes per ${messageBytes}-byte message to the ${server.label} server: it did not compress them`);
    }
  };
}

export async function echoDeflateGroup(context: ServerContext): Promise<GroupResult> {
  const { echoConnections, echoInFlight, echoRounds, echoDeflateRoundMs } = context.settings;
  const settings = { ...context.settings, echoRoundMs: echoDeflateRoundMs };
  const kinds: ServerKind[] = ['ours-deflate', 'ws-deflate'];
  const texts = chatMessages(MESSAGE_COUNT);
  const messageBytes = texts[0].length;
  const servers = await Promise.all(kinds.map((kind) => context.servers.get(kind)));
  const [oursServer, wsServer] = servers;
  const comparisons: Comparison[] = [];
  const rows: string[][] = [];
  const summary: string[] = [];
  const figuresByName: Record<string, number> = { messageBytes };
  const connections: Connections = new Map();
  try {
    // openMany fails if a server's 101 does not agree to permessage-deflate.
    for (const server of servers) connections.set(server.kind, await openMany(server.url(), echoConnections, OPEN_CONCURRENCY, { deflate: true }));
    for (const inFlight of echoInFlight) {
      context.progress(`echo-deflate, ${echoConnections} connections, ${inFlight} in flight each`);
      const figures = await measureEcho(settings, servers, connections, inFlight, texts, checkCompressed(messageBytes));
      const caseName = `${echoConnections} connections, ${inFlight} in flight each, permessage-deflate`;
      const ours = figures.get(oursServer.kind)!;
      const ws = figures.get(wsServer.kind)!;
      const pairOf = (metric: string, unit: string, better: Better, pick: (f: EchoFigures) => number) =>
        compare('echo-deflate', caseName, metric, unit, better, { label: 'ours', value: pick(ours) }, { label: 'ws', value: pick(ws) });
      const rate = pairOf('messages per second', 'messages/s', 'higher', (f) => f.rate);
      const p50 = pairOf('p50 round trip', 'ms', 'lower', (f) => f.p50);
      const p99 = pairOf('p99 round trip', 'ms', 'lower', (f) => f.p99);
      const cpu = pairOf('server CPU per message', 'µs/message', 'lower', (f) => f.cpuPerMessage);
      const wire = pairOf('bytes on the wire per echo (server to client)', 'bytes/message', 'lower', (f) => f.wireBytesReceivedPerMessage);
      comparisons.push(rate, p50, p99, cpu, wire);
      figuresByName[`clientWireBytesPerMessage${inFlight}InFlight`] = (ours.wireBytesSentPerMessage + ws.wireBytesSentPerMessage) / 2;
      summary.push(
        `${inFlight} in flight: ours ${ratioText(rate.ratio)} ws's messages/s, p99 ${milliseconds(ours.p99)} against ${milliseconds(ws.p99)}, ${ratioText(cpu.ratio)} its server CPU per message.`,
      );
      for (const [kind, f] of [[oursServer.kind, ours], [wsServer.kind, ws]] as const) {
        const ratioTo = (pick: (x: EchoFigures) => number) => (f === ours ? '' : ratioText(pick(ours) / pick(f)));
        rows.push([
          f === ours ? String(inFlight) : '',
          kind === 'ours-deflate' ? 'ours' : 'ws',
          perSecond(f.rate),
          milliseconds(f.p50),
          milliseconds(f.p99),
          `${f.cpuPerMessage.toFixed(1)} µs`,
          `${Math.round(f.wireBytesReceivedPerMessage)} B`,
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
    id: 'echo-deflate',
    title: 'compressed echo server (permessage-deflate)',
    comparisons,
    unfinished: [],
    figures: figuresByName,
    // Issue 17 sets no target for compression: the comparison is reported for information (in the notes).
    targets: [],
    notes: [
      `${echoConnections} connections per server, each with permessage-deflate agreed in its 101 (the bench stops if not) and both sides keeping their context (RFC 7692 7.1.1); ${messageBytes}-byte JSON chat messages, ${MESSAGE_COUNT} different ones in turn, each compressed by the client and echoed compressed; ${plural(echoRounds, 'round')} of ${echoDeflateRoundMs} ms per server and setting, alternating, after a shorter warm-up.`,
      'Every message is compressed both ways: ours has no size threshold, ws\'s server and client run with threshold 0 (their default, 1024 bytes, would skip smaller messages); both compress at zlib level 6 with a 15-bit window and memLevel 8, the defaults.',
      'Compression does the work here, not masking: ws deflates with Node\'s native zlib on libuv\'s thread pool (its CPU counts, as process.cpuUsage() covers every thread), ours with pako (zlib ported to JavaScript, so the browser runs the same code) on the event loop. ws keeps bufferutil, as in production; no column without it.',
      `"wire" is TCP bytes per echo from server to client, frame headers included (the client sent ${Math.round(figuresByName[`clientWireBytesPerMessage${echoInFlight[0]}InFlight`] ?? 0)} B per message); each round checks that both directions came out shorter than the message.`,
      `For information (issue 17 sets no target for the compressed echo): ${summary.join(' ')}`,
      ...bufferutilNote(servers),
    ],
    text: [
      `echo-deflate: ${echoConnections} connections on 127.0.0.1, permessage-deflate, ${messageBytes}-byte JSON text messages (msgs/s higher is better; round trip, CPU and wire bytes lower is better; ratios ours ÷ ws)`,
      table(['in flight', 'server', 'messages/s', 'p50', 'p99', 'CPU/message', 'wire/echo', 'ours÷ msgs/s', 'ours÷ p99', 'ours÷ CPU'], rows, 2),
    ].join('\n'),
  };
}

// Wireshark's command-line reader (Debian's tshark, which .ci/run installs)
// and tcpdump, for the tests that check the explorer's captures against
// them: a test that needs one is skipped, saying so, where it is missing.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';

export function commandAvailable(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export const tsharkAvailable = commandAvailable('tshark');
export const tcpdumpAvailable = commandAvailable('tcpdump') && process.getuid?.() === 0;

export interface TsharkWebSocketFrame {
  frame: number;
  /** Source port of the packet that completed the frame. */
  srcPort: number;
  opcode: number;
  fin: boolean;
  masked: boolean;
  /** The unmasked payload in hex, as on the wire otherwise (still compressed under permessage-deflate). */
  payloadHex: string;
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tshark', args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tshark ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** `-d tcp.port==PORT,http` so tshark's HTTP dissector sees the upgrade on a port it does not know. */
function decodeAs(ports: number[]): string[] {
  return ports.flatMap((port) => ['-d', `tcp.port==${port},http`]);
}

/** Every WebSocket frame tshark finds, in order, with its unmasked payload (from `-T json -x`). */
export async function tsharkWebSocketFrames(file: string, httpPorts: number[]): Promise<TsharkWebSocketFrame[]> {
  const output = await run(['-r', file, ...decodeAs(httpPorts), '-Y', 'websocket', '-T', 'json', '-x']);
  const packets = JSON.parse(output || '[]') as Array<{ _source: { layers: Record<string, unknown> } }>;
  const frames: TsharkWebSocketFrame[] = [];
  for (const packet of packets) {
    const layers = packet._source.layers as Record<string, Record<string, unknown> | Array<Record<string, unknown>>>;
    const frameLayer = layers.frame as Record<string, string>;
    const tcpLayer = layers.tcp as Record<string, string>;
    const websocket = layers.websocket;
    for (const layer of Array.isArray(websocket) ? websocket : [websocket]) {
      const raw = layer['websocket.payload_raw'] as [string] | undefined;
      frames.push({
        frame: Number(frameLayer['frame.number']),
        srcPort: Number(tcpLayer['tcp.srcport']),
        opcode: Number(layer['websocket.opcode']),
        fin: layer['websocket.fin'] === '1' || layer['websocket.fin'] === 'True',
        masked: layer['websocket.mask'] === '1' || layer['websocket.mask'] === 'True',
        payloadHex: raw?.[0] ?? '',
      });
    }
  }
  return frames;
}

/** Raw tshark output of any fields, one line per packet (tab-separated), for the fields tests pick. */
export async function tsharkFields(file: string, httpPorts: number[], filter: string, fields: string[]): Promise<string[][]> {
  const output = await run(['-r', file, ...decodeAs(httpPorts), '-Y', filter, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', ...fields.flatMap((f) => ['-e', f])]);
  return output.split('\n').filter((line) => line.length > 0).map((line) => line.split('\t'));
}

/** tcpdump on loopback, writing `file` as packets arrive (-U), for `filter`. Resolves once it listens. */
export async function startTcpdump(file: string, filter: string, iface = 'lo'): Promise<ChildProcess & { stop(): Promise<void> }> {
  const child = spawn('tcpdump', ['-i', iface, '--immediate-mode', '-U', '-n', '-s', '0', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
      if (/listening on/.test(errors)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${errors}`)));
  });
  return Object.assign(child, {
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    }),
  });
}

// wsx serve [--host H] [--port P] [--watch FILE] [--i-know] [--command CMD ARGS…]
// Runs the explorer: the UI at '/', the live endpoints, the tap. Prints what
// it serves, stays up until SIGINT or SIGTERM, then shuts down gracefully
// (every WebSocket gets 1001 "going away", RFC 6455 7.4.1).
// Exit 0 after a clean shutdown, 1 when the server cannot start, 2 on usage.
//
// --command hands a process to /command's clients, so with a --host beyond
// loopback it is refused (exit 2) unless --i-know says the operator means
// it; then the server starts with a warning on stderr. (/command itself still
// turns away clients on other machines: demos/command.ts, mayRunCommand.)

import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { TAP_PATH } from '../../engine/tap-messages';
import { isLoopbackHost } from '../access-policy';
import { DEFAULT_HOST, DEFAULT_PORT, UI_SOURCE_DIR, createExplorerServer, type ExplorerServer } from '../http-app';
import { ensureUiBuild } from '../ui-build';
import { writeError, writeOut } from './output';

const USAGE = `usage: wsx serve [--host H] [--port P] [--watch FILE] [--no-deflate] [--allow-host NAME…] [--lab-target URL…] [--i-know] [--command CMD ARGS…]
  --host H        the address to listen on (default ${DEFAULT_HOST}: this machine only);
                  on any other, the tap and /api need the token serve prints
  --allow-host N  a host name browsers may use for this server besides IP addresses
                  and localhost (repeatable); other names get 403, against DNS rebinding
  --no-deflate    never compress: decline permessage-deflate (RFC 7692), which
                  browsers offer and the server accepts by default
  --lab-target U  a ws:// URL the frame lab may send crafted frames to, besides this
                  server's own endpoints (repeatable); no other server is ever dialled
  --port P        0–65535, 0 for a free one (default ${DEFAULT_PORT})
  --watch FILE    the file /filewatch pushes whenever it changes
  --command CMD   run CMD ARGS… for each client of /command, its stdin and stdout
                  over WebSocket; everything after --command belongs to CMD.
                  Only clients on this machine may use it, and with a --host other
                  than loopback (127.0.0.1, ::1, localhost) serve refuses to start
  --i-know        start anyway with --command and a --host beyond loopback
                  (give it before --command), with a warning
`;

export interface ServeArgs {
  host: string;
  port: number;
  command: { command: string; args: string[] } | null;
  watchFile: string | undefined;
  /** --allow-host: names the server answers to besides IP literals and localhost. */
  allowHosts: string[];
  /** --lab-target: other servers the frame lab may send crafted frames to. */
  labTargets: string[];
  /** --no-deflate turns permessage-deflate (RFC 7692) off. */
  deflate: boolean;
  /** --i-know: the operator accepts --command with a --host beyond loopback. */
  iKnow: boolean;
}

/** Reads the arguments; a string is the usage error to print. */
export function parseServeArgs(args: string[]): ServeArgs | string {
  const parsed: ServeArgs = { host: DEFAULT_HOST, port: DEFAULT_PORT, command: null, watchFile: undefined, allowHosts: [], labTargets: [], deflate: true, iKnow: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? splitOnce(args[i]) : [args[i], undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '--host': {
        const host = value();
        if (!host) return '--host needs an address';
        parsed.host = host;
        break;
      }
      case '--port': {
        const text = value();
        const port = Number(text);
        if (text === undefined || !/^\d+$/.test(text) || port > 65535) return `--port takes 0–65535 (0 picks a free port), not ${text === undefined ? 'nothing' : `"${text}"`}`;
        parsed.port = port;
        break;
      }
      case '--watch': {
        const file = value();
        if (!file) return '--watch needs a file';
        parsed.watchFile = file;
        break;
      }
      case '--allow-host': {
        const name = value();
        if (!name || !/^[A-Za-z0-9.-]+$/.test(name)) return `--allow-host takes a host name, not ${name === undefined ? 'nothing' : `"${name}"`}`;
        parsed.allowHosts.push(name);
        break;
      }
      case '--i-know':
        if (inline !== undefined) return '--i-know takes no value';
        parsed.iKnow = true;
        break;
      case '--command': {
        // Everything after --command belongs to the command, like gorilla's
        // example takes flag.Args().
        const rest = inline !== undefined ? [inline, ...args.slice(i + 1)] : args.slice(i + 1);
        if (rest.length === 0) return '--command needs a program to run';
        parsed.command = { command: rest[0], args: rest.slice(1) };
        i = args.length;
        break;
      }
      case '--lab-target': {
        const target = value();
        if (!target || !/^ws:\/\/[^\s/]+/i.test(target)) return `--lab-target takes a ws:// URL the frame lab may send to, not ${target === undefined ? 'nothing' : `"${target}"`}`;
        parsed.labTargets.push(target);
        break;
      }
      case '--no-deflate':
        if (inline !== undefined) return '--no-deflate takes no value';
        parsed.deflate = false;
        break;
      default:
        return `unknown argument "${args[i]}"`;
    }
  }
  const exposure = commandExposure(parsed);
  if (exposure && !parsed.iKnow) return `${exposure}; keep --host on loopback (${DEFAULT_HOST}, the default), or give --i-know before --command to serve it anyway`;
  return parsed;
}

/**
 * What --command with a --host beyond loopback puts at risk, or null when
 * the server is reachable from this machine only (or runs no command).
 */
export function commandExposure({ host, port, command }: Pick<ServeArgs, 'host' | 'port' | 'command'>): string | null {
  if (!command || isLoopbackHost(host)) return null;
  const commandLine = [command.command, ...command.args].join(' ');
  const where = port === 0 ? 'this machine on the port it picks' : `port ${port} of this machine`;
  return `--command with --host ${host} runs "${commandLine}" on a server other machines can reach at ${where}; /command answers only this machine's clients, but that one check is all that stands between them and the command`;
}

/**
 * On a bind beyond loopback: the addresses other machines use, and the token
 * the tap and the API need (the explorer reads it from its address).
 */
function reachableFromElsewhere(host: string, port: number, token: string | null): string[] {
  if (token === null) return [];
  const wildcard = host === '0.0.0.0' || host === '::';
  const addresses = wildcard
    ? Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4').map((a) => a!.address)
    : [host];
  const lines = addresses.map((address) => `  from other machines: http://${address.includes(':') ? `[${address}]` : address}:${port}/ (the demos need no token)`);
  const first = addresses[0] ?? host;
  lines.push(`  the tap and /api need the token: open http://${first}:${port}/?token=${token} for the live sessions`);
  return lines;
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

/** The built UI's directory, building it first when its sources are newer, so `npm start` works right after `npm ci`. */
async function prepareUi(): Promise<{ dir: string | null; note: string | null }> {
  if (!existsSync(UI_SOURCE_DIR)) return { dir: null, note: null };
  try {
    const { dir, built } = await ensureUiBuild();
    return { dir, note: built ? `built the UI into ${dir}` : null };
  } catch (error) {
    return { dir: null, note: `the UI build failed (${error instanceof Error ? error.message : String(error)}); serving a page that lists the endpoints` };
  }
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await writeOut(USAGE);
    return 0;
  }
  const parsed = parseServeArgs(args);
  if (typeof parsed === 'string') {
    await writeError(`wsx serve: ${parsed}\n${USAGE}`);
    return 2;
  }
  const ui = await prepareUi();
  if (ui.note) await writeError(`wsx serve: ${ui.note}\n`);

  let server: ExplorerServer;
  try {
    server = createExplorerServer({
      host: parsed.host,
      port: parsed.port,
      uiDir: ui.dir,
      command: parsed.command,
      watchFile: parsed.watchFile,
      allowHosts: parsed.allowHosts,
      labTargets: parsed.labTargets,
      upgrader: { deflate: parsed.deflate },
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    await writeError(`wsx serve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  let address: { url: string };
  try {
    address = await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${parsed.port} is in use (try --port 0 for a free one)` : error instanceof Error ? error.message : String(error);
    await writeError(`wsx serve: cannot listen on ${parsed.host}:${parsed.port}: ${why}\n`);
    await server.close({ timeoutMs: 100 });
    return 1;
  }

  const exposure = commandExposure({ ...parsed, port: server.port ?? parsed.port });
  if (exposure) {
    await writeError(
      `wsx serve: WARNING (--i-know): ${exposure}.\n` +
        `wsx serve: WARNING: /command still turns away clients on other machines, but every other endpoint answers them; stop the server with Ctrl-C when done.\n`,
    );
  }

  const wsBase = address.url.replace(/^http/, 'ws');
  const lines = [
    `WebSocket Explorer serving ${address.url}/`,
    `  open ${address.url}/ in a browser${ui.dir ? '' : ' (endpoint list; the UI is not built)'}`,
    ...server.endpoints.map((e) => `  ${(wsBase + e.path).padEnd(wsBase.length + 12)} ${e.path === TAP_PATH ? 'tap' : e.page ? `page ${address.url}${e.page}` : ''}`.trimEnd()),
    ...reachableFromElsewhere(parsed.host, server.port!, server.token),
    '  Ctrl-C stops the server (every WebSocket is sent 1001 going away)',
  ];
  await writeOut(`${lines.join('\n')}\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await writeError(`wsx serve: ${signal}: closing ${server.upgrader.connections.size} connection(s) with 1001\n`);
  await server.close();
  return 0;
}

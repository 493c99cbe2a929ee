// wsx proxy --listen P --target ws://HOST:PORT/PATH | wss://… [--insecure] [--ca FILE] [--host H] [--allow-host NAME…]
// Runs the explorer in front of the operator's own WebSocket server: every
// upgrade but /tap is forwarded to --target byte for byte (server/proxy.ts),
// and the UI's Live view watches it on /tap. Prints where clients connect
// and where to watch, stays up until SIGINT or SIGTERM, then ends every
// session with 1001 "going away" (RFC 6455 7.4.1) on both sides and exits.
// Exit 0 after a clean shutdown, 1 when the server cannot start, 2 on usage.

import { existsSync, readFileSync } from 'node:fs';
import { isLoopbackHost } from '../access-policy';
import { DEFAULT_HOST, UI_SOURCE_DIR, type ExplorerServer } from '../http-app';
import { createProxyServer, parseProxyTarget, type ProxyTarget, type WebSocketProxy } from '../proxy';
import { ensureUiBuild } from '../ui-build';
import { writeError, writeOut } from './output';

const USAGE = `usage: wsx proxy --listen P --target ws://HOST:PORT/PATH | wss://… [--insecure] [--ca FILE] [--host H] [--allow-host NAME…]
  --listen P      the port clients and the browser use, 0–65535 (0 picks a free one)
  --target URL    the WebSocket server to forward to, ws:// or wss://. Without a path
                  (or with just /) each client's own path and query go there; with one,
                  every client's upgrade goes to that path and query
  --ca FILE       trust the CA certificates in FILE (PEM) for a wss:// target,
                  instead of Node's bundled ones
  --insecure      do not verify a wss:// target's certificate or host name: anyone
                  between the proxy and the target can read and change the traffic
  --host H        the address to listen on (default ${DEFAULT_HOST}: this machine only);
                  on any other, the tap and /api need the token the proxy prints
  --allow-host N  a host name browsers and clients may use for the proxy besides IP
                  addresses and localhost (repeatable); other names get 403
Every path but /tap goes to the target; the explorer UI is at / and its Live view
shows each session: the client's request, the one sent to the target, the
response, the frames and the close.
`;

/** The Live view's link in the explorer UI (explorer-ui/src/app/views.ts: #/<id>). */
const LIVE_VIEW_HASH = '#/live';

export interface ProxyArgs {
  port: number;
  target: ProxyTarget;
  host: string;
  insecure: boolean;
  /** --ca: the file's path. */
  caFile: string | null;
  allowHosts: string[];
}

/** Reads the arguments; a string is the usage error to print. */
export function parseProxyArgs(args: string[]): ProxyArgs | string {
  let port: number | null = null;
  let target: ProxyTarget | null = null;
  const parsed = { host: DEFAULT_HOST, insecure: false, caFile: null as string | null, allowHosts: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? splitOnce(args[i]) : [args[i], undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '--listen': {
        const text = value();
        if (text === undefined || !/^\d+$/.test(text) || Number(text) > 65535) return `--listen takes a port, 0–65535 (0 picks a free one), not ${text === undefined ? 'nothing' : `"${text}"`}`;
        port = Number(text);
        break;
      }
      case '--target': {
        const text = value();
        if (text === undefined) return '--target needs a ws:// or wss:// URL';
        const read = parseProxyTarget(text);
        if (typeof read === 'string') return read;
        target = read;
        break;
      }
      case '--host': {
        const host = value();
        if (!host) return '--host needs an address';
        parsed.host = host;
        break;
      }
      case '--ca': {
        const file = value();
        if (!file) return '--ca needs a file of PEM certificates';
        parsed.caFile = file;
        break;
      }
      case '--allow-host': {
        const name = value();
        if (!name || !/^[A-Za-z0-9.-]+$/.test(name)) return `--allow-host takes a host name, not ${name === undefined ? 'nothing' : `"${name}"`}`;
        parsed.allowHosts.push(name);
        break;
      }
      case '--insecure':
        if (inline !== undefined) return '--insecure takes no value';
        parsed.insecure = true;
        break;
      default:
        return `unknown argument "${args[i]}"`;
    }
  }
  if (port === null) return '--listen P is required: the port clients connect to (0 picks a free one)';
  if (target === null) return '--target URL is required: the ws:// or wss:// server to forward to';
  if (!target.secure && (parsed.insecure || parsed.caFile)) return `${parsed.insecure ? '--insecure' : '--ca'} is for a wss:// target; ${target.url} is not one`;
  return { port, target, ...parsed };
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

/** The built UI's directory, built first when missing or older than its sources (as `wsx serve` does). */
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
  const parsed = parseProxyArgs(args);
  if (typeof parsed === 'string') {
    await writeError(`wsx proxy: ${parsed}\n${USAGE}`);
    return 2;
  }
  let ca: Buffer | undefined;
  if (parsed.caFile) {
    try {
      ca = readFileSync(parsed.caFile);
    } catch (error) {
      await writeError(`wsx proxy: cannot read --ca ${parsed.caFile}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  const ui = await prepareUi();
  if (ui.note) await writeError(`wsx proxy: ${ui.note}\n`);

  let server: ExplorerServer;
  let proxy: WebSocketProxy;
  try {
    ({ server, proxy } = createProxyServer({
      target: parsed.target,
      insecure: parsed.insecure,
      ca,
      host: parsed.host,
      port: parsed.port,
      uiDir: ui.dir,
      allowHosts: parsed.allowHosts,
      log: (line) => process.stderr.write(`${line}\n`),
    }));
  } catch (error) {
    await writeError(`wsx proxy: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  let address: { url: string };
  try {
    address = await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${parsed.port} is in use (try --listen 0 for a free one)` : error instanceof Error ? error.message : String(error);
    await writeError(`wsx proxy: cannot listen on ${parsed.host}:${parsed.port}: ${why}\n`);
    await server.close({ timeoutMs: 100 });
    return 1;
  }

  if (parsed.insecure) {
    await writeError(
      `wsx proxy: WARNING (--insecure): the certificate of ${parsed.target.url} is NOT verified, nor its host name;\n` +
        `wsx proxy: WARNING: anyone on the way to the target can read and change every session. Test machines only.\n`,
    );
  }
  const wsBase = address.url.replace(/^http/, 'ws');
  const token = server.token === null ? '' : `?token=${server.token}`;
  const where = parsed.target.path === null ? 'each client’s own path' : `${parsed.target.path} whatever the client asks for`;
  const lines = [
    `WebSocket Explorer proxy on ${address.url}/ → ${parsed.target.url}`,
    `  clients connect to ${wsBase}/PATH (every path but /tap; to the target it goes as ${where})`,
    `  watch the sessions live: ${address.url}/${token}${LIVE_VIEW_HASH}`,
    ...(isLoopbackHost(parsed.host) ? [] : [`  beyond this machine, the tap and /api need the token: ${server.token}`]),
    '  Ctrl-C stops the proxy (every session is sent 1001 going away, on both sides)',
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
  await writeError(`wsx proxy: ${signal}: closing ${proxy.sessionCount} session(s) with 1001\n`);
  await server.close();
  return 0;
}

// The explorer's server: one node:http server that serves the UI (or a plain
// page listing the endpoints), the demo pages (files in demos/pages/, see
// demos/pages.ts), and the WebSocket endpoints through the Upgrader: /echo,
// /chat, /filewatch, /command (only when the operator names a command;
// without one, its page says how to turn it on), /many, and /tap, which
// streams every other session's bytes to the UI. For wsx proxy it mounts
// only /tap and hands every other upgrade to the proxy (`forward`).
//
// Bounds a peer cannot lift: the request head size (431, RFC 6585 5), the
// handshake clock, unfinished handshakes, open connections, and per
// connection everything in socket-connection.ts. Shutdown is graceful: new
// upgrades are refused and every open connection gets 1001 "going away"
// (RFC 6455 7.4.1).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { evaluateUpgrade, refusal, WEBSOCKET_VERSION } from '../engine/handshake';
import { headerValues } from '../engine/http-message';
import { TAP_PATH } from '../engine/tap-messages';
import { createChatRoute, type ChatOptions } from './demos/chat';
import { createCommandRoute, type CommandOptions } from './demos/command';
import { createFilewatchRoute, type FilewatchOptions } from './demos/filewatch';
import { createManyClientsRoute, type ManyClientsOptions } from './demos/many-clients';
import { DEMO_ASSET_PREFIX, DEMO_PAGES, FAVICON_PATH, readDemoAsset, readDemoPage, type DemoPageFile } from './demos/pages';
import { createEchoRoute, type EchoOptions } from './echo';
import type { SocketConnection } from './socket-connection';
import { AccessPolicy, isLoopbackAddress } from './access-policy';
import { FrameLab, handleLabRequest } from './frame-lab';
import { ConformanceApi, handleConformRequest } from './conformance/api';
import type { RateLimit } from './token-bucket';
import { Tap, type TapOptions } from './tap';
import { Upgrader, toHttpRequest, type Route, type UpgradeFallback, type UpgraderOptions } from './upgrader';

export const DEFAULT_HOST = '127.0.0.1';
/** Everything under it describes the server, so it needs the token on a non-loopback bind. */
const API_PREFIX = '/api/';
/** WebSocket endpoints that show other people's sessions. */
const PROTECTED_WEBSOCKET_PATHS = new Set([TAP_PATH]);
const COMMAND_PATH = '/command';
const COMMAND_DESCRIPTION = "runs the operator's command: stdin and stdout over WebSocket";
export const DEFAULT_PORT = 8080;
/** Request head bound, headers and request line together; larger → 431. */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

export interface EndpointInfo {
  /** WebSocket path, e.g. '/echo'. */
  path: string;
  /** A page that talks to it, when there is one. */
  page: string | null;
  description: string;
}

export interface ExplorerServerOptions {
  host?: string;
  /** Host names the server answers to besides IP literals, localhost and the bound name (--allow-host). */
  allowHosts?: string[];
  /** The token that guards the tap and the API on a non-loopback bind; random when absent. */
  token?: string;
  /** 0 picks a free port. */
  port?: number;
  /** ws:// URLs the frame lab may send to besides this server's own endpoints (--lab-target). */
  labTargets?: string[];
  /** The frame lab's per-address rate (tests slow its refill down to count exactly). */
  labRateLimit?: RateLimit;
  /** Directory of the built UI served at '/'; absent → a plain page listing the endpoints. */
  uiDir?: string | null;
  /** `--command CMD ARGS…`: mounts /command. Off unless given. */
  command?: { command: string; args?: string[] } | null;
  /** `--watch FILE` for /filewatch. */
  watchFile?: string;
  /** Bytes allowed in a request head before 431. Default 16 KiB. */
  maxHeaderBytes?: number;
  upgrader?: Omit<UpgraderOptions, 'tap' | 'untappedPaths' | 'fallback'>;
  tap?: TapOptions;
  echo?: EchoOptions;
  chat?: ChatOptions;
  filewatch?: Omit<FilewatchOptions, 'file'>;
  many?: ManyClientsOptions;
  commandOptions?: Omit<CommandOptions, 'command' | 'args' | 'port'>;
  /** Mount the demos (/chat, /filewatch, /many, /command). Default true. */
  demos?: boolean;
  /** Extra routes, e.g. for tests. */
  routes?: Route[];
  /**
   * wsx proxy (server/proxy.ts): takes every upgrade to a path other than
   * the tap's, after the Host check. The server then mounts no demo, /echo
   * included, so each of the target's paths reaches the target.
   */
  forward?: UpgradeFallback;
  /** Where to report things worth a line (the demo file's path…). Default stderr. */
  log?: (line: string) => void;
}

export interface ExplorerServer {
  readonly http: Server;
  readonly upgrader: Upgrader;
  readonly tap: Tap;
  readonly endpoints: EndpointInfo[];
  /** What the tap and the API need on a non-loopback bind; null on loopback. */
  readonly token: string | null;
  /** Starts listening; resolves with where. */
  listen(): Promise<{ host: string; port: number; url: string }>;
  /** The address once listening. */
  readonly port: number | null;
  readonly url: string | null;
  /** Graceful shutdown: 1001 to every WebSocket, then the HTTP server closes. Idempotent. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function createExplorerServer(options: ExplorerServerOptions = {}): ExplorerServer {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tap = new Tap(options.tap);
  const access = new AccessPolicy({ bindHost: host, allowHosts: options.allowHosts, token: options.token });
  const upgrader = new Upgrader({
    ...options.upgrader,
    tap,
    untappedPaths: [TAP_PATH],
    fallback: options.forward ?? null,
    admit: (request, url) =>
      access.checkHost(headerValues(request.headers, 'host')[0]) ?? (PROTECTED_WEBSOCKET_PATHS.has(url.pathname) ? access.checkToken(url, headerValues(request.headers, 'authorization')[0]) : null),
  });
  const endpoints: EndpointInfo[] = [];
  /** Demo page path → its HTML file in demos/pages/. */
  const pages = new Map<string, DemoPageFile>();
  let listeningPort: number | null = null;
  const lab = new FrameLab({
    // The lab dials this very server; on a wildcard bind, through loopback.
    ownBase: () => (listeningPort === null ? null : `ws://${formatHost(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host)}:${listeningPort}`),
    ownPaths: () => upgrader.paths.filter((path) => path !== TAP_PATH),
    allowedTargets: options.labTargets,
    rateLimit: options.labRateLimit,
  });
  // The conformance suite may target what the frame lab may: this server's endpoints, and --lab-target URLs.
  const conformance = new ConformanceApi({ targets: () => lab.targets() });

  const mount = (route: Route, description: string, page?: { path: string; file: DemoPageFile }) => {
    upgrader.addRoute(route);
    endpoints.push({ path: route.path, page: page?.path ?? null, description });
    if (page) pages.set(page.path, page.file);
  };

  const forwarding = options.forward !== undefined;
  if (!forwarding) mount(createEchoRoute(options.echo), 'echoes every message: text stays text, binary stays binary (the conformance target)', DEMO_PAGES.echo);
  if (!forwarding && (options.demos ?? true)) {
    mount(createChatRoute(options.chat), 'chat room: a hub that evicts a client whose send queue is full', DEMO_PAGES.chat);
    mount(createFilewatchRoute({ ...options.filewatch, file: options.watchFile, log }), 'pushes a file whenever it changes', DEMO_PAGES.filewatch);
    if (options.command) {
      const { command, args } = options.command;
      mount(
        createCommandRoute({ ...options.commandOptions, command, args: args ?? [], port: () => listeningPort }),
        `runs ${[command, ...(args ?? [])].join(' ')}: stdin and stdout over WebSocket`,
        DEMO_PAGES.command,
      );
    } else {
      // No endpoint, but a page that says how to start the server with one.
      pages.set(DEMO_PAGES.commandOff.path, DEMO_PAGES.commandOff.file);
    }
    mount(createManyClientsRoute(options.many), 'many idle clients at once (the buffer-pool example)', DEMO_PAGES.many);
  }
  for (const route of options.routes ?? []) mount(route, 'test route');
  mount(createTapRoute(tap), 'the tap: every session’s bytes, live, as JSON (engine/tap-messages.ts)');

  const uiDir = options.uiDir ? resolve(options.uiDir) : null;
  const handshakeTimeoutMs = options.upgrader?.handshakeTimeoutMs ?? 10_000;
  const server = createServer(
    {
      maxHeaderSize: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
      // node:http's own clock for requests after the first on a keep-alive
      // connection; the Upgrader's clock covers the first.
      headersTimeout: handshakeTimeoutMs,
      requestTimeout: Math.max(handshakeTimeoutMs, 30_000),
      connectionsCheckingInterval: Math.min(handshakeTimeoutMs, 1_000),
    },
    (request, response) => {
      handleRequest(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendText(response, 500, 'internal error');
        else response.destroy();
        log(`http: ${request.url}: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
  );
  upgrader.attach(server);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // node:http found the head malformed or too big; answer with the
    // engine's refusal so the explanation is the same everywhere.
    if (!socket.writable || socket.destroyed) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? `the request head is over ${options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES} bytes` : `bad request (${error.code ?? error.message})`;
    socket.end(refusal(status, reason).responseBytes);
    setTimeout(() => socket.destroy(), 1_000).unref();
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const refused = access.checkHost(request.headers.host) ?? (path.startsWith(API_PREFIX) ? access.checkToken(url, request.headers.authorization) : null);
    if (refused) return sendText(response, refused.status, `${refused.reason}\n`);
    if (upgrader.routeFor(path)) return explainNotUpgraded(request, response);
    if (path === `${API_PREFIX}lab`) return handleLabRequest(lab, request, response);
    if (path === `${API_PREFIX}conform`) return handleConformRequest(conformance, request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'method not allowed');
    }
    const page = pages.get(path);
    if (page) {
      const { contentType, body } = await readDemoPage(page);
      return send(response, 200, contentType, body);
    }
    // The pages' scripts and stylesheet, and the favicon, which the built UI links to as well.
    if (path === FAVICON_PATH || path.startsWith(DEMO_ASSET_PREFIX)) {
      const asset = await readDemoAsset(path);
      if (asset) return send(response, 200, asset.contentType, asset.body);
    }
    if (path === `${API_PREFIX}endpoints`) return send(response, 200, CONTENT_TYPES['.json'], JSON.stringify(endpointsFor(endpoints, request.socket.remoteAddress)));
    if (uiDir) {
      if (await serveStatic(uiDir, path, response)) return;
      // A client-side route of the single-page app.
      if (!extname(path) && (await serveStatic(uiDir, '/index.html', response))) return;
    } else if (path === '/' || path === '/index.html') {
      return send(response, 200, CONTENT_TYPES['.html'], endpointListPage(endpoints));
    }
    sendText(response, 404, `nothing at ${path}`);
  }

  /** A plain GET to a WebSocket endpoint: say which upgrade check it failed (RFC 6455 4.2.1). */
  function explainNotUpgraded(request: IncomingMessage, response: ServerResponse): void {
    const verdict = evaluateUpgrade(toHttpRequest(request), {});
    const status = verdict.accepted ? 426 : verdict.status;
    const reason = verdict.accepted ? 'this is a WebSocket endpoint' : verdict.reason;
    response.setHeader('Upgrade', 'websocket');
    response.setHeader('Sec-WebSocket-Version', WEBSOCKET_VERSION);
    sendText(response, status, `${reason}\n`);
  }

  let closing: Promise<void> | null = null;
  const explorer: ExplorerServer = {
    http: server,
    upgrader,
    tap,
    endpoints,
    token: access.token,
    get port() {
      return listeningPort;
    },
    get url() {
      return listeningPort === null ? null : `http://${formatHost(host)}:${listeningPort}`;
    },
    listen() {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? DEFAULT_PORT, host, () => {
          server.off('error', reject);
          listeningPort = (server.address() as AddressInfo).port;
          resolveListen({ host, port: listeningPort, url: explorer.url! });
        });
      });
    },
    close({ timeoutMs = 5_000 } = {}) {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        server.closeIdleConnections();
        const deadline = new Promise<void>((resolveDeadline) => setTimeout(resolveDeadline, timeoutMs).unref());
        await Promise.race([upgrader.shutdown('server shutting down'), deadline]);
        server.closeIdleConnections();
        for (const connection of upgrader.connections) connection.terminate('shutdown timeout');
        await Promise.race([stopped, deadline]);
        server.closeAllConnections();
      })();
      return closing;
    },
  };
  return explorer;
}

/** The /tap endpoint: each subscriber gets the tap's messages as text frames. */
function createTapRoute(tap: Tap): Route {
  return {
    path: TAP_PATH,
    accept(connection: SocketConnection) {
      const replay = connection.url.searchParams.get('replay') !== '0';
      const unsubscribe = tap.subscribe(
        {
          deliver: (json) => {
            connection.sendText(json).catch(() => {});
          },
          queuedBytes: () => connection.bufferedAmount,
          // The tap names the code: 1013 when it has no room for another
          // viewer, 1008 when this one did not keep up.
          drop: (reason, code) => {
            connection.close(code, reason.slice(0, 120)).catch(() => {});
          },
        },
        // Counted per address, so one peer cannot take every viewer slot.
        { replay, address: connection.remoteAddress },
      );
      if (unsubscribe) connection.onClose(unsubscribe);
    },
  };
}

/** The command line is the operator's business: a peer beyond loopback learns that the command demo runs, not what it runs. */
export function endpointsFor(endpoints: readonly EndpointInfo[], peerAddress: string | undefined): EndpointInfo[] {
  if (isLoopbackAddress(peerAddress)) return [...endpoints];
  return endpoints.map((e) => (e.path === COMMAND_PATH ? { ...e, description: COMMAND_DESCRIPTION } : e));
}

async function serveStatic(root: string, urlPath: string, response: ServerResponse): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (decoded.includes('\0')) return false;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = resolve(root, normalize(`.${sep}${relative}`));
  // Never outside the UI directory, whatever ../ or encoded tricks the path holds.
  if (file !== root && !file.startsWith(root + sep)) return false;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    const body = await readFile(file);
    send(response, 200, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', body);
    return true;
  } catch {
    return false;
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    // No other site may frame the explorer or a demo (clickjacking a teacher's tap).
    'Content-Security-Policy': "frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, CONTENT_TYPES['.txt'], text);
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What '/' shows until the UI is built. */
export function endpointListPage(endpoints: EndpointInfo[]): string {
  const items = endpoints
    .map((e) => {
      const page = e.page ? ` — <a href="${escapeHtml(e.page)}">open the demo page</a>` : '';
      return `<li><code>ws://HOST${escapeHtml(e.path)}</code>: ${escapeHtml(e.description)}${page}</li>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>WebSocket Explorer</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<link rel="stylesheet" href="${DEMO_ASSET_PREFIX}demo.css">
</head>
<body>
<main>
<h1>WebSocket Explorer</h1>
<p>The explorer UI is not built yet; these WebSocket endpoints are live on this server (HOST is the address in your address bar):</p>
<ul class="endpoints">
${items}
</ul>
<p>Every session's bytes, handshake included, stream as JSON from <code>${escapeHtml(TAP_PATH)}</code>.</p>
</main>
</body>
</html>
`;
}

// For the CLI and tests that need the repository layout.
export const REPOSITORY_ROOT = resolve(import.meta.dirname, '..');
export const UI_SOURCE_DIR = join(REPOSITORY_ROOT, 'explorer-ui');

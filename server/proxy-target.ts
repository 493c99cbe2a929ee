// Where `wsx proxy` forwards (its --target), and the upgrade request it
// sends there: the client's own, changed only where the target must see
// something else.

import type { HttpRequest } from '../engine/http-message';
import { requestUrl } from './upgrader';

export interface ProxyTarget {
  /** The target as URL writes it: "ws://127.0.0.1:9000/chat". */
  url: string;
  /** wss:// (RFC 6455 3): TLS first, then the handshake. */
  secure: boolean;
  /** What to connect to: a name, or an IP address (IPv6 without brackets). */
  hostname: string;
  port: number;
  /** The Host field for the target (RFC 9112 3.2): host, and the port unless it is the scheme's default. */
  authority: string;
  /** The request target every upgrade goes to; null when --target has no path (or just '/'): then each client's own. */
  path: string | null;
}

const DEFAULT_PORTS: Record<string, number> = { 'ws:': 80, 'wss:': 443 };

/** Reads --target; a string is what is wrong with it. */
export function parseProxyTarget(text: string): ProxyTarget | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `--target takes a ws:// or wss:// URL, not ${JSON.stringify(text)}`;
  }
  if (!(url.protocol in DEFAULT_PORTS)) {
    return `--target must be ws:// or wss:// (the proxy speaks WebSocket to its target), not ${url.protocol}// in ${JSON.stringify(text)}`;
  }
  if (!url.hostname) return `--target ${JSON.stringify(text)} names no host`;
  if (url.username || url.password) return `--target ${JSON.stringify(text)} carries credentials; the proxy forwards the client's own headers instead`;
  // RFC 6455 3: "Fragment identifiers are meaningless in the context of WebSocket URIs and MUST NOT be used".
  if (url.hash) return `--target ${JSON.stringify(text)} has a fragment (#…), which a WebSocket URI must not have (RFC 6455 3)`;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  if (port === 0) return `--target ${JSON.stringify(text)} names port 0, which nothing listens on`;
  const ownPath = url.pathname === '/' && url.search === '' ? null : `${url.pathname}${url.search}`;
  return {
    url: url.href,
    secure: url.protocol === 'wss:',
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    authority: url.host,
    path: ownPath,
  };
}

/**
 * The request target to send upstream: --target's path and query when it
 * has one, else the client's path and query, in origin-form (RFC 9112
 * 3.2.1) even when the client used absolute-form (3.2.2).
 */
export function upstreamRequestTarget(clientTarget: string, target: ProxyTarget): string {
  if (target.path !== null) return target.path;
  if (clientTarget.startsWith('/')) return clientTarget;
  const url = requestUrl(clientTarget);
  return url ? `${url.pathname}${url.search}` : '/';
}

const LF = 0x0a;

/**
 * The client's upgrade request head as the proxy sends it on: the same
 * bytes, but for the request line's target (upstreamRequestTarget) and the
 * Host field, which must name the target (RFC 9112 3.2: Host carries the
 * target URI's authority; RFC 9110 7.2). Field names keep their case, line
 * endings and the other fields stay as sent, Origin included (RFC 6455
 * 10.2: the target judges where the page came from, not the proxy), so the
 * two versions differ only where they must. Every Host line is rewritten
 * (a request with two is the target's to refuse, RFC 9112 3.2); a request
 * without one gets one, after the request line.
 *
 * `head` is the request head the engine's parser read as `request`
 * (server/raw-capture.ts), from its request line through the blank line.
 */
export function rewriteUpgradeRequest(head: Uint8Array, request: HttpRequest, target: ProxyTarget): Uint8Array {
  const lines = splitLines(head);
  const requestLineEnd = lineEnding(lines[0]);
  const out: string[] = [`${request.method} ${upstreamRequestTarget(request.target, target)} ${request.version}${requestLineEnd}`];
  let sawHost = false;
  let inReplacedField = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const content = line.slice(0, line.length - lineEnding(line).length);
    if (content === '') {
      if (!sawHost) out.splice(1, 0, `Host: ${target.authority}${requestLineEnd}`);
      out.push(...lines.slice(i));
      break;
    }
    // obs-fold (RFC 9112 5.2): a line starting with whitespace continues the field above.
    const continuation = content[0] === ' ' || content[0] === '\t';
    if (continuation && inReplacedField) continue;
    const colon = content.indexOf(':');
    if (!continuation && colon > 0 && content.slice(0, colon).toLowerCase() === 'host') {
      const spaceBeforeValue = /^[ \t]*/.exec(content.slice(colon + 1))![0];
      out.push(`${content.slice(0, colon + 1)}${spaceBeforeValue}${target.authority}${lineEnding(line)}`);
      sawHost = true;
      inReplacedField = true;
      continue;
    }
    if (!continuation) inReplacedField = false;
    out.push(line);
  }
  return new Uint8Array(Buffer.from(out.join(''), 'latin1'));
}

/** The head's lines, each with its own ending (CRLF, or a bare LF, which RFC 9112 2.2 lets a recipient accept), as Latin-1 text. */
function splitLines(head: Uint8Array): string[] {
  const lines: string[] = [];
  for (let start = 0; start < head.length; ) {
    const lf = head.indexOf(LF, start);
    const end = lf === -1 ? head.length : lf + 1;
    lines.push(Buffer.from(head.buffer, head.byteOffset + start, end - start).toString('latin1'));
    start = end;
  }
  return lines;
}

function lineEnding(line: string): string {
  return line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
}

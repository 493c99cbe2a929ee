// wsx proxy: the explorer between any WebSocket client and any WebSocket
// server the operator names, so a person can watch their own app's traffic
// in the Live view. One explorer server (http-app.ts) serves the UI, /api
// and /tap as `wsx serve` does, under the same access rules, and hands every
// other upgrade to a WebSocketProxy, which forwards it to the target
// (proxy-session.ts: one session; proxy-target.ts: the target and the
// rewritten request; proxy-dial.ts: TCP or TLS to it; frame-watch.ts: close
// frames seen on the way; gateway-response.ts: its own 502/503/504).
//
// The proxy is a gateway in RFC 9110's sense (3.7: it acts as the origin
// server for its clients and forwards inbound). It adds no Via field (RFC
// 9110 7.6.3 asks a gateway for one): the point is to show the target the
// client's request as the client sent it, Host aside.

import type { SecureContextOptions } from 'node:tls';
import { createExplorerServer, type ExplorerServer, type ExplorerServerOptions } from './http-app';
import { parseProxyTarget, type ProxyTarget } from './proxy-target';
import { HeldBytesBudget } from './held-bytes-budget';
import { ProxySession, type ProxyLimits, type ProxyShared } from './proxy-session';
import type { HandedOverUpgrade, UpgradeFallback } from './upgrader';

export { parseProxyTarget, type ProxyTarget } from './proxy-target';

export interface ProxyOptions extends Partial<ProxyLimits> {
  /** ws:// or wss:// (a string is read with parseProxyTarget, which throws RangeError when it is neither). */
  target: ProxyTarget | string;
  /** Skip verifying a wss:// target's certificate and host name (--insecure). */
  insecure?: boolean;
  /** CAs to trust for a wss:// target instead of Node's bundled ones, PEM (--ca FILE). */
  ca?: SecureContextOptions['ca'];
  /** Sessions at once; the next client gets 503. Default 1000. */
  maxSessions?: number;
  /**
   * Memory all sessions' close-frame watches may hold together for frames
   * still arriving; past it a watch stops following its stream (forwarding
   * goes on). Default 128 MiB.
   */
  maxWatchedBytes?: number;
}

export const PROXY_DEFAULTS: ProxyLimits & { maxSessions: number; maxWatchedBytes: number } = {
  handshakeTimeoutMs: 10_000,
  maxResponseHeadBytes: 16 * 1024,
  maxResponseHeaderCount: 100,
  // Longer than any keepalive period worth having (browsers and gorilla's
  // examples ping well within a minute), short enough that abandoned
  // sessions do not pile up.
  idleTimeoutMs: 5 * 60_000,
  maxBufferedBytes: 1024 * 1024,
  closeTimeoutMs: 5_000,
  maxWatchedFrameBytes: 16 * 1024 * 1024,
  maxSessions: 1000,
  maxWatchedBytes: 128 * 1024 * 1024,
};

/** Forwards the upgrades the explorer server hands it (its `forward` option) to one target. */
export class WebSocketProxy implements UpgradeFallback {
  readonly target: ProxyTarget;
  private readonly shared: ProxyShared;
  private readonly maxSessions: number;
  private readonly sessions = new Set<ProxySession>();
  private closing: Promise<void> | null = null;

  constructor(options: ProxyOptions) {
    const target = typeof options.target === 'string' ? parseProxyTarget(options.target) : options.target;
    if (typeof target === 'string') throw new RangeError(target);
    this.target = target;
    const { target: _target, insecure, ca, maxSessions, maxWatchedBytes, ...limits } = options;
    const { maxSessions: _sessions, maxWatchedBytes: _watched, ...defaultLimits } = PROXY_DEFAULTS;
    this.shared = {
      tls: { insecure: insecure ?? false, ca },
      limits: { ...defaultLimits, ...definedOnly(limits) },
      watchBudget: new HeldBytesBudget(maxWatchedBytes ?? PROXY_DEFAULTS.maxWatchedBytes),
    };
    this.maxSessions = maxSessions ?? PROXY_DEFAULTS.maxSessions;
  }

  /** Sessions being forwarded now (handshakes included). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Memory the close-frame watches hold for frames still arriving. */
  get watchedBytes(): number {
    return this.shared.watchBudget.used;
  }

  /** Bytes waiting to be written over all sessions: what backpressure keeps small. */
  get bufferedBytes(): number {
    let total = 0;
    for (const session of this.sessions) total += session.bufferedBytes;
    return total;
  }

  accept(upgrade: HandedOverUpgrade): void {
    const session = new ProxySession(upgrade, this.target, this.shared);
    this.sessions.add(session);
    void session.done.then(() => this.sessions.delete(session));
    if (this.closing) return session.refuse(503, 'the proxy is shutting down');
    if (this.sessions.size > this.maxSessions) {
      return session.refuse(503, `the proxy holds its maximum of ${this.maxSessions} sessions`, [{ name: 'Retry-After', value: '5' }]);
    }
    session.start();
  }

  /**
   * Ends every session with 1001 Going Away (RFC 6455 7.4.1), the client's
   * side and the target's, and resolves once all are closed; a side that
   * does not close within `closeTimeoutMs` is dropped. Idempotent.
   */
  close(reason = 'proxy shutting down'): Promise<void> {
    this.closing ??= (async () => {
      const sessions = [...this.sessions];
      for (const session of sessions) session.goAway(reason);
      await Promise.all(sessions.map((session) => session.done));
    })();
    return this.closing;
  }
}

export interface ProxyServerOptions extends ProxyOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built UI, served at '/'. */
  uiDir?: string | null;
  allowHosts?: string[];
  token?: string;
  tap?: ExplorerServerOptions['tap'];
  upgrader?: ExplorerServerOptions['upgrader'];
  log?: (line: string) => void;
}

/** The explorer server with the proxy behind it: the UI, /api and /tap as `wsx serve` serves them, every other upgrade to the target. */
export function createProxyServer(options: ProxyServerOptions): { server: ExplorerServer; proxy: WebSocketProxy } {
  const { host, port, uiDir, allowHosts, token, tap, upgrader, log, ...proxyOptions } = options;
  const proxy = new WebSocketProxy(proxyOptions);
  const server = createExplorerServer({ host, port, uiDir, allowHosts, token, tap, upgrader, log, forward: proxy });
  return { server, proxy };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

// The page's subscription to the tap: first a look at /api/endpoints (which
// says whether an explorer server is there, whether it wants a token, and
// which endpoints the Connect panel may offer), then a WebSocket on /tap.
// When the tap drops this page (1008: it did not read fast enough; 1013:
// too many viewers) or the connection goes, it comes back with back-off; the
// replay that follows fills in what the tap still has, and the model marks
// what it no longer has as gaps.

import type { ServerAbsence } from '../../i18n/server-absence';
import { reconnectDelayMs, tapAddress, type PageAddress } from './tap-address';

export interface EndpointInfo {
  path: string;
  page: string | null;
  description: string;
}

/** A subscription that lasted this long was healthy: the next reconnect starts its back-off afresh. */
const HEALTHY_MS = 10_000;

export type TapStatus =
  /** Opened from disk: there is no server to ask. */
  | { kind: 'static' }
  | { kind: 'probing' }
  /** Nothing at /api/endpoints that looks like the explorer's server (a static host, or the server is down). */
  | { kind: 'no-server'; detail: ServerAbsence; retryInMs: number }
  /** 401: the server listens beyond loopback and the page address has no (or a wrong) ?token=. */
  | { kind: 'token'; given: boolean }
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; why: TapDrop; retryInMs: number };

/** Why a subscription to the tap ended, from its close code (said in the reader's language by the notice). */
export type TapDrop =
  | { kind: 'refused' | 'lost' }
  | { kind: 'slow' | 'full' | 'going-away' | 'closed'; code: number; reason: string };

export interface TapConnectionEvents {
  status(status: TapStatus): void;
  endpoints(endpoints: EndpointInfo[]): void;
  message(text: string): void;
  /** A subscription ended after it was open: the next one replays, and gaps show what was lost. */
  interrupted(why: TapDrop): void;
}

export class TapConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  constructor(
    private readonly page: PageAddress,
    private readonly on: TapConnectionEvents,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.probe();
  }

  private async probe(): Promise<void> {
    const address = tapAddress(this.page);
    if (address.kind === 'no-server') {
      this.on.status({ kind: 'static' });
      return;
    }
    this.on.status({ kind: 'probing' });
    let response: Response;
    try {
      response = await fetch(address.endpointsUrl, { cache: 'no-store' });
    } catch {
      return this.retryProbe({ kind: 'silent' });
    }
    if (response.status === 401) {
      this.on.status({ kind: 'token', given: address.token !== null });
      return;
    }
    const endpoints = response.ok ? await response.json().catch(() => null) : null;
    if (!Array.isArray(endpoints)) return this.retryProbe({ kind: 'unexpected', path: `${address.origin}/api/endpoints`, status: response.status, expected: 'endpoints' });
    this.on.endpoints(endpoints.filter(isEndpointInfo));
    this.connect(address.tapUrl);
  }

  private retryProbe(detail: ServerAbsence): void {
    const retryInMs = reconnectDelayMs(this.attempt++);
    this.on.status({ kind: 'no-server', detail, retryInMs });
    this.timer = setTimeout(() => void this.probe(), retryInMs);
  }

  private connect(url: string): void {
    this.on.status({ kind: 'connecting' });
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    let openedAt = 0;
    socket.onopen = () => {
      opened = true;
      openedAt = Date.now();
      this.on.status({ kind: 'open' });
    };
    // Receiving only queues the text: reading it is the ingest queue's work, in slices.
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.on.message(event.data);
    };
    socket.onclose = (event) => {
      this.socket = null;
      const why = tapDrop(event.code, event.reason, opened);
      if (opened) this.on.interrupted(why);
      // Dropped again and again (a page that cannot keep up): the waits grow; after a long healthy run they start over.
      if (opened && Date.now() - openedAt >= HEALTHY_MS) this.attempt = 0;
      const retryInMs = reconnectDelayMs(this.attempt++);
      this.on.status({ kind: 'reconnecting', why, retryInMs });
      // A refused upgrade looks like 1006 before open: ask /api/endpoints again, it says 401 or 404 plainly.
      this.timer = setTimeout(() => (opened ? this.connect(url) : void this.probe()), retryInMs);
    };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = null;
    this.started = false;
  }
}

function tapDrop(code: number, reason: string, opened: boolean): TapDrop {
  if (!opened) return { kind: 'refused' };
  switch (code) {
    case 1008:
      return { kind: 'slow', code, reason };
    case 1013:
      return { kind: 'full', code, reason };
    case 1001:
      return { kind: 'going-away', code, reason };
    case 1006:
      return { kind: 'lost' };
    default:
      return { kind: 'closed', code, reason };
  }
}

function isEndpointInfo(value: unknown): value is EndpointInfo {
  return typeof value === 'object' && value !== null && typeof (value as EndpointInfo).path === 'string';
}

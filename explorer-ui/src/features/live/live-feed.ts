// The Live view's one source of truth in the page: the tap connection, the
// ingest queue that reads its messages in slices, the model they build, and
// the Connect panel's client. It outlives the view (switch to the decoder
// and back, and the sessions are still there) and tells React when to draw
// again, at most once an animation frame, however many frames arrive.

import { useSyncExternalStore } from 'react';
import { IngestQueue, type SliceHost, browserSliceHost } from './ingest-queue';
import { LiveClient } from './live-client';
import { LiveModel } from './live-model';
import type { PageAddress } from './tap-address';
import { TapConnection, type EndpointInfo, type TapDrop, type TapStatus } from './tap-connection';

/** Interruptions remembered to say why the page reconnected. */
const MAX_INTERRUPTIONS = 10;
/**
 * Redraws come at most this often: a person reads no faster, and each redraw
 * of a 100 000-row list has a cost of its own (the virtual list's offsets).
 */
const REDRAW_INTERVAL_MS = 100;
/** While messages wait to be read (a burst, a replay), redraws make way for reading them. */
const BUSY_REDRAW_INTERVAL_MS = 300;

export interface Interruption {
  at: number;
  why: TapDrop;
}

export class LiveFeed {
  readonly model = new LiveModel();
  readonly queue: IngestQueue;
  readonly client: LiveClient;
  status: TapStatus = { kind: 'probing' };
  endpoints: EndpointInfo[] | null = null;
  readonly interruptions: Interruption[] = [];
  /** Bumped on every redraw: what React compares. */
  version = 0;
  private readonly listeners = new Set<() => void>();
  private redrawPending = false;
  private lastRedraw = 0;
  private connection: TapConnection | null = null;

  constructor(host: SliceHost = browserSliceHost()) {
    this.queue = new IngestQueue(this.model, host, { onProgress: () => this.changed() });
    this.client = new LiveClient(() => this.changed());
  }

  /** Subscribes to the tap of the page's server; does nothing the second time. */
  start(page: PageAddress): void {
    if (this.connection) return;
    this.connection = new TapConnection(page, {
      status: (status) => {
        this.status = status;
        this.changed();
      },
      endpoints: (endpoints) => {
        this.endpoints = endpoints;
        this.changed();
      },
      message: (text) => this.queue.enqueue(text),
      interrupted: (why) => {
        this.interruptions.push({ at: Date.now(), why });
        if (this.interruptions.length > MAX_INTERRUPTIONS) this.interruptions.shift();
        this.changed();
      },
    });
    this.connection.start();
  }

  clear(): void {
    this.model.clear();
    this.interruptions.length = 0;
    this.changed();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    if (this.redrawPending) return;
    this.redrawPending = true;
    const interval = this.queue.pending > 0 ? BUSY_REDRAW_INTERVAL_MS : REDRAW_INTERVAL_MS;
    const wait = Math.max(0, this.lastRedraw + interval - performance.now());
    // A timer, not an animation frame: a hidden tab gets no frames, and its status should still be right when shown.
    setTimeout(() => {
      this.redrawPending = false;
      this.lastRedraw = performance.now();
      this.version++;
      for (const listener of this.listeners) listener();
    }, wait);
  }
}

let feed: LiveFeed | null = null;

/** The page's feed, made on first use. */
export function liveFeed(): LiveFeed {
  feed ??= new LiveFeed();
  return feed;
}

/** The feed, and a redraw whenever it changes. */
export function useLiveFeed(): LiveFeed {
  const current = liveFeed();
  useSyncExternalStore(current.subscribe, current.getVersion);
  return current;
}

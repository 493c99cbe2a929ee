// A session `wsx proxy` forwarded to its target carries, in its summary, the
// upgrade request as the target received it (engine/tap-messages.ts
// TapSessionSummary.upstream: the target's URL and the rewritten request
// head as hex). The reader keeps unknown summary fields aside (extra), so
// this reads them from there, and shows nothing special when they are
// absent or shaped otherwise: a tap that does not send them loses nothing.

import { tapHexToBytes } from './tap-hex';

export interface Upstream {
  /** The proxy's target, e.g. "wss://example.com/chat". */
  url: string;
  /** The request head the target received, as text; null when it did not come readable. */
  request: string | null;
}

const latin1 = new TextDecoder('latin1');

export function upstreamOf(extra: Record<string, unknown>): Upstream | null {
  const value = extra.upstream;
  if (typeof value !== 'object' || value === null) return null;
  const { url, requestHex } = value as { url?: unknown; requestHex?: unknown };
  if (typeof url !== 'string') return null;
  const bytes = typeof requestHex === 'string' ? tapHexToBytes(requestHex) : null;
  return { url, request: bytes ? latin1.decode(bytes) : null };
}

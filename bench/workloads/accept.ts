// Sec-WebSocket-Accept (RFC 6455 4.2.2): base64(SHA-1(key + GUID)). Ours is
// the engine's computeAccept, on its own SHA-1 whose steps the explorer
// shows; the peer is node:crypto, which ws uses.

import { createHash } from 'node:crypto';
import { WEBSOCKET_GUID, computeAccept } from '../../engine/accept-key';
import type { Workload } from '../measure';
import { type ContenderId, unknownContender } from './cells';

/** The RFC's sample key, whose accept value is s3pPLMBiTxaQ9kYGzzhZRbK+xOo= (4.2.2). */
const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

export function acceptWorkload(contender: ContenderId): Workload {
  const derive =
    contender === 'ours'
      ? () => computeAccept(SAMPLE_KEY)
      : contender === 'node'
        ? () => createHash('sha1').update(SAMPLE_KEY + WEBSOCKET_GUID).digest('base64')
        : unknownContender('accept', contender);
  // One derivation per op: a unit is a handshake's worth of work.
  return { unitsPerOp: 1, op: () => (derive() === SAMPLE_ACCEPT ? 1 : 0) };
}

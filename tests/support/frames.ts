// Small helpers shared by frame tests: hex in, bytes out; and ws's own
// Receiver as an independent judge of what close code a frame earns.

import { Receiver } from './ws-internals';

/** ws keeps the close code under a private symbol, Symbol('status-code'). */
function statusCodeOf(error: Error): number {
  const symbol = Object.getOwnPropertySymbols(error).find((s) => s.description === 'status-code');
  return symbol ? (error as unknown as Record<symbol, number>)[symbol] : -1;
}

export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * Feeds `bytes` to the `ws` package's Receiver and returns the close code it
 * fails with, or null when it accepts every frame.
 * `isServer` = the receiver is a server, so it expects masked client frames.
 */
export function wsReceiverVerdict(bytes: Uint8Array, isServer: boolean): Promise<number | null> {
  return new Promise((resolve) => {
    const receiver = new Receiver({ isServer, maxPayload: 0 });
    receiver.on('error', (error: Error) => resolve(statusCodeOf(error)));
    receiver.on('conclude', () => undefined);
    receiver.on('message', () => undefined);
    receiver.on('ping', () => undefined);
    receiver.on('pong', () => undefined);
    receiver.write(Buffer.from(bytes), () => setImmediate(() => resolve(null)));
  });
}

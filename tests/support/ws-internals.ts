// The `ws` package's frame-level classes, used as an independent judge of our
// engine. ws exports them at runtime (require('ws').Receiver / .Sender) but
// @types/ws does not declare them, so their few members we use are typed here.

import * as wsModule from 'ws';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

export interface WsReceiver extends Writable {
  on(event: string, listener: (...args: never[]) => void): this;
}

export interface WsFrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
  generateMask?: (mask: Buffer) => void;
}

type Runtime = {
  Receiver: new (options: { isServer: boolean; maxPayload: number; skipUTF8Validation?: boolean }) => WsReceiver;
  Sender: { frame(data: Buffer, options: WsFrameOptions): Buffer[] };
};
// ESM (ws/wrapper.mjs) has them as named exports; a CommonJS interop puts them on the default export.
const named = wsModule as unknown as Partial<Runtime> & { default?: Partial<Runtime> };
const runtime = { Receiver: named.Receiver ?? named.default?.Receiver, Sender: named.Sender ?? named.default?.Sender } as Runtime;

export const Receiver = runtime.Receiver;
export const Sender = runtime.Sender;

/** ws's permessage-deflate (lib/permessage-deflate.js, zlib underneath): an independent compressor and inflater. */
export interface WsPerMessageDeflate {
  /** Takes the offers as ws's own header parser gives them: each value in an array. */
  accept(configurations: Array<Record<string, Array<boolean | string>>>): Record<string, unknown>;
  compress(data: Buffer, fin: boolean, callback: (error: Error | null, result: Buffer) => void): void;
  decompress(data: Buffer, fin: boolean, callback: (error: Error | null, result: Buffer) => void): void;
  cleanup(): void;
}

// Not in ws's "exports": reached by its file path, next to ws's own entry point.
const requireFromHere = createRequire(import.meta.url);
const wsEntry = requireFromHere.resolve('ws');
export const PerMessageDeflate = requireFromHere(join(dirname(wsEntry), 'lib', 'permessage-deflate.js')) as new (
  options: Record<string, unknown>,
  isServer: boolean,
  maxPayload: number,
) => WsPerMessageDeflate;

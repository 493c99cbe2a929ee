// ws's lib/buffer-util.js, which its package exports hide: reached by file
// path next to ws's entry point, as tests/support/ws-internals.ts reaches
// permessage-deflate. It picks bufferutil's native mask and unmask when the
// add-on loads and WS_NO_BUFFER_UTIL is unset when it is first required.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface WsBufferUtil {
  mask(source: Buffer, mask: Buffer, output: Buffer, offset: number, length: number): void;
  unmask(buffer: Buffer, mask: Buffer): void;
}

const requireFromHere = createRequire(import.meta.url);
const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

export function wsBufferUtil(): WsBufferUtil {
  return requireFromHere(join(dirname(requireFromHere.resolve('ws')), 'lib', 'buffer-util.js')) as WsBufferUtil;
}

/** True when this process's ws runs on the native add-on (it is in the module cache once ws chose it). */
export function bufferUtilLoaded(): boolean {
  wsBufferUtil();
  return Object.keys(requireFromHere.cache).some((path) => /[\\/]node_modules[\\/]bufferutil[\\/]/.test(path));
}

/** The installed version of a package in the repository's node_modules. */
export function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

// The filewatch demo: gorilla/websocket's examples/filewatch on our own
// server. Each connection polls the file's modification time; when the file
// changed since the client's `lastMod`, the whole file is sent as one text
// message. A ping goes out every period so an idle viewer is still known to
// be alive (RFC 6455 5.5.2, 5.5.3).
//
// `lastMod` is what gorilla uses: the modification time in nanoseconds since
// the Unix epoch, written in hexadecimal (`strconv.FormatInt(UnixNano, 16)`).
// A missing or unreadable value means "never", so the first poll sends the
// file. Unlike gorilla, the first poll happens as soon as the client
// connects, because our page is static and does not embed the file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Route } from '../upgrader';

/** Gorilla's `filePeriod`: poll the file for changes this often. */
export const FILEWATCH_POLL_INTERVAL_MS = 10_000;
/** Gorilla's `pongWait`. */
export const FILEWATCH_PONG_WAIT_MS = 60_000;
/** Gorilla's `pingPeriod`, 9/10 of the pong wait. */
export const FILEWATCH_PING_PERIOD_MS = (FILEWATCH_PONG_WAIT_MS * 9) / 10;
/** Gorilla's reader `SetReadLimit(512)`: clients have nothing to say but pongs. */
export const FILEWATCH_READ_LIMIT = 512;
/** The whole file goes into one message, so it is bounded. */
export const FILEWATCH_MAX_FILE_BYTES = 1024 * 1024;

export interface FilewatchOptions {
  /** The file to watch (`wsx serve --watch FILE`). Without it a demo file is created in the OS temp directory. */
  file?: string;
  pollIntervalMs?: number;
  pingPeriodMs?: number;
  pongWaitMs?: number;
  /** Largest file sent; a larger one is reported as an error message instead. */
  maxFileBytes?: number;
  /** Where to say the demo file's path; default stderr. */
  log?: (line: string) => void;
}

/** What one poll found. */
export type FilePoll =
  | { kind: 'unchanged' }
  | { kind: 'modified'; content: string; lastModNs: bigint }
  | { kind: 'error'; message: string; lastModNs: bigint };

/** Parse gorilla's `lastMod` query value (hex nanoseconds); anything else is the zero time. */
export function parseLastMod(value: string | null): bigint {
  if (value === null || !/^[0-9a-fA-F]{1,16}$/.test(value)) return 0n;
  return BigInt(`0x${value}`);
}

/** The `lastMod` value a client passes back to say "I have the version from this time". */
export function formatLastMod(lastModNs: bigint): string {
  return lastModNs.toString(16);
}

/**
 * Gorilla's `readFileIfModified`: stat the file, and read it only when its
 * modification time is after `lastModNs`. Reads at most `maxFileBytes` + 1
 * bytes, so a file that grows between stat and read is still bounded.
 */
export async function readFileIfModified(file: string, lastModNs: bigint, maxFileBytes = FILEWATCH_MAX_FILE_BYTES): Promise<FilePoll> {
  let modifiedNs: bigint;
  let size: bigint;
  try {
    const info = await stat(file, { bigint: true });
    modifiedNs = info.mtimeNs;
    size = info.size;
  } catch (error) {
    return { kind: 'error', message: errorMessage(error), lastModNs };
  }
  if (modifiedNs <= lastModNs) return { kind: 'unchanged' };
  if (size > BigInt(maxFileBytes)) {
    return { kind: 'error', message: `${file} is ${size} bytes; the demo sends files up to ${maxFileBytes} bytes`, lastModNs: modifiedNs };
  }
  try {
    const bytes = await readAtMost(file, maxFileBytes + 1);
    if (bytes.length > maxFileBytes) {
      return { kind: 'error', message: `${file} grew past ${maxFileBytes} bytes while being read`, lastModNs: modifiedNs };
    }
    // A text message must be UTF-8 (RFC 6455 5.6); bytes that are not
    // become U+FFFD rather than an invalid frame.
    return { kind: 'modified', content: new TextDecoder().decode(bytes), lastModNs: modifiedNs };
  } catch (error) {
    return { kind: 'error', message: errorMessage(error), lastModNs: modifiedNs };
  }
}

async function readAtMost(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(limit);
    let filled = 0;
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Create the file watched when the operator gave no `--watch`; returns its path. */
export function createDemoWatchFile(directory = tmpdir()): string {
  const folder = mkdtempSync(join(directory, 'wsx-filewatch-'));
  const file = join(folder, 'watch-me.txt');
  writeFileSync(
    file,
    [
      'This is the filewatch demo of the WebSocket Explorer.',
      '',
      `Edit this file: ${file}`,
      'and every open /demo/filewatch page shows the new content within one poll period.',
      'Start the server with --watch FILE to watch a file of your own.',
      '',
    ].join('\n'),
  );
  return file;
}

export interface FilewatchRoute extends Route {
  /** The file being watched. */
  readonly file: string;
  /** True when the route created the file itself (no --watch); close() removes it. */
  readonly isDemoFile: boolean;
}

/** The `/filewatch` endpoint. */
export function createFilewatchRoute(options: FilewatchOptions = {}): FilewatchRoute {
  const isDemoFile = options.file === undefined;
  const file = options.file ?? createDemoWatchFile();
  if (isDemoFile) (options.log ?? writeToStderr)(`filewatch: no --watch FILE given; watching the demo file ${file}`);
  const pollIntervalMs = options.pollIntervalMs ?? FILEWATCH_POLL_INTERVAL_MS;
  const pingPeriodMs = options.pingPeriodMs ?? FILEWATCH_PING_PERIOD_MS;
  const pongWaitMs = options.pongWaitMs ?? Math.max(FILEWATCH_PONG_WAIT_MS, Math.ceil((pingPeriodMs * 10) / 9));
  const maxFileBytes = options.maxFileBytes ?? FILEWATCH_MAX_FILE_BYTES;
  if (!(pollIntervalMs > 0)) throw new RangeError(`pollIntervalMs must be positive, got ${pollIntervalMs}`);
  if (pingPeriodMs >= pongWaitMs) throw new RangeError(`pingPeriodMs (${pingPeriodMs}) must be less than pongWaitMs (${pongWaitMs})`);

  const pollers = new Set<ReturnType<typeof setInterval>>();

  return {
    path: '/filewatch',
    keepalive: { pingPeriodMs, pongWaitMs },
    maxMessageSize: FILEWATCH_READ_LIMIT,
    file,
    isDemoFile,
    accept(connection) {
      // Gorilla's writer(): lastMod starts at the client's value and is then
      // kept per connection, so each viewer gets each version once.
      let lastModNs = parseLastMod(connection.url.searchParams.get('lastMod'));
      let lastError = '';
      // A poll that is still waiting (on the disk, or on a slow client's
      // socket) makes the next tick skip, as gorilla's blocked writer does.
      let polling = false;

      const poll = async (): Promise<void> => {
        if (polling || connection.state !== 'OPEN') return;
        polling = true;
        try {
          const found = await readFileIfModified(file, lastModNs, maxFileBytes);
          let message: string | null = null;
          if (found.kind === 'error') {
            lastModNs = found.lastModNs;
            // Each distinct error is reported once, not every period.
            if (found.message !== lastError) message = lastError = found.message;
          } else {
            lastError = '';
            if (found.kind === 'modified') {
              lastModNs = found.lastModNs;
              message = found.content;
            }
          }
          if (message !== null && connection.state === 'OPEN') await connection.sendText(message);
        } catch {
          // The connection went away mid-send; its onClose stops the poller.
        } finally {
          polling = false;
        }
      };

      const poller = setInterval(() => void poll(), pollIntervalMs);
      pollers.add(poller);
      connection.onClose(() => {
        clearInterval(poller);
        pollers.delete(poller);
      });
      // Messages from the client are read and dropped (gorilla's reader()),
      // which is what keeps pongs flowing and enforces the read limit.
      connection.onMessage(() => {});
      void poll();
    },
    async close() {
      for (const poller of pollers) clearInterval(poller);
      pollers.clear();
      if (isDemoFile) rmSync(join(file, '..'), { recursive: true, force: true });
    },
  };
}

function writeToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

// wsx capture --out FILE.pcap [--server http://127.0.0.1:8080] [--token T] [--seconds N]
// Watches a running explorer's tap (/tap, engine/tap-messages.ts) and writes
// every session it shows as a pcap file Wireshark opens: each session one
// TCP connection with its real bytes both ways, at their times, the
// handshake and frames decoding as they were (engine/capture/tap-pcap.ts).
// The tap first replays the sessions it still holds, then streams new ones.
// Records are appended as they come, so the file is whole whenever the
// capture stops: on Ctrl-C (SIGINT), SIGTERM, after --seconds, or when the
// server goes away. Exit 0 once the file is written; 1 when the tap cannot
// be reached; 2 on usage.

import { createWriteStream, type WriteStream } from 'node:fs';
import { TapPcapRecorder } from '../../engine/capture/tap-pcap';
import { TAP_PATH, type TapMessage } from '../../engine/tap-messages';
import { dial, DialError } from '../dialer';
import { writeError, writeOut } from './output';

const USAGE = `usage: wsx capture --out FILE.pcap [--server http://127.0.0.1:8080] [--token T] [--seconds N]
  --out FILE      the pcap file to write (replaced if it exists)
  --server URL    the explorer server whose sessions to record (default http://127.0.0.1:8080);
                  wsx serve and wsx proxy both have the tap
  --token T       the token the server printed at start, when it listens beyond loopback
  --seconds N     stop after N seconds (default: at Ctrl-C)
Each session becomes one TCP connection (SYN, the bytes both ways as the server saw
them, FIN) between the client's address and the server's, so Wireshark shows the
same handshake and frames. Bytes the tap did not keep leave a gap in the sequence
numbers, which Wireshark reports as not captured. Sessions the tap still holds
when the capture starts are written first.
`;

export interface CaptureArgs {
  out: string;
  server: URL;
  token: string | null;
  seconds: number | null;
}

/** Tap messages carry a chunk's hex: a megabyte chunk is two megabytes of JSON. */
const MAX_TAP_MESSAGE_BYTES = 256 * 1024 * 1024;

export function parseCaptureArgs(args: string[]): CaptureArgs | 'help' | string {
  let out: string | null = null;
  let server = 'http://127.0.0.1:8080';
  let token: string | null = null;
  let seconds: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--out') out = value() ?? null;
    else if (flag === '--server') server = value() ?? '';
    else if (flag === '--token') token = value() ?? null;
    else if (flag === '--seconds') {
      const text = value();
      if (text === undefined || !/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) return `--seconds takes a positive number, not ${text === undefined ? 'nothing' : `"${text}"`}`;
      seconds = Number(text);
    } else return `unknown ${flag.startsWith('-') ? 'option' : 'argument'} ${flag}`;
  }
  if (!out) return '--out FILE.pcap is required';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `--server takes the explorer's address, e.g. http://127.0.0.1:8080, not "${server}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'ws:') return `--server must be http:// (or ws://): the tap is read over plain TCP, not ${url.protocol}`;
  return { out, server: url, token, seconds };
}

/** ws://host:port/tap?token=…, from the server's http:// address. */
export function tapUrl({ server, token }: Pick<CaptureArgs, 'server' | 'token'>): string {
  const url = new URL(TAP_PATH, `ws://${server.host}`);
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCaptureArgs(args);
  if (parsed === 'help') {
    await writeOut(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    await writeError(`wsx capture: ${parsed}\n${USAGE}`);
    return 2;
  }
  const serverPort = Number(parsed.server.port || 80);
  const serverAddress = /^\d{1,3}(\.\d{1,3}){3}$/.test(parsed.server.hostname) ? parsed.server.hostname : '127.0.0.1';
  const recorder = new TapPcapRecorder({ server: { address: serverAddress, port: serverPort } });

  let connection;
  try {
    ({ connection } = await dial(tapUrl(parsed), { maxMessageSize: MAX_TAP_MESSAGE_BYTES, handshakeTimeoutMs: 5000 }));
  } catch (error) {
    const why = error instanceof DialError && error.response ? `${error.message} (the server answered ${error.response.status} ${error.response.reason})` : error instanceof Error ? error.message : String(error);
    await writeError(`wsx capture: cannot watch ${parsed.server.origin}${TAP_PATH}: ${why}\n`);
    return 1;
  }

  const file = createWriteStream(parsed.out);
  const fileReady = new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  try {
    await fileReady;
  } catch (error) {
    connection.terminate('cannot write the capture');
    await writeError(`wsx capture: cannot write ${parsed.out}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  file.write(recorder.header());
  let packets = 0;
  const append = (records: Uint8Array[]) => {
    packets += records.length;
    for (const record of records) file.write(record);
  };

  await writeOut(`Recording the sessions of ${parsed.server.origin} into ${parsed.out}${parsed.seconds ? ` for ${parsed.seconds} s` : ''} (Ctrl-C stops).\n`);
  connection.onMessage((message) => {
    if (message.kind !== 'text') return;
    let tapMessage: TapMessage;
    try {
      tapMessage = JSON.parse(message.text) as TapMessage;
    } catch {
      return; // Not the tap's JSON: nothing to record.
    }
    append(recorder.message(tapMessage));
  });

  const reason = await new Promise<string>((resolve) => {
    const stopOn = (signal: NodeJS.Signals) => process.once(signal, () => resolve(`stopped by ${signal}`));
    stopOn('SIGINT');
    stopOn('SIGTERM');
    if (parsed.seconds !== null) setTimeout(() => resolve(`${parsed.seconds} s passed`), parsed.seconds * 1000).unref();
    connection.onClose((info) => resolve(`the server closed the tap (${info.code}${info.reason ? ` ${info.reason}` : ''})`));
  });
  append(recorder.finish());
  await closeFile(file);
  connection.closeAndLetGo(1000, 'capture done', 500);
  await writeOut(`${reason}: ${recorder.sessionCount} session${recorder.sessionCount === 1 ? '' : 's'}, ${packets} packets written to ${parsed.out}.\n`);
  // The tap connection's close handshake must not keep the process waiting.
  setTimeout(() => process.exit(0), 600).unref();
  return 0;
}

function closeFile(file: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    file.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

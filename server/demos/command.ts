// The command demo: gorilla/websocket's examples/command on our own server.
// Each connection runs the operator's command: every message received goes to
// its stdin followed by "\n", every line it writes to stdout or stderr comes
// back as a text message. When the connection ends, stdin is closed ("some
// commands will exit when stdin is closed"), then SIGINT ("other commands
// need a bonk on the head"), then, one second later, SIGKILL ("a bigger bonk
// on the head"), as gorilla's serveWs does.
//
// This hands a process to whoever connects, so it is off unless the operator
// names a command (`wsx serve --command CMD ARGS…`), the command runs without
// a shell, and only this machine may open it (mayRunCommand): a browser page
// must be one this server served on a local name and port (a cross-site page
// could otherwise drive the operator's shell; RFC 6455 10.2 leaves the Origin
// check to the server), and the TCP peer must be a loopback address, Origin
// or not, so `--host 0.0.0.0` does not hand the process to the LAN.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { parseAuthority } from '../../engine/authority';
import { CloseCode } from '../../engine/close';
import { headerValues } from '../../engine/http-message';
import type { HttpRequest } from '../../engine/http-message';
import { isLoopbackAddress } from '../access-policy';
import type { SocketConnection } from '../socket-connection';
import type { Route } from '../upgrader';

/** Gorilla's command constants (examples/command/main.go). */
export const COMMAND_MAX_MESSAGE_SIZE = 8192;
export const COMMAND_PONG_WAIT_MS = 60_000;
export const COMMAND_PING_PERIOD_MS = (COMMAND_PONG_WAIT_MS * 9) / 10;
/** After SIGINT, how long the process has before SIGKILL (`time.After(time.Second)`). */
export const COMMAND_INTERRUPT_GRACE_MS = 1_000;
/** After the output ends and our close frame is sent, how long the peer has to answer (`closeGracePeriod`). */
export const COMMAND_CLOSE_GRACE_MS = 10_000;
/** Longest line sent as one message; longer output is split (bufio.Scanner's default token limit). */
export const COMMAND_MAX_LINE_BYTES = 64 * 1024;
/** Output waiting in the socket beyond this pauses the process's pipes, so a slow client slows the command instead of filling memory. */
export const COMMAND_OUTPUT_HIGH_WATER_BYTES = 256 * 1024;
/** Input the process has not read yet beyond this closes the connection (1008). */
export const COMMAND_MAX_STDIN_BACKLOG_BYTES = 1024 * 1024;
/**
 * After that 1008, how long the peer has to answer our close frame before
 * TCP is dropped. A browser answers within a round trip; a flooder never
 * does, and everything it sends meanwhile must still be read and dropped.
 */
export const COMMAND_POLICY_CLOSE_GRACE_MS = 50;
/** Processes running at once; one more connection is refused with 1013. */
export const COMMAND_MAX_PROCESSES = 8;


export interface CommandOptions {
  /** Program to run, found on PATH like gorilla's exec.LookPath; never run through a shell. */
  command: string;
  args?: readonly string[];
  /**
   * The port the server listens on, for the Origin check. A function lets the
   * server answer after it is listening (port 0). Without it, the port of the
   * request's Host header is used, which a browser always sets to the port it
   * connected to.
   */
  port?: number | (() => number | null);
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  maxMessageSize?: number;
  pingPeriodMs?: number;
  pongWaitMs?: number;
  interruptGraceMs?: number;
  closeGraceMs?: number;
  maxLineBytes?: number;
  outputHighWaterBytes?: number;
  maxStdinBacklogBytes?: number;
  /** How long a peer closed for flooding stdin has to answer the close before TCP is dropped (default 50 ms). */
  policyCloseGraceMs?: number;
  maxProcesses?: number;
  /** Called once per process when it has exited, with how it was ended. */
  onProcessExit?: (report: ProcessExitReport) => void;
}

export interface ProcessExitReport {
  pid: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** SIGINT was sent because the connection ended while the process ran. */
  interrupted: boolean;
  /** SIGKILL was sent because SIGINT did not end it in time. */
  killed: boolean;
}

/**
 * Gorilla's `exec.LookPath`: the path of an executable named `command`, or
 * an Error naming what is missing. A name with a slash is taken as a path.
 */
export function resolveExecutable(command: string, pathVariable = process.env.PATH ?? ''): string {
  if (command === '') throw new Error('command: no program named');
  const candidates = command.includes('/') ? [command] : pathVariable.split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return isAbsolute(candidate) ? candidate : join(process.cwd(), candidate);
    } catch {
      // Not here; try the next directory.
    }
  }
  throw new Error(command.includes('/') ? `command: ${command} is not an executable file` : `command: ${command} not found in PATH`);
}

const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The command demo's Origin rule: no Origin (a non-browser client, as gorilla
 * allows; mayRunCommand lets one in only from this machine), or a page
 * served over http(s) from 127.0.0.1, localhost or [::1] on the server's own
 * port. Anything else, including the opaque origin "null", is refused with
 * 403.
 */
export function isLocalOrigin(origin: string | null, serverPort: number | null): boolean {
  if (origin === null) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (!LOCAL_HOSTNAMES.has(url.hostname)) return false;
  // An Origin is scheme://host[:port] and nothing more (RFC 6454 6.1).
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return false;
  const originPort = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return serverPort !== null && originPort === serverPort;
}

/**
 * Who may run the command, from what an upgrade shows: its Origin (null when
 * none was sent) and the TCP peer's address. The peer must be this machine
 * (127.0.0.0/8, ::1, IPv4-mapped loopback). Without an Origin the client is
 * no browser, and gorilla lets it in trusting it is the operator's own, true
 * only on this machine once `--host` opens the port to the LAN. With one,
 * the peer must be local too: a script can write any Origin it likes (only
 * browsers are bound to send the page's own, RFC 6455 10.2). A browser page
 * must also be one this server served (isLocalOrigin).
 */
export function mayRunCommand(origin: string | null, peerAddress: string | undefined, serverPort: number | null): boolean {
  return isLoopbackAddress(peerAddress) && isLocalOrigin(origin, serverPort);
}

/** Why a client on another machine, or a page from elsewhere, may not run the command. */
export const COMMAND_REFUSAL_REASON = "the command demo serves only this machine's own pages and clients";

/**
 * The port named by a Host header value ("127.0.0.1:8080", "[::1]:8080");
 * 80 when none is given (RFC 9110 7.2: an http URI's default port). Null
 * when the value is not host[:port] or the port is outside 1–65535.
 */
export function portOfHost(host: string | null | undefined): number | null {
  if (!host) return null;
  const authority = parseAuthority(host.trim());
  if (!authority) return null;
  if (authority.port === null) return 80;
  return authority.port >= 1 && authority.port <= 65535 ? authority.port : null;
}

/**
 * Splits a process's output into lines as bufio.Scanner's ScanLines does
 * ("\n" ends a line, a trailing "\r" is dropped, a last line without "\n"
 * still counts), except that a line longer than `maxLineBytes` is sent in
 * pieces instead of ending the stream. Pieces are cut between UTF-8
 * characters. Holds at most `maxLineBytes` bytes.
 */
export class OutputLineSplitter {
  readonly maxLineBytes: number;
  readonly #buffer: Uint8Array;
  #length = 0;
  readonly #decoder = new TextDecoder();

  constructor(maxLineBytes = COMMAND_MAX_LINE_BYTES) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 4) throw new RangeError(`maxLineBytes must be an integer of at least 4, got ${maxLineBytes}`);
    this.maxLineBytes = maxLineBytes;
    this.#buffer = new Uint8Array(maxLineBytes);
  }

  /** Feed output bytes; returns the lines (and pieces of long lines) completed. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.#append(chunk.subarray(start, end), lines);
      if (newline === -1) break;
      lines.push(this.#takeLine());
      start = newline + 1;
    }
    return lines;
  }

  /** The output ended: the unterminated last line, if any. */
  flush(): string | null {
    return this.#length > 0 ? this.#takeLine() : null;
  }

  #append(part: Uint8Array, lines: string[]): void {
    let offset = 0;
    while (offset < part.length) {
      const count = Math.min(this.maxLineBytes - this.#length, part.length - offset);
      this.#buffer.set(part.subarray(offset, offset + count), this.#length);
      this.#length += count;
      offset += count;
      if (this.#length === this.maxLineBytes) lines.push(this.#takePiece());
    }
  }

  #takeLine(): string {
    let end = this.#length;
    if (end > 0 && this.#buffer[end - 1] === 0x0d) end -= 1;
    const line = this.#decoder.decode(this.#buffer.subarray(0, end));
    this.#length = 0;
    return line;
  }

  /** A full buffer without a newline: send it up to the last complete UTF-8 character. */
  #takePiece(): string {
    const cut = completeUtf8Prefix(this.#buffer, this.#length);
    const piece = this.#decoder.decode(this.#buffer.subarray(0, cut));
    this.#buffer.copyWithin(0, cut, this.#length);
    this.#length -= cut;
    return piece;
  }
}

/** Length of the longest prefix of bytes[0..length) that does not end inside a UTF-8 sequence. */
function completeUtf8Prefix(bytes: Uint8Array, length: number): number {
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const sequenceLength = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return sequenceLength > back ? length - back : length;
  }
  return length;
}

interface CommandSettings {
  executable: string;
  args: readonly string[];
  cwd: string | undefined;
  env: NodeJS.ProcessEnv | undefined;
  interruptGraceMs: number;
  closeGraceMs: number;
  maxLineBytes: number;
  outputHighWaterBytes: number;
  maxStdinBacklogBytes: number;
  policyCloseGraceMs: number;
  onProcessExit: ((report: ProcessExitReport) => void) | undefined;
}

/** One connection and the process it drives (the body of gorilla's serveWs). */
class CommandSession {
  readonly #connection: SocketConnection;
  readonly #settings: CommandSettings;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #hasExited = false;
  #interrupted = false;
  #killed = false;
  #openOutputs = 2;
  #pendingSends = 0;
  #outputPaused = false;
  #shutdown: Promise<void> | null = null;

  constructor(connection: SocketConnection, settings: CommandSettings) {
    this.#connection = connection;
    this.#settings = settings;
    this.#child = spawn(settings.executable, [...settings.args], {
      cwd: settings.cwd,
      env: settings.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    this.#exited = new Promise<void>((resolve) => {
      this.#child.once('exit', (exitCode, signal) => {
        this.#hasExited = true;
        settings.onProcessExit?.({ pid: this.#child.pid, exitCode, signal, interrupted: this.#interrupted, killed: this.#killed });
        resolve();
      });
      // A process that never started emits 'error' and no 'exit'. Later
      // errors (a signal that could not be sent) must not go unhandled.
      this.#child.on('error', (error) => {
        if (this.#child.pid === undefined && !this.#hasExited) {
          this.#hasExited = true;
          resolve();
          this.#fail(`command failed to start: ${error.message}`);
        }
      });
    });
  }

  get exited(): Promise<void> {
    return this.#exited;
  }

  start(): void {
    this.#pumpOutput(this.#child.stdout);
    this.#pumpOutput(this.#child.stderr);
    // The process may exit before reading what was sent (EPIPE), and a
    // write cut short by #stopInput fails: both are expected.
    this.#child.stdin?.on('error', () => {});
    this.#connection.onMessage((message) => this.#pumpStdin(message.kind === 'text' ? new TextEncoder().encode(message.text) : message.data));
    this.#connection.onClose(() => void this.shutdown());
  }

  /**
   * Gorilla's pumpStdin body: each message, then "\n", to the process. Only
   * while the connection is OPEN: once a close frame has gone either way,
   * no message is answered any more (RFC 6455 5.5.1). The engine already
   * drops data that arrives after our close; this holds whatever the engine
   * does.
   */
  #pumpStdin(data: Uint8Array): void {
    if (this.#connection.state !== 'OPEN') return;
    const stdin = this.#child.stdin;
    if (!stdin || !stdin.writable) return;
    const line = new Uint8Array(data.length + 1);
    line.set(data);
    line[data.length] = 0x0a;
    stdin.write(line);
    // A process that does not read its input must not let the peer fill
    // our memory: we let the peer go and read nothing more from it.
    if (stdin.writableLength > this.#settings.maxStdinBacklogBytes) {
      this.#connection.closeAndLetGo(CloseCode.PolicyViolation, 'the command is not reading its input', this.#settings.policyCloseGraceMs);
    }
  }

  /**
   * Closes the process's stdin and drops what is still queued for it, so
   * nothing reaches the process once the connection has left OPEN. Gorilla
   * holds no such backlog: its pumpStdin blocks in Write, so input the
   * process has not taken stays unread in TCP and ends with the connection.
   * Ending stdin instead would feed the process the whole backlog first
   * (up to maxStdinBacklogBytes that the peer sent past the bound).
   */
  #stopInput(): void {
    this.#child.stdin?.destroy();
  }

  /** Gorilla's pumpStdout: every line becomes a text message; the end of output ends the session. */
  #pumpOutput(stream: NodeJS.ReadableStream | null): void {
    if (!stream) {
      this.#outputEnded();
      return;
    }
    const splitter = new OutputLineSplitter(this.#settings.maxLineBytes);
    stream.on('data', (chunk: Uint8Array) => {
      for (const line of splitter.push(chunk)) this.#send(line);
    });
    stream.once('end', () => {
      const last = splitter.flush();
      if (last !== null) this.#send(last);
      this.#outputEnded();
    });
    stream.on('error', () => {});
  }

  #send(line: string): void {
    if (this.#connection.state !== 'OPEN') return;
    this.#pendingSends += 1;
    this.#connection
      .sendText(line)
      .catch(() => {
        // The connection is closing; the onClose path cleans up.
      })
      .finally(() => {
        this.#pendingSends -= 1;
        this.#resumeOutputIfDrained();
      });
    if (this.#connection.bufferedAmount > this.#settings.outputHighWaterBytes) this.#setOutputPaused(true);
  }

  #resumeOutputIfDrained(): void {
    if (!this.#outputPaused) return;
    if (this.#connection.state !== 'OPEN' || this.#connection.bufferedAmount <= this.#settings.outputHighWaterBytes / 2 || this.#pendingSends === 0) {
      this.#setOutputPaused(false);
    }
  }

  #setOutputPaused(paused: boolean): void {
    this.#outputPaused = paused;
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      if (!stream) continue;
      if (paused) stream.pause();
      else stream.resume();
    }
  }

  /**
   * Output is over (both pipes closed): as gorilla's pumpStdout ends, send a
   * normal close; if the peer does not answer within the grace period, drop
   * the connection.
   */
  #outputEnded(): void {
    this.#openOutputs -= 1;
    if (this.#openOutputs > 0) return;
    this.#closeConnection(CloseCode.Normal, '');
    this.#dropConnectionAfter(this.#settings.closeGraceMs);
  }

  /** If the peer has not finished the close handshake within `graceMs`, drop TCP. */
  #dropConnectionAfter(graceMs: number): void {
    const timer = setTimeout(() => {
      if (this.#connection.state !== 'CLOSED') this.#connection.terminate();
    }, graceMs);
    timer.unref();
  }

  #fail(message: string): void {
    if (this.#connection.state === 'OPEN') {
      this.#connection.sendText(message).catch(() => {});
    }
    this.#closeConnection(CloseCode.InternalError, 'command failed to start');
  }

  #closeConnection(code: number, reason: string): void {
    if (this.#connection.state !== 'OPEN' && this.#connection.state !== 'CONNECTING') return;
    this.#stopInput();
    this.#connection.close(code, reason).catch(() => {});
  }

  /**
   * The end of gorilla's serveWs, once: close stdin, SIGINT, and SIGKILL if
   * the process is still there a second later. Resolves when it has exited.
   */
  shutdown(closeCode: number = CloseCode.GoingAway): Promise<void> {
    this.#shutdown ??= this.#runShutdown(closeCode);
    return this.#shutdown;
  }

  async #runShutdown(closeCode: number): Promise<void> {
    this.#closeConnection(closeCode, closeCode === CloseCode.GoingAway ? 'server shutting down' : '');
    // Nobody is listening any more: let the output drain into nothing so a
    // process blocked on a full pipe can notice its signals.
    this.#setOutputPaused(false);
    this.#stopInput();
    if (!this.#hasExited) {
      this.#interrupted = true;
      this.#child.kill('SIGINT');
      const interruptTimer = setTimeout(() => {
        if (this.#hasExited) return;
        this.#killed = true;
        this.#child.kill('SIGKILL');
      }, this.#settings.interruptGraceMs);
      await this.#exited;
      clearTimeout(interruptTimer);
    }
    // A grandchild may still hold the pipes open; we are done with them.
    this.#child.stdout?.destroy();
    this.#child.stderr?.destroy();
  }
}

export interface CommandRoute extends Route {
  /** The resolved program and its arguments. */
  readonly command: { executable: string; args: readonly string[] };
  /** Processes currently running. */
  readonly runningProcesses: number;
  /** The whole access rule (mayRunCommand) for one upgrade request and its peer: a 403 at the handshake, or null. */
  admit(request: HttpRequest, peerAddress: string | undefined): { status: 403; reason: string } | null;
}

/**
 * The `/command` endpoint. Throws when the command cannot be found, so the
 * operator hears about a typo at startup, as with gorilla's log.Fatal.
 */
export function createCommandRoute(options: CommandOptions): CommandRoute {
  const settings: CommandSettings = {
    executable: resolveExecutable(options.command),
    args: [...(options.args ?? [])],
    cwd: options.cwd,
    env: options.env,
    interruptGraceMs: options.interruptGraceMs ?? COMMAND_INTERRUPT_GRACE_MS,
    closeGraceMs: options.closeGraceMs ?? COMMAND_CLOSE_GRACE_MS,
    maxLineBytes: options.maxLineBytes ?? COMMAND_MAX_LINE_BYTES,
    outputHighWaterBytes: options.outputHighWaterBytes ?? COMMAND_OUTPUT_HIGH_WATER_BYTES,
    maxStdinBacklogBytes: options.maxStdinBacklogBytes ?? COMMAND_MAX_STDIN_BACKLOG_BYTES,
    policyCloseGraceMs: options.policyCloseGraceMs ?? COMMAND_POLICY_CLOSE_GRACE_MS,
    onProcessExit: options.onProcessExit,
  };
  new OutputLineSplitter(settings.maxLineBytes); // validates maxLineBytes now, not on the first connection
  const maxProcesses = options.maxProcesses ?? COMMAND_MAX_PROCESSES;
  const pingPeriodMs = options.pingPeriodMs ?? COMMAND_PING_PERIOD_MS;
  const pongWaitMs = options.pongWaitMs ?? Math.max(COMMAND_PONG_WAIT_MS, Math.ceil((pingPeriodMs * 10) / 9));
  if (pingPeriodMs >= pongWaitMs) throw new RangeError(`pingPeriodMs (${pingPeriodMs}) must be less than pongWaitMs (${pongWaitMs})`);
  const serverPort = (request: HttpRequest): number | null => {
    const configured = typeof options.port === 'function' ? options.port() : options.port;
    return configured ?? portOfHost(hostHeaderOf(request));
  };
  const sessions = new Set<CommandSession>();
  const admit = (request: HttpRequest, peerAddress: string | undefined) =>
    mayRunCommand(originOf(request), peerAddress, serverPort(request)) ? null : { status: 403 as const, reason: COMMAND_REFUSAL_REASON };

  return {
    path: '/command',
    keepalive: { pingPeriodMs, pongWaitMs },
    maxMessageSize: options.maxMessageSize ?? COMMAND_MAX_MESSAGE_SIZE,
    policy: {
      checkOrigin: (origin, request) => isLocalOrigin(origin, serverPort(request)),
    },
    command: { executable: settings.executable, args: settings.args },
    get runningProcesses() {
      return sessions.size;
    },
    admit,
    accept(connection) {
      if (sessions.size >= maxProcesses) {
        connection.close(CloseCode.TryAgainLater, `at most ${maxProcesses} commands run at once`).catch(() => {});
        return;
      }
      const session = new CommandSession(connection, settings);
      sessions.add(session);
      void session.exited.then(() => sessions.delete(session));
      session.start();
    },
    async close() {
      await Promise.all([...sessions].map((session) => session.shutdown(CloseCode.GoingAway)));
    },
  };
}

/**
 * The request's Origin: null when none was sent, '' (no origin at all) when
 * several were, which the handshake refuses anyway.
 */
function originOf(request: HttpRequest): string | null {
  const origins = headerValues(request.headers, 'origin');
  if (origins.length === 0) return null;
  return origins.length === 1 ? origins[0] : '';
}

/** The request's one Host header; none, or several (RFC 9112 3.2: a 400 anyway), gives null. */
function hostHeaderOf(request: HttpRequest): string | null {
  const hosts = headerValues(request.headers, 'host');
  return hosts.length === 1 ? hosts[0] : null;
}

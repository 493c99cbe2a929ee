// wsx conform ws://HOST:PORT/PATH [--cases 1.*,5.*] [--json FILE] [--html FILE] [--max-message N]
// Runs the conformance suite (server/conformance/) against an echo server
// and prints a summary by category. A progress line goes to standard output
// when it is a terminal, else to standard error. Exit 0 only when every case
// passed strictly; 1 otherwise; 2 for bad arguments or a target that cannot
// be reached.

import { writeFile } from 'node:fs/promises';
import { isLoopbackHost } from '../access-policy';
import { parseWebSocketUrl } from '../../engine/client-handshake';
import { categoryTitle } from '../conformance/categories';
import { DEFAULT_EXPLORER_URL } from '../conformance/decoder-link';
import { renderHtmlReport } from '../conformance/html-report';
import { ProbeSocket } from '../conformance/probe-socket';
import type { CaseReport, ConformanceEvent } from '../conformance/report';
import { ConformanceSetupError, defaultConcurrency, plannedCases, runConformance } from '../conformance/runner';
import { parseCasePatterns } from '../conformance/select';
import { summaryText } from '../conformance/summary-text';
import { writeError, writeOut } from './output';

export const CONFORM_USAGE = `usage: wsx conform ws://HOST:PORT/PATH [--cases 1.*,5.*] [--json FILE] [--html FILE] [--max-message N]
  Runs the conformance suite against a WebSocket server that echoes every
  message (as the Autobahn testsuite's fuzzing client expects): the opening
  handshake (category 0), framing, pings, reserved bits, opcodes,
  fragmentation, UTF-8, closing (1-7), large messages (9),
  auto-fragmentation (10) and permessage-deflate (12, 13), numbered as
  Autobahn numbers them. Each case opens its own connection, and many send
  frames broken on purpose.
  --cases LIST       comma-separated globs on case ids: 1.*,6.4.*,7.7.1 (default: every case)
  --json FILE        write the whole report as JSON (server/conformance/report.ts, ConformanceReport)
  --html FILE        write a self-contained HTML report: summary, each case with its RFC text,
                     expectation, outcome and wire log, every frame linked to the decoder
  --max-message N    the server's message size limit in bytes (or 64KiB, 1MiB): a case that sends
                     a larger message is not skipped; it expects the server to refuse it with 1009
  --explorer URL     where the HTML report's decoder links open (default ${DEFAULT_EXPLORER_URL})
  A server on this machine is tested as named. Any other host is tested because
  the command line names it; the run says so first, and takes one case at a time.
exit status: 0 every case passed strictly; 1 a case was lenient, failed, unsupported or skipped;
             2 bad arguments, or the target cannot be reached
`;

interface ConformArgs {
  url: string;
  cases: string[] | null;
  json: string | null;
  html: string | null;
  maxMessage: number | null;
  explorer: string;
}

function parseSize(text: string | undefined): number | null {
  const match = /^(\d+)\s*(k|m|kib|mib|kb|mb)?$/i.exec(text ?? '');
  if (!match) return null;
  const unit = (match[2] ?? '').toLowerCase();
  const value = Number(match[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
  return Number.isSafeInteger(value) ? value : null;
}

function parseArgs(args: string[]): ConformArgs | 'help' | string {
  const positional: string[] = [];
  const parsed: Omit<ConformArgs, 'url'> = { cases: null, json: null, html: null, maxMessage: null, explorer: DEFAULT_EXPLORER_URL };
  for (let i = 0; i < args.length; i++) {
    const at = args[i].indexOf('=');
    const [flag, inline] = args[i].startsWith('--') && at > 0 ? [args[i].slice(0, at), args[i].slice(at + 1)] : [args[i], undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--cases') {
      const list = parseCasePatterns(value() ?? '');
      if (list.length === 0) return '--cases takes a list of case ids or globs, such as 1.*,6.4.*';
      parsed.cases = [...(parsed.cases ?? []), ...list];
    } else if (flag === '--json' || flag === '--html') {
      const file = value();
      if (!file) return `${flag} takes a file name`;
      parsed[flag === '--json' ? 'json' : 'html'] = file;
    } else if (flag === '--max-message') {
      const text = value();
      const size = parseSize(text);
      if (size === null || size < 1) return `--max-message takes a size in bytes (64KiB and 1MiB work too), not ${text === undefined ? 'nothing' : `"${text}"`}`;
      parsed.maxMessage = size;
    } else if (flag === '--explorer') {
      const url = value();
      if (!url || !/^https?:\/\//.test(url)) return '--explorer takes the explorer\'s http:// URL';
      parsed.explorer = url;
    } else if (flag.startsWith('--')) return `unknown option ${flag}`;
    else positional.push(flag);
  }
  if (positional.length !== 1) return positional.length ? `one target URL, not ${positional.length}` : 'give the server to test: wsx conform ws://HOST:PORT/PATH';
  return { url: positional[0], ...parsed };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    await writeOut(CONFORM_USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    await writeError(`wsx conform: ${parsed}\n${CONFORM_USAGE}`);
    return 2;
  }

  let total: number;
  let host: string;
  let port: number;
  try {
    total = plannedCases({ url: parsed.url, cases: parsed.cases }).length;
    ({ host, port } = parseWebSocketUrl(parsed.url));
  } catch (error) {
    await writeError(`wsx conform: ${error instanceof ConformanceSetupError || error instanceof TypeError ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    (await ProbeSocket.open(host, port, 5_000)).destroy();
  } catch (error) {
    await writeError(`wsx conform: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }

  const progress = new ProgressLine(process.stdout.isTTY ? process.stdout : process.stderr, total);
  if (!isLoopbackHost(host)) {
    await writeError(
      `wsx conform: testing ${parsed.url}, a server on another host, because the command line names it: `
        + `${total} cases, ${defaultConcurrency(parsed.url)} at a time, each its own connection, many sending frames broken on purpose.\n`,
    );
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let report;
  try {
    report = await runConformance({ url: parsed.url, cases: parsed.cases, maxMessage: parsed.maxMessage, signal: controller.signal, onEvent: (event) => progress.update(event) });
  } finally {
    process.off('SIGINT', stop);
    progress.clear();
  }

  await writeOut(summaryText(report));
  if (parsed.json) {
    await writeFile(parsed.json, `${JSON.stringify(report, null, 1)}\n`);
    await writeOut(`JSON report: ${parsed.json}\n`);
  }
  if (parsed.html) {
    await writeFile(parsed.html, renderHtmlReport(report, { explorerUrl: parsed.explorer }));
    await writeOut(`HTML report: ${parsed.html}\n`);
  }
  return report.strictPass ? 0 : 1;
}

/**
 * One line that follows the run: rewritten in place on a terminal; on a
 * pipe or a file, one line per finished category instead, so a log stays
 * readable.
 */
class ProgressLine {
  private readonly interactive: boolean;
  private readonly left = new Map<string, number>();
  private readonly notStrict = new Map<string, number>();
  private done = 0;
  private lenient = 0;
  private failed = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {
    this.interactive = stream.isTTY === true;
  }

  update(event: ConformanceEvent): void {
    if (event.type === 'start') {
      for (const id of event.ids) this.left.set(id.split('.')[0], (this.left.get(id.split('.')[0]) ?? 0) + 1);
      return;
    }
    if (event.type !== 'case') return;
    const result: CaseReport = event.result;
    this.done = event.index;
    if (result.outcome === 'lenient') this.lenient++;
    if (result.outcome !== 'pass' && result.outcome !== 'lenient') this.failed++;
    if (result.outcome !== 'pass') this.notStrict.set(result.category, (this.notStrict.get(result.category) ?? 0) + 1);
    if (this.interactive) {
      this.stream.write(`\r\x1b[2K[${this.done}/${this.total}] ${result.id} ${result.outcome}  (${this.lenient} lenient, ${this.failed} failed or not run)`);
      this.shown = true;
      return;
    }
    const left = (this.left.get(result.category) ?? 1) - 1;
    this.left.set(result.category, left);
    if (left === 0) {
      const bad = this.notStrict.get(result.category) ?? 0;
      this.stream.write(`conform: [${this.done}/${this.total}] category ${result.category} ${categoryTitle(result.category)} done${bad ? `, ${bad} not strict` : ''}\n`);
    }
  }

  clear(): void {
    if (this.interactive && this.shown) this.stream.write('\r\x1b[2K');
  }
}

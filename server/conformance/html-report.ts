// The report as one self-contained HTML page, laid out as Autobahn's
// reports are: the summary by category, then every case with its
// description, the RFC text it rests on, the expectation, the outcome and
// its wire log, each frame linked to the explorer's decoder. Inline CSS, no
// script, nothing fetched: it opens from disk in any browser. Everything a
// server sent, and everything the report quotes, is escaped: a payload is
// shown as text, never as markup.

import { categoryTitle } from './categories';
import { decoderLink } from './decoder-link';
import { CASE_OUTCOMES, type CaseOutcome, type CaseReport, type ConformanceReport, type WireEntry } from './report';

export interface HtmlOptions {
  /** Where the explorer runs, for the decoder links. */
  explorerUrl: string;
}

/** Hex shown in a log row; the link carries the rest. */
const SHOWN_BYTES = 24;

const OUTCOME_WORDS: Record<CaseOutcome, string> = {
  pass: 'pass',
  lenient: 'lenient',
  fail: 'fail',
  unsupported: 'unsupported',
  skipped: 'skipped',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const latin1 = new TextDecoder('latin1');

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function spacedHex(hex: string, bytes: number): string {
  return (hex.slice(0, bytes * 2).match(/../g) ?? []).join(' ');
}

export function renderHtmlReport(report: ConformanceReport, options: HtmlOptions): string {
  const byCategory = new Map<string, CaseReport[]>();
  for (const c of report.cases) {
    const list = byCategory.get(c.category) ?? [];
    list.push(c);
    byCategory.set(c.category, list);
  }
  const notStrict = report.cases.length - report.totals.pass;
  const verdict = report.strictPass ? 'Every case passed strictly.' : `${notStrict} of ${report.cases.length} cases did not pass strictly.`;
  const sections = report.summary.map((s) => renderCategory(s.category, byCategory.get(s.category) ?? [], options)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>WebSocket conformance: ${escapeHtml(report.target)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>WebSocket conformance report</h1>
<p class="meta">Target <code>${escapeHtml(report.target)}</code> · started ${escapeHtml(report.startedAt)} · ${report.cases.length} cases in ${(report.durationMs / 1000).toFixed(1)} s${report.maxMessage !== null ? ` · --max-message ${report.maxMessage}` : ''}${report.selection ? ` · --cases ${escapeHtml(report.selection.join(','))}` : ''}</p>
<p class="verdict ${report.strictPass ? 'o-pass' : 'o-fail'}">${escapeHtml(verdict)}</p>
<p class="legend"><b class="o-pass">pass</b> what the RFC asks · <b class="o-lenient">lenient</b> what the RFC permits but does not prefer · <b class="o-fail">fail</b> a MUST broken · <b class="o-unsupported">unsupported</b> an optional feature declined · <b class="o-skipped">skipped</b> not run. Case numbers are the Autobahn testsuite's. Every frame links to the explorer's decoder at <code>${escapeHtml(options.explorerUrl)}</code>.</p>
<h2>Summary</h2>
${renderSummary(report)}
${sections}
</main>
</body>
</html>
`;
}

function renderSummary(report: ConformanceReport): string {
  const head = `<tr><th>category</th><th>cases</th>${CASE_OUTCOMES.map((o) => `<th class="o-${o}">${OUTCOME_WORDS[o]}</th>`).join('')}</tr>`;
  const rows = report.summary.map((s) => {
    const cells = CASE_OUTCOMES.map((o) => `<td class="${s.counts[o] ? `o-${o}` : 'zero'}">${s.counts[o]}</td>`).join('');
    return `<tr><td><a href="#category-${escapeHtml(s.category)}">${escapeHtml(s.category)} ${escapeHtml(s.title)}</a></td><td>${s.total}</td>${cells}</tr>`;
  });
  const totals = CASE_OUTCOMES.map((o) => `<td class="${report.totals[o] ? `o-${o}` : 'zero'}">${report.totals[o]}</td>`).join('');
  return `<table class="summary">\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n<tr class="total"><td>total</td><td>${report.cases.length}</td>${totals}</tr>\n</tbody>\n</table>`;
}

function renderCategory(category: string, cases: CaseReport[], options: HtmlOptions): string {
  const index = cases.map((c) => `<tr><td><a href="#case-${escapeHtml(c.id)}">${escapeHtml(c.id)}</a></td><td class="o-${c.outcome}">${OUTCOME_WORDS[c.outcome]}</td><td>${escapeHtml(c.description)}</td><td class="ms">${c.durationMs} ms</td></tr>`).join('\n');
  return `<section id="category-${escapeHtml(category)}">
<h2>${escapeHtml(category)} ${escapeHtml(categoryTitle(category))}</h2>
<table class="cases">
${index}
</table>
${cases.map((c) => renderCase(c, options)).join('\n')}
</section>`;
}

function renderCase(c: CaseReport, options: HtmlOptions): string {
  const rfc = c.rfc.map((r) => `<blockquote><cite>${escapeHtml(r.section)}</cite> ${escapeHtml(r.quote)}</blockquote>`).join('');
  const findings = c.findings.length ? `<ul>${c.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '';
  const limit = c.limitNote ? `<dt>Limit</dt><dd>${escapeHtml(c.limitNote)}</dd>` : '';
  return `<details id="case-${escapeHtml(c.id)}" class="case"${c.outcome === 'pass' ? '' : ' open'}>
<summary><span class="id">${escapeHtml(c.id)}</span> <span class="badge o-${c.outcome}">${OUTCOME_WORDS[c.outcome]}</span> ${escapeHtml(c.description)}</summary>
<dl>
<dt>Case</dt><dd>${escapeHtml(c.description)}</dd>
<dt>RFC</dt><dd>${rfc}</dd>
<dt>Expectation</dt><dd>${escapeHtml(c.expectation)}</dd>
${limit}<dt>Outcome</dt><dd><span class="badge o-${c.outcome}">${OUTCOME_WORDS[c.outcome]}</span> in ${c.durationMs} ms${findings}</dd>
<dt>Wire log</dt><dd>${renderWire(c, options)}</dd>
</dl>
</details>`;
}

function renderWire(c: CaseReport, options: HtmlOptions): string {
  if (c.wire.entries.length === 0) return '<p>Nothing was exchanged.</p>';
  const rows = c.wire.entries.map((e) => renderEntry(e, options));
  const omitted = c.wire.omittedEntries
    ? `<p class="omitted">${c.wire.omittedEntries} entries in the middle of the log were counted, not kept; ${c.wire.omittedBytes} bytes in all are not shown.</p>`
    : c.wire.omittedBytes
      ? `<p class="omitted">Long frames are cut: ${c.wire.omittedBytes} bytes are not shown.</p>`
      : '';
  return `<table class="wire">
<thead><tr><th>ms</th><th>from</th><th>what</th><th>bytes</th><th></th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>${omitted}`;
}

function renderEntry(e: WireEntry, options: HtmlOptions): string {
  const arrow = e.direction === 'client' ? '<span class="c">client →</span>' : '<span class="s">← server</span>';
  if (e.kind === 'event') return `<tr class="event"><td class="ms">${e.t}</td><td>${arrow}</td><td colspan="3">${escapeHtml(e.summary)}</td></tr>`;
  if (e.kind === 'http') {
    const text = latin1.decode(hexToBytes(e.hex));
    return `<tr class="http"><td class="ms">${e.t}</td><td>${arrow}</td><td colspan="3"><pre>${escapeHtml(text)}${e.truncated ? '\n…' : ''}</pre></td></tr>`;
  }
  const link = decoderLink(options.explorerUrl, e.hex, e.direction);
  const shown = spacedHex(e.hex, SHOWN_BYTES) + (e.length > SHOWN_BYTES ? ' …' : '');
  const linkNote = link.bytesLinked < e.length ? ` (first ${link.bytesLinked} of ${e.length} bytes)` : '';
  const chops = e.chopSize ? ` <span class="chops">written in chops of ${e.chopSize}</span>` : '';
  return `<tr class="${e.kind}"><td class="ms">${e.t}</td><td>${arrow}</td><td>${escapeHtml(e.summary)}${chops}</td><td><code>${shown}</code></td><td><a href="${escapeHtml(link.href)}">decode${linkNote}</a></td></tr>`;
}

const STYLE = `
:root { --pass: #1a7f37; --lenient: #9a6700; --fail: #cf222e; --unsupported: #6e7781; --skipped: #6e7781; --line: #d0d7de; --soft: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --pass: #3fb950; --lenient: #d29922; --fail: #f85149; --unsupported: #8b949e; --skipped: #8b949e; --line: #30363d; --soft: #161b22; } }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { margin-bottom: 0.2rem; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { white-space: pre-wrap; margin: 0; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
table.summary td:not(:first-child), table.summary th:not(:first-child) { text-align: right; }
td.zero { opacity: 0.4; }
tr.total td { font-weight: 600; }
.o-pass { color: var(--pass); } .o-lenient { color: var(--lenient); } .o-fail { color: var(--fail); } .o-unsupported { color: var(--unsupported); } .o-skipped { color: var(--skipped); }
.badge { font-weight: 600; }
.verdict { font-size: 1.2rem; font-weight: 600; }
.legend, .meta, .omitted { color: var(--unsupported); }
table.cases { margin: 0.5rem 0 1rem; width: 100%; }
td.ms { text-align: right; white-space: nowrap; color: var(--unsupported); }
details.case { border: 1px solid var(--line); border-radius: 6px; margin: 0.4rem 0; padding: 0.3rem 0.7rem; }
details.case summary { cursor: pointer; }
details.case .id { font-weight: 600; font-family: ui-monospace, monospace; }
dl { display: grid; grid-template-columns: 7rem 1fr; gap: 0.3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; min-width: 0; }
blockquote { margin: 0 0 0.3rem; padding: 0.2rem 0.6rem; border-left: 3px solid var(--line); background: var(--soft); }
cite { font-style: normal; font-weight: 600; }
table.wire { width: 100%; font-size: 13px; }
table.wire code { word-break: break-all; }
.c { color: #0969da; white-space: nowrap; } .s { color: #8250df; white-space: nowrap; }
tr.event td { font-style: italic; }
.chops { color: var(--unsupported); }
`;

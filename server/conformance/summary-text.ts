// The report as the CLI prints it at the end: a table by category, then
// every case that did not pass strictly with the first reason why.

import { CASE_OUTCOMES, type CaseOutcome, type ConformanceReport } from './report';

const COLUMN_NAMES: Record<CaseOutcome, string> = { pass: 'pass', lenient: 'lenient', fail: 'fail', unsupported: 'unsupported', skipped: 'skipped' };
/** Cases listed by name under the table; the rest are counted. */
const MAX_LISTED = 40;

export function summaryTable(report: ConformanceReport): string {
  const rows = report.summary.map((s) => [`${s.category.padStart(2)}  ${s.title}`, String(s.total), ...CASE_OUTCOMES.map((o) => String(s.counts[o]))]);
  rows.push(['    total', String(report.cases.length), ...CASE_OUTCOMES.map((o) => String(report.totals[o]))]);
  const header = ['category', 'cases', ...CASE_OUTCOMES.map((o) => COLUMN_NAMES[o])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export function summaryText(report: ConformanceReport): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const lines = [`${report.target}: ${report.cases.length} ${report.cases.length === 1 ? 'case' : 'cases'} in ${seconds} s${report.maxMessage !== null ? ` (--max-message ${report.maxMessage})` : ''}`, '', summaryTable(report), ''];
  const notStrict = report.cases.filter((c) => c.outcome !== 'pass');
  if (notStrict.length === 0) {
    lines.push('Every case passed strictly.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${notStrict.length} ${notStrict.length === 1 ? 'case' : 'cases'} did not pass strictly:`);
  for (const c of notStrict.slice(0, MAX_LISTED)) lines.push(`  ${c.id.padEnd(8)} ${c.outcome.padEnd(11)} ${c.findings[0] ?? ''}`);
  if (notStrict.length > MAX_LISTED) lines.push(`  … and ${notStrict.length - MAX_LISTED} more (--json or --html lists them all)`);
  return `${lines.join('\n')}\n`;
}

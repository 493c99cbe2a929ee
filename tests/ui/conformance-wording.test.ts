// The Conformance view's words in both languages: every category the suite
// has is named in English (as server/conformance/categories.ts titles it)
// and in Chinese, keyed by its number; every lesson a case links to has
// its title in both, the Chinese one the Chinese lesson's own heading; the
// page's own sentences about a run that ended early, and what is wrong with
// a file that is not a report, read in the interface's language, while
// the server's words are shown as they came.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_TITLES } from '../../server/conformance/categories';
import { CASE_OUTCOMES } from '../../server/conformance/report';
import { LESSONS } from '../../explorer-ui/src/features/conformance/case-links';
import { readReportJson, reportProblemWords } from '../../explorer-ui/src/features/conformance/report-file';
import { ENDED_EARLY, notJsonLine, runMessage, streamBroke } from '../../explorer-ui/src/features/conformance/run-messages';
import { categoryName, outcomeMeaning, outcomeWord } from '../../explorer-ui/src/features/conformance/wording';
import { i18n } from '../../explorer-ui/src/i18n';
import { en } from '../../explorer-ui/src/i18n/catalog-en';
import { zh } from '../../explorer-ui/src/i18n/catalog-zh';

const repoRoot = join(import.meta.dirname, '..', '..');
const tEn = i18n.getFixedT('en');
const tZh = i18n.getFixedT('zh');
const CJK = /[\u4e00-\u9fff]/;

describe('the Conformance view\'s words', () => {
  it('names every category of the suite by its number: the suite\'s English title, and a Chinese one', () => {
    const ids = Object.keys(CATEGORY_TITLES);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(en.conformance.categories).toEqual(CATEGORY_TITLES);
    expect(Object.keys(zh.conformance.categories).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(categoryName(tEn, id)).toBe(CATEGORY_TITLES[id]);
      expect(categoryName(tZh, id), id).toMatch(CJK);
    }
    expect(categoryName(tZh, '3')).toBe('保留位');
    expect(categoryName(tZh, '6')).toBe('UTF-8 处理');
    expect(categoryName(tEn, '8')).toBe('Category 8');
    expect(categoryName(tZh, '8')).toBe('第 8 类');
  });

  it('names every outcome and what it means in both languages', () => {
    for (const outcome of CASE_OUTCOMES) {
      expect(outcomeWord(tEn, outcome)).toBe(outcome);
      expect(outcomeWord(tZh, outcome)).toMatch(CJK);
      expect(outcomeMeaning(tZh, outcome)).toMatch(CJK);
    }
    expect([outcomeWord(tZh, 'pass'), outcomeWord(tZh, 'lenient'), outcomeWord(tZh, 'fail')]).toEqual(['通过', '宽松通过', '失败']);
  });

  it('titles every lesson a case links to as the lesson does, in each language', () => {
    for (const [key, lesson] of Object.entries(LESSONS)) {
      expect(tEn(`conformance.detail.lessons.${key}`)).toBe(lesson.title);
      const heading = readFileSync(join(repoRoot, 'lessons', 'zh', `${lesson.id}.md`), 'utf8').split('\n')[0].replace(/^#\s+/, '');
      expect(tZh(`conformance.detail.lessons.${key}`), key).toBe(heading);
    }
  });

  it('words the page\'s own sentences about a run that ended early, and leaves the server\'s as they came', () => {
    expect(runMessage(ENDED_EARLY, tEn)).toBe(ENDED_EARLY);
    expect(runMessage(ENDED_EARLY, tZh)).toBe('运行还没结束，服务器就结束了数据流');
    expect(runMessage(streamBroke('network error'), tZh)).toBe('数据流中断了：network error');
    expect(runMessage(notJsonLine('<html>'), tZh)).toBe('服务器发来的一行不是 JSON：<html>');
    expect(runMessage(streamBroke('network error'), tEn)).toBe('the stream broke off: network error');
    const servers = 'a conformance run from this address is already going; wait for it to end';
    expect(runMessage(servers, tZh)).toBe(servers);
  });

  it('says what is wrong with a file that is not a report in English, and keeps it as data to word in Chinese', () => {
    const problem = (value: unknown) => {
      const reading = readReportJson(typeof value === 'string' ? value : JSON.stringify(value));
      if (reading.ok) throw new Error('read as a report');
      return reading;
    };
    const stream = problem({ type: 'case' });
    expect(stream.error).toBe(reportProblemWords(tEn, stream.problem));
    expect(reportProblemWords(tZh, stream.problem)).toMatch(/^这只是一次运行数据流中的一行，不是报告/);
    expect(reportProblemWords(tZh, problem({ version: 2, cases: [] }).problem)).toBe('这不是第 1 版的一致性测试报告（wsx conform --json 写出的就是这种）：它的 "version" 是 2');
    expect(reportProblemWords(tZh, problem({ version: 1 }).problem)).toBe('"cases" 字段不是列表');

    const base = { version: 1, target: 'ws://x/echo', startedAt: '2026-11-30T06:00:00.000Z', durationMs: 1, selection: null, maxMessage: null };
    const badId = problem({ ...base, cases: [{ id: '<b>' }] });
    expect(badId.error).toBe('case 1\'s "id" ("<b>") is not numbered as 1.2.3');
    expect(reportProblemWords(tZh, badId.problem)).toBe('第 1 个用例的 "id" 字段（"<b>"）不是 1.2.3 这样的编号');

    const aCase = { id: '2.1', description: 'd', rfc: [], expectation: 'e', outcome: 'pass', findings: [], durationMs: 1 };
    const badHex = problem({ ...base, cases: [{ ...aCase, wire: { entries: [{ t: 0, direction: 'client', kind: 'frame', hex: 'abc', length: 1, summary: '' }] } }] });
    expect(badHex.error).toBe('case 2.1\'s wire entry 1\'s "hex" is not whole bytes of hex');
    expect(reportProblemWords(tZh, badHex.problem)).toBe('用例 2.1 线路记录第 1 条的 "hex" 字段不是按整字节写的十六进制');
    const badOutcome = problem({ ...base, cases: [{ ...aCase, outcome: 'great', wire: { entries: [] } }] });
    expect(reportProblemWords(tZh, badOutcome.problem)).toBe('用例 2.1 的 "outcome" 字段（"great"）不在 pass, lenient, fail, unsupported, skipped 之中');
  });
});

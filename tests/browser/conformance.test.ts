// The Conformance view in a real Chromium against the real server
// (createExplorerServer serving the built UI, as `wsx serve` does): a run
// against /echo started from the page with two categories, watched to its
// end, a case opened, one of its frames opened in the decoder by its link,
// and back; a report saved as the CLI's JSON and loaded again, a payload
// with markup in it drawn as text; and from the static build, a report
// loads while a run says it needs npm start; and the whole view in Chinese
// when the link says lang=zh. A screenshot of a case open lands in
// test-artifacts/screenshots/ (and docs/screenshots/ with
// UPDATE_DOCS_SCREENSHOTS=1), and one of the Chinese view beside it.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../server/conformance/report';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';
import { ensureUiBuild } from '../../server/ui-build';
import { chromiumAvailable, launchChromium } from '../support/chromium';

const repoRoot = join(import.meta.dirname, '..', '..');
const artifactDir = join(repoRoot, 'test-artifacts', 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');

let uiDir: string;
let server: ExplorerServer;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** The window as a person sees it, scrolled so the case list and the open case start just under the sticky header. */
async function screenshot(name: string, docsName?: string): Promise<void> {
  mkdirSync(artifactDir, { recursive: true });
  await page.evaluate(() => {
    const header = document.querySelector('.app__header')!.getBoundingClientRect().height;
    const layout = document.querySelector('.conformance__layout')!.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, layout - header - 12);
  });
  await page.screenshot({ path: join(artifactDir, `${name}.png`) });
  if (docsName && process.env.UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(docsDir, { recursive: true });
    await page.screenshot({ path: join(docsDir, `${docsName}.png`) });
  }
}

/** Opens the view and waits for the server's catalogue (the categories' boxes). */
async function openLab(): Promise<void> {
  await page.goto(`${origin}/#/conformance`);
  await page.getByTestId('conformance-view').waitFor();
  await page.getByTestId('conform-category-1').waitFor();
}

/** Runs only `categories` against /echo, and waits for the verdict. */
async function runCategories(categories: string[]): Promise<void> {
  expect(await page.getByTestId('conform-target').inputValue()).toBe('/echo');
  await page.getByRole('button', { name: 'none', exact: true }).click();
  for (const category of categories) await page.getByTestId(`conform-category-${category}`).check();
  await page.getByTestId('conform-start').click();
  await expect.poll(() => page.getByTestId('conform-verdict').textContent(), { timeout: 20_000 }).toMatch(/^Every case passed strictly|did not pass/);
}

const row = (id: string) => page.locator(`[data-testid="conform-case-row"][data-case="${id}"]`);

beforeAll(async () => {
  uiDir = (await ensureUiBuild()).dir;
  server = createExplorerServer({ port: 0, uiDir, log: () => {} });
  origin = (await server.listen()).url;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close({ timeoutMs: 1000 });
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light', acceptDownloads: true });
  page = await context.newPage();
  // A step that cannot happen fails at that step, well inside the test's own bound.
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  pageErrors.length = 0;
});

afterEach(async () => {
  await context.close();
  expect(pageErrors).toEqual([]);
});

describe.skipIf(!chromiumAvailable())('the Conformance view', () => {
  it('runs the suite against /echo from the page, opens a case, and opens its frame in the decoder', async () => {
    await openLab();
    const started = Date.now();
    await runCategories(['1', '2']);
    console.info(`conformance view: categories 1 and 2 (31 cases) run from the page in ${Date.now() - started} ms`);
    expect(await page.getByTestId('conform-verdict').textContent()).toBe('Every case passed strictly (31 cases)');
    expect(await page.getByTestId('conform-count-pass').textContent()).toContain('31');
    expect(await page.getByTestId('conform-progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([31, 31]);
    expect(await page.getByTestId('conform-category-table').locator('tbody tr').count()).toBe(2);

    // Filters: nothing failed, and category 2 holds 11 cases.
    await page.getByTestId('conform-outcome-fail').check({ force: true });
    expect(await page.getByTestId('conform-shown').textContent()).toBe('0 of 31 cases match');
    await page.getByTestId('conform-outcome-all').check({ force: true });
    await page.getByTestId('conform-category-filter').selectOption('2');
    expect(await page.getByTestId('conform-shown').textContent()).toBe('11 of 31 cases match');

    // 2.2: a ping with "Hello, world!", answered by a pong with the same.
    await row('2.2').click();
    const detail = page.getByTestId('conform-case');
    await detail.waitFor();
    expect(await detail.locator('h2').textContent()).toContain('2.2');
    expect(await page.getByTestId('conform-case-rfc').textContent()).toContain('RFC 6455 §5.5.2');
    expect(await page.getByTestId('conform-case-expectation').textContent()).toMatch(/pong/i);
    expect(await page.getByTestId('conform-case-lesson').getAttribute('href')).toBe('#/lessons?lesson=07-ping-pong-keepalive&step=1');
    expect(await page.getByTestId('conform-wire-http').count()).toBe(2);
    const pong = page.getByTestId('conform-wire-frame').filter({ hasText: 'pong, 13 bytes' });
    expect(await pong.getAttribute('data-from')).toBe('server');
    expect(await pong.textContent()).toContain('"Hello, world!"');
    await screenshot('conformance-case', 'conformance');

    // The pong's link: the decoder, told the server sent it, shows that frame.
    const href = await pong.getByTestId('conform-decode-link').getAttribute('href');
    expect(href).toBe('#/decoder?hex=8a+0d+48+65+6c+6c+6f+2c+20+77+6f+72+6c+64+21&from=server');
    await pong.getByTestId('conform-decode-link').click();
    await page.getByTestId('decoder-view').waitFor();
    const card = page.getByTestId('frame-card');
    await expect.poll(() => card.count()).toBe(1);
    expect(await page.getByTestId('decoder-input').inputValue()).toBe('8a 0d 48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21');
    expect(await page.getByTestId('decoder-from-server').isChecked()).toBe(true);
    expect(await card.getByTestId('frame-summary').textContent()).toMatch(/pong.*13/);
    expect(await card.getByTestId('frame-verdict').textContent()).toMatch(/valid/i);

    // Back: the report and the open case are still there.
    await page.goBack();
    await page.getByTestId('conform-case').waitFor();
    expect(await page.getByTestId('conform-case').locator('h2').textContent()).toContain('2.2');

    // The handshake opens in the stepper, the server's side checking the real request.
    await page.getByTestId('conform-case-handshake').click();
    await expect.poll(() => page.url()).toMatch(/#\/handshake\?side=server&req=GET\+%2Fecho/);
  }, 60_000);

  it('saves a report as the CLI writes one, and loads it back, drawing what a server sent as text', async () => {
    await openLab();
    await runCategories(['3']);
    const download = page.waitForEvent('download');
    await page.getByTestId('conform-save').click();
    const file = join(tmpdir(), `conformance-${process.pid}.json`);
    await (await download).saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
    expect(saved).toMatchObject({ version: 1, strictPass: true, totals: { pass: 7 } });
    expect(saved.target).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/echo$/);
    expect(saved.cases.map((c) => c.id)).toEqual(['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7']);
    expect(Object.keys(saved)).toEqual(['version', 'target', 'startedAt', 'durationMs', 'selection', 'maxMessage', 'strictPass', 'summary', 'totals', 'cases']);

    // A server that sent markup: the report shows it as text. And a case that failed, to filter.
    const frame = saved.cases[0].wire.entries.find((e) => e.kind === 'frame' && e.direction === 'server')!;
    frame.summary = 'text, 30 bytes: "<img src=x onerror=\\"window.pwned=1\\">"';
    saved.cases[1].outcome = 'fail';
    saved.cases[1].findings = ['<b>not bold</b>'];
    writeFileSync(file, JSON.stringify(saved));

    const fresh = await context.newPage();
    fresh.setDefaultTimeout(10_000);
    fresh.on('pageerror', (error) => pageErrors.push(error.message));
    page = fresh;
    await openLab();
    await page.getByTestId('conform-load-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('conform-summary').locator('h2').textContent()).toContain(`conformance-${process.pid}.json`);
    expect(await page.getByTestId('conform-verdict').textContent()).toBe('1 of 7 cases did not pass strictly');
    await page.getByTestId('conform-outcome-fail').check({ force: true });
    expect(await page.getByTestId('conform-shown').textContent()).toBe('1 of 7 cases match');
    await row('3.2').click();
    expect(await page.getByTestId('conform-case-outcome').textContent()).toContain('<b>not bold</b>');
    await page.getByTestId('conform-outcome-all').check({ force: true });
    await row('3.1').click();
    const marked = page.getByTestId('conform-wire-frame').filter({ hasText: 'onerror' });
    expect(await marked.textContent()).toContain('<img src=x');
    expect(await page.getByTestId('conform-case').locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    // Not a report: said so, and the shown report stays.
    writeFileSync(file, '{"type":"start","total":3}');
    await page.getByTestId('conform-load-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('conform-load-error').textContent()).toContain('not a report');
    expect(await page.getByTestId('conform-summary').isVisible()).toBe(true);
  }, 60_000);

  it('reads in Chinese when the link says lang=zh: the run panel, the summary, the case list and an open case', async () => {
    await page.goto(`${origin}/#/conformance?lang=zh`);
    await page.getByTestId('conformance-view').waitFor();
    await page.getByTestId('conform-category-1').waitFor();
    const view = page.getByTestId('conformance-view');
    const run = page.getByTestId('conform-run');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await run.locator('h2').textContent()).toBe('对服务器运行测试套件');
    expect(await run.textContent()).toContain('测试目标');
    expect(await run.locator('legend').textContent()).toMatch(/^用例类别 · 已选 \d+ \/ \d+ 个用例 全选全不选$/);
    // The suite titles its categories in English; the page names them in Chinese by their numbers.
    expect(await page.locator('label', { has: page.getByTestId('conform-category-3') }).textContent()).toBe('3 保留位 (7)');
    expect(await page.locator('label', { has: page.getByTestId('conform-category-7') }).textContent()).toContain('7 关闭连接');
    expect(await page.getByTestId('conform-save').textContent()).toBe('保存报告（JSON）');

    await page.getByTestId('conform-categories-none').click();
    await page.getByTestId('conform-category-2').check();
    await page.getByTestId('conform-category-3').check();
    expect(await page.getByTestId('conform-start').textContent()).toBe('对 /echo 运行 18 个用例');
    await page.getByTestId('conform-start').click();
    await expect.poll(() => page.getByTestId('conform-verdict').textContent(), { timeout: 20_000 }).toBe('全部用例严格通过（共 18 个）');

    // The summary: its headings, the outcomes, the categories' rows.
    const summary = page.getByTestId('conform-summary');
    expect(await summary.locator('h2').textContent()).toMatch(/^报告 测试目标 ws:\/\/127\.0\.0\.1:\d+\/echo$/);
    expect(await page.getByTestId('conform-category-table').locator('thead th').allTextContents()).toEqual(['类别', '用例数', '通过', '宽松通过', '失败', '不支持', '未运行']);
    expect(await page.getByTestId('conform-category-table').locator('tbody th').allTextContents()).toEqual(['2 Ping 与 Pong', '3 保留位']);
    expect(await page.getByTestId('conform-count-pass').textContent()).toBe('通过 18');
    expect(await page.getByTestId('conform-count-pass').getAttribute('title')).toBe('完全符合 RFC 的要求');
    expect(await summary.locator('.conform-summary__legend').textContent()).toBe('通过：完全符合 RFC 的要求 · 宽松通过：RFC 允许、但不提倡的做法 · 失败：违反了一条 MUST。用例编号沿用 Autobahn 测试套件的编号。');

    // The case list and its filters.
    const cases = page.getByTestId('conform-cases');
    expect(await cases.locator('h2').textContent()).toBe('用例');
    expect(await page.getByTestId('conform-shown').textContent()).toBe('共 18 个用例');
    expect(await cases.locator('.segmented label').allTextContents()).toEqual(['全部', '通过', '宽松通过', '失败']);
    expect(await page.getByTestId('conform-category-filter').locator('option').allTextContents()).toEqual(['所有类别', '2 Ping 与 Pong', '3 保留位']);
    await page.getByTestId('conform-category-filter').selectOption('2');
    expect(await page.getByTestId('conform-shown').textContent()).toBe('18 个用例中有 11 个符合筛选条件');
    expect(await row('2.2').locator('.badge').textContent()).toBe('通过');

    // A case opened: its labels in Chinese, its data (description, RFC text, expectation, wire summaries) as the suite wrote it.
    await row('2.2').click();
    const detail = page.getByTestId('conform-case');
    await detail.waitFor();
    expect(await detail.locator('h2').textContent()).toBe('用例 2.2 通过');
    expect(await page.getByTestId('conform-data-note').textContent()).toBe('用例说明、预期行为、RFC 原文和运行结论都来自测试套件本身，保持英文。');
    expect(await detail.locator('dt').allTextContents()).toEqual(['RFC 原文', '预期行为', '结果', '延伸学习']);
    expect(await page.getByTestId('conform-case-outcome').textContent()).toMatch(/^通过 完全符合 RFC 的要求 · \d+ 毫秒$/);
    expect(await page.getByTestId('conform-case-lesson').textContent()).toBe('第 7 课：Ping、Pong 与心跳保活 →');
    expect(await page.getByTestId('conform-case-handshake').textContent()).toBe('在握手步进器里查看这次握手：服务器做的检查 →');
    expect(await page.getByTestId('conform-case-expectation').textContent()).toMatch(/pong/i);
    expect(await detail.locator('h3').textContent()).toBe('线路记录 · 双向，按字节实际经过线路的顺序');
    expect(await page.getByTestId('conform-wire').locator('thead th').allTextContents()).toEqual(['毫秒', '方向', '内容及开头的字节', '打开']);
    const pong = page.getByTestId('conform-wire-frame').filter({ hasText: 'pong, 13 bytes' });
    expect(await pong.locator('.conform-wire__dir').textContent()).toBe('← 服务器');
    expect(await pong.getByTestId('conform-decode-link').textContent()).toBe('解码');
    expect(await page.getByTestId('conform-wire-http').first().locator('.conform-wire__dir').textContent()).toBe('客户端 →');

    // None of the interface's English is left.
    const shown = (await view.innerText()).replace(/\s+/g, ' ');
    for (const english of ['Run the suite against a server', 'Categories', 'Save report', 'Every case passed strictly', 'did not pass', 'cases match', 'every category', 'Expected', 'Outcome', 'Learn', 'Lesson 7', 'Wire log', 'both directions', 'client →', '← server', 'decode', 'what the RFC asks', 'lenient', 'Case numbers']) {
      expect(shown, english).not.toContain(english);
    }

    mkdirSync(artifactDir, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifactDir, 'conformance-zh.png'), fullPage: true });
  }, 60_000);

  it('from the static build, says a run needs npm start and still reads a report', async () => {
    const report = await (await fetch(`${origin}/api/conform`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: '/echo', cases: ['10.*'] }) })).text();
    const events = report.trim().split('\n').map((line) => JSON.parse(line));
    const done = events.at(-1);
    const file = join(tmpdir(), `conformance-static-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ ...done.report, cases: events.filter((e) => e.type === 'case').map((e) => e.result) }));

    await page.goto(`${pathToFileURL(join(uiDir, 'index.html')).href}#/conformance`);
    await page.getByTestId('conform-no-server').waitFor();
    expect(await page.getByTestId('conform-no-server').textContent()).toContain('opened from the static build');
    expect(await page.getByTestId('conform-start-command').textContent()).toBe('npm start');
    await page.getByTestId('conform-load-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('conform-verdict').textContent()).toBe('Every case passed strictly (1 case)');
  });
});

// The Chinese interface in a real Chromium, from the static build: the
// header's switch changes every view's language, the link carries it, the
// document says it is zh-CN, and what the engine says (field meanings, rule
// messages, close-code meanings, handshake checks) reads in Chinese too. A
// screenshot of the decoder in Chinese lands in test-artifacts/screenshots/
// (and in docs/screenshots/ with UPDATE_DOCS_SCREENSHOTS=1).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuild } from '../../server/ui-build';
import { launchChromium } from '../support/chromium';
import { serveStatic, type StaticServer } from '../support/static-server';

const repoRoot = join(import.meta.dirname, '..', '..');

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const build = await ensureUiBuild();
  server = await serveStatic(build.dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function screenshot(page: Page, name: string): Promise<void> {
  const artifactDir = join(repoRoot, 'test-artifacts', 'screenshots');
  mkdirSync(artifactDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifactDir, `${name}.png`), fullPage: true });
  if (process.env.UPDATE_DOCS_SCREENSHOTS) {
    const docsDir = join(repoRoot, 'docs', 'screenshots');
    mkdirSync(docsDir, { recursive: true });
    await page.screenshot({ path: join(docsDir, `${name}.png`), fullPage: true });
  }
}

const hashParams = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
const documentLanguage = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe('the Chinese interface', () => {
  it('is switched from the header, kept in the link and over a reload, and switched back', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${server.url}#/decoder`);
    await page.locator('.app').waitFor();
    expect(await documentLanguage(page)).toBe('en');
    await page.locator('label', { has: page.getByTestId('language-zh') }).click();

    await expect.poll(() => documentLanguage(page)).toBe('zh-CN');
    expect(hashParams(page).get('lang')).toBe('zh');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('解码器');

    // RSV1 set with no extension, from the server: a problem, and every field explained.
    await page.locator('label', { has: page.getByTestId('decoder-from-server') }).click();
    await page.getByTestId('decoder-input').fill('c1 05 48 65 6c 6c 6f');
    await expect.poll(() => page.getByTestId('problem').first().textContent()).toContain('RSV1 被置位，但双方并没有协商任何赋予它含义的扩展');
    expect(await page.getByTestId('problem').first().textContent()).toContain('第 0 字节，第 1 位');
    expect(await page.getByTestId('problem-close-code').first().textContent()).toBe('1002');
    expect(await page.getByTestId('field-row-opcode').textContent()).toContain('文本帧：载荷是 UTF-8 文本');
    expect(await page.getByTestId('field-row-payload length').textContent()).toContain('5：载荷有 5 字节');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('出错：关闭码 1002');
    expect(hashParams(page).get('lang')).toBe('zh');
    await screenshot(page, 'decoder-zh');

    // Another view keeps the language, and the engine's close-code meanings read in Chinese.
    await page.getByRole('tab', { name: /关闭码/ }).click();
    await page.getByTestId('close-code-1006').waitFor();
    expect(await page.getByTestId('close-code-1006').textContent()).toContain('异常关闭');
    expect(await page.getByTestId('close-code-1006').getByTestId('close-code-meaning').textContent()).toContain('连接在没有任何关闭帧的情况下断开');
    expect(await page.getByTestId('close-code-1006').textContent()).toContain('CloseAbnormalClosure');
    expect(hashParams(page).get('lang')).toBe('zh');

    // The handshake stepper: the engine's checks by their Chinese titles, with gorilla's Upgrader beside them.
    await page.getByRole('tab', { name: /握手/ }).click();
    await page.getByRole('button', { name: 'RFC 6455 1.2 的示例' }).click();
    await page.getByRole('button', { name: '全部 ⇥' }).click();
    expect(await page.getByTestId('check-method').textContent()).toContain('请求方法是 GET');
    expect(await page.getByTestId('check-key').textContent()).toContain('Sec-WebSocket-Key 是 16 字节的 base64');
    expect(await page.getByTestId('gorilla-aside').first().textContent()).toContain('Upgrader.Upgrade');
    await page.getByRole('tab', { name: /关闭码/ }).click();

    await page.reload();
    await page.getByTestId('close-code-1006').waitFor();
    expect(await documentLanguage(page)).toBe('zh-CN');
    expect(await page.getByTestId('close-code-1000').textContent()).toContain('正常关闭');

    await page.locator('label', { has: page.getByTestId('language-en') }).click();
    await expect.poll(() => documentLanguage(page)).toBe('en');
    expect(hashParams(page).get('lang')).toBeNull();
    expect(await page.getByTestId('close-code-1006').getByTestId('close-code-meaning').textContent())
      .toBe('Reported to applications when the connection closed without any close frame. Never sent on the wire.');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('Close codes');

    expect(errors).toEqual([]);
    await context.close();
  });
});

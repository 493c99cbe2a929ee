// One Chromium and the static build for a browser test file, a fresh
// context for each test, and the few moves every explorer test makes: open a
// view, paste hex into the decoder, save a screenshot. A page error fails the
// test that caused it. Screenshots land in test-artifacts/screenshots/ (and
// in docs/screenshots/ with UPDATE_DOCS_SCREENSHOTS=1).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { ensureUiBuild } from '../../server/ui-build';
import { launchChromium } from './chromium';
import { serveStatic, type StaticServer } from './static-server';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const artifactDir = join(repoRoot, 'test-artifacts', 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');

export interface ExplorerPage {
  /** This test's page, in its own context (light, 1280×900 unless the file asks for another size). */
  readonly page: Page;
  readonly browser: Browser;
  open(hash: string): Promise<void>;
  decode(hex: string, from: 'client → server' | 'server → client'): Promise<void>;
  /** A full-page screenshot; with docsName, also the README's copy when UPDATE_DOCS_SCREENSHOTS is set. */
  screenshot(name: string, docsName?: string): Promise<void>;
}

/** Registers the file's hooks; call once at the top of a test file. */
export function useExplorerPage({ viewport = { width: 1280, height: 900 } } = {}): ExplorerPage {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const build = await ensureUiBuild();
    server = await serveStatic(build.dir);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport, colorScheme: 'light' });
    page = await context.newPage();
    pageErrors.length = 0;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const open = async (hash: string) => {
    await page.goto(`${server.url}${hash}`);
    await page.locator('.app').waitFor();
  };

  return {
    get page() { return page; },
    get browser() { return browser; },
    open,
    async decode(hex, from) {
      await open('#/decoder');
      await page.locator('label', { hasText: from }).click();
      await page.getByTestId('decoder-input').fill(hex);
    },
    async screenshot(name, docsName) {
      mkdirSync(artifactDir, { recursive: true });
      // A full-page shot of a scrolled page paints the sticky header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(artifactDir, `${name}.png`), fullPage: true });
      if (docsName && process.env.UPDATE_DOCS_SCREENSHOTS) {
        mkdirSync(docsDir, { recursive: true });
        await page.screenshot({ path: join(docsDir, `${docsName}.png`), fullPage: true });
      }
    },
  };
}

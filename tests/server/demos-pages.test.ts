// The demo pages as files (server/demos/pages/): every page links the one
// stylesheet, the favicon and the explorer at '/', everything it references
// is served, its script never turns a payload into markup, and in Chromium
// each page loads without a failed request, styled in light and dark.

import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PAGES, DEMO_PAGES_DIR, FAVICON_PATH } from '../../server/demos/pages';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { explorerForFile } from '../support/explorer-server';

// Demos on, no --command: /demo/command is the page that says how to turn it on.
const explorer = explorerForFile({ demos: true });

const servedPages = [DEMO_PAGES.echo, DEMO_PAGES.chat, DEMO_PAGES.filewatch, DEMO_PAGES.many, DEMO_PAGES.commandOff];
const files = readdirSync(DEMO_PAGES_DIR);
const read = (name: string) => readFileSync(join(DEMO_PAGES_DIR, name), 'utf8');

/** The local URLs a page or script refers to: src and href attributes, and relative imports. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
}

const EXPECTED_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

describe('the demo pages as files', () => {
  it('has one HTML file per page and nothing unused', () => {
    expect(files.filter((name) => name.endsWith('.html')).sort()).toEqual(Object.values(DEMO_PAGES).map((page) => page.file).sort());
    const used = new Set<string>();
    for (const name of files.filter((file) => file.endsWith('.html'))) {
      for (const ref of references(read(name))) if (ref.startsWith('/demo/') || ref === FAVICON_PATH) used.add(ref.split('/').pop()!);
    }
    for (const name of files.filter((file) => file.endsWith('.js'))) {
      for (const [, imported] of read(name).matchAll(/from '\.\/([^']+)'/g)) used.add(imported);
    }
    expect([...used].sort()).toEqual(files.filter((name) => !name.endsWith('.html')).sort());
  });

  it.each(files.filter((name) => name.endsWith('.html')))('%s: the shared head, a link home, no inline style or script', (name) => {
    const html = read(name);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<link rel="stylesheet" href="/demo/demo.css">');
    expect(html).toContain(`<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">`);
    expect(html).toContain('<a class="brand" href="/">');
    expect(html).not.toMatch(/<style|\sstyle="|\son[a-z]+="/);
    // Scripts are files (type-checked), never inline.
    for (const [script] of html.matchAll(/<script[\s\S]*?<\/script>/g)) expect(script).toMatch(/^<script type="module" src="\/demo\/[a-z-]+\.js"><\/script>$/);
  });

  it.each(files.filter((name) => name.endsWith('.js')))('%s is type-checked and never parses text as HTML', (name) => {
    const script = read(name);
    expect(script.startsWith('// @ts-check\n')).toBe(true);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/);
  });
});

describe('serving them', () => {
  it.each(servedPages)('$path: HTML, and every file it references is served with its type', async ({ path, file }) => {
    const response = await fetch(`${explorer.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toBe(read(file));
    for (const ref of references(html).filter((r) => r !== '/')) {
      const asset = await fetch(`${explorer.url}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect(asset.headers.get('content-type'), ref).toBe(EXPECTED_TYPES[extname(ref)]);
      expect(asset.headers.get('x-content-type-options'), ref).toBe('nosniff');
      expect(Buffer.from(await asset.arrayBuffer()).toString('utf8'), ref).toBe(read(ref.split('/').pop()!));
    }
  });

  it('serves the favicon at /favicon.svg, for the explorer UI too', async () => {
    const response = await fetch(`${explorer.url}${FAVICON_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toBe(read('favicon.svg'));
  });

  it('serves nothing else from the pages folder or beside it', async () => {
    for (const path of ['/demo/chat.html', '/demo/missing.js', '/demo/pages.ts', '/demo/%2e%2e/pages.ts', '/demo/..%2fchat.ts', '/demo/pages/demo.css', '/demo/.hidden.js', '/favicon.ico']) {
      expect((await fetch(`${explorer.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe.skipIf(!chromiumAvailable())('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page and collects every failed request, error response and console error on the way. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    // A request the page's own navigation cut short (net::ERR_ABORTED, the favicon on a busy machine) is not a broken page.
    page.on('requestfailed', (request) => {
      if (!request.failure()?.errorText.includes('ERR_ABORTED')) problems.push(`failed ${request.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`error ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console ${message.text()}`);
    });
    await page.goto(`${explorer.url}${path}`, { waitUntil: 'load' });
    return { page, problems };
  }

  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  it.each(servedPages)('$path loads whole and styled like the explorer, light and dark', async ({ path }) => {
    const { page, problems } = await open(path);
    expect(await background(page)).toBe('rgb(245, 246, 248)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(page)).toBe('rgb(15, 18, 22)');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^Inter, "Segoe UI", system-ui/);
    // The favicon in the header drew: it was fetched and decoded.
    expect(await page.evaluate(() => (document.querySelector('a.brand img') as HTMLImageElement).naturalWidth)).toBe(32);
    expect(await page.evaluate(() => (document.querySelector('link[rel=icon]') as HTMLLinkElement).href)).toBe(`${explorer.url}${FAVICON_PATH}`);
    // And the way back to the explorer.
    await page.click('a.brand');
    await page.waitForURL(`${explorer.url}/`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/demo/echo echoes what is typed, markup shown as text', async () => {
    const { page, problems } = await open('/demo/echo');
    await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('open ws://'));
    await page.fill('#msg', '<b>not bold</b>');
    await page.press('#msg', 'Enter');
    await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('< <b>not bold</b>'));
    expect(await page.locator('#log div').allInnerTexts()).toEqual([`open ws://${new URL(explorer.url).host}/echo`, '> <b>not bold</b>', '< <b>not bold</b>']);
    expect(await page.locator('#log b').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/demo/filewatch shows the watched file as text', async () => {
    const { page, problems } = await open('/demo/filewatch');
    await page.waitForFunction(() => document.getElementById('fileData')?.textContent?.startsWith('This is the filewatch demo'));
    expect(await page.textContent('#status')).toMatch(/^File updated at /);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('/demo/many opens idle connections and shows the server’s figures', async () => {
    const { page, problems } = await open('/demo/many');
    await page.fill('#count', '3');
    await page.click('input[type=submit]');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '3 of 3 connections open.');
    await page.click('#ask');
    await page.waitForFunction(() => document.getElementById('stats')?.textContent?.startsWith('connections now:'));
    const stats = (await page.textContent('#stats'))!.split('\n');
    // Three idle connections and the question's own.
    expect(stats[0]).toBe('connections now:   4 (peak 4)');
    expect(stats[1]).toBe('messages received: 0 (0 bytes)');
    expect(stats.slice(2).map((line) => line.replace(/[\d.]+ MiB$/, 'N MiB'))).toEqual(['server rss:        N MiB', 'server heap used:  N MiB', 'server external:   N MiB']);
    await page.click('#closeAll');
    expect(await page.textContent('#status')).toBe('0 of 0 connections open.');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

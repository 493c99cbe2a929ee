// The lesson player in a real Chromium, from the static build, as a teacher
// uses it in front of a class: presenter mode on a 1920×1080 projector
// stepped with the keyboard and a clicker's Page Down, every text at least
// 28px in both themes and in Chinese, with nothing to scroll sideways; an
// exercise answered right, then wrong; the same step in Chinese; the notes
// window following the presenter (and leading it); the compression lesson's
// frames read with permessage-deflate; the handshake stepper's Next bringing
// each new step into view. Screenshots
// land in test-artifacts/screenshots/ (and in docs/screenshots/ with
// UPDATE_DOCS_SCREENSHOTS=1; Chinese glyphs need a CJK font, such as
// Debian's fonts-noto-cjk, on the machine that takes them).

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureUiBuild } from '../../server/ui-build';
import { launchChromium } from '../support/chromium';
import { serveStatic, type StaticServer } from '../support/static-server';

// Each test lays out long pages in a real browser; on a machine other jobs
// are loading too that can pass the suite's 30 s without anything being
// wrong. Waits are all on conditions, never on the clock, so a slow run is
// only slow.
vi.setConfig({ testTimeout: 60_000 });

const repoRoot = join(import.meta.dirname, '..', '..');
const artifactDir = join(repoRoot, 'test-artifacts', 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');

const PROJECTOR = { width: 1920, height: 1080 };
/** The smallest type presenter mode may show, at 1920×1080. */
const PRESENTER_MIN_PX = 28;
/** WCAG AA for large text (at least 24px, or 18.7px bold): all of presenter mode is. */
const LARGE_TEXT_MIN_CONTRAST = 3;

let server: StaticServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const build = await ensureUiBuild();
  server = await serveStatic(build.dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  expect(pageErrors.splice(0)).toEqual([]);
});

/**
 * A page in a context of its own. Scrolling jumps (the person asked for
 * reduced motion) unless `smoothScrolling`: the presenter tests glide as a
 * projector does, and the rest save the animation frames.
 */
async function newPage({ viewport = { width: 1280, height: 900 }, smoothScrolling = false } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, colorScheme: 'light', reducedMotion: smoothScrolling ? 'no-preference' : 'reduce' });
  contexts.push(context);
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  return context.newPage();
}

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${server.url}${hash}`);
  await page.locator('.app').waitFor();
}

/** The window (or the whole page), or one element, as PNG. */
async function screenshot(target: Page | Locator, name: string, docsName: string | null, fullPage = false): Promise<void> {
  mkdirSync(artifactDir, { recursive: true });
  const path = join(artifactDir, `${name}.png`);
  // An element taller than the window is shot in pieces as it scrolls, and
  // the sticky header would be painted over each: it stays at the top.
  await ('goto' in target ? target.screenshot({ path, fullPage }) : target.screenshot({ path, style: '.app__header { position: static !important; }' }));
  if (docsName && process.env.UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(docsDir, { recursive: true });
    copyFileSync(join(artifactDir, `${name}.png`), join(docsDir, `${docsName}.png`));
  }
}

/** The step the player shows, by its number (from 1). */
async function shownStep(page: Page): Promise<number> {
  return Number(await page.getByTestId('lesson-step').getAttribute('data-step'));
}

interface TextReading {
  text: string;
  element: string;
  fontSize: number;
  contrast: number;
}

/**
 * Every piece of text a person can see on the page (the whole page, not
 * only the viewport): its element, its computed font size, and its contrast
 * against the background actually behind it (ancestors' colours composed).
 * Screen-reader-only text and disabled controls (which WCAG exempts) are
 * left out.
 */
async function visibleText(page: Page): Promise<TextReading[]> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (color: string): Rgba | null => {
      const m = /rgba?\(([^)]+)\)/.exec(color);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => ({
      r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
    });
    const luminance = ({ r, g, b }: Rgba) => {
      const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = element; e; e = e.parentElement) {
        const colour = parse(getComputedStyle(e).backgroundColor);
        if (colour && colour.a > 0) layers.push(colour);
        if (colour && colour.a >= 1) break;
      }
      let base: Rgba = { r: 255, g: 255, b: 255, a: 1 };
      for (const layer of layers.reverse()) base = over(layer, base);
      return base;
    };
    const readings: TextReading[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || element.closest('.visually-hidden, :disabled')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (![...range.getClientRects()].some((rect) => rect.width > 1 && rect.height > 1)) continue;
      const style = getComputedStyle(element);
      if (style.visibility !== 'visible') continue;
      const behind = background(element);
      const [light, dark] = [luminance(over(parse(style.color)!, behind)), luminance(behind)].sort((a, b) => b - a);
      readings.push({
        text: text.slice(0, 40),
        element: `${element.tagName.toLowerCase()}.${element.className}`,
        fontSize: parseFloat(style.fontSize),
        contrast: (light + 0.05) / (dark + 0.05),
      });
    }
    return readings;
  });
}

/**
 * Whether an element has come into the viewport: its top is on screen, and
 * so is nearly all of it (or, when it is taller than the screen, the screen
 * is nearly all it). A hovered field's explanation may still grow it a line.
 */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const height = window.innerHeight;
    const shown = Math.min(rect.bottom, height) - Math.max(rect.top, 0);
    return rect.top >= 0 && shown >= 0.9 * Math.min(rect.height, height);
  });
}

/**
 * Presenter mode's promise for whatever is on the page: every text at least
 * 28px and at least 3:1 against what is behind it, and nothing that needs a
 * sideways scroll (a scroll bar is no use to a class).
 */
async function expectReadableFromTheBackRow(page: Page, label: string): Promise<void> {
  const readings = await visibleText(page);
  const smallest = Math.min(...readings.map((r) => r.fontSize));
  const faintest = Math.min(...readings.map((r) => r.contrast));
  console.log(`[${label}] ${readings.length} texts; smallest ${smallest}px; lowest contrast ${faintest.toFixed(2)}:1`);
  expect(readings.length).toBeGreaterThan(20);
  expect(readings.filter((r) => r.fontSize < PRESENTER_MIN_PX)).toEqual([]);
  expect(readings.filter((r) => r.contrast < LARGE_TEXT_MIN_CONTRAST)).toEqual([]);
  const scrollingSideways = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll('[data-testid="lesson-step"] *')]
      .filter((element) => !element.closest('.visually-hidden') && element.scrollWidth > element.clientWidth + 1)
      .filter((element) => element === document.documentElement || /auto|scroll|hidden/.test(getComputedStyle(element).overflowX))
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.scrollWidth} > ${element.clientWidth}`),
  );
  expect(scrollingSideways).toEqual([]);
}

/** Picks a language in the lesson player's switch, as a person clicks its label. */
async function chooseLanguage(page: Page, name: 'English' | '中文'): Promise<void> {
  await page.locator('.lesson-language label', { hasText: name }).click();
}

/** Smooth scrolling over a long page takes Chromium about a second. */
const SCROLLED = { timeout: 5000 };

describe('presenter mode', () => {
  it('steps lesson 4 with the keyboard to a frame, whose bits show, with every text at least 28px at 1920×1080 in both themes', async () => {
    const page = await newPage({ viewport: PROJECTOR, smoothScrolling: true });
    await open(page, '#/lessons?lesson=04-frame-anatomy&step=1');
    await page.getByTestId('lesson-presenter').click();
    await expect.poll(() => page.url()).toContain('presenter=1');
    // The app's header and the table of contents make way for the step.
    expect(await page.locator('.app__header').isVisible()).toBe(false);
    expect(await page.locator('.lesson-toc').count()).toBe(0);

    // A clicker's Page Down, then the arrow key: step 3, "Byte 1: MASK and the 7-bit length".
    await page.keyboard.press('PageDown');
    await expect.poll(() => shownStep(page)).toBe(2);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shownStep(page)).toBe(3);
    expect(page.url()).toContain('step=3');
    expect(await page.getByTestId('lesson-step').locator('h2').textContent()).toBe('Byte 1: MASK and the 7-bit length');

    const frame = page.getByTestId('lesson-step').getByTestId('lesson-frame').first();
    expect(await frame.getByTestId('field-opcode').locator('.bit-grid__bits').textContent()).toBe('0001');
    expect(await frame.getByTestId('field-MASK').locator('.bit-grid__bits').textContent()).toBe('0');
    expect(await frame.getByTestId('field-payload length').locator('.bit-grid__bits').textContent()).toBe('0000101');
    expect(await frame.locator('.byte__offset').allTextContents()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    // The step that changed starts on screen.
    await expect.poll(() => page.getByTestId('lesson-step').evaluate((step) => Math.round(step.getBoundingClientRect().top)), SCROLLED).toBeLessThan(PROJECTOR.height / 4);
    expect(await page.getByTestId('lesson-step').evaluate((step) => step.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'lessons-presenter', 'lessons-presenter', false);

    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await page.getByRole('button', { name: /Light/ }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      expect((await visibleText(page)).length).toBeGreaterThan(100);
      await expectReadableFromTheBackRow(page, `lesson 4 step 3, presenter, ${theme}`);
      // Byte offsets and bit numbers are among them, at the floor or above.
      for (const selector of ['.byte__offset', '.bit-grid__ruler']) {
        const size = await frame.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
        expect(size).toBeGreaterThanOrEqual(PRESENTER_MIN_PX);
      }
    }

    // The same step in Chinese, still presenting, still dark: Han text at the floor too.
    await chooseLanguage(page, '中文');
    await expect.poll(() => page.getByTestId('lesson').getAttribute('lang')).toBe('zh');
    expect(await shownStep(page)).toBe(3);
    expect(page.url()).toContain('presenter=1');
    await expectReadableFromTheBackRow(page, 'lesson 4 step 3, presenter, dark, zh');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'lessons-presenter-dark-zh', 'lessons-presenter-dark-zh', false);
  });

  it('keeps inline code at 28px, Go code on its own lines, and a long field value whole', async () => {
    const page = await newPage({ viewport: PROJECTOR });
    // gorilla's command example: inline identifiers and a const block with comments.
    await open(page, '#/lessons?lesson=07-ping-pong-keepalive&step=3&presenter=1');
    await page.getByTestId('lesson-step').waitFor();
    expect(await page.getByTestId('lesson-step').locator('pre').count()).toBeGreaterThan(0);
    await expectReadableFromTheBackRow(page, 'lesson 7 step 3, presenter');
    // An unexpected continuation: "0x0 continuation" is wider than the opcode's four columns.
    await open(page, '#/lessons?lesson=06-fragmentation&step=5&presenter=1');
    const opcode = page.getByTestId('lesson-step').getByTestId('field-opcode').first();
    await opcode.waitFor();
    expect(await opcode.locator('.bit-grid__value').textContent()).toBe('0x0 continuation');
    await expectReadableFromTheBackRow(page, 'lesson 6 step 5, presenter');
  });

  it('opens a notes window that follows the presenter, and moves the presenter with its own keys', async () => {
    const page = await newPage({ viewport: PROJECTOR, smoothScrolling: true });
    await open(page, '#/lessons?lesson=04-frame-anatomy&step=1&presenter=1');
    const [notes] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('lesson-notes-window').click()]);
    await notes.locator('.app').waitFor();
    expect(notes.url()).toContain('notes=1');
    expect(notes.url()).not.toContain('presenter=1');
    const position = notes.getByTestId('notes-position');
    await expect.poll(() => position.textContent()).toBe('Now: step 1 of 5');
    expect(await notes.getByTestId('notes-text').textContent()).toContain('Start with the grid');
    expect(await notes.getByTestId('notes-next').locator('h2').textContent()).toBe('Byte 0: FIN, three reserved bits, the opcode');
    // The notes never show in the class's window.
    expect(await page.getByText('Start with the grid').count()).toBe(0);

    await page.bringToFront();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position.textContent()).toBe('Now: step 2 of 5');
    expect(await notes.getByText('No notes for this step.').count()).toBe(1);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await expect.poll(() => position.textContent()).toBe('Now: step 4 of 5');
    await page.keyboard.press('End');
    await expect.poll(() => position.textContent()).toBe('Now: step 5 of 5');
    expect(await notes.getByTestId('notes-text').textContent()).toContain('only two bytes in hand');
    expect(await notes.getByTestId('notes-next').textContent()).toContain('This is the last step.');

    // A clicker pointed at the notes window moves the class's screen too.
    await notes.bringToFront();
    await notes.keyboard.press('PageUp');
    await expect.poll(() => shownStep(page)).toBe(4);
    expect(await position.textContent()).toBe('Now: step 4 of 5');

    // The language follows as well, the notes window's own words with it (one language for the whole interface).
    await page.bringToFront();
    await chooseLanguage(page, '中文');
    await expect.poll(() => notes.getByTestId('lesson-notes').getAttribute('lang')).toBe('zh');
    await expect.poll(() => position.textContent()).toBe('当前：第 4 步，共 5 步');
    await screenshot(notes, 'lessons-notes-window', null, true);
  });
});

describe('the reading player', () => {
  it('judges an exercise by the engine: right, then wrong, saying which', async () => {
    const page = await newPage();
    await open(page, '#/lessons?lesson=04-frame-anatomy&step=2');
    const exercise = page.getByTestId('lesson-exercise');
    expect(await exercise.locator('figcaption').textContent()).toContain('What kind of frame is this?');
    expect(await exercise.getByTestId('exercise-reveal').count()).toBe(0);

    await exercise.getByRole('button', { name: 'ping', exact: true }).click();
    const verdict = exercise.getByTestId('exercise-verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('right');
    expect(await verdict.textContent()).toContain('Right: the opcode is ping.');
    // The reveal takes the frame apart: opcode 1001.
    const reveal = exercise.getByTestId('exercise-reveal');
    expect(await reveal.getByTestId('field-opcode').locator('.bit-grid__bits').textContent()).toBe('1001');
    await expect.poll(() => inViewport(page, '[data-testid="exercise-reveal"]'), SCROLLED).toBe(true);
    // The pointer rests where "ping" was; the reveal has since put the field
    // table under it, and a hovered row grows the explainer above the table,
    // which moves the rows under the pointer again. Out of the way, then.
    await page.mouse.move(0, 0);
    await screenshot(exercise, 'lessons-exercise', 'lessons-exercise');

    await exercise.getByRole('button', { name: 'Try again' }).click();
    expect(await exercise.getByTestId('exercise-verdict').count()).toBe(0);
    await exercise.getByRole('button', { name: 'text', exact: true }).click();
    expect(await verdict.getAttribute('data-verdict')).toBe('wrong');
    expect(await verdict.textContent()).toContain('Not text.');
    expect(await exercise.getByTestId('exercise-reveal').count()).toBe(0);
    await exercise.getByRole('button', { name: 'Reveal the answer' }).click();
    expect(await reveal.textContent()).toContain('The engine reads the opcode as ping');
  });

  it('switches the lesson to Chinese on the same step, and back', async () => {
    const page = await newPage();
    await open(page, '#/lessons?lesson=04-frame-anatomy&step=1');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shownStep(page)).toBe(3);
    const lesson = page.getByTestId('lesson');
    expect(await lesson.getAttribute('lang')).toBe('en');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'lessons', 'lessons', true);

    await chooseLanguage(page, '中文');
    await expect.poll(() => lesson.getAttribute('lang')).toBe('zh');
    expect(await shownStep(page)).toBe(3);
    expect(page.url()).toContain('step=3');
    expect(page.url()).toContain('lang=zh');
    expect(await lesson.locator('h1').textContent()).toBe('帧结构');
    expect(await page.getByTestId('lesson-step').locator('h2').textContent()).toBe('第 1 字节：MASK 和 7 位长度');
    // The live blocks are the same: the frame's bits do not depend on the language.
    expect(await lesson.getByTestId('lesson-frame').first().getByTestId('field-MASK').locator('.bit-grid__bits').textContent()).toBe('0');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'lessons-zh', 'lessons-zh', true);

    // A link to it opens it in Chinese; the switch takes it back to English, still on step 3.
    const fresh = await newPage();
    await fresh.goto(page.url());
    await expect.poll(() => fresh.getByTestId('lesson').getAttribute('lang')).toBe('zh');
    expect(await shownStep(fresh)).toBe(3);
    await chooseLanguage(page, 'English');
    await expect.poll(() => lesson.getAttribute('lang')).toBe('en');
    expect(await shownStep(page)).toBe(3);
  });

  it('lists the lessons and opens one at its first step; its blocks link to the views', async () => {
    const page = await newPage();
    await open(page, '#/lessons');
    expect(await page.getByTestId('lesson-table').locator('tbody tr').count()).toBe(11);
    expect(await page.getByTestId('lesson-row-02-upgrade-request').textContent()).toContain('The upgrade request, check by check');
    await page.getByRole('button', { name: 'The upgrade request, check by check' }).click();
    await expect.poll(() => page.url()).toContain('lesson=02-upgrade-request&step=1');
    const handshake = page.getByTestId('lesson-handshake').first();
    expect(await handshake.getByTestId('lesson-handshake-accept').textContent()).toBe('HSmrc0sMlYUkAGmm5OPpG2HaGWk=');
    await handshake.getByRole('button', { name: 'Open in the handshake stepper →' }).click();
    await page.getByTestId('handshake-view').waitFor();
    expect(await page.getByTestId('handshake-request').inputValue()).toContain('Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==');
    await page.goBack();
    await page.getByTestId('lesson-player').waitFor();

    // A close code's row, gorilla's name beside the protocol's.
    await open(page, '#/lessons?lesson=08-closing&step=1');
    for (let i = 0; i < 6 && (await page.getByTestId('lesson-close-code').count()) === 0; i++) await page.keyboard.press('ArrowRight');
    const row = page.getByTestId('lesson-close-code').first();
    expect(await row.textContent()).toMatch(/websocket\.Close\w+/);
  });
});

describe('the compression lesson', () => {
  it('inflates RFC 7692\'s "Hello" as the block agreed, and opens the decoder with permessage-deflate on', async () => {
    const page = await newPage();
    await open(page, '#/lessons?lesson=11-compression&step=4');
    const frame = page.getByTestId('lesson-step').getByTestId('lesson-frame').first();
    expect(await frame.getAttribute('data-deflate')).toBe('context takeover');
    expect(await frame.getByTestId('field-RSV1').locator('.bit-grid__bits').textContent()).toBe('1');
    expect(await frame.getByTestId('lesson-frame-verdict').textContent()).toBe('valid');
    expect(await frame.getByTestId('lesson-frame-inflated').textContent()).toContain('Hello');
    // The builder makes the same bytes with "compress"; without deflate agreed, the same bytes fail.
    expect(await page.getByTestId('lesson-builder-hex').textContent()).toBe('c1 07 f2 48 cd c9 c9 07 00');
    expect(await page.getByTestId('lesson-frame').nth(1).getByTestId('lesson-frame-verdict').textContent()).toBe('fails: close 1002');

    await frame.getByRole('button', { name: 'Open in the decoder →' }).click();
    await page.getByTestId('decoder-deflate-switch').waitFor();
    expect(await page.getByTestId('decoder-deflate-switch').isChecked()).toBe(true);
    expect(page.url()).toContain('deflate=1');
  });
});

describe('the handshake stepper on a projector', () => {
  it('brings each step Next reveals into the viewport', async () => {
    // With reduced motion the stepper jumps instead of gliding: the same
    // scrollIntoView, without a second of animation per step (the presenter
    // test above waits out the smooth kind).
    const page = await newPage({ viewport: PROJECTOR });
    await open(page, '#/handshake');
    await page.getByRole('button', { name: 'Large type' }).click();
    await page.getByRole('button', { name: 'RFC 6455 1.2 sample' }).click();
    const steps = await page.evaluate(() => document.querySelector('.stepper h2')?.textContent ?? '');
    const total = Number(/of (\d+)/.exec(steps)?.[1]);
    expect(total).toBeGreaterThan(10);
    for (let step = 2; step <= total; step++) {
      // The Next at the top, and the one under the step just revealed, by turns: both step on.
      await page.getByTestId(step % 2 === 0 ? 'handshake-next' : 'handshake-next-below').click();
      // One wait in the page per step: this step is the current one, and in
      // view (as inViewport judges it).
      await page.waitForFunction(
        (step) => {
          const current = document.querySelector('[aria-current="step"]');
          if (current?.querySelector('.step__number')?.textContent !== String(step)) return false;
          const rect = current.getBoundingClientRect();
          const shown = Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, 0);
          return rect.top >= 0 && shown >= 0.9 * Math.min(rect.height, window.innerHeight);
        },
        step,
        SCROLLED,
      );
    }
    // The last step is far below the first screen: the page did scroll.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  });
});

describe('the static build opened from disk', () => {
  it('carries the lessons: a lesson opens from a file:// URL, in both languages', async () => {
    const page = await newPage();
    const buildUrl = pathToFileURL(join(repoRoot, 'dist', 'explorer-ui')).href;
    await page.goto(`${buildUrl}/index.html#/lessons?lesson=03-sec-websocket-accept&step=1&lang=zh`);
    await page.getByTestId('lesson').waitFor();
    expect(await page.getByTestId('lesson').getAttribute('lang')).toBe('zh');
    await chooseLanguage(page, 'English');
    await expect.poll(() => page.getByTestId('lesson').locator('h1').textContent()).toBe('Sec-WebSocket-Accept');
    // From disk there is no server: a demo block says how to start one.
    await page.goto(`${buildUrl}/index.html#/lessons?lesson=09-the-examples&step=1`);
    await page.getByTestId('lesson').waitFor();
    for (let i = 0; i < 6 && (await page.getByTestId('lesson-demo').count()) === 0; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('lesson-demo').first().textContent()).toContain('npm start');
  });
});

// The decoder in a real Chromium, from the static build, as a person uses
// it: paste, hover, read each field, and a 1 MiB frame pasted or dropped
// while the page stays responsive; and the static build opened from disk.
// (explorer-ui.test.ts and explorer-ui-handshake.test.ts have the other views.)

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import { formatHex } from '../../engine/hex';
import { repoRoot, useExplorerPage } from '../support/explorer-page';

const ui = useExplorerPage();
const { open, decode, screenshot } = ui;
let page: Page;
beforeEach(() => {
  page = ui.page;
});

describe('frame decoder', () => {
  it("shows the RFC's masked Hello field by field", async () => {
    await decode('81 85 37 fa 21 3d 7f 9f 4d 51 58', 'client → server');
    const summary = page.getByTestId('frame-summary');
    await expect.poll(() => summary.textContent()).toContain('FIN 1');
    const text = await summary.textContent();
    for (const part of ['FIN 1', 'opcode 1 text', 'MASK 1', 'length 5', 'key 37 fa 21 3d']) expect(text).toContain(part);
    expect(await page.getByTestId('payload-text').textContent()).toBe('Hello');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
    // The bit grid holds the real bits: opcode 0001, length 0000101.
    expect(await page.getByTestId('field-opcode').locator('.bit-grid__bits').textContent()).toBe('0001');
    expect(await page.getByTestId('field-payload length').locator('.bit-grid__bits').textContent()).toBe('0000101');
    // Masking, byte by byte: 7f ⊕ 37 = 48 ('H').
    const firstRow = page.getByTestId('masking-table').locator('tbody tr').first();
    expect((await firstRow.textContent())?.replace(/\s+/g, '')).toBe('07f⊕37=48H');
    await screenshot('decoder-light', 'decoder');
  });

  it('explains a field on hover and focus, and lights its bytes', async () => {
    await decode('81 85 37 fa 21 3d 7f 9f 4d 51 58', 'client → server');
    await page.getByTestId('field-masking key').hover();
    await expect.poll(() => page.getByTestId('field-explainer').textContent()).toContain('masking key');
    expect(await page.locator('.byte.is-active').evaluateAll((bytes) => bytes.map((b) => b.getAttribute('data-offset')))).toEqual(['2', '3', '4', '5']);
    // The other way round: a byte lights the fields it holds.
    await page.locator('.byte[data-offset="1"]').hover();
    expect(await page.locator('.bit-grid__field.is-active').evaluateAll((fields) => fields.map((f) => f.getAttribute('data-field')))).toEqual(['MASK', 'payload length']);
    // Keyboard: Tab reaches the fields and the explainer follows focus.
    await page.getByTestId('field-FIN').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByTestId('field-explainer').textContent()).toContain('RSV1');
  });

  it('keeps the field table still while the pointer moves over it: the explainer above never changes height', async () => {
    // Narrow, as in half of a projected screen: explanations wrap to different numbers of lines.
    await page.setViewportSize({ width: 640, height: page.viewportSize()!.height });
    await decode('81 85 37 fa 21 3d 7f 9f 4d 51 58', 'client → server');
    const rows = page.locator('.field-table tbody tr');
    await rows.first().waitFor();
    const tops = new Set<number>();
    const heights = new Set<number>();
    for (let i = 0; i < (await rows.count()); i++) {
      await rows.nth(i).hover();
      const name = (await rows.nth(i).getAttribute('data-testid'))!.replace('field-row-', '');
      await expect.poll(() => page.getByTestId('field-explainer').textContent()).toContain(name);
      heights.add((await page.locator('.field-explainer').boundingBox())!.height);
      // Where the table starts on the page (hovering a lower row may scroll the window).
      tops.add(await rows.first().evaluate((row) => row.getBoundingClientRect().top + window.scrollY));
    }
    expect(heights.size).toBe(1);
    expect(tops.size).toBe(1);
  });

  it('names the position of input that is not hex', async () => {
    await decode('81 85 zz 3d', 'client → server');
    const error = page.getByTestId('hex-error');
    await expect.poll(() => error.textContent()).toContain('line 1, column 7');
    expect(await error.textContent()).toContain("'z' is not a hex digit");
    await screenshot('decoder-bad-hex');
  });

  it('pins RSV1 without an extension to byte 0 with close code 1002', async () => {
    await decode('c1 05 48 65 6c 6c 6f', 'server → client');
    const problem = page.getByTestId('problem');
    await expect.poll(() => problem.count()).toBe(1);
    expect(await problem.textContent()).toContain('byte 0, bit 1');
    expect(await problem.getByTestId('problem-close-code').textContent()).toBe('1002');
    expect(await page.getByTestId('problem-byte').getAttribute('data-offset')).toBe('0');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('fails: close 1002');
    expect(await page.locator('.bit--problem').count()).toBe(1);
  });

  it('applies the masking rule of the direction chosen', async () => {
    await decode('81 05 48 65 6c 6c 6f', 'server → client');
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('valid');
    await page.locator('label', { hasText: 'client → server' }).click();
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('fails: close 1002');
    expect(await page.getByTestId('problem').textContent()).toContain('must mask');
  });

  it('lists concatenated frames and shows the fragmented message reassembled', async () => {
    await decode('01 03 48 65 6c 89 00 80 02 6c 6f', 'server → client');
    await expect.poll(() => page.getByTestId('frame-card').count()).toBe(3);
    const message = page.getByTestId('message').filter({ hasText: 'frames 1 + 3' });
    expect(await message.getByTestId('message-text').textContent()).toBe('Hello');
    await screenshot('decoder-fragmented');
  });

  it('shows a close frame with its code and meaning', async () => {
    await decode('88 05 03 e8 62 79 65', 'server → client');
    await expect.poll(() => page.getByTestId('close-code').textContent()).toBe('1000');
    expect(await page.locator('.close-details').textContent()).toContain('Normal Closure');
  });

  it('shows a hostile payload as text and runs nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const frame = encodeFrame({ opcode: 1, payload: new TextEncoder().encode(hostile) });
    await decode(formatHex(frame), 'server → client');
    await expect.poll(() => page.getByTestId('payload-text').textContent()).toBe(hostile);
    expect(await page.locator('img').count()).toBe(0);
    await page.waitForTimeout(200); // an injected onerror would have fired by now
    expect(dialogs).toEqual([]);
  });

  it('decodes and draws a 1 MiB frame, pasted or dropped, while the page stays responsive', async () => {
    const payload = new Uint8Array(1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
    const frame = encodeFrame({ opcode: 2, payload, maskingKey: Uint8Array.of(0x37, 0xfa, 0x21, 0x3d) });

    // A real paste event carrying the 3 MB of hex a person would copy. The
    // text (and, below, the file) is handed to the page before the clock
    // starts, so the numbers are the app's, not the test driver's.
    const pasted = await measureLoad(
      () => page.evaluate((hex) => { (window as unknown as { __hex: string }).__hex = hex; }, formatHex(frame, 16)),
      () => page.getByTestId('decoder-input').evaluate((box) => {
        const data = new DataTransfer();
        data.setData('text/plain', (window as unknown as { __hex: string }).__hex);
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }),
    );
    console.log(`[1 MiB frame, pasted as 3 MB of hex] ${pasted}`);
    await screenshot('decoder-1mib');

    // The payload's hex view scrolls to its last row, drawing only the rows in view.
    const hex = page.getByTestId('hex-scroll');
    await hex.evaluate((box) => { box.scrollTop = box.scrollHeight; });
    const lastRow = hex.locator('.hex-view__row[data-row="65535"]');
    await expect.poll(() => lastRow.count()).toBe(1);
    const lastBytes = Array.from(payload.subarray(-16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(await lastRow.textContent()).toContain(`000ffff0${lastBytes}`);
    expect(await hex.locator('.hex-view__row').count()).toBeLessThan(60);
    // The byte strip draws more on request, within its bound.
    const stripBytes = await page.locator('.byte').count();
    await page.getByTestId('byte-strip-more').click();
    expect(await page.locator('.byte').count()).toBe(stripBytes + 512);

    const dropped = await measureLoad(
      () => page.getByTestId('decoder-file').evaluate((input, base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        (window as unknown as { __file: File }).__file = new File([bytes], 'big.bin', { type: 'application/octet-stream' });
      }, Buffer.from(frame).toString('base64')),
      () => page.getByTestId('decoder-file').evaluate((input: HTMLInputElement) => {
        const files = new DataTransfer();
        files.items.add((window as unknown as { __file: File }).__file);
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    );
    console.log(`[1 MiB frame, dropped as a binary file] ${dropped}`);
    // Only the header and the first payload bytes become DOM nodes.
    expect(await page.locator('.byte').count()).toBeLessThan(200);
    expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(3000);
  }, 120_000);

  it('decodes small input on the spot, without the decoding state', async () => {
    await open('#/decoder');
    await watchForDecodingState();
    await page.getByTestId('decoder-input').fill('81 05 48 65 6c 6c 6f');
    await expect.poll(() => page.getByTestId('payload-text').textContent()).toBe('Hello');
    expect(await page.evaluate(() => (window as unknown as { __sawDecoding: boolean }).__sawDecoding)).toBe(false);
  });
});

/** Records whether the "decoding…" state was ever drawn, however briefly. */
async function watchForDecodingState(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __sawDecoding: boolean };
    w.__sawDecoding = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="decoding"]')) w.__sawDecoding = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/**
 * Loads a 1 MiB frame into a fresh decoder and reports how long it took and
 * how long the main thread was blocked: the longest gap between animation
 * frames, and the tasks the browser's long-task observer saw.
 */
async function measureLoad(prepare: () => Promise<void>, load: () => Promise<void>): Promise<string> {
  await open('#/decoder');
  await page.reload(); // a fresh page each time, even when the hash was already #/decoder
  await page.locator('.app').waitFor();
  await prepare();
  await watchForDecodingState();
  await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __watching: boolean; __longTasks: number[] };
    w.__gaps = [];
    w.__longTasks = [];
    w.__watching = true;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (now: number) => {
      w.__gaps.push(now - last);
      last = now;
      if (w.__watching) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await load();
  await page.getByTestId('frame-summary').waitFor({ timeout: 60_000 });
  const shownAfter = Date.now() - started;
  expect(await page.getByTestId('frame-summary').textContent()).toContain('length 1,048,576');
  expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
  // Large inputs go through the worker, and the page said so meanwhile.
  expect(await page.evaluate(() => (window as unknown as { __sawDecoding: boolean }).__sawDecoding)).toBe(true);
  expect(page.workers().map((worker) => worker.url())).toEqual([expect.stringMatching(/decode-worker/)]);
  const roundTrip = await page.evaluate(() => new Promise<number>((resolve) => {
    const t0 = performance.now();
    requestAnimationFrame(() => resolve(performance.now() - t0));
  }));
  const { gaps, longTasks } = await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __watching: boolean; __longTasks: number[] };
    w.__watching = false;
    return { gaps: w.__gaps, longTasks: w.__longTasks };
  });
  const engineMillis = Number(await page.getByTestId('decode-millis').textContent());
  return `engine parse+decode ${engineMillis.toFixed(0)} ms (in the worker); input to frame drawn ${shownAfter} ms; ` +
    `longest gap between animation frames ${Math.max(...gaps).toFixed(0)} ms (${gaps.length} frames seen); ` +
    `long tasks ${longTasks.length ? longTasks.map((t) => t.toFixed(0)).join(', ') : 'none'} ms; rAF round trip afterwards ${roundTrip.toFixed(1)} ms`;
}

describe('the static build opened from disk', () => {
  // Double-clicking dist/explorer-ui/index.html: a file:// page, no server.
  it("loads from a file:// URL, styled, and decodes the RFC's masked Hello", async () => {
    // The build beforeAll made (or found fresh) and serves over http.
    const buildUrl = pathToFileURL(join(repoRoot, 'dist', 'explorer-ui')).href;
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${buildUrl}/index.html#/decoder`);
    await page.locator('.app').waitFor();
    // The stylesheet arrived: the theme's custom properties are set.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--font-mono'))).toContain('monospace');

    await page.locator('label', { hasText: 'client → server' }).click();
    await page.getByTestId('decoder-input').fill('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await expect.poll(() => page.getByTestId('payload-text').textContent()).toBe('Hello');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
    expect(await page.getByTestId('frame-summary').textContent()).toContain('key 37 fa 21 3d');

    // An input large enough for the worker: from file:// no worker may start,
    // so the page decodes it on the main thread instead.
    const payload = Uint8Array.from({ length: 30_000 }, (_, i) => i & 0xff);
    await page.locator('label', { hasText: 'server → client' }).click();
    // One line: filling a text box with thousands of lines takes Chromium seconds.
    await page.getByTestId('decoder-input').fill(formatHex(encodeFrame({ opcode: 2, payload })));
    await expect.poll(() => page.getByTestId('frame-summary').textContent()).toContain('length 30,000');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
    expect(page.workers()).toEqual([]);

    expect(failed.filter((url) => url.startsWith(buildUrl))).toEqual([]);
  });
});

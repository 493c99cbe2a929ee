// The explorer UI in a real Chromium, from the static build, as a person uses
// it: paste, hover, build, step, share. One browser and one build for the
// whole file keep it quick. Screenshots of every view land in
// test-artifacts/screenshots/ (and in docs/screenshots/ with
// UPDATE_DOCS_SCREENSHOTS=1).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import { formatHex } from '../../engine/hex';
import { ensureUiBuild } from '../../server/ui-build';
import { launchChromium } from '../support/chromium';
import { serveStatic, type StaticServer } from '../support/static-server';

const repoRoot = join(import.meta.dirname, '..', '..');
const artifactDir = join(repoRoot, 'test-artifacts', 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function screenshot(name: string, docsName?: string): Promise<void> {
  mkdirSync(artifactDir, { recursive: true });
  // A full-page shot of a scrolled page paints the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifactDir, `${name}.png`), fullPage: true });
  if (docsName && process.env.UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(docsDir, { recursive: true });
    await page.screenshot({ path: join(docsDir, `${docsName}.png`), fullPage: true });
  }
}

async function open(hash: string): Promise<void> {
  await page.goto(`${server.url}${hash}`);
  await page.locator('.app').waitFor();
}

async function decode(hex: string, from: 'client → server' | 'server → client'): Promise<void> {
  await open('#/decoder');
  await page.locator('label', { hasText: from }).click();
  await page.getByTestId('decoder-input').fill(hex);
}

beforeAll(async () => {
  const build = await ensureUiBuild();
  server = await serveStatic(build.dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  page = await context.newPage();
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterEach(async () => {
  await context.close();
  expect(pageErrors).toEqual([]);
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

describe('frame builder', () => {
  it('builds a ping that the decoder agrees with', async () => {
    await open('#/builder');
    await page.getByTestId('builder-opcode').selectOption('9');
    await page.getByTestId('builder-payload').fill('are you there?');
    const hex = await page.getByTestId('builder-hex').textContent();
    const expected = formatHex(encodeFrame({ opcode: 9, payload: new TextEncoder().encode('are you there?'), maskingKey: Uint8Array.of(0x37, 0xfa, 0x21, 0x3d) }), 16);
    expect(hex).toBe(expected);
    await screenshot('builder-light', 'builder');
    await page.getByRole('button', { name: 'Open in decoder →' }).click();
    await expect.poll(() => page.getByTestId('decoder-input').inputValue()).toBe(expected);
    const summary = await page.getByTestId('frame-summary').textContent();
    for (const part of ['FIN 1', 'opcode 9 ping', 'MASK 1', 'length 14', 'key 37 fa 21 3d']) expect(summary).toContain(part);
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
  });

  it('refuses a long control frame until rule-breaking is allowed, then the decoder flags it', async () => {
    await open('#/builder');
    await page.getByTestId('builder-opcode').selectOption('9');
    await page.getByTestId('builder-payload').fill('x'.repeat(126));
    expect(await page.getByTestId('builder-problem').textContent()).toContain('at most 125');
    await page.getByText('Break the rules on purpose', { exact: true }).click();
    await page.getByLabel('Allow frames no endpoint may send').check();
    await expect.poll(() => page.getByTestId('builder-hex').textContent()).toMatch(/^89 fe 00 7e/);
    expect(await page.getByTestId('problem').textContent()).toContain('1002');
  });

  it('toggles header bits and types a masking key', async () => {
    await open('#/builder');
    await page.getByText('RSV1', { exact: true }).first().click();
    await page.getByLabel('Masking key (4 bytes of hex)').fill('01020304');
    await expect.poll(() => page.getByTestId('builder-hex').textContent()).toMatch(/^c1 85 01 02 03 04/);
    await page.getByRole('button', { name: 'Random key' }).click();
    await expect.poll(() => page.getByLabel('Masking key (4 bytes of hex)').inputValue()).not.toBe('01020304');
  });
});

describe('handshake stepper', () => {
  it("steps the RFC's sample key to s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", async () => {
    await open('#/handshake');
    await page.getByRole('button', { name: 'RFC 6455 1.2 sample' }).click();
    expect(await page.getByTestId('handshake-step').count()).toBe(1);
    // Step by step with the button, then with the keyboard.
    await page.getByTestId('handshake-next').click();
    await expect.poll(() => page.getByTestId('check-method').textContent()).toContain('Method is GET');
    await page.getByTestId('handshake-next').focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('derivation-key').textContent()).toBe('dGhlIHNhbXBsZSBub25jZQ==');
    expect(await page.getByTestId('derivation-key-bytes').textContent()).toBe('74 68 65 20 73 61 6d 70 6c 65 20 6e 6f 6e 63 65');
    expect(await page.getByTestId('derivation-concatenated').textContent()).toBe('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    expect(await page.getByTestId('derivation-sha1').textContent()).toBe('b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea');
    expect(await page.getByTestId('derivation-accept').textContent()).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    const response = await page.getByTestId('handshake-response').textContent();
    expect(response).toContain('HTTP/1.1 101 Switching Protocols');
    expect(response).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(response).toContain('Sec-WebSocket-Protocol: chat');
    await screenshot('handshake-light', 'handshake');
  });

  it.each([
    ['POST', 'method', 405],
    ['Version 8', 'websocket-version', 426],
    ['15-byte key', 'key', 400],
    ['Cross-site', 'origin', 403],
  ] as const)('fails the %s sample at its check and refuses it', async (label, check, status) => {
    await open('#/handshake');
    await page.getByRole('button', { name: label, exact: true }).click();
    await page.getByRole('button', { name: 'All ⇥' }).click();
    expect(await page.getByTestId(`check-${check}`).getAttribute('class')).toContain('check-step--fail');
    // Every other check this sample reaches passes: each broken sample breaks one rule.
    expect(await page.locator('.check-step--fail').count()).toBe(1);
    expect(await page.getByTestId('handshake-response').textContent()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  });
});

describe('handshake stepper, client side', () => {
  const rfcResponse = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    'Sec-WebSocket-Protocol: chat',
  ].join('\n');

  async function clientSide(): Promise<void> {
    await open('#/handshake');
    await page.locator('label', { hasText: 'Client: check the response' }).click();
  }

  it("verifies the RFC's sample response: the accept it recomputes matches s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", async () => {
    await clientSide();
    await page.getByRole('button', { name: 'RFC 6455 1.2 sample', exact: true }).click();
    expect(await page.getByTestId('handshake-response-input').inputValue()).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    // One check at a time: status, Upgrade, Connection, then the client's own derivation.
    expect(await page.getByTestId('handshake-step').count()).toBe(1);
    expect(await page.getByTestId('client-offer').textContent()).toContain('chat, superchat');
    for (let i = 0; i < 4; i++) await page.getByTestId('handshake-next').click();
    expect(await page.getByTestId('check-status').getAttribute('class')).toContain('check-step--pass');
    expect(await page.getByTestId('check-connection').getAttribute('class')).toContain('check-step--pass');
    expect(await page.getByTestId('check-accept').count()).toBe(0);
    await page.getByTestId('handshake-next').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('derivation-key').textContent()).toBe('dGhlIHNhbXBsZSBub25jZQ==');
    expect(await page.getByTestId('derivation-sha1').textContent()).toBe('b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea');
    expect(await page.getByTestId('derivation-accept').textContent()).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    await page.keyboard.press('ArrowRight');
    const accept = page.getByTestId('check-accept');
    expect(await accept.getAttribute('class')).toContain('check-step--pass');
    expect(await accept.getByTestId('accept-received').textContent()).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(await accept.getByTestId('accept-computed').textContent()).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    await page.getByRole('button', { name: 'All ⇥' }).click();
    expect(await page.locator('.check-step--fail').count()).toBe(0);
    expect(await page.locator('.check-step--pass').count()).toBe(6);
    expect(await page.getByTestId('client-verdict').textContent()).toBe('The WebSocket connection is established, speaking chat.');
    await screenshot('handshake-client-light', 'handshake-client');

    // The side, the step and both texts travel in the link.
    const link = page.url();
    expect(link).toContain('side=client');
    const fresh = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })).newPage();
    await fresh.goto(link);
    await expect.poll(() => fresh.getByTestId('client-verdict').textContent()).toContain('speaking chat');
    expect(await fresh.getByTestId('handshake-step').count()).toBe(await page.getByTestId('handshake-step').count());
    await fresh.getByRole('button', { name: /Light/ }).click();
    expect(await fresh.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await fresh.screenshot({ path: join(artifactDir, 'handshake-client-dark.png'), fullPage: true });
    await fresh.context().close();
  });

  it('fails a pasted response with a wrong accept at that check, with what it found and expected', async () => {
    await clientSide();
    await page.getByRole('button', { name: 'RFC 6455 1.2 sample', exact: true }).click();
    await page.getByTestId('handshake-response-input').fill(rfcResponse.replace('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', '2mQFj9iUA/Nz8E6OA4c2/MboVUk='));
    await page.getByRole('button', { name: 'All ⇥' }).click();
    const accept = page.getByTestId('check-accept');
    expect(await accept.getAttribute('class')).toContain('check-step--fail');
    expect(await accept.getByTestId('check-found').textContent()).toBe('Sec-WebSocket-Accept: 2mQFj9iUA/Nz8E6OA4c2/MboVUk=');
    expect(await accept.getByTestId('check-expected').textContent()).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(await accept.getByTestId('accept-received').textContent()).toBe('2mQFj9iUA/Nz8E6OA4c2/MboVUk=');
    expect(await page.locator('.check-step--fail').count()).toBe(1);
    expect(await page.getByTestId('client-verdict').textContent()).toMatch(/^Sec-WebSocket-Accept matches the key: found/);
    await screenshot('handshake-client-wrong-accept');
  });

  it('fails a subprotocol the client never offered', async () => {
    await clientSide();
    await page.getByRole('button', { name: 'Unoffered subprotocol' }).click();
    await page.getByRole('button', { name: 'All ⇥' }).click();
    const subprotocol = page.getByTestId('check-subprotocol');
    expect(await subprotocol.getAttribute('class')).toContain('check-step--fail');
    expect(await subprotocol.getByTestId('check-found').textContent()).toBe('Sec-WebSocket-Protocol: graphql-ws');
    expect(await subprotocol.getByTestId('check-expected').textContent()).toBe('none, or exactly one of "chat", "superchat"');
    expect(await page.getByTestId('check-accept').getAttribute('class')).toContain('check-step--pass');
    expect(await page.locator('.check-step--fail').count()).toBe(1);
  });

  it("checks the simulated server's answer to a real browser's request", async () => {
    await clientSide();
    await page.getByRole('button', { name: 'Chromium', exact: true }).click();
    await page.getByTestId('handshake-response-input').fill('');
    await page.getByRole('button', { name: "Use the simulated server's answer" }).click();
    expect(await page.getByTestId('handshake-response-input').inputValue()).toContain('Sec-WebSocket-Protocol: chat');
    // The simulated server compresses, as the explorer's does, and Chromium offered it (RFC 7692).
    expect(await page.getByTestId('handshake-response-input').inputValue()).toContain('Sec-WebSocket-Extensions: permessage-deflate');
    await page.getByRole('button', { name: 'All ⇥' }).click();
    expect(await page.getByTestId('client-verdict').textContent()).toBe('The WebSocket connection is established, speaking chat, with extensions permessage-deflate.');
    expect(await page.getByTestId('client-deflate-verdict').textContent()).toContain('Every parameter follows from the offer');
  });
});

describe('close codes', () => {
  it('finds 1006 and says it never travels on the wire', async () => {
    await open('#/close-codes');
    await page.getByLabel('Search by number, name or meaning').fill('1006');
    const row = page.getByTestId('close-code-1006');
    await expect.poll(() => row.textContent()).toContain('Abnormal Closure');
    expect(await row.textContent()).toContain('forbidden');
    expect(await page.locator('.close-table tbody tr').count()).toBe(1);
    await page.getByLabel('Search by number, name or meaning').fill('');
    await screenshot('close-codes-light', 'close-codes');
  });
});

describe('shell', () => {
  it('restores the decoder, the builder and the handshake step from a shared link', async () => {
    await decode('81 85 37 fa 21 3d 7f 9f 4d 51 58', 'client → server');
    await expect.poll(() => page.getByTestId('frame-summary').count()).toBe(1);
    const decoderLink = page.url();

    await open('#/builder');
    await page.getByTestId('builder-opcode').selectOption('10');
    await page.getByTestId('builder-payload').fill('pong!');
    const builderHex = await page.getByTestId('builder-hex').textContent();
    const builderLink = page.url();

    await open('#/handshake');
    await page.getByRole('button', { name: 'Firefox' }).click();
    for (let i = 0; i < 4; i++) await page.getByTestId('handshake-next').click();
    const handshakeLink = page.url();

    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(decoderLink);
    await expect.poll(() => fresh.getByTestId('frame-summary').textContent()).toContain('key 37 fa 21 3d');
    expect(await fresh.getByTestId('payload-text').textContent()).toBe('Hello');
    await fresh.goto(builderLink);
    await expect.poll(() => fresh.getByTestId('builder-hex').textContent()).toBe(builderHex);
    await fresh.goto(handshakeLink);
    await expect.poll(() => fresh.getByTestId('handshake-step').count()).toBe(5);
    await fresh.context().close();
  });

  it('moves between views with the arrow keys and Back', async () => {
    await open('#/decoder');
    await page.getByRole('tab', { name: /Decoder/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('builder-view').waitFor();
    expect(await page.getByRole('tab', { name: /Builder/ }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    await page.getByTestId('close-codes-view').waitFor();
    await page.goBack();
    await page.getByTestId('builder-view').waitFor();
  });

  it('switches to dark and to large type, and remembers it', async () => {
    await decode('81 85 37 fa 21 3d 7f 9f 4d 51 58', 'client → server');
    await page.getByRole('button', { name: /Light/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot('decoder-dark');
    for (const [name, hash] of [['builder', '#/builder'], ['handshake', '#/handshake'], ['close-codes', '#/close-codes']] as const) {
      await open(hash);
      if (name === 'handshake') {
        await page.getByRole('button', { name: 'Chromium' }).click();
        await page.getByRole('button', { name: 'All ⇥' }).click();
      }
      await screenshot(`${name}-dark`);
    }
    await open('#/decoder?hex=81%2085%2037%20fa%2021%203d%207f%209f%204d%2051%2058&from=client');
    await page.getByRole('button', { name: 'Large type' }).click();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('22px');
    await screenshot('decoder-dark-large');
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.largeType)).toBe('on');
  });
});

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

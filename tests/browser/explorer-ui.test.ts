// The explorer UI in a real Chromium, from the static build, as a person uses
// it: build, share, switch the theme, look up a close code. One browser and
// one build for the whole file keep it quick. Screenshots of every view land
// in test-artifacts/screenshots/ (and in docs/screenshots/ with
// UPDATE_DOCS_SCREENSHOTS=1). The decoder's and the handshake stepper's own
// tests are in explorer-ui-decoder.test.ts and explorer-ui-handshake.test.ts.

import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../engine/frame';
import { formatHex } from '../../engine/hex';
import { useExplorerPage } from '../support/explorer-page';

const ui = useExplorerPage();
const { open, decode, screenshot } = ui;
const browser = () => ui.browser;
let page: Page;
beforeEach(() => {
  page = ui.page;
});

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

    const fresh = await (await browser().newContext()).newPage();
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

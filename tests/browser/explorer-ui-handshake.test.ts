// The handshake stepper in a real Chromium, from the static build: the
// server's checks on a sample request and the accept derived stage by stage,
// then the client's side, checking a real answer, a wrong accept and a
// subprotocol it never offered. (explorer-ui.test.ts has the other views.)

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { artifactDir, useExplorerPage } from '../support/explorer-page';

const ui = useExplorerPage();
const { open, screenshot } = ui;
const browser = () => ui.browser;
let page: Page;
beforeEach(() => {
  page = ui.page;
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
    const fresh = await (await browser().newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })).newPage();
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

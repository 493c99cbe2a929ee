// The decoder's newer inputs in a real Chromium, from the static build: the
// sender left unknown (the default, as in the CLI), the permessage-deflate
// switch on RFC 7692's own compressed "Hello", whole packets pasted as
// Wireshark copies them, and the compression the builder and the handshake
// stepper show. docs/screenshots/decoder-deflate.png comes from here (with
// UPDATE_DOCS_SCREENSHOTS=1), 1440 wide in the light theme.

import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chromiumAvailable } from '../support/chromium';
import { useExplorerPage } from '../support/explorer-page';
import { wiresharkPacketDumps } from '../support/packet-dumps';

// A shared 2-core box running other suites too: each test gets a minute.
vi.setConfig({ testTimeout: 60_000 });

const ui = useExplorerPage({ viewport: { width: 1440, height: 900 } });
const { open, screenshot } = ui;
let page: Page;
beforeEach(() => {
  page = ui.page;
});

describe.skipIf(!chromiumAvailable())('the sender, unknown by default', () => {
  it("the RFC's unmasked Hello (81 05 48 65 6c 6c 6f) pasted as it is: no failure, and MASK 0 points to the server", async () => {
    await open('#/decoder');
    expect(await page.getByTestId('decoder-from-unknown').isChecked()).toBe(true);
    await page.getByTestId('decoder-input').fill('81 05 48 65 6c 6c 6f');
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('valid');
    expect(await page.getByTestId('problem').count()).toBe(0);
    expect(await page.getByTestId('payload-text').textContent()).toBe('Hello');
    expect(await page.getByTestId('sender-note').getAttribute('data-sender')).toBe('server');
    expect(page.url()).not.toContain('from=');

    // The masked Hello too: now MASK points to the client, and still nothing fails.
    await page.getByTestId('decoder-input').fill('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    await expect.poll(() => page.getByTestId('sender-note').getAttribute('data-sender')).toBe('client');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');

    // Choosing a sender judges as before.
    await page.getByTestId('decoder-from-server').check({ force: true });
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('fails: close 1002');
    expect(await page.getByTestId('sender-note').count()).toBe(0);
    expect(page.url()).toContain('from=server');
  });

  it('an older link naming a sender still judges as that sender', async () => {
    await open('#/decoder?hex=81+05+48+65+6c+6c+6f&from=client');
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('fails: close 1002');
    expect(await page.getByTestId('decoder-from-client').isChecked()).toBe(true);
  });
});

describe.skipIf(!chromiumAvailable())('permessage-deflate in the decoder', () => {
  it('RFC 7692\'s compressed "Hello" (c1 07 f2 48 cd c9 c9 07 00) with the switch on: Hello, a fixed Huffman block, and the bytes saved', async () => {
    await open('#/decoder');
    await page.getByTestId('decoder-input').fill('c1 07 f2 48 cd c9 c9 07 00');
    // Switched off, RSV1 is a 1002.
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('fails: close 1002');
    await page.getByTestId('decoder-deflate-switch').check();
    await expect.poll(() => page.getByTestId('frame-verdict').textContent()).toBe('valid');
    expect(await page.getByTestId('message-text').textContent()).toBe('Hello');
    expect(await page.getByTestId('compression-block').textContent()).toBe('fixed Huffman');
    expect(await page.getByTestId('compression-wire-length').textContent()).toBe('7');
    expect(await page.getByTestId('compression-saved').textContent()).toMatch(/^saved none: compressed, it is 2 bytes longer/);
    expect(page.url()).toContain('deflate=1');

    // Two messages pasted together share a window (7.2.3.2); with no context takeover the second cannot inflate.
    await page.getByTestId('decoder-input').fill('c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00');
    await expect.poll(() => page.getByTestId('message-text').count()).toBe(2);
    await page.getByTestId('decoder-deflate-no-context-takeover').check();
    await expect.poll(() => page.getByTestId('message-text').count()).toBe(1);
    expect(page.url()).toContain('deflate=no-context-takeover');
    await page.getByTestId('decoder-deflate-no-context-takeover').uncheck();

    // The sample that saves bytes, for the picture.
    await page.getByRole('button', { name: 'Compressed, repetitive text' }).click();
    await expect.poll(() => page.getByTestId('compression-saved').textContent()).toMatch(/^saved \d+ bytes/);
    await page.getByTestId('decoder-input').fill('c1 07 f2 48 cd c9 c9 07 00');
    await expect.poll(() => page.getByTestId('message-text').textContent()).toBe('Hello');
    await screenshot('decoder-deflate', 'decoder-deflate');
  });

  it('the builder compresses a payload, shows both, and the decoder inflates it back', async () => {
    await open('#/builder');
    await page.getByTestId('builder-compress').check();
    await expect.poll(() => page.getByTestId('builder-compression-sizes').textContent()).toContain('5 bytes of payload became 7 bytes');
    expect(await page.getByTestId('builder-hex').textContent()).toMatch(/^c1 87 /);
    expect(page.url()).toContain('deflate=1');
    await page.getByRole('button', { name: 'Open in decoder →' }).click();
    await page.getByTestId('decoder-view').waitFor();
    expect(await page.getByTestId('decoder-deflate-switch').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('message-text').textContent()).toBe('Hello');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
  });

  it("the handshake stepper walks Chromium's permessage-deflate offer, the server's answer, and the client's check of it", async () => {
    await open('#/handshake');
    await page.getByRole('button', { name: 'Chromium', exact: true }).click();
    await page.getByRole('button', { name: 'All ⇥' }).click();
    const offer = page.getByTestId('deflate-offer');
    expect(await offer.count()).toBe(1);
    expect(await offer.getByTestId('deflate-offer-text').textContent()).toBe('permessage-deflate; client_max_window_bits');
    expect(await offer.getByTestId('deflate-offer-verdict').textContent()).toBe('accepted');
    expect(await page.getByTestId('deflate-answer-header').textContent()).toBe('Sec-WebSocket-Extensions: permessage-deflate');
    expect(await page.getByTestId('handshake-response').textContent()).toContain('Sec-WebSocket-Extensions: permessage-deflate');
    await screenshot('handshake-deflate');

    // A server set not to compress: no deflate steps (every step is still shown), and the extensions check says why.
    await page.getByTestId('server-deflate').uncheck();
    await expect.poll(() => page.getByTestId('deflate-offer').count()).toBe(0);
    expect(await page.getByTestId('check-note').textContent()).toContain('set not to compress');

    // The client's side: the answer's parameters checked against the offer.
    await page.getByTestId('server-deflate').check();
    await page.locator('label', { hasText: 'Client: check the response' }).click();
    await page.getByTestId('handshake-response-input').fill('');
    await page.getByRole('button', { name: "Use the simulated server's answer" }).click();
    await page.getByRole('button', { name: 'All ⇥' }).click();
    expect(await page.getByTestId('client-deflate-answer').textContent()).toBe('permessage-deflate');
    expect(await page.getByTestId('client-deflate-verdict').textContent()).toContain('Every parameter follows from the offer');
  });
});

describe.skipIf(!chromiumAvailable())('whole packets pasted as hex', () => {
  it('a Wireshark hex dump of an Ethernet/IPv4/TCP packet: the layers collapsed, and the WebSocket frame in its payload', async () => {
    const [dump] = wiresharkPacketDumps(['hello']);
    await open('#/decoder');
    await page.getByTestId('decoder-input').fill(dump);
    const packet = page.getByTestId('packet');
    await expect.poll(() => packet.count()).toBe(1);
    expect(await packet.getByTestId('packet-summary').textContent()).toContain('192.168.1.10:51234 → 192.168.1.20:9001');
    // The layers start collapsed; opened, they show the TCP header.
    const tcp = packet.getByTestId('layer-tcp');
    expect(await tcp.evaluate((details: HTMLDetailsElement) => details.open)).toBe(false);
    await tcp.locator('summary').click();
    expect(await tcp.textContent()).toContain('PSH, ACK');
    expect(await tcp.textContent()).toMatch(/sequence number\s*\d+/);
    // The TCP payload decoded as WebSocket: the masked "hello" from the client.
    await expect.poll(() => page.getByTestId('payload-text').textContent()).toBe('hello');
    expect(await page.getByTestId('frame-verdict').textContent()).toBe('valid');
    await screenshot('decoder-packet');
  });

  it('several packets pasted in order are reassembled; a missing one is reported as a gap, never guessed', async () => {
    const dumps = wiresharkPacketDumps(['one', 'two', 'three']);
    await open('#/decoder');
    await page.getByTestId('decoder-input').fill(dumps.join('\n\n'));
    await expect.poll(() => page.getByTestId('packet').count()).toBe(3);
    await expect.poll(() => page.getByTestId('payload-text').allTextContents()).toEqual(['one', 'two', 'three']);
    // The only notes: no SYN was pasted, so offsets count from the first byte seen; no gap, no conflict.
    expect(await page.locator('[data-testid="capture-note"][data-kind="gap"], [data-testid="capture-note"][data-kind="conflict"]').count()).toBe(0);

    await page.getByTestId('decoder-input').fill([dumps[0], dumps[2]].join('\n\n'));
    await expect.poll(() => page.getByTestId('packet').count()).toBe(2);
    const gap = page.locator('[data-testid="capture-note"][data-kind="gap"]');
    await expect.poll(() => gap.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('payload-text').allTextContents()).toEqual(['one']);
  });
});

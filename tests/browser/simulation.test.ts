// The Simulation view and the frame lab in a real Chromium, against the
// real server (createExplorerServer serving the built UI): a fragmented
// message with a ping stepped byte by byte, keepalive ending in 1006 on
// both sides, a caller mistake shown as the engine's message, the state
// rebuilt from its link after a reload; the lab sending RSV2 and bad UTF-8
// to /echo and showing 1002 and 1007 with the rule, and a target the server
// does not allow refused in its words; from disk, the simulation works and
// the lab says it needs the server; with lang=zh the whole view, the
// engine's words included, reads in Chinese. Screenshots land in
// test-artifacts/screenshots/ (and docs/screenshots/ with
// UPDATE_DOCS_SCREENSHOTS=1), 1440 wide in the light theme.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

/** The page, 1440 wide: all of it, or the band from the top of `clip.top` to the lowest of `clip.bottom`. */
async function screenshot(name: string, docsName?: string, clip?: { top: Locator; bottom: Locator[] }): Promise<void> {
  mkdirSync(artifactDir, { recursive: true });
  // A full-page shot of a scrolled page paints the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  let area: { x: number; y: number; width: number; height: number } | undefined;
  if (clip) {
    const top = Math.max(0, (await clip.top.boundingBox())!.y - 12);
    const boxes = await Promise.all(clip.bottom.map((locator) => locator.boundingBox()));
    const bottom = Math.max(...boxes.map((box) => box!.y + box!.height)) + 8;
    area = { x: 0, y: top, width: 1440, height: bottom - top };
  }
  const paths = [join(artifactDir, `${name}.png`)];
  if (docsName && process.env.UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(docsDir, { recursive: true });
    paths.push(join(docsDir, `${docsName}.png`));
  }
  for (const path of paths) await page.screenshot({ path, fullPage: true, ...(area ? { clip: area } : {}) });
}

async function openSimulation(target: Page, query: string): Promise<void> {
  await target.goto(`${origin}/#/simulation?${query}`);
  await target.getByTestId('simulation-view').waitFor();
}

const waiting = (side: 'client' | 'server') => page.getByTestId(`sim-${side}-waiting`);
const state = (side: 'client' | 'server') => page.getByTestId(`sim-${side}-state`);
const logKinds = (side: 'client' | 'server') => page.getByTestId(`sim-${side}-panel`).getByTestId('sim-log-entry').evaluateAll((entries) => entries.map((e) => e.getAttribute('data-kind')));
const owed = (side: 'client' | 'server') => page.getByTestId(`sim-${side}-owed`).allTextContents();
const stepsTaken = async () => Number((await page.getByTestId('sim-controls').getByText(/steps? taken/).textContent())!.match(/^\d+/)![0]);

/** Clicks "next byte" on the client → server wire `n` times, returning what the server waits for after each. */
async function bytesToServer(n: number): Promise<string[]> {
  const said: string[] = [];
  const start = await stepsTaken();
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('sim-to-server-byte').click();
    // Each byte is one step: wait for it to be drawn before reading what the server waits for.
    await expect.poll(stepsTaken).toBe(start + i);
    said.push((await waiting('server').textContent()) ?? '');
  }
  return said;
}

/** Opens the builder on a frame given by its link, waits for the lab's targets, and sends it to `target`. */
async function sendFromLab(builderQuery: string, target = '/echo'): Promise<void> {
  await page.goto(`${origin}/#/builder?${builderQuery}`);
  const targets = page.getByTestId('lab-target');
  await expect.poll(() => targets.locator('option').allTextContents()).toContain('/echo');
  if (target.startsWith('/')) await targets.selectOption(target);
  else {
    await targets.selectOption({ label: 'another ws:// URL…' });
    await page.getByTestId('lab-other-url').fill(target);
  }
  await page.getByTestId('lab-send').click();
}

beforeAll(async () => {
  uiDir = (await ensureUiBuild()).dir;
  // More room than the lab's default allowance (a burst of 10, 2 a second), so adding lab tests never meets the limit.
  server = createExplorerServer({ port: 0, uiDir, labRateLimit: { burst: 50, messagesPerSecond: 10 }, log: () => {} });
  origin = (await server.listen()).url.replace(/\/$/, '');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close({ timeoutMs: 1000 });
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
  page = await context.newPage();
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterEach(async () => {
  await context.close();
  expect(pageErrors).toEqual([]);
});

describe.skipIf(!chromiumAvailable())('the Simulation view', () => {
  it('steps a fragmented message with a ping byte by byte: the server reads field by field and answers the ping before the message is whole', async () => {
    await openSimulation(page, 'scenario=fragmented-with-ping');
    expect(await waiting('server').textContent()).toBe('waiting for the HTTP upgrade request');
    expect(await state('client').textContent()).toBe('CONNECTING');

    // The handshake's first bytes arrive as text, then the rest of the request and the 101 in one go each.
    await bytesToServer(4);
    expect(await page.getByTestId('sim-server-reading').getByTestId('sim-head-text').textContent()).toMatch(/^GET /);
    await page.getByTestId('sim-to-server-unit').click();
    await expect.poll(() => state('server').textContent()).toBe('OPEN');
    await page.getByTestId('sim-to-client-unit').click();
    await expect.poll(() => state('client').textContent()).toBe('OPEN');
    expect(await owed('client')).toEqual([
      'text frame, FIN 0: the first of three fragments · 10 bytes to go',
      'ping frame · 13 bytes to go',
      'continuation frame, FIN 0: the second fragment · 9 bytes to go',
      'continuation frame, FIN 1: the last fragment · 9 bytes to go',
    ]);

    // The first fragment, 10 bytes: the header, the masking key, the payload, one byte at a time (RFC 6455 5.2).
    const first = await bytesToServer(10);
    expect(first).toEqual([
      'waiting for 1 more byte of the frame header (MASK bit and 7-bit length)',
      'waiting for 4 bytes of the masking key',
      'waiting for 3 bytes of the masking key',
      'waiting for 2 bytes of the masking key',
      'waiting for 1 byte of the masking key',
      'reading payload: 0 of 4 bytes received, waiting for 4 more',
      'reading payload: 1 of 4 bytes received, waiting for 3 more',
      'reading payload: 2 of 4 bytes received, waiting for 2 more',
      'reading payload: 3 of 4 bytes received, waiting for 1 more',
      'waiting for the first 2 bytes of a frame header (FIN, RSV1-3, opcode, MASK, 7-bit length)',
    ]);

    // Mid-ping: the unit being read is drawn with the byte just read marked, and the fields that arrived in the bit grid.
    await bytesToServer(3);
    const reading = page.getByTestId('sim-server-reading');
    expect(await reading.getAttribute('data-whole')).toBe('false');
    expect(await reading.locator('[data-state="just-read"] .sim-byte__hex').textContent()).toMatch(/^[0-9a-f]{2}$/);
    expect(await reading.locator('[data-state="just-read"] .sim-byte__offset').textContent()).toBe('2');
    expect(await reading.getByTestId('field-opcode').locator('.bit-grid__value').textContent()).toBe('0x9 ping');
    expect(await reading.getByTestId('field-masking key').count()).toBe(0);
    expect(await page.getByTestId('sim-lane-to-server').locator('[data-state="next"] .sim-byte__offset').textContent()).toBe('3');
    await screenshot('simulation', 'simulation', {
      top: page.getByTestId('sim-scenario-panel'),
      bottom: [page.getByTestId('sim-server-panel'), page.getByTestId('sim-client-panel')],
    });

    // The rest of the ping: the server emits it and owes its pong at once, while the message is still two fragments short.
    await expect.poll(() => page.getByTestId('sim-to-server-unit').textContent()).toBe('Rest of the frame');
    await page.getByTestId('sim-to-server-unit').click();
    await expect.poll(() => logKinds('server')).toEqual(['note', 'ping']);
    expect(await owed('server')).toEqual(['pong: the automatic answer to a ping (5.5.2) · 9 bytes to go']);
    expect(await waiting('server').textContent()).toBe('waiting for the first 2 bytes of a frame header (FIN, RSV1-3, opcode, MASK, 7-bit length)');

    // The last two fragments, a frame at a time, then the message; the pong reaches the client.
    await page.getByTestId('sim-to-server-unit').click();
    await expect.poll(() => owed('client')).toEqual(['continuation frame, FIN 1: the last fragment · 9 bytes to go']);
    expect(await logKinds('server')).toEqual(['note', 'ping']);
    await page.getByTestId('sim-to-server-unit').click();
    await expect.poll(() => logKinds('server')).toEqual(['note', 'ping', 'text']);
    expect(await page.getByTestId('sim-server-log').getByText('Fragmented').count()).toBe(1);
    await page.getByTestId('sim-deliver-all').click();
    await expect.poll(() => logKinds('client')).toEqual(['note', 'pong']);
    expect(await page.getByTestId('sim-next-byte').isDisabled()).toBe(true);
  });

  it('keepalive: the clock passes pongWait with no pong, the server drops TCP, and both sides show 1006', async () => {
    await openSimulation(page, 'scenario=keepalive-timeout');
    await page.getByTestId('sim-deliver-all').click();
    await expect.poll(() => state('client').textContent()).toBe('OPEN');
    await page.getByTestId('sim-advance-60').click();
    await expect.poll(() => page.getByTestId('sim-clock').textContent()).toBe('60.000 s');
    expect(await state('server').textContent()).toBe('CLOSED');
    expect(await page.getByTestId('sim-server-close-code').textContent()).toBe('1006');
    expect(await owed('server')).toEqual(['ping: keepalive, every pingPeriod · 2 bytes to go', expect.stringMatching(/^TCP FIN: .* · no bytes$/)]);
    await page.getByTestId('sim-deliver-all').click();
    await expect.poll(() => state('client').textContent()).toBe('CLOSED');
    expect(await page.getByTestId('sim-client-close-code').textContent()).toBe('1006');
    expect(await page.getByTestId('sim-client-standing').textContent()).toBe('Closed with 1006 Abnormal Closure: TCP ended without a closing handshake (7.1.5).');
    expect(await logKinds('client')).toEqual(['note', 'ping', 'note', 'closed']);
  });

  it('shows a caller mistake, sending after close, as the engine\'s message, and carries on', async () => {
    await openSimulation(page, 'scenario=client-closes');
    await page.getByTestId('sim-deliver-all').click();
    await expect.poll(() => state('client').textContent()).toBe('CLOSED');
    await page.getByTestId('sim-client-act').click();
    expect(await page.getByTestId('sim-client-refusal').textContent()).toMatch(/^The engine refused: sendText\(\) in state CLOSED/);
    await page.getByTestId('sim-client-action-kind').selectOption('raw');
    await page.getByTestId('sim-client-raw-hex').fill('81 00');
    await page.getByTestId('sim-client-act').click();
    await expect.poll(() => page.getByTestId('sim-client-refusal').count()).toBe(0);
    expect(await owed('client')).toEqual(['bytes put on the wire by hand · 2 bytes to go']);
  });

  it('rebuilds the same state from its link after a reload', async () => {
    // The handshake and 15 bytes come from the link; the byte clicked next joins their run (s15 → s16).
    await openSimulation(page, 'scenario=fragmented-with-ping&ops=S.C.s15');
    expect(await stepsTaken()).toBe(17);
    await bytesToServer(1);
    await page.getByTestId('sim-server-action-kind').selectOption('close');
    await page.getByTestId('sim-server-code').fill('4000');
    await page.getByTestId('sim-server-reason').fill('lesson over.');
    await page.getByTestId('sim-server-act').click();
    await page.getByTestId('sim-to-client-byte').click();
    await expect.poll(() => page.url()).toMatch(/#\/simulation\?scenario=fragmented-with-ping&ops=S\.C\.s16\.xsx\*4000\*lesson\+over%252E\.c$/);

    const facts = async () => ({
      waiting: [await waiting('client').textContent(), await waiting('server').textContent()],
      states: [await state('client').textContent(), await state('server').textContent()],
      owed: [await owed('client'), await owed('server')],
      logs: [await logKinds('client'), await logKinds('server')],
      wire: await page.getByTestId('sim-wire').textContent(),
      justRead: await page.getByTestId('sim-server-reading').locator('[data-state="just-read"]').textContent(),
    });
    const before = await facts();
    expect(before.states).toEqual(['OPEN', 'CLOSING']);
    await page.reload();
    await page.getByTestId('simulation-view').waitFor();
    expect(await facts()).toEqual(before);
  });

  it('reads in Chinese when the link says lang=zh: the scenario menu, the wire, both sides and their logs', async () => {
    // The handshake and 13 bytes of the first fragment and the ping in: the server is mid-ping, the client owes the rest.
    await openSimulation(page, 'scenario=fragmented-with-ping&ops=S.C.s13&lang=zh');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('h1').textContent()).toBe('模拟：两个端点，一条线路');

    // The scenario menu and its summary.
    expect(await page.getByTestId('sim-scenario').locator('option:checked').textContent()).toBe('分片消息，分片之间夹着一个 Ping');
    expect(await page.getByTestId('sim-scenario').locator('option').allTextContents()).toContain('心跳保活：没有 Pong，就没有连接');
    expect(await page.getByTestId('sim-summary').textContent()).toMatch(/^客户端把一条文本消息拆成三帧发送/);

    // The wire: lanes, unit labels, byte counts.
    const wire = page.getByTestId('sim-wire');
    expect(await wire.locator('h2').textContent()).toBe('线路');
    expect(await page.getByTestId('sim-lane-to-server').locator('.sim-lane__title').textContent()).toBe('客户端 → 服务端 · 线路上有 3 个单元，下一个投递的字节就从这里出发');
    expect(await page.getByTestId('sim-lane-to-server').locator('.sim-unit__label').first().textContent()).toBe('✓ 已到达：文本帧，FIN 0：三个分片中的第一个');
    expect(await page.getByTestId('sim-lane-to-server').getByTestId('sim-unit-count').first().textContent()).toBe('13 字节中已投递 3 字节');

    // The sides: how they stand, what the reader waits for, what each owes, the reading.
    expect(await state('server').textContent()).toBe('OPEN');
    expect(await page.getByTestId('sim-server-standing').textContent()).toBe('已打开：消息可以双向流动。');
    expect(await waiting('server').textContent()).toBe('在等掩码键，还差 3 字节');
    expect(await owed('client')).toEqual([
      'Ping 帧 · 还剩 10 字节',
      '延续帧，FIN 0：第二个分片 · 还剩 9 字节',
      '延续帧，FIN 1：最后一个分片 · 还剩 9 字节',
    ]);
    expect(await page.getByTestId('sim-server-reading').locator('h4').textContent()).toBe('正在读：Ping 帧 （13 字节中已到 3 字节）');
    expect(await page.getByTestId('sim-client-actions').getByTestId('sim-client-act').textContent()).toBe('从客户端发送');

    // The log: the handshake notes, then the ping answered in Chinese once it is in.
    await page.getByTestId('sim-to-server-unit').click();
    await expect.poll(() => logKinds('server')).toEqual(['note', 'ping']);
    const serverLog = await page.getByTestId('sim-server-log').textContent();
    expect(serverLog).toContain('各项检查全部通过；已写出 101 应答，Sec-WebSocket-Accept 为');
    expect(serverLog).toContain('Ping（7 字节） “between”');
    expect(await owed('server')).toEqual(['Pong：对 Ping 的自动回应（5.5.2） · 还剩 9 字节']);
    expect(await page.getByTestId('sim-client-log').textContent()).toContain('101 应答核对无误');

    // None of the English that used to show is left.
    const text = (await page.getByTestId('simulation-view').innerText()).replace(/“[^”]*”/g, '');
    for (const english of ['The wire', 'Owes the other side', 'Its reader is', 'What it emitted', 'waiting for', 'ping frame', 'to go', 'every check passed', 'A fragmented message', 'Client → server', 'Send from the', 'Nothing yet']) {
      expect(text, english).not.toContain(english);
    }
    // Whatever English remains is identifiers (FIN, MASK, Sec-WebSocket-Accept, CONNECTING…), never a sentence.
    expect(text.match(/\b[a-z]{3,} [a-z]{3,} [a-z]{3,}\b/g)).toBeNull();

    // A caller mistake reads in Chinese too.
    await page.getByTestId('sim-server-action-kind').selectOption('ping');
    await page.getByTestId('sim-server-payload').fill('x'.repeat(126));
    await page.getByTestId('sim-server-act').click();
    expect(await page.getByTestId('sim-server-refusal').textContent()).toBe('引擎拒绝了：ping 的载荷有 126 字节；控制帧最多只能携带 125 字节（RFC 6455 5.5）');
    await screenshot('simulation-zh');
  });

  it('plays one byte at a time until the wires are empty, and pauses', async () => {
    // The page's timers run on a clock the test moves, so "one byte every 250 ms" and "paused" are counted, not slept on.
    await page.clock.install();
    await openSimulation(page, 'scenario=echo&ops=S.C');
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
    expect(await stepsTaken()).toBe(2);
    await page.getByTestId('sim-speed').selectOption('250');
    await page.getByTestId('sim-play').click();
    await expect.poll(() => page.getByTestId('sim-play').textContent()).toBe('❚❚ Pause');
    await page.clock.runFor(1000);
    await expect.poll(stepsTaken).toBe(6);
    await page.getByTestId('sim-play').click();
    await expect.poll(() => page.getByTestId('sim-play').textContent()).toBe('▶ Play');
    await page.clock.runFor(5000);
    expect(await stepsTaken()).toBe(6);
    expect(await logKinds('client')).toEqual(['note']);
    await page.getByTestId('sim-speed').selectOption('40');
    await page.getByTestId('sim-play').click();
    // A second of ticks at a time; it stops by itself when both wires are empty.
    await expect.poll(async () => {
      await page.clock.runFor(1000);
      return page.getByTestId('sim-play').textContent();
    }, { timeout: 10_000 }).toBe('▶ Play');
    expect(await logKinds('client')).toEqual(['note', 'text']);
    expect(await logKinds('server')).toEqual(['note', 'text']);
    expect(await page.getByTestId('sim-next-byte').isDisabled()).toBe(true);
  });
});

describe.skipIf(!chromiumAvailable())('the frame lab', () => {
  it('sends a frame with RSV2 set to /echo exactly as built, and shows the 1002 close naming the rule', async () => {
    await sendFromLab('op=1&bits=1010&mask=37fa213d&pm=text&p=odd');
    const answer = page.getByTestId('lab-answer');
    await answer.waitFor();
    expect(await page.getByTestId('lab-close-code').textContent()).toBe('1002');
    expect(await page.getByTestId('lab-close-reason').textContent()).toBe('rsv-without-extension');
    expect(await page.getByTestId('lab-rule').textContent()).toMatch(/rsv-without-extension: RSV2 is set, but no extension .* at byte 0/);
    expect(await answer.getByTestId('frame-card').count()).toBe(1);
    expect(await answer.getByTestId('frame-summary').textContent()).toContain('opcode 8 close');
    expect(await answer.getByTestId('frame-summary').textContent()).toContain('MASK 0');
    expect(await page.getByTestId('lab-timing').textContent()).toMatch(/^The handshake: HTTP\/1\.1 101 Switching Protocols\. The server answered with 1 frame and closed TCP \d+ ms after the bytes were sent\.$/);
    expect(await page.getByTestId('lab-handshake').getAttribute('open')).toBeNull();
    expect(await page.getByTestId('lab-warning').textContent()).toContain('The bytes go exactly as built, masked or not');
    expect(await page.getByTestId('lab-sent-hex').textContent()).toBe('a1 83 37 fa 21 3d 58 9e 45');
    await screenshot('lab', 'lab', { top: page.getByTestId('lab'), bottom: [page.getByTestId('lab')] });
  });

  it('sends a text frame that is not UTF-8, and shows 1007', async () => {
    await sendFromLab('op=1&bits=1000&mask=37fa213d&pm=hex&p=48+69+ff');
    await page.getByTestId('lab-answer').waitFor();
    expect(await page.getByTestId('lab-close-code').textContent()).toBe('1007');
    expect(await page.getByTestId('lab-close').textContent()).toContain('Invalid Frame Payload Data');
    expect(await page.getByTestId('lab-rule').textContent()).toContain('invalid-utf8');
  });

  it('shows the server\'s reason when a target was not allowed', async () => {
    await sendFromLab('op=1&bits=1000&mask=37fa213d&pm=text&p=hi', 'ws://127.0.0.1:9/elsewhere');
    const refused = page.getByTestId('lab-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'The server refused (403): "ws://127.0.0.1:9/elsewhere" is not a lab target: use one of this server\'s endpoints, or start the server with --lab-target URL',
    );
  });
});

describe.skipIf(!chromiumAvailable())('from the static build, with no server', () => {
  it('the simulation runs, and the lab says it needs npm start', async () => {
    const index = pathToFileURL(join(uiDir, 'index.html')).href;
    await page.goto(`${index}#/simulation?scenario=protocol-error&ops=S.C.s`);
    await page.getByTestId('simulation-view').waitFor();
    // It failed the connection at byte 0: its close is sent, and it waits for the client's (7.1.7).
    expect(await state('server').textContent()).toBe('CLOSING');
    expect(await page.getByTestId('sim-server-close-code').textContent()).toBe('1002');
    expect(await page.getByTestId('sim-server-reading').getByTestId('problem-close-code').textContent()).toBe('1002');

    await page.goto(`${index}#/builder`);
    await page.getByTestId('lab-no-server').waitFor();
    expect(await page.getByTestId('lab-no-server').textContent()).toContain('opened from the static build');
    expect(await page.getByTestId('lab-start-command').textContent()).toBe('npm start');
    expect(await page.getByTestId('lab-warning').isVisible()).toBe(true);
  });
});

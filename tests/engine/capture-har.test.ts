// HAR files (Chrome DevTools' export): each entry with `_webSocketMessages`
// becomes a session whose bytes are rebuilt as the browser would have sent
// them, and which says so. One HAR is written here in Chrome's shape; one is
// built from Chromium's own DevTools protocol events while it talks to the
// explorer's /echo.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readHar } from '../../engine/capture/har-sessions';
import { decodeSessionSteps } from '../../engine/capture/session-frames';
import { bytesToHex } from '../../engine/hex';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { explorerForFile } from '../support/explorer-server';
import { CdpHarRecorder } from '../support/har-from-cdp';

/** A HAR as Chrome 120-something saves it from the Network panel (trimmed to what matters). */
const CHROME_HAR = {
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [{ startedDateTime: '2024-05-01T10:00:00.000Z', id: 'page_1', title: 'http://127.0.0.1:8080/', pageTimings: {} }],
    entries: [
      {
        _resourceType: 'document',
        startedDateTime: '2024-05-01T10:00:00.000Z',
        request: { method: 'GET', url: 'http://127.0.0.1:8080/', httpVersion: 'HTTP/1.1', headers: [{ name: 'Host', value: '127.0.0.1:8080' }] },
        response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [] },
      },
      {
        _initiator: { type: 'script' },
        _resourceType: 'websocket',
        cache: {},
        connection: '51234',
        startedDateTime: '2024-05-01T10:00:01.250Z',
        time: 1200.5,
        request: {
          method: 'GET',
          url: 'ws://127.0.0.1:8080/echo?room=1',
          httpVersion: 'HTTP/1.1',
          headers: [
            { name: 'Accept-Encoding', value: 'gzip, deflate, br' },
            { name: 'Cache-Control', value: 'no-cache' },
            { name: 'Connection', value: 'Upgrade' },
            { name: 'Host', value: '127.0.0.1:8080' },
            { name: 'Origin', value: 'http://127.0.0.1:8080' },
            { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits' },
            { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
            { name: 'Sec-WebSocket-Version', value: '13' },
            { name: 'Upgrade', value: 'websocket' },
          ],
          queryString: [{ name: 'room', value: '1' }],
          cookies: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status: 101,
          statusText: 'Switching Protocols',
          httpVersion: 'HTTP/1.1',
          headers: [
            { name: 'Upgrade', value: 'websocket' },
            { name: 'Connection', value: 'Upgrade' },
            { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
            { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' },
          ],
          cookies: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: 0,
          _transferSize: 0,
        },
        serverIPAddress: '127.0.0.1',
        timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
        _webSocketMessages: [
          { type: 'send', time: 1714557601.31, opcode: 1, data: 'hello' },
          { type: 'receive', time: 1714557601.312, opcode: 1, data: 'hello' },
          { type: 'send', time: 1714557601.4, opcode: 2, data: 'AQID+g==' },
          { type: 'receive', time: 1714557601.401, opcode: 2, data: 'AQID+g==' },
          { type: 'send', time: 1714557601.5, opcode: 1, data: 'é'.repeat(100) },
        ],
      },
    ],
  },
};

function messagesOf(session: NonNullable<ReturnType<typeof readHar>['sessions'][number]>) {
  return ['client', 'server'].flatMap((direction) =>
    [...decodeSessionSteps(session, direction as 'client' | 'server')].flatMap(({ step }) => (step.type === 'frame' ? [{ direction, opcode: step.frame.opcode, masked: step.frame.masked, key: step.frame.maskingKey && bytesToHex(step.frame.maskingKey), payloadHex: bytesToHex(step.frame.payload), problems: step.frame.problems.length }] : [])),
  );
}

describe('a HAR file in Chrome\'s shape', () => {
  it('each entry with _webSocketMessages is a session: its headers, its messages as frames, rebuilt and saying so', () => {
    const reading = readHar(JSON.stringify(CHROME_HAR));
    expect(reading.entries).toBe(2);
    expect(reading.notes).toEqual([]);
    expect(reading.sessions).toHaveLength(1);
    const [session] = reading.sessions;
    expect(session).toMatchObject({ id: 'har-1', source: 'har', rebuilt: true, state: 'open', server: { address: '127.0.0.1', port: 8080 }, deflate: { client: { noContextTakeover: false }, server: { noContextTakeover: false } } });
    expect(session.request?.message).toMatchObject({ method: 'GET', target: '/echo?room=1', version: 'HTTP/1.1' });
    expect(session.request?.message.headers.map((h) => h.name)).toContain('Sec-WebSocket-Key');
    expect(session.response?.message).toMatchObject({ status: 101, reason: 'Switching Protocols' });
    expect(session.notes.filter((n) => n.kind === 'rebuilt').map((n) => n.message).join('\n')).toMatch(/rebuilt from HAR[\s\S]*masking keys are chosen here[\s\S]*permessage-deflate[\s\S]*uncompressed/);

    const messages = messagesOf(session);
    const text = (s: string) => bytesToHex(new TextEncoder().encode(s));
    expect(messages.map(({ direction, opcode, masked, payloadHex, problems }) => ({ direction, opcode, masked, payloadHex, problems }))).toEqual([
      { direction: 'client', opcode: 1, masked: true, payloadHex: text('hello'), problems: 0 },
      { direction: 'client', opcode: 2, masked: true, payloadHex: '010203fa', problems: 0 },
      { direction: 'client', opcode: 1, masked: true, payloadHex: text('é'.repeat(100)), problems: 0 },
      { direction: 'server', opcode: 1, masked: false, payloadHex: text('hello'), problems: 0 },
      { direction: 'server', opcode: 2, masked: false, payloadHex: '010203fa', problems: 0 },
    ]);
    // Each frame at its message's time, in the order the messages happened.
    expect(session.frames.map((f) => [f.direction, f.time])).toEqual([
      ['client', 1714557601310], ['server', 1714557601312], ['client', 1714557601400], ['server', 1714557601401], ['client', 1714557601500],
    ]);
    // The keys are chosen deterministically, different per message, and the same on every read.
    const keys = messages.filter((m) => m.masked).map((m) => m.key);
    expect(new Set(keys).size).toBe(3);
    expect(messagesOf(readHar(CHROME_HAR).sessions[0]).filter((m) => m.masked).map((m) => m.key)).toEqual(keys);
  });

  it('names what is not a HAR file, and a HAR without WebSocket entries', () => {
    expect(readHar('{').notes[0].message).toMatch(/^not JSON/);
    expect(readHar('{"log": {}}').notes[0].message).toBe('not a HAR file: no log.entries list');
    expect(readHar({ log: { entries: [CHROME_HAR.log.entries[0]] } }).notes[0].message).toMatch(/none of the 1 entries has _webSocketMessages/);
  });
});

describe.skipIf(!chromiumAvailable())('a HAR built from Chromium\'s DevTools protocol events', () => {
  const explorer = explorerForFile();
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('decodes to the messages the page sent and the echo returned', async () => {
    const page = await browser.newPage();
    const recorder = await CdpHarRecorder.start(await page.context().newCDPSession(page));
    await page.goto(`${explorer.url}/`);
    await page.evaluate(async () => {
      const socket = new WebSocket(`ws://${location.host}/echo`);
      socket.binaryType = 'arraybuffer';
      const next = () => new Promise((resolve) => socket.addEventListener('message', resolve, { once: true }));
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
      });
      socket.send('héllo from the HAR test');
      await next();
      socket.send(new Uint8Array([0, 1, 2, 253, 254, 255]));
      await next();
      const closed = new Promise((resolve) => (socket.onclose = resolve));
      socket.close(1000, 'done');
      await closed;
    });
    await page.close();
    const reading = readHar(JSON.stringify(recorder.har()));
    expect(reading.sessions).toHaveLength(1);
    const [session] = reading.sessions;
    expect(session.request?.message.target).toBe('/echo');
    expect(session.response?.message.status).toBe(101);
    expect(session.deflate).not.toBeNull();
    const text = bytesToHex(new TextEncoder().encode('héllo from the HAR test'));
    expect(messagesOf(session).map(({ direction, opcode, payloadHex, problems }) => ({ direction, opcode, payloadHex, problems }))).toEqual([
      { direction: 'client', opcode: 1, payloadHex: text, problems: 0 },
      { direction: 'client', opcode: 2, payloadHex: '000102fdfeff', problems: 0 },
      { direction: 'server', opcode: 1, payloadHex: text, problems: 0 },
      { direction: 'server', opcode: 2, payloadHex: '000102fdfeff', problems: 0 },
    ]);
  });
});

// The frame lab: crafted bytes sent to a real server by the explorer's raw
// Dialer, and what came back, decoded by the engine.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { encodeFrame } from '../../engine/frame';
import { decodeFrames } from '../../engine/frame';
import { bytesToHex, parseHex } from '../../engine/hex';
import type { LabReport } from '../../server/frame-lab';
import { explorerForFile, startExplorer } from '../support/explorer-server';
import { RFC_MASKING_KEY } from '../support/rfc-samples';

let other: WebSocketServer;
let otherUrl: string;
beforeAll(async () => {
  other = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => other.once('listening', resolve));
  otherUrl = `ws://127.0.0.1:${(other.address() as AddressInfo).port}/`;
});
afterAll(() => other.close());

const explorer = explorerForFile({ demos: true });

async function lab(body: unknown, headers: Record<string, string> = {}, port = explorer.port): Promise<{ status: number; json: LabReport & { error?: string } }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/lab`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // Refusals before the lab (the token, the Host) are plain text.
  const json = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : { error: text };
  return { status: response.status, json: json as LabReport & { error?: string } };
}

/** What the server sent back, decoded as server frames. */
function answer(report: LabReport) {
  const hex = parseHex(report.receivedHex);
  if (!hex.ok) throw new Error(hex.error.message);
  return decodeFrames(hex.bytes, { from: 'server' });
}

const masked = (spec: Parameters<typeof encodeFrame>[0]) => bytesToHex(encodeFrame({ maskingKey: RFC_MASKING_KEY, ...spec }, { allowInvalid: true }));

describe('the frame lab against the explorer\'s own /echo', () => {
  it('sends a frame with RSV2 set exactly as built, and shows the 1002 close that names the rule', async () => {
    const sent = masked({ opcode: 0x1, rsv2: true, payload: new TextEncoder().encode('odd') });
    const { status, json } = await lab({ target: '/echo', hex: sent });
    expect(status).toBe(200);
    expect(json.sentHex).toBe(sent);
    expect(json.status).toBe(101);
    expect(json.requestHead).toMatch(/^GET \/echo HTTP\/1\.1\r\n/);
    const { frames } = answer(json);
    expect(frames).toHaveLength(1);
    expect(frames[0].close).toMatchObject({ code: 1002, reason: 'rsv-without-extension' });
    expect(json.serverClosedTcp).toBe(true);
  });

  it('shows the 1007 close for a text frame that is not UTF-8', async () => {
    const { json } = await lab({ target: '/echo', hex: masked({ opcode: 0x1, payload: Uint8Array.of(0x48, 0x69, 0xff) }) });
    expect(answer(json).frames[0].close).toMatchObject({ code: 1007, reason: 'invalid-utf8' });
  });

  it('shows the echo of a valid frame, then the server still waiting (no close within the wait)', async () => {
    const { json } = await lab({ target: '/echo', hex: masked({ opcode: 0x1, payload: new TextEncoder().encode('Hello') }), waitMs: 300 });
    expect(answer(json).frames.map((f) => [f.opcodeName, f.text, f.masked])).toEqual([['text', 'Hello', false]]);
    expect(json.serverClosedTcp).toBe(false);
    expect(json.elapsedMs).toBeGreaterThanOrEqual(250);
  });

  it('sends an unmasked client frame as built, which the server refuses with 1002 (5.1)', async () => {
    const { json } = await lab({ target: '/echo', hex: '81 05 48 65 6c 6c 6f' });
    expect(answer(json).frames[0].close).toMatchObject({ code: 1002, reason: 'unmasked-client-frame' });
  });

  it('lists its targets: this server\'s endpoints, not the tap', async () => {
    const targets = ((await (await fetch(`http://127.0.0.1:${explorer.port}/api/lab`)).json()) as { targets: string[] }).targets;
    expect(targets).toEqual(['/echo', '/chat', '/filewatch', '/many']);
  });
});

describe('what the lab refuses', () => {
  it('refuses a target the operator did not allow, and dials nothing', async () => {
    let dialled = 0;
    other.once('connection', () => dialled++);
    const { status, json } = await lab({ target: otherUrl, hex: '81 80 00 00 00 00' });
    expect(status).toBe(403);
    expect(json.error).toMatch(/is not a lab target: .*--lab-target URL/);
    expect((await lab({ target: '/tap', hex: '' })).status).toBe(403);
    expect(dialled).toBe(0);
  });

  it('sends to a target the operator allowed with --lab-target', async () => {
    const allowed = await startExplorer({ labTargets: [otherUrl] });
    try {
      const { status, json } = await lab({ target: otherUrl, hex: masked({ opcode: 0x8, payload: Uint8Array.of(0x03, 0xe8) }) }, {}, allowed.port);
      expect(status).toBe(200);
      expect(answer(json).frames[0].close?.code).toBe(1000);
    } finally {
      await allowed.close();
    }
  });

  it('gives a slow target its whole handshake allowance, whatever wait the page chose for the answer', async () => {
    const slow = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, accept) => setTimeout(() => accept(true), 300) });
    await new Promise((resolve) => slow.once('listening', resolve));
    const slowUrl = `ws://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    const allowed = await startExplorer({ labTargets: [slowUrl] });
    try {
      const { status, json } = await lab({ target: slowUrl, hex: '', waitMs: 50 }, {}, allowed.port);
      expect(status).toBe(200);
      expect(json.status).toBe(101);
    } finally {
      await allowed.close();
      slow.close();
    }
  });

  it.each([
    [{ target: '/echo', hex: '81 zz' }, 400, /not hex: .*'z'/],
    [{ target: '/echo', hex: '00'.repeat(64 * 1024 + 1) }, 413, /at most 65536 bytes/],
  ])('refuses %#: %i', async (body, status, message) => {
    const outcome = await lab(body);
    expect(outcome.status).toBe(status);
    expect(outcome.json.error).toMatch(message);
  });

  it('takes JSON only, and no page from another origin', async () => {
    const form = await fetch(`http://127.0.0.1:${explorer.port}/api/lab`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const crossSite = await lab({ target: '/echo', hex: '' }, { Origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('limits exchanges per address: 10 at once, then 429', async () => {
    // The default refill (2 a second) could add a token while a loaded machine serves the twelve.
    const limited = await startExplorer({ labRateLimit: { burst: 10, messagesPerSecond: 0.001 } });
    try {
      const statuses = await Promise.all(Array.from({ length: 12 }, () => lab({ target: '/echo', hex: '', waitMs: 50 }, {}, limited.port).then((r) => r.status)));
      // Sorted whole, so a failure shows every status (a 502 would say the handshake timed out).
      expect(statuses.sort()).toEqual([...Array(10).fill(200), 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('needs the token beyond loopback, like the rest of /api', async () => {
    const lan = await startExplorer({ host: '0.0.0.0', token: 'lab-token' });
    try {
      expect((await lab({ target: '/echo', hex: '' }, {}, lan.port)).status).toBe(401);
      const withToken = await fetch(`http://127.0.0.1:${lan.port}/api/lab?token=lab-token`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target: '/echo', hex: '', waitMs: 50 }),
      });
      expect(withToken.status).toBe(200);
    } finally {
      await lan.close();
    }
  });
});

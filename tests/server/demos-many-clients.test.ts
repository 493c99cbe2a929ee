// The buffer-pool example: many idle clients against /many, measured.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { askServerStats, createManyClientsRoute, runManyClients, STATS_REQUEST } from '../../server/demos/many-clients';
import type { ManyClientsOptions, ManyClientsRoute, MemoryCost, MemorySnapshot } from '../../server/demos/many-clients';
import { DEMO_PAGES_DIR } from '../../server/demos/pages';
import { createExplorerServer, type ExplorerServer } from '../../server/http-app';

let server: ExplorerServer | null = null;

afterEach(async () => {
  await server?.close({ timeoutMs: 3_000 });
  server = null;
});

async function startMany(options: ManyClientsOptions = {}): Promise<{ route: ManyClientsRoute; url: string }> {
  const route = createManyClientsRoute(options);
  server = createExplorerServer({ port: 0, demos: false, routes: [route], log: () => {} });
  const { port } = await server.listen();
  return { route, url: `ws://127.0.0.1:${port}/many` };
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('/many', () => {
  it('counts the messages clients send and answers "stats" with its figures', async () => {
    const { route, url } = await startMany();
    const client = await connect(url);
    client.send('2026-01-01T00:00:00.000Z');
    client.send(new Uint8Array([1, 2, 3]));
    const answer = new Promise<string>((resolve) => client.once('message', (data) => resolve(data.toString())));
    client.send(STATS_REQUEST);
    const stats = JSON.parse(await answer);
    const here = process.memoryUsage();
    // 24 bytes of ISO time and 3 of binary; the question itself is not counted.
    expect(stats).toMatchObject({ connections: 1, peakConnections: 1, acceptedTotal: 1, refusedTotal: 0, messages: 2, messageBytes: 27, pid: process.pid });
    // The server runs in this process: its figures are this process's, read a moment ago.
    expect(Object.keys(stats.memory).sort()).toEqual(['arrayBuffers', 'external', 'heapUsed', 'rss']);
    expectNear(stats.memory, here);
    expect(route.stats().messages).toBe(2);
    client.close();
  });

  it('refuses connections beyond its bound with 1013', async () => {
    const { route, url } = await startMany({ maxConnections: 2 });
    const first = await connect(url);
    const second = await connect(url);
    const third = await connect(url);
    const code = await new Promise<number>((resolve) => third.once('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(1013);
    expect(route.stats()).toMatchObject({ connections: 2, peakConnections: 2, acceptedTotal: 2, refusedTotal: 1 });
    first.close();
    second.close();
  });

  it('holds 200 idle clients from our dialer and reports what each costs', async () => {
    const { route, url } = await startMany();
    const report = await runManyClients({ url, clients: 200, messageIntervalMs: 100, durationMs: 250 });
    expect(report).toMatchObject({ clients: 200, connected: 200, failed: 0, firstError: null, sameProcess: true });
    // The stats probe is one more connection.
    expect(report.serverConnections).toBe(201);
    expect(route.stats().peakConnections).toBe(201);
    // Each client sends once within the first interval, then every 100 ms until the 250 ms are up.
    expect(report.messagesSent).toBeGreaterThanOrEqual(200);
    expect(report.messagesSent).toBeLessThanOrEqual(200 * 4);
    // Each cost is the growth between its two readings, divided by the 200 connections.
    expect(report.server).not.toBeNull();
    for (const cost of [report.client, report.server!]) expectCostArithmetic(cost, 200);
    // One process, so the server's reading after the run and the client's are the same heap, moments apart.
    expectNear(report.server!.after, report.client.after);
    expectNear(report.client.after, process.memoryUsage());
    // Every client closed with 1000 afterwards, once every message it sent had arrived.
    const deadline = Date.now() + 3_000;
    while (route.stats().connections > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(route.stats()).toMatchObject({ connections: 0, acceptedTotal: 202, refusedTotal: 0 });
    expect(route.stats().messages).toBe(report.messagesSent);
    expect(route.stats().messageBytes).toBe(report.messagesSent * '2026-01-01T00:00:00.000Z'.length);
  });

  it('reports no server figures when the endpoint does not answer', async () => {
    expect(await askServerStats('ws://127.0.0.1:1/many')).toBeNull();
  });
});

describe('the demo page', () => {
  it('never parses what the server sends as HTML', () => {
    const script = readFileSync(join(DEMO_PAGES_DIR, 'many.js'), 'utf8');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(script).toContain('statsView.textContent =');
  });
});

/** Two memory readings of this process taken close together: within a few MiB of each other. */
function expectNear(reading: MemorySnapshot, other: MemorySnapshot): void {
  const MiB = 1024 * 1024;
  expect(Math.abs(reading.heapUsed - other.heapUsed)).toBeLessThan(32 * MiB);
  expect(Math.abs(reading.rss - other.rss)).toBeLessThan(64 * MiB);
  expect(Math.abs(reading.external - other.external)).toBeLessThan(32 * MiB);
}

function expectCostArithmetic(cost: MemoryCost, connections: number): void {
  const { before, after } = cost;
  expect(cost.perConnectionBytes).toBe(Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / connections));
  expect(cost.perConnectionRssBytes).toBe(Math.round((after.rss - before.rss) / connections));
}

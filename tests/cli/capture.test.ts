// The capture side of the CLI, run as real processes: `wsx decode --pcap`
// and `--har` print every session's handshake and frames (text, and JSON
// with the frame shape of `decode --json`), and `wsx capture` records a
// running explorer's sessions into a pcap file that tshark and the
// explorer's own reader both take apart into the frames that were sent.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readCapture } from '../../engine/capture/capture-reading';
import { encodeFrame } from '../../engine/frame';
import type { FrameJson } from '../../engine/frame-json';
import { bytesToHex } from '../../engine/hex';
import { repoRoot, runWsx } from '../support/cli';
import { packetFor, writeTestPcap } from '../support/capture-files';
import { explorerForFile } from '../support/explorer-server';
import { tsharkAvailable, tsharkFields, tsharkWebSocketFrames } from '../support/tshark';
import { SAMPLE_MESSAGES, UPGRADE_REQUEST, UPGRADE_RESPONSE, samplePieces, segmentsFor } from '../support/websocket-exchange';

const directory = mkdtempSync(join(tmpdir(), 'wsx-capture-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeFile(name: string, bytes: Uint8Array | string): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

const samplePcap = () => writeFile('sample.pcap', writeTestPcap(segmentsFor(samplePieces(), { mss: 1000 }).map((s) => packetFor(s))));

interface SessionJson {
  id: string;
  client: string;
  server: string;
  state: string;
  rebuilt: boolean;
  handshake: { request: { method: string; target: string; hex: string } | null; response: { status: number; hex: string } | null };
  notes: Array<{ kind: string; message: string }>;
  frames: Array<FrameJson & { direction: string; streamOffset: number; time: number | null; packet: number | null }>;
  messages: Array<{ direction: string; frames: number[]; text: string | null; payloadHex: string }>;
  remainders: unknown[];
}

describe('wsx decode --pcap', () => {
  it('--json: a sessions array, each with its handshake and its frames in decode --json\'s frame shape', async () => {
    const run = await runWsx(['decode', '--json', '--pcap', samplePcap()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as { sessions: SessionJson[]; conversations: Array<{ kind: string }>; notes: unknown[] };
    expect(document.sessions).toHaveLength(1);
    const [session] = document.sessions;
    expect(session).toMatchObject({ id: 'tcp-1', client: '192.168.1.10:51234', server: '192.168.1.20:9001', state: 'closed', rebuilt: false });
    expect(session.handshake.request).toMatchObject({ method: 'GET', target: '/chat', hex: bytesToHex(UPGRADE_REQUEST) });
    expect(session.handshake.response).toMatchObject({ status: 101, hex: bytesToHex(UPGRADE_RESPONSE) });
    expect(session.frames.map((f) => [f.direction, f.opcode, f.payloadHex])).toEqual(SAMPLE_MESSAGES.map((m) => [m.from, m.opcode, bytesToHex(m.payload)]));
    // The frame JSON is decode --json's, with where and when it was seen added.
    const hex = await runWsx(['decode', '--json', '--from', 'client', bytesToHex(encodeFrame({ opcode: 1, payload: new TextEncoder().encode('Hello'), maskingKey: Uint8Array.from([0x37, 0xfa, 0x21, 0]) }))]);
    const alone = (JSON.parse(hex.stdout) as { frames: FrameJson[] }).frames[0];
    const { direction, streamOffset, time, packet, ...frame } = session.frames[0];
    expect(frame).toEqual(alone);
    expect([direction, streamOffset, packet]).toEqual(['client', UPGRADE_REQUEST.length, 6]);
    expect(time).toBeCloseTo(1_700_000_000_005, 3);
    expect(session.messages.map((m) => [m.direction, m.frames])).toEqual([['client', [0]], ['server', [1]], ['client', [2]]]);
    expect(document.conversations).toEqual([expect.objectContaining({ kind: 'websocket' })]);
  });

  it('text: the session, its handshake, then each frame explained with its direction, time and packet', async () => {
    const run = await runWsx(['decode', '--pcap', samplePcap()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pcap: 18 packets, 18 TCP, 1 TCP conversation, 1 WebSocket session.');
    expect(run.stdout).toContain('Session tcp-1: 192.168.1.10:51234 → 192.168.1.20:9001, GET /chat, 101 Switching Protocols, closed');
    expect(run.stdout).toContain('client → server, +0.005000 s, packet #6, stream offset 161');
    expect(run.stdout).toContain('text                      "Hello back"');
    expect(run.stdout).toContain('close                     1000 - Normal Closure');
    expect(run.stdout).toMatch(/7 frames in session tcp-1\.\n$/);
  });

  it('exits 1 when a frame breaks a rule (an unmasked client frame), 2 for a file that is not a capture', async () => {
    const pieces = samplePieces();
    pieces[2] = { from: 'client', bytes: encodeFrame({ opcode: 1, payload: new TextEncoder().encode('Hello') }) };
    const broken = writeFile('broken.pcap', writeTestPcap(segmentsFor(pieces).map((s) => packetFor(s))));
    const run = await runWsx(['decode', '--json', '--pcap', broken]);
    expect(run.code).toBe(1);
    const session = (JSON.parse(run.stdout) as { sessions: SessionJson[] }).sessions[0];
    expect(session.frames[0].problems).toEqual([expect.objectContaining({ closeCode: 1002, rfc: '5.1' })]);

    const notCapture = await runWsx(['decode', '--pcap', writeFile('notes.txt', 'hello')]);
    expect(notCapture.code).toBe(2);
    expect(notCapture.stderr).toMatch(/neither pcap .* nor pcapng/);
    const missing = await runWsx(['decode', '--pcap', join(directory, 'nope.pcap')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.pcap/);
    const both = await runWsx(['decode', '--pcap', samplePcap(), '81 00']);
    expect(both.code).toBe(2);
  });

  it('a capture with no WebSocket session says so and exits 1', async () => {
    const http = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const ok = new TextEncoder().encode('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    const file = writeFile('http.pcap', writeTestPcap(segmentsFor([{ from: 'client', bytes: http }, { from: 'server', bytes: ok }]).map((s) => packetFor(s))));
    const run = await runWsx(['decode', '--pcap', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('tcp-1: 192.168.1.10:51234 → 192.168.1.20:9001: HTTP without a WebSocket upgrade (1 request)');
    expect(run.stdout).toContain('No WebSocket session found.');
  });
});

describe('wsx decode --har', () => {
  const har = {
    log: {
      entries: [{
        startedDateTime: '2024-05-01T10:00:01.250Z',
        request: { method: 'GET', url: 'ws://127.0.0.1:8080/echo', httpVersion: 'HTTP/1.1', headers: [{ name: 'Host', value: '127.0.0.1:8080' }, { name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade' }, { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' }, { name: 'Sec-WebSocket-Version', value: '13' }] },
        response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [{ name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade' }, { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' }] },
        _webSocketMessages: [
          { type: 'send', time: 1714557601.3, opcode: 1, data: 'hi from HAR' },
          { type: 'receive', time: 1714557601.31, opcode: 2, data: '3q2+7w==' },
        ],
      }],
    },
  };

  it('--json and text: the rebuilt session, saying it was rebuilt', async () => {
    const file = writeFile('session.har', JSON.stringify(har));
    const json = await runWsx(['decode', '--json', '--har', file]);
    expect(json.code).toBe(0);
    const [session] = (JSON.parse(json.stdout) as { sessions: SessionJson[] }).sessions;
    expect(session).toMatchObject({ id: 'har-1', rebuilt: true, handshake: { request: { method: 'GET', target: '/echo' }, response: { status: 101 } } });
    expect(session.frames.map((f) => [f.direction, f.opcodeName, f.masked, f.payloadHex, f.time])).toEqual([
      ['client', 'text', true, bytesToHex(new TextEncoder().encode('hi from HAR')), 1714557601300],
      ['server', 'binary', false, 'deadbeef', 1714557601310],
    ]);
    expect(session.notes[0]).toMatchObject({ kind: 'rebuilt' });
    const text = await runWsx(['decode', '--har', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Session har-1 (rebuilt from HAR, not captured): 0.0.0.0:0 → 127.0.0.1:8080, GET /echo, 101 Switching Protocols, open');
    expect(text.stdout).toContain('text                      "hi from HAR"');
  });
});

/** `wsx capture …` as a child process, with its output. */
function startCapture(args: string[]) {
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli.ts', 'capture', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('wsx capture', () => {
  const explorer = explorerForFile();

  it('--help, and usage errors exit 2', async () => {
    const help = await runWsx(['capture', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: wsx capture --out FILE\.pcap/);
    expect((await runWsx(['capture'])).code).toBe(2);
    expect((await runWsx(['capture', '--out', 'x.pcap', '--seconds', 'soon'])).stderr).toMatch(/--seconds takes a positive number/);
    expect((await runWsx(['capture', '--out', 'x.pcap', '--server', 'https://127.0.0.1:1'])).code).toBe(2);
    const top = await runWsx(['--help']);
    expect(top.stdout).toContain('wsx capture --out FILE.pcap');
  });

  it('exits 1 naming the server when no explorer listens there', async () => {
    const run = await runWsx(['capture', '--out', join(directory, 'none.pcap'), '--server', 'http://127.0.0.1:1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot watch http:\/\/127\.0\.0\.1:1\/tap/);
  });

  it('records a running explorer\'s sessions until Ctrl-C: a pcap tshark and the explorer read as the frames that were sent', async () => {
    const out = join(directory, 'live.pcap');
    const capture = startCapture(['--out', out, '--server', `http://127.0.0.1:${explorer.port}`]);
    while (!capture.output().stdout.includes('Recording')) {
      if (capture.child.exitCode !== null) throw new Error(`wsx capture exited: ${capture.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Once the tap has its subscriber: a ws client to /echo (permessage-deflate off, so tshark's payloads are the text).
    const client = new WebSocket(`ws://127.0.0.1:${explorer.port}/echo`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const sent = ['first message', 'second, a little longer', 'ü'.repeat(500)];
    for (const text of sent) {
      client.send(text);
      await new Promise((resolve) => client.once('message', resolve));
    }
    client.close(1000, 'done');
    await new Promise((resolve) => client.once('close', resolve));
    // The tap tells the capture the session closed a moment later: wait until the file shows it (its FINs), then stop.
    const closedInFile = () => {
      try {
        return readCapture(new Uint8Array(readFileSync(out))).sessions.some((s) => s.state === 'closed');
      } catch {
        return false;
      }
    };
    for (let waited = 0; !closedInFile() && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    capture.child.kill('SIGINT');
    expect(await capture.exited).toBe(0);
    expect(capture.output().stdout).toMatch(/stopped by SIGINT: 1 session, \d+ packets written to .*live\.pcap\./);

    const reading = readCapture(new Uint8Array(readFileSync(out)));
    const [session] = reading.sessions;
    expect(session.request?.message.target).toBe('/echo');
    expect(session.server.port).toBe(explorer.port);
    const textFrames = session.frames.filter((f) => f.opcode === 1);
    expect(textFrames.map((f) => f.direction)).toEqual(['client', 'server', 'client', 'server', 'client', 'server']);

    if (tsharkAvailable) {
      const http = await tsharkFields(out, [explorer.port], 'http', ['http.request.uri', 'http.response.code']);
      expect(http).toEqual([['/echo', ''], ['', '101']]);
      const frames = await tsharkWebSocketFrames(out, [explorer.port]);
      const texts = frames.filter((f) => f.opcode === 1).map((f) => [f.srcPort === explorer.port ? 'server' : 'client', Buffer.from(f.payloadHex, 'hex').toString('utf8')]);
      expect(texts).toEqual(sent.flatMap((text) => [['client', text], ['server', text]]));
      expect(frames.filter((f) => f.opcode === 8).map((f) => (f.srcPort === explorer.port ? 'server' : 'client'))).toEqual(['client', 'server']);
    }
  });

  it('--seconds stops by itself', async () => {
    const out = join(directory, 'timed.pcap');
    const capture = startCapture(['--out', out, '--server', `http://127.0.0.1:${explorer.port}`, '--seconds', '1']);
    expect(await capture.exited).toBe(0);
    expect(capture.output().stdout).toMatch(/1 s passed: \d+ sessions?, \d+ packets written/);
    expect(readCapture(new Uint8Array(readFileSync(out))).format).toBe('pcap');
  });
});

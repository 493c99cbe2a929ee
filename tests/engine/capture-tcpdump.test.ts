// Real traffic: a ws client talks to the explorer's /echo over loopback
// while tcpdump records it twice, on `lo` (Ethernet headers) and on `any`
// (Linux cooked v2). Both captures decode to the handshake, the frames and,
// with permessage-deflate inflated, the messages that were sent. Skipped
// where tcpdump is missing or the tests do not run as root (.ci/run
// installs it and runs as root).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readCapture } from '../../engine/capture/capture-reading';
import { decodeSessionSteps } from '../../engine/capture/session-frames';
import { createHash } from 'node:crypto';
import { explorerForFile } from '../support/explorer-server';
import { startTcpdump, tcpdumpAvailable } from '../support/tshark';

/** Length and digest: a failure names the message without printing 100 kB of hex. */
const fingerprint = (bytes: Uint8Array) => `${bytes.length} bytes, sha1 ${createHash('sha1').update(bytes).digest('hex')}`;

const directory = mkdtempSync(join(tmpdir(), 'wsx-tcpdump-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe.skipIf(!tcpdumpAvailable)('a loopback capture by tcpdump', () => {
  const explorer = explorerForFile();

  it('decodes to what a ws client sent to /echo and what came back, on lo and on any', async () => {
    const filter = `tcp port ${explorer.port}`;
    const onLo = await startTcpdump(join(directory, 'lo.pcap'), filter, 'lo');
    const onAny = await startTcpdump(join(directory, 'any.pcap'), filter, 'any');
    const sent = [
      { opcode: 1, payload: new TextEncoder().encode('captured by tcpdump') },
      { opcode: 2, payload: Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff) },
      { opcode: 1, payload: new TextEncoder().encode('ü'.repeat(2000)) },
    ];
    const client = new WebSocket(`ws://127.0.0.1:${explorer.port}/echo`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    for (const message of sent) {
      client.send(message.opcode === 1 ? new TextDecoder().decode(message.payload) : message.payload);
      await new Promise((resolve) => client.once('message', resolve));
    }
    client.close(1000, 'bye');
    await new Promise((resolve) => client.once('close', resolve));
    // tcpdump writes each packet as it comes (-U, immediate mode); on a busy machine it may lag: wait until both files hold the closed session.
    const closedIn = (name: string) => {
      try {
        return readCapture(new Uint8Array(readFileSync(join(directory, name)))).sessions.some((s) => s.state === 'closed');
      } catch {
        return false;
      }
    };
    for (let waited = 0; !(closedIn('lo.pcap') && closedIn('any.pcap')) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([onLo.stop(), onAny.stop()]);

    for (const [name, linkType] of [['lo.pcap', 1], ['any.pcap', 276]] as const) {
      const bytes = new Uint8Array(readFileSync(join(directory, name)));
      const reading = readCapture(bytes);
      expect(reading.format).toBe('pcap');
      const sessions = reading.sessions.filter((s) => s.request?.message.target === '/echo');
      expect(sessions, name).toHaveLength(1);
      const [session] = sessions;
      expect(session.server.port).toBe(explorer.port);
      expect(session.response?.message.status).toBe(101);
      expect(session.notes.filter((n) => n.kind === 'gap' || n.kind === 'conflict'), name).toEqual([]);
      for (const direction of ['client', 'server'] as const) {
        const messages = [...decodeSessionSteps(session, direction)].flatMap(({ step }) => (step.type === 'message' ? [[step.message.opcode, fingerprint(step.message.payload)]] : []));
        expect(messages, `${name} ${direction}`).toEqual(sent.map((m) => [m.opcode, fingerprint(m.payload)]));
      }
      expect(session.frames.filter((f) => f.opcode === 8).map((f) => f.direction)).toEqual(['client', 'server']);
      expect(session.frames.every((f) => f.problemCount === 0)).toBe(true);
      expect(session.frames.filter((f) => f.direction === 'client').every((f) => f.masked)).toBe(true);
      // The link type tcpdump wrote is the one the file says.
      expect(new DataView(bytes.buffer).getUint32(20, true) & 0xffff, name).toBe(linkType);
    }
  });
});

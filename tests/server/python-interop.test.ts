// python-websockets (Debian's python3-websockets), an independent
// implementation in another language, against our server: permessage-deflate
// negotiated in both takeover modes, messages round-tripping, a clean close.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli';
import { explorerForFile } from '../support/explorer-server';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const client = join(repoRoot, 'tests', 'support', 'python', 'echo_client.py');
const explorer = explorerForFile();

const messages = [{ text: 'Hello' }, { text: 'Hello' }, { text: 'x'.repeat(100_000) }, { text: 'héllo, wörld' }, { text: '' }, { bytes: Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff) }];

describe('python-websockets against our server', () => {
  it.each([
    ['with context takeover', 'takeover', 'permessage-deflate'],
    ['without context takeover', 'no-takeover', 'permessage-deflate; server_no_context_takeover; client_no_context_takeover'],
  ])('negotiates permessage-deflate %s and gets every message back', async (_name, takeover, extensions) => {
    const { stdout } = await run(PYTHON, [client, `ws://127.0.0.1:${explorer.port}/echo`, takeover, JSON.stringify(messages)], { timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ extensions, replies: messages, close: 1000 });
  });
});

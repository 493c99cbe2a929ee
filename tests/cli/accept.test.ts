// Runs the real command, as a user or an outside test would: tsx server/cli.ts accept …
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function wsx(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ['server/cli.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

describe('wsx accept', { timeout: 30_000 }, () => {
  it('derives the RFC 6455 sample key to s3pPLMBiTxaQ9kYGzzhZRbK+xOo= as numbered steps', async () => {
    const { code, stdout, stderr } = await wsx('accept', 'dGhlIHNhbXBsZSBub25jZQ==');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('4.2.2');
    expect(stdout).toContain('1.3');
    // Each step, in order: the key bytes in hex, the concatenation, SHA-1 grouped, the accept value.
    const steps = ['1. ', '74 68 65 20  73 61 6d 70  6c 65 20 6e  6f 6e 63 65', '2. ', `dGhlIHNhbXBsZSBub25jZQ==${GUID}`, '3. ',
      'b3 7a 4f 2c  c0 62 4f 16  90 f6 46 06  cf 38 59 45  b2 be c4 ea', '4. ', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='];
    let at = -1;
    for (const step of steps) {
      const next = stdout.indexOf(step, at + 1);
      expect(next, `"${step}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
  });

  it('prints exactly the contract fields with --json', async () => {
    const { code, stdout } = await wsx('accept', '--json', 'dGhlIHNhbXBsZSBub25jZQ==');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      keyValid: true,
      guid: GUID,
      concatenated: `dGhlIHNhbXBsZSBub25jZQ==${GUID}`,
      sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
  });

  it('agrees with node:crypto on a random key', async () => {
    const key = createHash('md5').update(String(process.pid)).digest('base64');
    const { code, stdout } = await wsx('accept', key, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).accept).toBe(createHash('sha1').update(key + GUID).digest('base64'));
  });

  it('still derives an invalid key, says why servers refuse it, and exits 1', async () => {
    const [text, json] = await Promise.all([wsx('accept', 'Zm9v'), wsx('accept', '--json', 'Zm9v')]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/NOT VALID: the key decodes to 3 bytes.*exactly 16/);
    expect(text.stdout).toMatch(/400 Bad Request/);
    expect(text.stdout).toContain('66 6f 6f');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ key: 'Zm9v', keyValid: false, accept: 'GcS7e1WyH2+qnagsw4Cmzp78I7E=' });
    expect(json.stderr).toMatch(/invalid key/);
  });

  it('exits 2 with usage on a missing key, two keys or an unknown option', async () => {
    const results = await Promise.all([wsx('accept'), wsx('accept', 'a', 'b'), wsx('accept', '--jsn', 'dGhlIHNhbXBsZSBub25jZQ==')]);
    for (const { code, stdout, stderr } of results) {
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/usage: wsx accept KEY \[--json\]/);
    }
  });
});

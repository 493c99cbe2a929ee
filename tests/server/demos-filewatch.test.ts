import { mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoWatchFile, formatLastMod, parseLastMod, readFileIfModified } from '../../server/demos/filewatch';

const scratch = mkdtempSync(join(tmpdir(), 'wsx-filewatch-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('lastMod', () => {
  it('reads gorilla\'s hexadecimal nanoseconds', () => {
    expect(parseLastMod('17d1d5a3f6e1c000')).toBe(0x17d1d5a3f6e1c000n);
    expect(formatLastMod(0x17d1d5a3f6e1c000n)).toBe('17d1d5a3f6e1c000');
  });

  it.each([null, '', 'zz', '-1', '0x10', '1'.repeat(17)])('takes %j as the zero time', (value) => {
    expect(parseLastMod(value)).toBe(0n);
  });
});

describe('readFileIfModified', () => {
  const file = join(scratch, 'watched.txt');
  writeFileSync(file, 'first');
  utimesSync(file, 1_000, 1_000);
  const mtimeNs = 1_000n * 1_000_000_000n;

  it('reads the file when it changed after lastMod', async () => {
    expect(await readFileIfModified(file, mtimeNs - 1n)).toEqual({ kind: 'modified', content: 'first', lastModNs: mtimeNs });
  });

  it('reports unchanged when lastMod is the file\'s modification time', async () => {
    expect(await readFileIfModified(file, mtimeNs)).toEqual({ kind: 'unchanged' });
  });

  it('reports a missing file as an error message', async () => {
    const found = await readFileIfModified(join(scratch, 'missing.txt'), 0n);
    expect(found.kind).toBe('error');
    expect(found.kind === 'error' && found.message).toMatch(/ENOENT/);
  });

  it('refuses a file larger than the bound', async () => {
    const big = join(scratch, 'big.txt');
    writeFileSync(big, 'x'.repeat(101));
    const found = await readFileIfModified(big, 0n, 100);
    expect(found.kind).toBe('error');
    expect(found.kind === 'error' && found.message).toMatch(/101 bytes/);
  });

  it('sends bytes that are not UTF-8 as replacement characters', async () => {
    const binary = join(scratch, 'binary.bin');
    writeFileSync(binary, new Uint8Array([0x61, 0xff, 0x62]));
    expect(await readFileIfModified(binary, 0n)).toMatchObject({ kind: 'modified', content: 'a\uFFFDb' });
  });
});

describe('createDemoWatchFile', () => {
  it('creates a file in the given directory that names its own path', () => {
    const file = createDemoWatchFile(scratch);
    expect(existsSync(file)).toBe(true);
    expect(file.startsWith(scratch)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(file);
  });
});

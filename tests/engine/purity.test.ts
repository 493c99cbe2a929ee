// docs/architecture.md: engine/ never touches I/O or a platform. This test reads every
// engine source file and fails on anything that would tie it to Node or a
// browser, so the same code keeps running in the server, CLI and UI.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const engineDir = join(import.meta.dirname, '..', '..', 'engine');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const forbidden: Array<[RegExp, string]> = [
  [/from\s+['"]node:|require\(\s*['"]node:|import\(\s*['"]node:/, 'a node: module'],
  [/from\s+['"](fs|net|http|https|crypto|os|path|child_process|stream|events|buffer|timers|url)['"]/, 'a Node built-in module'],
  [/\bBuffer\s*[.(<]|:\s*Buffer\b|new\s+Buffer\b/, 'Buffer'],
  [/\b(window|document|navigator|localStorage)\b\s*\./, 'the DOM'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame)\s*\(/, 'a timer'],
  [/\bprocess\.(env|argv|exit|stdout|stderr|stdin|on|nextTick|hrtime|platform|cwd|memoryUsage)\b/, 'process'],
  [/\bMath\.random\s*\(/, 'unseeded randomness'],
  [/\bcrypto\s*\./, 'the platform crypto object'],
  [/\bDate\.now\s*\(|new Date\s*\(/, 'the clock'],
  [/from\s+['"]\.\.\/(server|explorer-ui|tests)/, 'code outside the engine'],
];

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('engine purity', () => {
  const files = sourceFiles(engineDir);

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  for (const file of files) {
    it(`${relative(engineDir, file)} uses no platform facility`, () => {
      const code = stripComments(readFileSync(file, 'utf8'));
      const found = forbidden.filter(([pattern]) => pattern.test(code)).map(([, what]) => what);
      expect(found, `${relative(engineDir, file)} uses ${found.join(', ')}`).toEqual([]);
    });
  }

  it('catches an impure line (the checker itself works)', () => {
    const impure = stripComments("import { readFileSync } from 'node:fs';\nconst b = Buffer.from('x');");
    const found = forbidden.filter(([pattern]) => pattern.test(impure)).map(([, what]) => what);
    expect(found).toEqual(expect.arrayContaining(['a node: module', 'Buffer']));
  });
});

// Every catalog key the interface names literally (t('decoder.title'),
// i18nKey="handshake.intro") exists in the English catalog, so a mistyped
// key cannot show its own name on screen. Keys built at run time
// (t(`views.${id}.label`)) are covered by the tests of what they name.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../explorer-ui/src/i18n';

const root = join(import.meta.dirname, '..', '..', 'explorer-ui', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const LITERAL_KEY = /(?:\bt\(\s*|i18nKey=\{?\s*)['"]([a-zA-Z][\w.-]*)['"]/g;

describe('catalog keys', () => {
  const used = sources(root).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(LITERAL_KEY)].map((m) => ({ file, key: m[1] })));

  it('the views name hundreds of keys', () => {
    expect(used.length).toBeGreaterThan(300);
  });

  it('each one exists in English and in Chinese (a plural by its forms); the engine\'s, whose English is the engine\'s own, in Chinese', () => {
    const languages = (key: string) => (key.startsWith('engine.') ? ['zh'] : ['en', 'zh']);
    const missing = used.filter(({ key }) => !languages(key).every((lng) => i18n.exists(key, { lng }) || i18n.exists(`${key}_other`, { lng })));
    expect(missing.map(({ file, key }) => `${file.slice(root.length + 1)}: ${key}`)).toEqual([]);
  });
});

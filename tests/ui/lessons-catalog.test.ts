// The lessons as the player has them: the build's catalog holds every file
// of lessons/ in both languages, a missing translation falls back to
// English, and what another window says on the presenter's channel is
// checked before it is followed.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS, catalogFromSources, lessonById, loadLesson } from '../../explorer-ui/src/features/lessons/lesson-catalog';
import { readSyncMessage } from '../../explorer-ui/src/features/lessons/presenter-sync';
import { repoRoot } from '../support/cli';

const LESSON = '# Title\n\n## One\n\nText.\n\n## Two\n\nMore.\n';

describe('the catalog', () => {
  it('carries every lesson file, in course order, in English and Chinese', () => {
    const files = readdirSync(join(repoRoot, 'lessons', 'en')).filter((f) => f.endsWith('.md')).sort();
    expect(LESSONS.map((entry) => `${entry.id}.md`)).toEqual(files);
    expect(LESSONS.map((entry) => entry.number)).toEqual(files.map((_, i) => i + 1));
    for (const entry of LESSONS) expect(Object.keys(entry.sources).sort()).toEqual(['en', 'zh']);
    expect(lessonById('04-frame-anatomy')?.number).toBe(4);
    expect(lessonById('99-nothing')).toBeUndefined();
  });

  it('reads a lesson in Chinese with the same steps as in English', () => {
    const entry = lessonById('04-frame-anatomy')!;
    const [en, zh] = [loadLesson(entry, 'en'), loadLesson(entry, 'zh')];
    expect(en.ok && zh.ok).toBe(true);
    if (!en.ok || !zh.ok) return;
    expect(zh.language).toBe('zh');
    expect(zh.document.title).toBe('帧结构');
    expect(zh.document.steps.length).toBe(en.document.steps.length);
  });

  it('falls back to English where a lesson has no translation', () => {
    const [entry] = catalogFromSources({ '/lessons/en/01-only-english.md': LESSON });
    const loaded = loadLesson(entry, 'zh');
    expect(loaded.language).toBe('en');
    expect(loaded.ok && loaded.document.steps.map((s) => s.heading)).toEqual(['One', 'Two']);
  });

  it('leaves out files that are not lessons, and says what is wrong with a broken one', () => {
    const entries = catalogFromSources({
      '/lessons/en/README.md': '# x',
      '/lessons/fr/01-a.md': LESSON,
      '/lessons/en/01-a.md': LESSON,
      '/lessons/en/02-broken.md': '## A step before the title\n',
    });
    expect(entries.map((e) => e.id)).toEqual(['01-a', '02-broken']);
    const broken = loadLesson(entries[1], 'en');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/title/);
  });
});

describe("the presenter's channel", () => {
  const position = { lessonId: '04-frame-anatomy', lessonStep: 2, language: 'zh' };

  it('takes a position and a question', () => {
    expect(readSyncMessage({ kind: 'position', from: 'notes', position })).toEqual({ kind: 'position', from: 'notes', position });
    expect(readSyncMessage({ kind: 'where-are-you' })).toEqual({ kind: 'where-are-you' });
  });

  it.each([
    null, 'position', { kind: 'position' }, { kind: 'position', from: 'someone', position },
    { kind: 'position', from: 'player', position: { ...position, lessonStep: -1 } },
    { kind: 'position', from: 'player', position: { ...position, lessonStep: 1.5 } },
    { kind: 'position', from: 'player', position: { ...position, lessonId: '../x' } },
    { kind: 'position', from: 'player', position: { ...position, language: 'fr' } },
  ])('drops %j', (data) => {
    expect(readSyncMessage(data)).toBeNull();
  });
});

// The interface's language: one setting for every view and the lesson
// player, carried by every view's link as lang=zh (the parameter lesson
// links had first); a link that does not name it opens in English, and
// keeps the language in use when followed inside the page.

import { beforeEach, describe, expect, it } from 'vitest';
import { VIEWS } from '../../explorer-ui/src/app/views';
import { i18n } from '../../explorer-ui/src/i18n';
import { en } from '../../explorer-ui/src/i18n/catalog-en';
import { zh } from '../../explorer-ui/src/i18n/catalog-zh';
import { useExplorer, type ExplorerState } from '../../explorer-ui/src/store';
import { hashForState, stateFromLink } from '../../explorer-ui/src/store/url-state';

const initialState = useExplorer.getState();

beforeEach(() => {
  useExplorer.setState(initialState, true);
});

const stateWith = (patch: Partial<ExplorerState>): ExplorerState => ({ ...initialState, ...patch });

describe('the language in links', () => {
  it.each(VIEWS.map((v) => v.id))('%s: its link carries lang=zh, and opens in Chinese', (view) => {
    const hash = hashForState(stateWith({ view, language: 'zh' }));
    expect(new URLSearchParams(hash.split('?')[1] ?? '').get('lang')).toBe('zh');
    expect(stateFromLink(hash)).toMatchObject({ view, language: 'zh' });
  });

  it('English is the default, written nowhere', () => {
    expect(hashForState(stateWith({ view: 'close-codes', closeCodeQuery: '1006' }))).toBe('#/close-codes?q=1006');
    expect(stateFromLink('#/decoder?hex=81+00')).toMatchObject({ language: 'en' });
  });

  it('a link that names no language, or a garbled one, keeps the one in use: English when the page opens', () => {
    for (const lang of ['fr', 'ZH', 'zh-CN', '']) {
      expect(stateFromLink(`#/decoder?lang=${lang}`).language).toBe('en');
      expect(stateFromLink(`#/decoder?lang=${lang}`, 'zh')).toMatchObject({ language: 'zh' });
    }
    // A link inside a page (the Live view's to #/simulation), or Back to an entry from before the switch.
    expect(stateFromLink('#/simulation', 'zh')).toMatchObject({ view: 'simulation', language: 'zh' });
    expect(stateFromLink('#/lessons?lesson=05-masking', 'zh')).toMatchObject({ lessonId: '05-masking', language: 'zh' });
    expect(stateFromLink('#/lessons?lesson=05-masking&lang=en', 'zh')).toMatchObject({ language: 'en' });
  });

  it('a lesson link read in Chinese opens the whole interface in Chinese, and the lesson link it writes is unchanged', () => {
    const state = stateFromLink('#/lessons?lesson=04-frame-anatomy&step=3&lang=zh');
    expect(state).toMatchObject({ language: 'zh' });
    expect(hashForState(stateWith(state))).toBe('#/lessons?lesson=04-frame-anatomy&step=3&lang=zh');
  });
});

describe('one setting', () => {
  it('a notes window that follows the presenter takes the presenter’s language for the whole interface', () => {
    useExplorer.getState().setLanguage('en');
    useExplorer.getState().followLessonPosition({ lessonId: '05-masking', lessonStep: 1, language: 'zh' });
    expect(useExplorer.getState()).toMatchObject({ lessonId: '05-masking', lessonStep: 1, language: 'zh' });
  });
});

describe('the catalogs', () => {
  /** Every key path of a catalog, leaves only. */
  const paths = (tree: object, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : paths(value as object, `${prefix}${key}.`)));

  it('Chinese has every English key, written in Chinese where English has words to translate', () => {
    const chinese = new Set(paths(zh));
    for (const path of paths(en)) expect(chinese.has(path), path).toBe(true);
  });

  it('each sentence keeps the values and markup its English has', () => {
    const englishTree = en as unknown as Record<string, unknown>;
    const chineseTree = zh as unknown as Record<string, unknown>;
    const at = (tree: Record<string, unknown>, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], tree) as string;
    const marks = (sentence: string) => [...sentence.matchAll(/\{\{\w+\}\}|<\/?\w+\/?>/g)].map((m) => m[0]).sort();
    for (const path of paths(en)) {
      expect(new Set(marks(at(chineseTree, path))), path).toEqual(new Set(marks(at(englishTree, path))));
    }
  });

  it('every view of the navigation has its name and hint in Chinese', () => {
    for (const view of VIEWS) {
      expect(i18n.exists(`views.${view.id}.label`, { lng: 'zh' }), view.id).toBe(true);
      expect(i18n.exists(`views.${view.id}.hint`, { lng: 'zh' }), view.id).toBe(true);
    }
  });

  it('i18next reads both, and falls back to English for a key only English has', () => {
    expect(i18n.getFixedT('zh')('decoder.title')).toBe('帧解码器');
    expect(i18n.getFixedT('en')('decoder.title')).toBe('Frame decoder');
    expect(i18n.getFixedT('zh')('no.such.key', { defaultValue: 'English' })).toBe('English');
  });
});

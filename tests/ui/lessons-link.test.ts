// The lesson player's link (store/lessons-link.ts through url-state.ts):
// #/lessons?lesson=04-frame-anatomy&step=3&lang=zh&presenter=1. Every part
// goes out and comes back; the step counts from 1 in the link; garbled or
// unknown values open the table or the first step, in English, never throw.

import { beforeEach, describe, expect, it } from 'vitest';
import { useExplorer, type ExplorerState } from '../../explorer-ui/src/store';
import { hashForState, stateFromHash } from '../../explorer-ui/src/store/url-state';

const initialState = useExplorer.getState();

beforeEach(() => {
  useExplorer.setState(initialState, true);
});

function linkFor(patch: Partial<ExplorerState>): string {
  return hashForState({ ...initialState, view: 'lessons', ...patch });
}

describe('lesson links', () => {
  it('name the lesson, the step counted from 1, the language and presenter mode', () => {
    expect(linkFor({ lessonId: '04-frame-anatomy', lessonStep: 2, language: 'zh', lessonPresenter: true }))
      .toBe('#/lessons?lesson=04-frame-anatomy&step=3&lang=zh&presenter=1');
    expect(linkFor({ lessonId: '04-frame-anatomy', lessonStep: 0 })).toBe('#/lessons?lesson=04-frame-anatomy&step=1');
    expect(linkFor({ lessonNotesWindow: true, lessonId: '02-upgrade-request', lessonStep: 5 })).toBe('#/lessons?lesson=02-upgrade-request&step=6&notes=1');
  });

  it('of the table say only a language other than English', () => {
    expect(linkFor({})).toBe('#/lessons');
    expect(linkFor({ language: 'zh' })).toBe('#/lessons?lang=zh');
  });

  it('come back as they went', () => {
    const state = { lessonId: '07-ping-pong-keepalive', lessonStep: 4, language: 'zh', lessonPresenter: true, lessonNotesWindow: false } as const;
    expect(stateFromHash(linkFor(state))).toEqual({ view: 'lessons', ...state });
  });

  it('read as the issue writes them', () => {
    expect(stateFromHash('#/lessons?lesson=04-frame-anatomy&step=3&lang=zh')).toEqual({
      view: 'lessons', lessonId: '04-frame-anatomy', lessonStep: 2, language: 'zh', lessonPresenter: false, lessonNotesWindow: false,
    });
  });

  it('without a step open the first, and a bare #/lessons opens the table in English', () => {
    expect(stateFromHash('#/lessons?lesson=05-masking')).toMatchObject({ lessonId: '05-masking', lessonStep: 0, language: 'en' });
    expect(stateFromHash('#/lessons')).toMatchObject({ view: 'lessons', lessonId: null, lessonStep: 0, language: 'en', lessonPresenter: false });
  });

  it.each([
    ['step=0', 0], ['step=-2', 0], ['step=2.5', 0], ['step=0x3', 0], ['step=', 0], ['step=%203', 0], ['step=1000', 0], ['step=999', 998],
  ])('read a garbled or extreme %s as step %i', (step, expected) => {
    expect(stateFromHash(`#/lessons?lesson=04-frame-anatomy&${step}`).lessonStep).toBe(expected);
  });

  it.each(['../etc/passwd', '04', 'Frame-Anatomy', '4-frame', '04-<script>', '04-frame anatomy'])('ignore the lesson id %j', (id) => {
    expect(stateFromHash(`#/lessons?lesson=${encodeURIComponent(id)}&step=3`)).toMatchObject({ lessonId: null, lessonStep: 0 });
  });

  it('fall back to English for a language the lessons are not written in', () => {
    for (const lang of ['fr', 'ZH', 'zh-TW', '']) expect(stateFromHash(`#/lessons?lang=${lang}`).language).toBe('en');
  });

  it('take presenter mode and the notes flag only as 1', () => {
    expect(stateFromHash('#/lessons?presenter=yes&notes=true')).toMatchObject({ lessonPresenter: false, lessonNotesWindow: false });
    expect(stateFromHash('#/lessons?presenter=1&notes=1')).toMatchObject({ lessonPresenter: true, lessonNotesWindow: true });
  });
});

// The lesson player's link: #/lessons?lesson=04-frame-anatomy&step=3&lang=zh
// (&presenter=1 for presenter mode, &notes=1 in the presenter's notes
// window). The step counts from 1, as the player numbers its steps, so the
// link a teacher reads out is the step the class sees. English, the first
// step and the reading player are what a link without those parameters
// means; a lesson id that is not a lesson file's name is ignored.

import { isLanguage, type Language } from '../i18n/language';
import { isLessonId } from '../features/lessons/lesson-identity';
import type { LessonsSlice } from './lessons-slice';

type LessonLinkState = Pick<LessonsSlice, 'lessonId' | 'lessonStep' | 'lessonPresenter' | 'lessonNotesWindow'> & { language: Language };

/** Highest step a link may name; lessons have a handful. */
const MAX_LINK_STEP = 999;

export function writeLessonsLink(params: URLSearchParams, state: LessonLinkState): void {
  if (state.lessonId !== null) {
    params.set('lesson', state.lessonId);
    params.set('step', String(state.lessonStep + 1));
  }
  if (state.language !== 'en') params.set('lang', state.language);
  if (state.lessonPresenter) params.set('presenter', '1');
  if (state.lessonNotesWindow) params.set('notes', '1');
}

export function readLessonsLink(params: URLSearchParams): LessonLinkState {
  const lesson = params.get('lesson');
  const step = params.get('step');
  const lang = params.get('lang');
  const lessonId = lesson !== null && isLessonId(lesson) ? lesson : null;
  // Written by a link only as a decimal from 1; anything else is garbled and means the first step.
  const stepNumber = step !== null && /^[0-9]{1,3}$/.test(step) ? Number(step) : 1;
  return {
    lessonId,
    lessonStep: lessonId === null ? 0 : Math.min(Math.max(stepNumber, 1), MAX_LINK_STEP) - 1,
    language: isLanguage(lang) ? lang : 'en',
    lessonPresenter: params.get('presenter') === '1',
    lessonNotesWindow: params.get('notes') === '1',
  };
}

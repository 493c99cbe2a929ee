// How links name a lesson: its id (the file name, lessons/<language>/<id>.md)
// and the language it is read in. English is the one every lesson has, so it
// is what a link without a language, or a lesson missing in the chosen
// language, falls back to. This module imports nothing, so the store can
// read it without pulling the lessons' text in.

/** Lesson ids are file names: two digits, a dash, lowercase words ("04-frame-anatomy"). */
export function isLessonId(text: string): boolean {
  return /^[0-9]{2}-[a-z0-9-]{1,80}$/.test(text);
}

export const LESSON_LANGUAGES = ['en', 'zh'] as const;
export type LessonLanguage = (typeof LESSON_LANGUAGES)[number];

export const FALLBACK_LESSON_LANGUAGE: LessonLanguage = 'en';

/** Each language by its own name, as a switch between them shows it. */
export const LESSON_LANGUAGE_NAMES: Record<LessonLanguage, string> = { en: 'English', zh: '中文' };

export function isLessonLanguage(text: string | null): text is LessonLanguage {
  return (LESSON_LANGUAGES as readonly (string | null)[]).includes(text);
}

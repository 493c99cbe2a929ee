// How links name a lesson: its id (the file name, lessons/<language>/<id>.md).
// The language it is read in is the interface's (i18n/language.ts); English
// is the one every lesson has, so a lesson missing in the chosen language
// falls back to it. This module imports nothing, so the store can read it
// without pulling the lessons' text in.

/** Lesson ids are file names: two digits, a dash, lowercase words ("04-frame-anatomy"). */
export function isLessonId(text: string): boolean {
  return /^[0-9]{2}-[a-z0-9-]{1,80}$/.test(text);
}

// Every lesson in every language, inside the app itself: Vite reads
// lessons/<language>/<id>.md as text at build time (import.meta.glob, eager),
// so the one classic script of the static build carries them all and a page
// opened from file:// needs no fetch and no dynamic import().

import { LessonBlockError } from './lesson-blocks';
import { parseLesson, type LessonDocument } from './lesson-document';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/language';
import { isLessonId } from './lesson-identity';

export interface LessonEntry {
  /** The file name without .md, e.g. "04-frame-anatomy": the lesson's id in links. */
  id: string;
  /** Its place in the course, from the file name's leading digits. */
  number: number;
  sources: Partial<Record<Language, string>>;
}

/** A lesson as the player shows it, in the language it was found in. */
export type LoadedLesson =
  | { ok: true; entry: LessonEntry; language: Language; document: LessonDocument }
  | { ok: false; entry: LessonEntry; language: Language; error: string };

/** Lessons from { "<any path>/<language>/<id>.md": text }, in course order. Files that fit no pattern are left out. */
export function catalogFromSources(sources: Record<string, string>): LessonEntry[] {
  const byId = new Map<string, LessonEntry>();
  for (const [path, text] of Object.entries(sources)) {
    const match = /([a-z]+)\/([^/]+)\.md$/.exec(path);
    if (!match || !isLanguage(match[1]) || !isLessonId(match[2])) continue;
    const [, language, id] = match;
    const entry = byId.get(id) ?? { id, number: Number(id.slice(0, 2)), sources: {} };
    entry.sources[language as Language] = text;
    byId.set(id, entry);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The lesson in `language`, or in English when it is not written in that one. Parsed once per language. */
export function loadLesson(entry: LessonEntry, language: Language): LoadedLesson {
  const found = entry.sources[language] !== undefined ? language : DEFAULT_LANGUAGE;
  const key = `${entry.id}/${found}`;
  const cached = parsed.get(key);
  if (cached && cached.entry === entry) return cached;
  let loaded: LoadedLesson;
  try {
    loaded = { ok: true, entry, language: found, document: parseLesson(entry.sources[found] ?? '') };
  } catch (error) {
    // lessons.test.ts keeps this from shipping; while a lesson is being written, the player says what is wrong.
    loaded = { ok: false, entry, language: found, error: error instanceof LessonBlockError ? error.message : String(error) };
  }
  parsed.set(key, loaded);
  return loaded;
}

const parsed = new Map<string, LoadedLesson>();

const BUNDLED_SOURCES = import.meta.glob<string>('../../../../lessons/*/*.md', { query: '?raw', import: 'default', eager: true });

/** The lessons this build carries. */
export const LESSONS: readonly LessonEntry[] = catalogFromSources(BUNDLED_SOURCES);

export function lessonById(id: string | null): LessonEntry | undefined {
  return id === null ? undefined : LESSONS.find((entry) => entry.id === id);
}

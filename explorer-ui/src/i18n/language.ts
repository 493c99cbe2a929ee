// The languages the interface is written in, and how each is named: in the
// link (lang=zh, the parameter the lesson player introduced), on <html lang>
// (a BCP 47 tag, so screen readers and fonts pick Simplified Chinese), and in
// the switch, where each language is written in itself.
//
// This module imports nothing, so the store can read it.

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a link without lang= means, and what every missing translation falls back to. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language by its own name. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '中文' };

/** The document's lang attribute for each language. */
export const DOCUMENT_LANGUAGE: Record<Language, string> = { en: 'en', zh: 'zh-CN' };

export function isLanguage(text: string | null | undefined): text is Language {
  return (LANGUAGES as readonly (string | null | undefined)[]).includes(text);
}

// The interface's wording: one i18next instance holding the English and
// Chinese catalogs (catalog-en.ts, catalog-zh.ts), bundled with the app so
// the static build reads them offline. Components read it through
// react-i18next's useTranslation(); the store's `language` decides which
// catalog speaks (bind-language.ts keeps the two in step).
//
// Wording that comes from engine/ (close-code meanings, rule messages, field
// explanations, handshake checks) stays English in the engine; the Chinese
// for it is in catalog-zh.ts under `engine`, keyed by the engine's own ids,
// and engine-wording.ts picks it.

import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './catalog-en';
import { zh } from './catalog-zh';
import { DEFAULT_LANGUAGE } from './language';

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  // The catalogs are in the bundle: initialise and switch synchronously, so
  // the first render is already in the link's language.
  initAsync: false,
  // React escapes what it renders; payload text is never interpolated as HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
});

// Keeps i18next and <html lang> in step with the store's language, which the
// link sets (url-state.ts) and the header's switch changes. The switch
// happens in the store's subscriber, before React renders the change, so no
// view draws a frame in the old language.

import { useExplorer } from '../store';
import { i18n } from './index';
import { DOCUMENT_LANGUAGE, type Language } from './language';

export function bindLanguage(doc: Document): () => void {
  const apply = (language: Language) => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    doc.documentElement.lang = DOCUMENT_LANGUAGE[language];
  };
  apply(useExplorer.getState().language);
  return useExplorer.subscribe((state, previous) => {
    if (state.language !== previous.language) apply(state.language);
  });
}

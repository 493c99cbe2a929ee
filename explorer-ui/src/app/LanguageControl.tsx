// The header's language switch: one setting for every view, the lesson
// player's included. It travels in the link (lang=zh) and sets <html lang>
// (i18n/bind-language.ts). Each language is named in itself, so a reader
// who cannot read the current one still finds their own.

import { useTranslation } from 'react-i18next';
import { useExplorer } from '../store';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/language';

export function LanguageControl() {
  const { t } = useTranslation();
  const language = useExplorer((s) => s.language);
  const setLanguage = useExplorer((s) => s.setLanguage);
  return (
    <fieldset className="segmented language-control" title={t('language.title')} data-testid="language-control">
      <legend className="visually-hidden">{t('language.label')}</legend>
      {LANGUAGES.map((code) => (
        <label key={code} className={language === code ? 'is-on' : undefined} lang={code === 'zh' ? 'zh-CN' : code}>
          <input type="radio" name="interface-language" value={code} checked={language === code} onChange={() => setLanguage(code)} data-testid={`language-${code}`} />
          {LANGUAGE_NAMES[code]}
        </label>
      ))}
    </fieldset>
  );
}

// Which language the lesson is read in: every language the lessons are
// written in, each by its own name. The choice travels in the link (lang=).

import { useTranslation } from 'react-i18next';
import { useExplorer } from '../../store';
import { LANGUAGES, LANGUAGE_NAMES } from '../../i18n/language';

/** The switch's words, from the catalogs. */
function useText() {
  const { t } = useTranslation();
  return { label: t('lessons.player.languageLabel') };
}

export function LanguageSwitch() {
  const TEXT = useText();
  const language = useExplorer((s) => s.language);
  const setLanguage = useExplorer((s) => s.setLanguage);
  return (
    <fieldset className="segmented lesson-language" aria-label={TEXT.label}>
      <legend className="visually-hidden">{TEXT.label}</legend>
      {LANGUAGES.map((code) => (
        <label key={code} className={language === code ? 'is-on' : undefined} lang={code}>
          <input type="radio" name="lesson-language" value={code} checked={language === code} onChange={() => setLanguage(code)} data-testid={`lesson-language-${code}`} />
          {LANGUAGE_NAMES[code]}
        </label>
      ))}
    </fieldset>
  );
}

// Which language the lesson is read in: every language the lessons are
// written in, each by its own name. The choice travels in the link (lang=).

import { useTranslation } from 'react-i18next';
import { useExplorer } from '../../store';
import { LESSON_LANGUAGES, LESSON_LANGUAGE_NAMES } from './lesson-identity';

/** The switch's words, from the catalogs. */
function useText() {
  const { t } = useTranslation();
  return { label: t('lessons.player.languageLabel') };
}

export function LanguageSwitch() {
  const TEXT = useText();
  const language = useExplorer((s) => s.lessonLanguage);
  const setLanguage = useExplorer((s) => s.setLessonLanguage);
  return (
    <fieldset className="segmented lesson-language" aria-label={TEXT.label}>
      <legend className="visually-hidden">{TEXT.label}</legend>
      {LESSON_LANGUAGES.map((code) => (
        <label key={code} className={language === code ? 'is-on' : undefined} lang={code}>
          <input type="radio" name="lesson-language" value={code} checked={language === code} onChange={() => setLanguage(code)} data-testid={`lesson-language-${code}`} />
          {LESSON_LANGUAGE_NAMES[code]}
        </label>
      ))}
    </fieldset>
  );
}

// Every lesson the build carries, in course order: its number, its title in
// the chosen language (or English, where it has no other) and how many steps
// it has. Opening one starts it at its first step.

import { useTranslation } from 'react-i18next';
import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { LanguageSwitch } from './LanguageSwitch';
import { LESSONS, loadLesson } from './lesson-catalog';

/** The table's words, from the catalogs (lessons.table.*), in the interface's language. */
function useText() {
  const { t } = useTranslation();
  return {
    title: t('lessons.table.title'),
    intro: t('lessons.table.intro'),
    number: t('lessons.table.number'),
    lesson: t('lessons.table.lesson'),
    steps: t('lessons.table.steps'),
    missing: (id: string) => t('lessons.table.missing', { id }),
    unreadable: t('lessons.table.unreadable'),
  };
}

export function LessonTable({ missingId }: { missingId: string | null }) {
  const TEXT = useText();
  const language = useExplorer((s) => s.language);
  const openLesson = useExplorer((s) => s.openLesson);
  return (
    <div className="view lessons" data-testid="lesson-table-view">
      <header className="view__intro">
        <h1>{TEXT.title}</h1>
        <p>{TEXT.intro} <RfcRef section="1" /></p>
      </header>
      {missingId ? <p className="panel live-notice" role="alert">{TEXT.missing(missingId)}</p> : null}
      <div className="panel">
        <div className="panel__head">
          <LanguageSwitch />
        </div>
        <table className="lesson-table" data-testid="lesson-table">
          <thead>
            <tr><th scope="col">{TEXT.number}</th><th scope="col">{TEXT.lesson}</th><th scope="col">{TEXT.steps}</th></tr>
          </thead>
          <tbody>
            {LESSONS.map((entry) => {
              const loaded = loadLesson(entry, language);
              return (
                <tr key={entry.id} data-testid={`lesson-row-${entry.id}`}>
                  <td className="mono lesson-table__number">{String(entry.number).padStart(2, '0')}</td>
                  <td lang={loaded.language}>
                    <button type="button" className="link lesson-table__open" onClick={() => openLesson(entry.id)}>
                      {loaded.ok ? loaded.document.title : entry.id}
                    </button>
                  </td>
                  <td className="mono">{loaded.ok ? loaded.document.steps.length : TEXT.unreadable}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

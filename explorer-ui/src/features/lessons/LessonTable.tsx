// Every lesson the build carries, in course order: its number, its title in
// the chosen language (or English, where it has no other) and how many steps
// it has. Opening one starts it at its first step.

import { useExplorer } from '../../store';
import { RfcRef } from '../../widgets/RfcRef';
import { LanguageSwitch } from './LanguageSwitch';
import { LESSONS, loadLesson } from './lesson-catalog';

const TEXT = {
  title: 'Lessons',
  intro: 'The protocol in class-sized steps, with live frames, handshakes and exercises computed by the same engine as every other view. Present one with the arrow keys, the space bar or a clicker; presenter mode shows one step at a time in type the back of the room can read, and the notes window shows the presenter what comes next.',
  number: 'No.',
  lesson: 'Lesson',
  steps: 'Steps',
  missing: (id: string) => `There is no lesson "${id}". Pick one below.`,
  unreadable: 'cannot be read',
};

export function LessonTable({ missingId }: { missingId: string | null }) {
  const language = useExplorer((s) => s.lessonLanguage);
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

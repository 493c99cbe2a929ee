// A lesson, one step at a time: the steps as a table of contents beside it
// (in the reading player), back and next as buttons and keys, the language
// switch, presenter mode, and the presenter's notes window. Presenter mode
// shows the current step alone, with type sized for the back of a room; the
// step that changes is always scrolled to its top.

import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useExplorer } from '../../store';
import { scrollIntoViewGently } from '../../widgets/scroll-into-view';
import { LanguageSwitch } from './LanguageSwitch';
import { loadLesson, type LessonEntry } from './lesson-catalog';
import { LANGUAGE_NAMES } from '../../i18n/language';
import { clampStep, stepAfter, type LessonMove } from './lesson-navigation';
import { LessonStepView } from './LessonStepView';
import { openNotesWindow } from './notes-window';
import { useLessonPageMode } from './use-lesson-page-mode';
import { useLessonSync } from './use-lesson-sync';
import { useStepKeys } from './use-step-keys';

/** The player's words, from the catalogs (lessons.player.*), in the interface's language. */
function useText() {
  const { t } = useTranslation();
  return {
    allLessons: t('lessons.player.allLessons'),
    lesson: (number: number) => t('lessons.player.lesson', { number }),
    steps: t('lessons.player.steps'),
    back: t('lessons.player.back'),
    next: t('lessons.player.next'),
    presenter: t('lessons.player.presenter'),
    leavePresenter: t('lessons.player.leavePresenter'),
    notesWindow: t('lessons.player.notesWindow'),
    notesBlocked: t('lessons.player.notesBlocked'),
    dark: t('display.dark'),
    light: t('display.light'),
    themeTitle: t('display.themeTitle'),
    keys: t('lessons.player.keys'),
    fallback: (wanted: string) => t('lessons.player.fallback', { language: wanted }),
    broken: t('lessons.player.broken'),
  };
}

export function LessonPlayer({ entry }: { entry: LessonEntry }) {
  const TEXT = useText();
  const language = useExplorer((s) => s.language);
  const step = useExplorer((s) => s.lessonStep);
  const presenter = useExplorer((s) => s.lessonPresenter);
  const setStep = useExplorer((s) => s.setLessonStep);
  const setPresenter = useExplorer((s) => s.setLessonPresenter);
  const openLesson = useExplorer((s) => s.openLesson);
  const [notesBlocked, setNotesBlocked] = useState(false);
  const stepRef = useRef<HTMLElement | null>(null);

  const loaded = loadLesson(entry, language);
  const count = loaded.ok ? loaded.document.steps.length : 0;
  const current = clampStep(step, count);

  const move = useCallback((where: LessonMove) => setStep(stepAfter(where, current, count)), [current, count, setStep]);
  useStepKeys(presenter, move);
  useLessonSync('player');
  useLessonPageMode(presenter ? 'presenter' : null);
  useScrollToChangedStep(stepRef, `${entry.id}/${current}/${presenter}`);

  if (!loaded.ok) {
    return (
      <div className="view lesson-player" data-testid="lesson-player">
        <p className="panel hex-error" role="alert">{TEXT.broken} {loaded.error}</p>
      </div>
    );
  }
  const { document: lesson } = loaded;

  return (
    <div className={`view lesson-player${presenter ? ' lesson-player--presenter' : ''}`} data-testid="lesson-player">
      <div className="lesson-bar" role="toolbar" aria-label="Lesson">
        {presenter ? null : <button type="button" className="quiet" onClick={() => openLesson(null)}>{TEXT.allLessons}</button>}
        <p className="lesson-bar__title" lang={loaded.language}>
          <span className="lesson-bar__number">{TEXT.lesson(entry.number)}</span> {lesson.title}
        </p>
        <LanguageSwitch />
        <button type="button" aria-pressed={presenter} onClick={() => setPresenter(!presenter)} data-testid="lesson-presenter">
          {presenter ? TEXT.leavePresenter : TEXT.presenter}
        </button>
        <button type="button" onClick={() => setNotesBlocked(!openNotesWindow(useExplorer.getState()))} data-testid="lesson-notes-window">{TEXT.notesWindow}</button>
        {presenter ? <ThemeButton /> : null}
      </div>
      {notesBlocked ? <p className="live-notice panel" role="alert">{TEXT.notesBlocked}</p> : null}
      {loaded.language !== language ? <p className="muted">{TEXT.fallback(LANGUAGE_NAMES[language])}</p> : null}

      <div className="lesson-player__layout">
        {presenter ? null : (
          <nav className="lesson-toc panel" aria-label={TEXT.steps} lang={loaded.language}>
            <h2 className="lesson-toc__title">{TEXT.steps}</h2>
            <ol>
              {lesson.steps.map((s, i) => (
                <li key={i}>
                  <button type="button" className={`lesson-toc__step${i === current ? ' is-current' : ''}`} aria-current={i === current ? 'step' : undefined} onClick={() => setStep(i)}>
                    {s.heading}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        )}
        <article className="lesson panel" lang={loaded.language} data-testid="lesson" aria-label={lesson.title}>
          {presenter ? null : <h1 className="lesson__title">{lesson.title}</h1>}
          <LessonStepView key={`${entry.id}/${loaded.language}/${current}`} ref={stepRef} step={lesson.steps[current]} number={current + 1} count={count} />
          <div className="lesson__pager">
            <button type="button" onClick={() => move('back')} disabled={current === 0} data-testid="lesson-back">{TEXT.back}</button>
            <span className="lesson__progress" aria-hidden="true">{current + 1} / {count}</span>
            <button type="button" className="primary" onClick={() => move('next')} disabled={current === count - 1} data-testid="lesson-next" aria-keyshortcuts="ArrowRight PageDown Space">{TEXT.next}</button>
          </div>
          {presenter ? null : <p className="muted small lesson__keys">{TEXT.keys}</p>}
        </article>
      </div>
    </div>
  );
}

/** Brings the step to the top of the screen whenever it changes, but not when the player first opens. */
function useScrollToChangedStep(stepRef: React.RefObject<HTMLElement | null>, shown: string): void {
  const previous = useRef(shown);
  useEffect(() => {
    if (previous.current === shown) return;
    previous.current = shown;
    if (stepRef.current) scrollIntoViewGently(stepRef.current, 'start');
  }, [stepRef, shown]);
}

/** The header's theme switch, which presenter mode hides with the header. */
function ThemeButton() {
  const TEXT = useText();
  const theme = useExplorer((s) => s.theme);
  const setTheme = useExplorer((s) => s.setTheme);
  return (
    <button type="button" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} title={TEXT.themeTitle}>
      {theme === 'dark' ? TEXT.dark : TEXT.light}
    </button>
  );
}

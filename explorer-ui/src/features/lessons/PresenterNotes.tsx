// The presenter's notes window (the player's "Notes window" button opens it):
// where the class is, the notes for this step, and what the next step holds,
// so the presenter can look ahead without the class seeing it. It follows
// the class's window, and its own keys and buttons move the class's window
// too (presenter-sync.ts), as a clicker pointed at either should.

import { useTranslation } from 'react-i18next';
import { useCallback } from 'react';
import { useExplorer } from '../../store';
import { lessonById, loadLesson } from './lesson-catalog';
import type { LessonStep } from './lesson-document';
import { clampStep, stepAfter, type LessonMove } from './lesson-navigation';
import { LessonProse } from './LessonProse';
import { useLessonPageMode } from './use-lesson-page-mode';
import { useLessonSync } from './use-lesson-sync';
import { useStepKeys } from './use-step-keys';

/** The notes window's words, from the catalogs (lessons.notes.*), in the interface's language. */
function useText() {
  const { t } = useTranslation();
  return {
    heading: t('lessons.notes.heading'),
    waiting: t('lessons.notes.waiting'),
    now: (number: number, count: number) => t('lessons.notes.now', { number, count }),
    next: (number: number) => t('lessons.notes.next', { number }),
    end: t('lessons.notes.end'),
    noNotes: t('lessons.notes.noNotes'),
    widgets: t('lessons.notes.widgets'),
    back: t('lessons.notes.back'),
    forward: t('lessons.notes.forward'),
    blocks: {
      frame: t('lessons.notes.blocks.frame'),
      exercise: t('lessons.notes.blocks.exercise'),
      handshake: t('lessons.notes.blocks.handshake'),
      accept: t('lessons.notes.blocks.accept'),
      builder: t('lessons.notes.blocks.builder'),
      simulation: t('lessons.notes.blocks.simulation'),
      demo: t('lessons.notes.blocks.demo'),
      'close-code': t('lessons.notes.blocks.close-code'),
      notes: t('lessons.notes.blocks.notes'),
    } as const,
  };
}

export function PresenterNotes() {
  const TEXT = useText();
  const lessonId = useExplorer((s) => s.lessonId);
  const language = useExplorer((s) => s.language);
  const step = useExplorer((s) => s.lessonStep);
  const setStep = useExplorer((s) => s.setLessonStep);
  useLessonSync('notes');
  useLessonPageMode('notes');

  const entry = lessonById(lessonId);
  const loaded = entry ? loadLesson(entry, language) : null;
  const steps = loaded?.ok ? loaded.document.steps : [];
  const current = clampStep(step, steps.length);
  const move = useCallback((where: LessonMove) => setStep(stepAfter(where, current, steps.length)), [current, steps.length, setStep]);
  useStepKeys(true, move);

  if (!loaded?.ok) {
    return (
      <div className="view lesson-notes" data-testid="lesson-notes">
        <h1>{TEXT.heading}</h1>
        <p className="muted">{TEXT.waiting}</p>
      </div>
    );
  }
  const now = steps[current];
  const next = steps[current + 1] as LessonStep | undefined;

  return (
    <div className="view lesson-notes" data-testid="lesson-notes" lang={loaded.language}>
      <p className="lesson-notes__lesson muted">{loaded.document.title}</p>
      <section className="panel lesson-notes__now" aria-labelledby="notes-now">
        <p className="lesson-step__number" data-testid="notes-position">{TEXT.now(current + 1, steps.length)}</p>
        <h1 id="notes-now">{now.heading}</h1>
        <NotesOf step={now} />
      </section>
      <section className="panel lesson-notes__next" aria-labelledby="notes-next" data-testid="notes-next">
        {next ? (
          <>
            <p className="lesson-step__number">{TEXT.next(current + 2)}</p>
            <h2 id="notes-next">{next.heading}</h2>
            {next.parts.map((part, i) => (part.kind === 'markdown' ? <LessonProse key={i} html={part.html} /> : null))}
            <WidgetsOf step={next} />
          </>
        ) : (
          <h2 id="notes-next">{TEXT.end}</h2>
        )}
      </section>
      <p className="lesson__pager">
        <button type="button" onClick={() => move('back')} disabled={current === 0}>{TEXT.back}</button>
        <button type="button" className="primary" onClick={() => move('next')} disabled={!next}>{TEXT.forward}</button>
      </p>
    </div>
  );
}

function NotesOf({ step }: { step: LessonStep }) {
  const TEXT = useText();
  const notes = step.parts.flatMap((part) => (part.kind === 'block' && part.block.type === 'notes' ? [part.block.text] : []));
  if (notes.length === 0) return <p className="muted">{TEXT.noNotes}</p>;
  return (
    <div className="lesson-notes__notes" data-testid="notes-text">
      {notes.map((text, i) => <p key={i}>{text}</p>)}
    </div>
  );
}

function WidgetsOf({ step }: { step: LessonStep }) {
  const TEXT = useText();
  const blocks = step.parts.flatMap((part) => (part.kind === 'block' && part.block.type !== 'notes' ? [part.block] : []));
  if (blocks.length === 0) return null;
  return (
    <>
      <p className="muted">{TEXT.widgets}</p>
      <ul className="lesson-notes__widgets">
        {blocks.map((block, i) => <li key={i}>{TEXT.blocks[block.type]}{block.type === 'exercise' ? `: ${block.question}` : ''}</li>)}
      </ul>
    </>
  );
}

// One step of a lesson: its "## " heading, then its text and live blocks in
// the order the lesson writes them.

import { useTranslation } from 'react-i18next';
import type { Ref } from 'react';
import { LessonBlockView } from './blocks/LessonBlockView';
import type { LessonStep } from './lesson-document';
import { LessonProse } from './LessonProse';

/** The step's words, from the catalogs (lessons.player.*). */
function useText() {
  const { t } = useTranslation();
  return { position: (number: number, count: number) => t('lessons.player.position', { number, count }) };
}

export function LessonStepView({ step, number, count, ref }: { step: LessonStep; number: number; count: number; ref?: Ref<HTMLElement> }) {
  const TEXT = useText();
  return (
    <section ref={ref} className="lesson-step" aria-labelledby="lesson-step-heading" data-testid="lesson-step" data-step={number}>
      <p className="lesson-step__number">{TEXT.position(number, count)}</p>
      <h2 id="lesson-step-heading" className="lesson-step__heading">{step.heading}</h2>
      {step.parts.map((part, i) =>
        part.kind === 'markdown' ? <LessonProse key={i} html={part.html} /> : <LessonBlockView key={i} block={part.block} />,
      )}
    </section>
  );
}

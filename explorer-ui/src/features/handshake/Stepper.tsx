// The step-by-step list both sides of the handshake use: steps revealed one
// at a time with buttons or the arrow keys, the current one highlighted and
// brought into view when it changes.

import { useTranslation } from 'react-i18next';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { scrollIntoViewGently } from '../../widgets/scroll-into-view';

export interface StepperProps<T> {
  title: string;
  steps: readonly T[];
  /** Steps revealed so far, minus one; clamped to the steps there are. */
  step: number;
  onStep: (step: number) => void;
  renderStep: (step: T) => ReactNode;
}

export function Stepper<T>({ title, steps, step, onStep, renderStep }: StepperProps<T>) {
  const { t } = useTranslation();
  const last = Math.max(0, steps.length - 1);
  const current = Math.min(step, last);
  const currentItem = useRef<HTMLLIElement | null>(null);
  const shownStep = useRef(current);

  // A revealed step lands below the ones before it, soon under the fold:
  // follow it there. Not on the first drawing, so a shared link opens at the
  // top, and not while someone types (an edited request starts again at 0).
  useEffect(() => {
    if (shownStep.current === current) return;
    shownStep.current = current;
    const typing = document.activeElement instanceof HTMLTextAreaElement || document.activeElement instanceof HTMLInputElement;
    if (currentItem.current && !typing) scrollIntoViewGently(currentItem.current);
  }, [current]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown' || event.key === 'j') { event.preventDefault(); onStep(Math.min(current + 1, last)); }
    if (event.key === 'ArrowLeft' || event.key === 'ArrowUp' || event.key === 'k') { event.preventDefault(); onStep(Math.max(current - 1, 0)); }
    if (event.key === 'End') { event.preventDefault(); onStep(last); }
    if (event.key === 'Home') { event.preventDefault(); onStep(0); }
  };

  return (
    <section className="panel stepper" aria-labelledby="stepper-title" onKeyDown={onKeyDown}>
      <div className="panel__head">
        <h2 id="stepper-title">{t('handshake.stepper.title', { title, step: current + 1, count: steps.length })}</h2>
        <div className="stepper__controls">
          <button type="button" onClick={() => onStep(0)} disabled={current === 0}>{t('handshake.stepper.start')}</button>
          <button type="button" onClick={() => onStep(current - 1)} disabled={current === 0}>{t('handshake.stepper.back')}</button>
          <button type="button" className="primary" data-testid="handshake-next" onClick={() => onStep(current + 1)} disabled={current === last} aria-keyshortcuts="ArrowRight">
            {t('handshake.stepper.next')}
          </button>
          <button type="button" onClick={() => onStep(last)} disabled={current === last}>{t('handshake.stepper.all')}</button>
        </div>
      </div>
      <ol className="stepper__list">
        {steps.slice(0, current + 1).map((s, i) => (
          <li
            key={i}
            ref={i === current ? currentItem : undefined}
            className={`step${i === current ? ' step--current' : ''}`}
            data-testid="handshake-step"
            aria-current={i === current ? 'step' : undefined}
          >
            <button type="button" className="step__number" onClick={() => onStep(i)} aria-label={t('handshake.stepper.goTo', { step: i + 1 })}>{i + 1}</button>
            <div className="step__body">{renderStep(s)}</div>
          </li>
        ))}
      </ol>
      {current < last ? (
        // Under the step just revealed, which the page has scrolled to: a mouse
        // need not travel back up to the controls at the top for the next one.
        <div className="stepper__below">
          <button type="button" className="primary" data-testid="handshake-next-below" onClick={() => onStep(current + 1)}>
            {t('handshake.stepper.next')}
          </button>
          <p className="muted">{t('handshake.stepper.more', { count: last - current })}</p>
        </div>
      ) : null}
    </section>
  );
}

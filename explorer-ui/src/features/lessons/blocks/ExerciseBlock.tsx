// ```exercise: the class predicts one fact of a frame from its bytes before
// the frame is taken apart. The prediction is judged against the engine's
// own reading of the bytes (frameFact, the same function lessons.test.ts
// holds the lesson's stated answer to), never against the lesson's text;
// then the reveal shows the frame's anatomy.

import { useTranslation } from 'react-i18next';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { formatHex } from '../../../../../engine/hex';
import { scrollIntoViewGently } from '../../../widgets/scroll-into-view';
import { decodeLessonHex, frameFact, sameAnswer } from '../check-lesson-block';
import type { LessonBlock } from '../lesson-blocks';
import { BlockProblem } from './BlockProblem';
import { LessonFrame } from './LessonFrame';

function useText() {
  const { t } = useTranslation();
  return {
    label: t('lessons.blocks.predict'),
    bytesFrom: { client: t('lessons.blocks.bytesFrom.client'), server: t('lessons.blocks.bytesFrom.server'), unknown: t('lessons.blocks.bytesFrom.unknown') },
    answerLabel: t('lessons.blocks.answerLabel'),
    check: t('lessons.blocks.check'),
    right: (fact: string, value: string) => t('lessons.blocks.right', { fact, value }),
    wrong: (answer: string) => t('lessons.blocks.wrong', { answer }),
    tryAgain: t('lessons.blocks.tryAgain'),
    reveal: t('lessons.blocks.reveal'),
    revealed: (fact: string, value: string) => t('lessons.blocks.revealed', { fact, value }),
  };
}

type Verdict = { answer: string; right: boolean } | null;

export function ExerciseBlock({ block }: { block: Extract<LessonBlock, { type: 'exercise' }> }) {
  const TEXT = useText();
  const decoded = useMemo(() => decodeLessonHex(block.hex, block), [block]);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const [revealed, setRevealed] = useState(false);
  const [typed, setTyped] = useState('');
  const verdictRef = useRef<HTMLParagraphElement | null>(null);
  const revealRef = useRef<HTMLDivElement | null>(null);

  // What was answered, and then the reveal, is what changed on screen: bring it into view.
  useEffect(() => {
    if (verdict) verdictRef.current?.focus({ preventScroll: true });
    if (revealed && revealRef.current) scrollIntoViewGently(revealRef.current);
    else if (verdict && verdictRef.current) scrollIntoViewGently(verdictRef.current);
  }, [verdict, revealed]);

  if (typeof decoded === 'string') return <BlockProblem type="exercise" message={decoded} />;
  const engineAnswer = frameFact(decoded, block.ask);

  const answer = (given: string) => {
    const right = sameAnswer(given, engineAnswer);
    setVerdict({ answer: given.trim(), right });
    setRevealed(right);
  };
  const again = () => {
    setVerdict(null);
    setRevealed(false);
    setTyped('');
  };
  const submitTyped = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim()) answer(typed);
  };

  return (
    <figure className="lesson-block lesson-block--exercise" data-testid="lesson-exercise">
      <figcaption className="exercise__question">
        <span className="exercise__label">{TEXT.label}</span> {block.question}
      </figcaption>
      <p className="exercise__bytes">
        <code className="exercise__hex">{formatHex(decoded.bytes)}</code>{' '}
        <span className="muted">{TEXT.bytesFrom[block.from ?? 'unknown']}</span>
      </p>
      {block.choices.length > 0 ? (
        <div className="exercise__choices" role="group" aria-label={TEXT.answerLabel}>
          {block.choices.map((choice) => (
            <button
              key={choice}
              type="button"
              className="exercise__choice mono"
              aria-pressed={verdict?.answer === choice}
              disabled={verdict !== null}
              onClick={() => answer(choice)}
            >
              {choice}
            </button>
          ))}
        </div>
      ) : (
        <form className="exercise__typed" onSubmit={submitTyped}>
          <label>
            <span className="visually-hidden">{TEXT.answerLabel}</span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} disabled={verdict !== null} className="mono" autoComplete="off" />
          </label>
          <button type="submit" disabled={verdict !== null || !typed.trim()}>{TEXT.check}</button>
        </form>
      )}
      {verdict ? (
        <div className={`exercise__verdict exercise__verdict--${verdict.right ? 'right' : 'wrong'}`}>
          <p ref={verdictRef} tabIndex={-1} role="status" data-testid="exercise-verdict" data-verdict={verdict.right ? 'right' : 'wrong'}>
            <span aria-hidden="true">{verdict.right ? '✓ ' : '✗ '}</span>
            {verdict.right ? TEXT.right(block.ask, engineAnswer) : TEXT.wrong(verdict.answer)}
          </p>
          <p className="lesson-block__actions">
            <button type="button" onClick={again}>{TEXT.tryAgain}</button>
            {!revealed ? <button type="button" className="primary" onClick={() => setRevealed(true)}>{TEXT.reveal}</button> : null}
          </p>
        </div>
      ) : null}
      {revealed ? (
        <div className="exercise__reveal" ref={revealRef} data-testid="exercise-reveal">
          <p><strong>{TEXT.revealed(block.ask, engineAnswer)}</strong></p>
          <LessonFrame decoded={decoded} reading={block} />
        </div>
      ) : null}
    </figure>
  );
}

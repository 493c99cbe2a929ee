// Every rule a frame breaks, pinned to its byte and bit, with the close code
// a conforming endpoint answers it with (RFC 6455 7.4.1), and the notes:
// what the RFC frowns on that no receiver fails the connection for.

import { Trans, useTranslation } from 'react-i18next';
import { closeCodeInfo } from '../../../engine/close';
import type { Note, Problem } from '../../../engine/problem';
import { useEngineWording } from '../i18n/engine-wording';
import { RfcRef } from './RfcRef';

export function ProblemList({ problems, notes = [] }: { problems: readonly Problem[]; notes?: readonly Note[] }) {
  const { t } = useTranslation();
  const wording = useEngineWording();
  if (problems.length === 0 && notes.length === 0) return null;
  return (
    <ul className="problems" aria-label={t('problems.label')}>
      {problems.map((problem, i) => (
        <li key={`p${i}`} className="problem" data-testid="problem">
          <Where at={problem} />
          <span className="problem__message">{wording.problem(problem)}</span>
          <span className="problem__answer">
            <Trans
              i18nKey="problems.fails"
              values={{ name: wording.closeCodeName(problem.closeCode, closeCodeInfo(problem.closeCode).name) }}
              components={{ code: <strong data-testid="problem-close-code">{problem.closeCode}</strong> }}
            />
            {' '}<RfcRef section={problem.rfc} />
          </span>
        </li>
      ))}
      {notes.map((note, i) => (
        <li key={`n${i}`} className="problem problem--note" data-testid="note">
          <Where at={note} />
          <span className="problem__message">{wording.problem(note)}</span>
          <span className="problem__answer">{t('problems.note')} <RfcRef section={note.rfc} /></span>
        </li>
      ))}
    </ul>
  );
}

/** The byte, and the bit within it (0 is the most significant), as the CLI prints it too. */
function Where({ at }: { at: Problem | Note }) {
  const { t } = useTranslation();
  return <span className="problem__where">{t('problems.where', { byte: at.byteOffset, bit: at.bitOffset % 8 })}</span>;
}

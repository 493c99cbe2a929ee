// Every rule a frame breaks, pinned to its byte and bit, with the close code
// a conforming endpoint answers it with (RFC 6455 7.4.1), and the notes:
// what the RFC frowns on that no receiver fails the connection for.

import { closeCodeInfo } from '../../../engine/close';
import type { Note, Problem } from '../../../engine/problem';
import { RfcRef } from './RfcRef';

export function ProblemList({ problems, notes = [] }: { problems: readonly Problem[]; notes?: readonly Note[] }) {
  if (problems.length === 0 && notes.length === 0) return null;
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((problem, i) => (
        <li key={`p${i}`} className="problem" data-testid="problem">
          <Where at={problem} />
          <span className="problem__message">{problem.message}</span>
          <span className="problem__answer">
            A receiver fails the connection: close <strong data-testid="problem-close-code">{problem.closeCode}</strong> {closeCodeInfo(problem.closeCode).name}.
            {' '}<RfcRef section={problem.rfc} />
          </span>
        </li>
      ))}
      {notes.map((note, i) => (
        <li key={`n${i}`} className="problem problem--note" data-testid="note">
          <Where at={note} />
          <span className="problem__message">{note.message}</span>
          <span className="problem__answer">A note, not a violation a receiver must act on. <RfcRef section={note.rfc} /></span>
        </li>
      ))}
    </ul>
  );
}

/** The byte, and the bit within it (0 is the most significant), as the CLI prints it too. */
function Where({ at }: { at: Problem | Note }) {
  return <span className="problem__where">byte {at.byteOffset}, bit {at.bitOffset % 8}</span>;
}

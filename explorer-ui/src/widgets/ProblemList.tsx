// Every rule a frame breaks, pinned to its byte and bit, with the close code
// a conforming endpoint answers it with (RFC 6455 7.4.1).

import { closeCodeInfo } from '../../../engine/close';
import type { Problem } from '../../../engine/problem';
import { RfcRef } from './RfcRef';

export function ProblemList({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((problem, i) => (
        <li key={i} className={problem.closeCode === null ? 'problem problem--note' : 'problem'} data-testid="problem">
          <span className="problem__where">byte {problem.byteOffset}, bit {problem.bitOffset % 8}</span>
          <span className="problem__message">{problem.message}</span>
          <span className="problem__answer">
            {problem.closeCode === null
              ? 'A note, not a violation a receiver must act on.'
              : <>A receiver fails the connection: close <strong data-testid="problem-close-code">{problem.closeCode}</strong> {closeCodeInfo(problem.closeCode).name}.</>}
            {' '}<RfcRef section={problem.rfc} />
          </span>
        </li>
      ))}
    </ul>
  );
}

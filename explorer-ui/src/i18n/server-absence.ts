// Why a view found no explorer server behind the page, as data: the Live
// view, the frame lab and the conformance lab each ask an /api endpoint
// first, and say in the reader's language what they got instead.

import type { TFunction } from 'i18next';

/** What the page hoped an /api endpoint would answer with. */
export type ExpectedAnswer = 'endpoints' | 'lab-targets' | 'lab-report' | 'conformance-cases';

export type ServerAbsence =
  /** The request failed outright: nothing listens, or the page is served by something else. */
  | { kind: 'silent' }
  /** Something answered, but not with what the explorer's server sends. */
  | { kind: 'unexpected'; path: string; status: number; expected: ExpectedAnswer };

export function serverAbsenceWords(t: TFunction, absence: ServerAbsence): string {
  if (absence.kind === 'silent') return t('serverProbe.silent');
  return t('serverProbe.unexpected', { path: absence.path, status: absence.status, expected: t(`serverProbe.expected.${absence.expected}`) });
}

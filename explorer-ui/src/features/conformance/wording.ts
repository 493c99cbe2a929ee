// The words the Conformance view gives a report's own ids: a category by
// its number, an outcome by its name. The report titles categories in
// English (server/conformance/categories.ts, as the Autobahn testsuite
// titles them); the view names them in the interface's language, from the
// catalog's `conformance.categories`, keyed by the same numbers.

import type { TFunction } from 'i18next';
import type { CaseOutcome } from '../../../../server/conformance/report';
import { conformanceEn } from '../../i18n/views/conformance-en';

/** The categories the catalog names. */
export const NAMED_CATEGORIES: readonly string[] = Object.keys(conformanceEn.categories);

/** A category's title in the interface's language ("Category 8" for one the catalog does not know). */
export function categoryName(t: TFunction, category: string): string {
  return NAMED_CATEGORIES.includes(category) ? t(`conformance.categories.${category}`) : t('conformance.categoryUnknown', { category });
}

export function outcomeWord(t: TFunction, outcome: CaseOutcome): string {
  return t(`conformance.outcomes.${outcome}`);
}

/** What an outcome means: "what the RFC asks", "a MUST broken"… */
export function outcomeMeaning(t: TFunction, outcome: CaseOutcome): string {
  return t(`conformance.meanings.${outcome}`);
}

// --cases: which cases run, as globs on their ids, the way the Autobahn
// testsuite's "cases" setting picks them ("1.*", "6.4.*", "7.7.1"). A "*"
// matches any run of characters, dots included, so "1.*" is all of
// category 1 and "9.*.1" the first case of each subcategory of 9.

export function parseCasePatterns(text: string): string[] {
  return text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The ids that match any pattern, in their given order, or a message naming
 * the patterns that match nothing (a typo should not run an empty suite).
 */
export function selectCaseIds(ids: readonly string[], patterns: readonly string[] | null): { ids: string[] } | { error: string } {
  if (!patterns || patterns.length === 0) return { ids: [...ids] };
  const expressions = patterns.map((p) => ({ pattern: p, regexp: globToRegExp(p) }));
  const unmatched = expressions.filter((e) => !ids.some((id) => e.regexp.test(id))).map((e) => e.pattern);
  if (unmatched.length) return { error: `no case matches ${unmatched.map((p) => `"${p}"`).join(', ')} (ids look like 1.1.1; use * as a wildcard: 1.*,6.4.*)` };
  return { ids: ids.filter((id) => expressions.some((e) => e.regexp.test(id))) };
}

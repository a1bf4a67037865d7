import { DEFAULT_FUZZY, foldText, tokensAlike, type FuzzyOptions } from './text-match.js';

/**
 * Employer names compared as guideline section 4.9 allows: legal suffixes (Inc., LLC, Corp.), "&" and "and", case
 * and punctuation ignored; an abbreviated name ("Cobalt Ridge" for "Cobalt Ridge Logistics Inc.") or an acronym
 * ("IBM") matches the full name. A parent/subsidiary relationship cannot be seen from names and is not accepted.
 */

const LEGAL = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'plc', 'pc',
  'pllc', 'pa', 'gmbh', 'the', 'and', 'of', 'dba',
]);
/** Words that say what kind of business it is, not which: an abbreviation made only of these matches nothing. */
const GENERIC = new Set([
  'group', 'services', 'service', 'solutions', 'holdings', 'international', 'national', 'american', 'us', 'usa',
  'medical', 'center', 'health', 'bank', 'industries', 'enterprises', 'partners', 'associates', 'systems',
  'technologies', 'technology', 'global', 'management', 'consulting', 'school', 'schools', 'university', 'hospital',
]);

export function employerTokens(text: string): string[] {
  return foldText(text)
    .replace(/&/g, ' and ')
    .replace(/['\u2019.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t && !LEGAL.has(t));
}

function contained(short: readonly string[], long: readonly string[], options: FuzzyOptions): boolean {
  let from = 0;
  for (const t of short) {
    const i = long.findIndex((u, k) => k >= from && tokensAlike(t, u, options));
    if (i < 0) return false;
    from = i + 1;
  }
  return true;
}

/** True when the two names can be the same employer; undefined when either has no words left to compare. */
export function employersMatch(a: string, b: string, options: FuzzyOptions = DEFAULT_FUZZY): boolean | undefined {
  const x = employerTokens(a);
  const y = employerTokens(b);
  if (!x.length || !y.length) return undefined;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length === 1 && short[0]!.length >= 2 && short[0] === long.map((t) => t[0]).join('') && long.length >= 2) return true;
  if (!short.some((t) => !GENERIC.has(t))) return short.length === long.length && contained(short, long, options);
  return contained(short, long, options);
}

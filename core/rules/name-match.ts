import { OCR_DIGIT_LETTERS } from '../ocr-confusions.js';
import { DEFAULT_FUZZY, foldText, tokensAlike, type FuzzyOptions } from './text-match.js';

/**
 * Person names compared the way guideline section 2.2 allows: case, punctuation and accents ignored, a middle name
 * shown as an initial or left out, a generational suffix present on one document only, and the "LAST, FIRST M" order
 * of identification cards. A different first or last name is a mismatch (an OCR slip of one letter in a long name
 * is tolerated, see FuzzyOptions).
 */

export interface NameReading {
  first: string;
  middles: string[];
  /** Multi-part and hyphenated last names are joined: "Okonkwo-Reyes" -> "okonkworeyes". */
  last: string;
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', '2nd', '3rd', 'esq']);
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr']);
/** Digits OCR reads for letters (core/ocr-confusions.ts); names hold no digits, so each is read back. */
const DIGITS_IN_NAMES = new RegExp(`[${Object.keys(OCR_DIGIT_LETTERS).join('')}]`, 'g');

function tokens(part: string): string[] {
  const out = part
    .replace(DIGITS_IN_NAMES, (d) => OCR_DIGIT_LETTERS[d]!)
    .replace(/['\u2019.]/g, '')
    .replace(/\s*-\s*/g, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
  while (out.length && TITLES.has(out[0]!)) out.shift();
  while (out.length > 1 && SUFFIXES.has(out[out.length - 1]!)) out.pop();
  return out;
}

/** The ways a printed name can be read; empty when it is not a name (one word, nothing at all). */
export function nameReadings(text: string): NameReading[] {
  const folded = foldText(text);
  const parts = folded.split(',').map(tokens).filter((p) => p.length > 0 && !(p.length === 1 && SUFFIXES.has(p[0]!)));
  if (parts.length >= 2) {
    // "LAST, FIRST M" (a trailing ", Jr." was dropped above).
    const [before, after] = [parts[0]!, parts[1]!];
    return [{ first: after[0]!, middles: after.slice(1), last: before.join('') }];
  }
  const t = parts[0] ?? [];
  if (t.length < 2) return [];
  const readings: NameReading[] = [{ first: t[0]!, middles: t.slice(1, -1), last: t[t.length - 1]! }];
  // "Mary Van Buren": a last name of several words.
  if (t.length >= 3 && t.slice(1, -1).every((m) => m.length > 1)) readings.push({ first: t[0]!, middles: [], last: t.slice(1).join('') });
  // "QUINLAN AVERY J": an ID's "LAST, FIRST" whose comma OCR lost.
  readings.push({ first: t[1]!, middles: t.slice(2), last: t[0]! });
  return readings;
}

function middlesCompatible(a: readonly string[], b: readonly string[], options: FuzzyOptions): boolean {
  const [x, y] = [a[0], b[0]];
  if (x === undefined || y === undefined) return true;
  if (x.length === 1 || y.length === 1) return x[0] === y[0];
  return tokensAlike(x, y, options);
}

export function readingsMatch(a: NameReading, b: NameReading, options: FuzzyOptions = DEFAULT_FUZZY): boolean {
  return tokensAlike(a.first, b.first, options) && tokensAlike(a.last, b.last, options) && middlesCompatible(a.middles, b.middles, options);
}

/** True when the two printed names can be the same person under section 2.2; false also when either is no name. */
export function namesMatch(a: string, b: string, options: FuzzyOptions = DEFAULT_FUZZY): boolean {
  const ra = nameReadings(a);
  const rb = nameReadings(b);
  return ra.some((x) => rb.some((y) => readingsMatch(x, y, options)));
}

/** The holders of a joint account: "Avery Quinlan and Rowan Quinlan", "A & B", "A / B", "A or B". */
export function splitHolders(text: string): string[] {
  return text
    .split(/\s+(?:and|or)\s+|\s*[&/;]\s*|\s+\+\s+/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

import { OCR_DIGIT_CONFUSIONS, OCR_LETTER_GROUPS, OCR_THIN_STROKES } from '../ocr-confusions.js';
/** Building blocks for comparing names, addresses and employers as people read them, not byte for byte. */

export interface FuzzyOptions {
  /** Edits (insert, delete, substitute) tolerated between two tokens, for OCR slips ("Quinlan" / "Ouinlan"). */
  maxEdits: number;
  /** Tokens shorter than this must match exactly: "Ann" and "Amy" are different names. */
  minLengthForEdits: number;
  /** Edits tolerated between tokens of LONG_TOKEN letters or more, when more than `maxEdits` (OCR'd text). */
  longTokenEdits?: number;
  /** One side was read by OCR: letters OCR reads for one another (OCR_GLYPHS) compare alike. */
  ocrGlyphs?: boolean;
}

/** Tokens this long may take `longTokenEdits`. */
export const LONG_TOKEN = 7;

export const DEFAULT_FUZZY: FuzzyOptions = { maxEdits: 1, minLengthForEdits: 5 };

/** Lower case, accents removed ("José" -> "jose"). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** A token with OCR's letter-group confusions folded to one spelling (core/ocr-confusions.ts). */
export function foldOcrConfusions(token: string): string {
  return OCR_LETTER_GROUPS.reduce((t, [from, to]) => t.replace(from, to), token);
}

/**
 * OCR_THIN_STROKES folded to one spelling too, only when a side was OCR'd (FuzzyOptions.ocrGlyphs); digits in words are
 * the extractor's (lettersForDigits), and tokens with digits never compare alike.
 */
function foldOcrGlyphs(token: string): string {
  return OCR_THIN_STROKES.reduce((t, [from, to]) => t.replace(from, to), foldOcrConfusions(token));
}

/** Same token, or close enough when both are long enough for an OCR slip to be the likelier explanation. */
export function tokensAlike(a: string, b: string, options: FuzzyOptions = DEFAULT_FUZZY): boolean {
  if (a === b) return true;
  if (options.maxEdits <= 0 || a.length < options.minLengthForEdits || b.length < options.minLengthForEdits) return false;
  if (/\d/.test(a) || /\d/.test(b)) return false;
  const max = Math.min(a.length, b.length) >= LONG_TOKEN ? Math.max(options.maxEdits, options.longTokenEdits ?? 0) : options.maxEdits;
  if (editDistance(a, b, max) <= max) return true;
  if (editDistance(foldOcrConfusions(a), foldOcrConfusions(b), max) <= max) return true;
  return options.ocrGlyphs === true && editDistance(foldOcrGlyphs(a), foldOcrGlyphs(b), max) <= max;
}

/**
 * Two digit strings of the same length that differ in exactly one place: what OCR makes of one number ("3606" for
 * "3006", "19998" for "19990"). Rules treat such a pair as unreadable, not as two different numbers, when either
 * value was read by OCR.
 */
export function oneDigitSlip(a: string, b: string): boolean {
  if (a.length !== b.length || a === b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  return differing === 1;
}

const CONFUSED = new Set(OCR_DIGIT_CONFUSIONS.flatMap(([x, y]) => [`${x}${y}`, `${y}${x}`]));

/** Most digits of one number OCR may misread before two numbers are taken for two. */
export const MAX_OCR_DIGIT_SLIPS = 2;

/**
 * Two digit strings of the same length that OCR can make of one number: one digit off (`oneDigitSlip`), or up to
 * MAX_OCR_DIGIT_SLIPS digits off where each pair is one OCR confuses (core/ocr-confusions.ts: "738-39-7548" for
 * "938-34-7548"). Rules take such a pair, where either value was read by OCR, for one number misread.
 */
export function ocrDigitSlips(a: string, b: string): boolean {
  if (oneDigitSlip(a, b)) return true;
  if (a.length !== b.length || a === b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  const differing = [...a].flatMap((c, i) => (c === b[i] ? [] : [`${c}${b[i]}`]));
  return differing.length <= MAX_OCR_DIGIT_SLIPS && differing.every((pair) => CONFUSED.has(pair));
}

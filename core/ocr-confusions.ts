/**
 * What OCR reads for what: one table for the extractor (reading values back) and the rules (comparing what was read),
 * so a confusion learned on real scans is added once. Pure data.
 */

/**
 * Letter groups OCR reads for one another ("rn" for "m", "cl" for "d", "vv" for "w", "ii" for "u"): folded to one
 * spelling before counting edits, so the usual merge or split of two glyphs costs one edit at most, not two.
 */
export const OCR_LETTER_GROUPS: readonly [RegExp, string][] = [
  [/rn/g, 'm'],
  [/cl/g, 'd'],
  [/vv/g, 'w'],
  [/ii/g, 'u'],
];

/** Single glyphs of scanned print OCR reads for one another: the thin strokes i, l, t and | ("loblas" for "Tobias"). */
export const OCR_THIN_STROKES: readonly [RegExp, string][] = [[/[ilt|]/g, 'l']];

/**
 * Digits OCR reads for letters inside words, and the letter each stands for (lower case). Names hold no digits, so the
 * name rules read all four back; the extractor reads back only 0 and 1 (`EXTRACTION_DIGIT_LETTERS`), the two it never
 * mistakes in a figure.
 */
export const OCR_DIGIT_LETTERS: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', '5': 's', '8': 'b' };

/**
 * Digits OCR reads for one another in print and handwriting: strokes closed or left open (0/8, 3/8, 6/8, 5/6, 0/6),
 * a loop or a tail lost or added (4/9, 7/9, 0/9, 1/7, 2/7). Seen on the scanned sets' handwritten applications
 * ("738-39-7548" for 938-34-7548, "1928" for 1978, "7926" for 9426) and licences.
 */
export const OCR_DIGIT_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['0', '8'],
  ['3', '8'],
  ['6', '8'],
  ['5', '6'],
  ['0', '6'],
  ['4', '9'],
  ['7', '9'],
  ['0', '9'],
  ['1', '7'],
  ['2', '7'],
];
export const EXTRACTION_DIGIT_LETTERS: readonly string[] = ['0', '1'];

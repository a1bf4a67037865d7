import { unionBBox, type BBox, type Line, type PageText, type Word } from '../core/page.js';
import { isLabelRow, isSpeck } from './extract-fields.js';

/** A line of the other read's new words counts only this sure on average: often it is a rule or a smudge read as text. */
const MIN_ADDED_CONFIDENCE = 0.5;
/** Two words are the same print when their overlap is this share of the smaller box. */
const SAME_PRINT = 0.3;

/**
 * Whether a page's read holds so few numbers that print in another size or face may have been dropped: tesseract's
 * one-block layout (psm 6) reads a W-2's printed labels and leaves out some or all of the values typed in its boxes in
 * a monospace face, with no loss of confidence to show for it. A form page has amounts, dates and numbers; a read with
 * fewer than FEW_NUMBERS words of three digits or more is worth a second read in the automatic layout (psm 3). On the
 * scanned eval set a whole W-2 read has 6 to 14 such words, pay stubs 22 or more, bank statements 47 or more; an
 * application's signature page has 1 and is read twice.
 */
export const FEW_NUMBERS = 6;
export function holdsFewNumbers(page: PageText): boolean {
  let numbers = 0;
  for (const line of page.lines) for (const w of line.words) if ((w.text.match(/\d/g)?.length ?? 0) >= 3 && ++numbers >= FEW_NUMBERS) return false;
  return true;
}

/**
 * Whether a page's read has two rows of labels one after the other: the values between them, in boxes and in another
 * face than the labels (a bank statement's account box, a W-2's grid), were left out by the one-block layout.
 */
export function holdsBareLabelRows(page: PageText): boolean {
  const rows = page.lines.map(isLabelRow);
  return rows.some((bare, i) => bare && rows[i + 1] === true);
}

/**
 * One page read twice, in two layouts: `base`'s lines as they are (the line structure the extractors were written
 * for), plus each line of `other` made of the words `base` does not have (none of their boxes overlaps a word of
 * `base`; specks left out), when their mean confidence is MIN_ADDED_CONFIDENCE or more, placed by its top among
 * `base`'s lines. Boxes of
 * both reads are normalized to the same page image.
 */
export function mergeReads(base: PageText, other: PageText): PageText {
  const baseWords = base.lines.flatMap((l) => l.words);
  const added: Line[] = [];
  for (const line of other.lines) {
    const words = line.words.filter((w) => /[A-Za-z0-9]/.test(w.text) && !isSpeck(w) && !baseWords.some((b) => samePrint(b.bbox, w.bbox)));
    // Judged as a line, so an unsure word beside sure ones stays with them ("Beatrix" 0.96, "Zielinski" 0.11).
    if (!words.length || mean(words) < MIN_ADDED_CONFIDENCE) continue;
    added.push({ text: words.map((w) => w.text).join(' '), words, bbox: words.map((w) => w.bbox).reduce(unionBBox), confidence: mean(words) });
  }
  if (!added.length) return base;
  // Each added line goes before the first line of `base` that starts lower; `base`'s own order is kept.
  const lines = [...base.lines];
  for (const line of added.sort((a, b) => a.bbox.y - b.bbox.y)) {
    const at = lines.findIndex((l) => l.bbox.y > line.bbox.y);
    lines.splice(at < 0 ? lines.length : at, 0, line);
  }
  const all = lines.flatMap((l) => l.words);
  return { ...base, lines, text: lines.map((l) => l.text).join('\n'), confidence: all.length ? mean(all) : base.confidence };
}

/** Two boxes are one print: their overlap is at least SAME_PRINT of the smaller (reads of one page, or of a page twice). */
export function samePrint(a: BBox, b: BBox): boolean {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return false;
  return w * h >= SAME_PRINT * Math.min(a.w * a.h, b.w * b.h);
}

const mean = (words: Word[]) => words.reduce((s, w) => s + w.confidence, 0) / words.length;

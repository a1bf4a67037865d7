import type { BBox, PageText, Word } from '../core/page.js';
import { samePrint } from './merge-reads.js';

/**
 * A PDF's text layer held against what its page shows: the figures (words of three digits or more) the text layer
 * gives and OCR of the rendered page does not. Used on pages whose content draws text invisibly, where the text layer
 * and the picture can say different things (a scanner's searchable PDF says the same twice; a forgery does not).
 * Pure: the two reads in, the figures that disagree out.
 */

/** A figure of the text layer the page does not show. */
export interface Contradiction {
  /** The text layer's word. */
  layer: string;
  /** What OCR read in its place; undefined when nothing is printed there. */
  shown?: string;
  /** Where, normalized to the page like every box. */
  bbox: BBox;
}

/** OCR words read at least this sure are taken as what the page shows when they differ from the text layer. */
export const SURE_SHOWN = 0.85;
/** Nothing read where a figure should be counts only on a page OCR read at least this clearly. */
export const CLEAR_PAGE = 0.8;

const digitsOf = (text: string) => text.replace(/\D/g, '');
const isFigure = (w: Word) => digitsOf(w.text).length >= 3;

/**
 * The text layer's figures that OCR of the same page contradicts: a different figure read surely in the same place,
 * or, on a page read clearly, nothing at all where the figure stands. A figure OCR reads the same (its digits, one
 * word or several) agrees; an unsure read says nothing either way.
 */
export function contradictions(layer: PageText, shown: PageText): Contradiction[] {
  const ocrWords = shown.lines.flatMap((l) => l.words).filter((w) => /[A-Za-z0-9]/.test(w.text));
  const found: Contradiction[] = [];
  for (const word of layer.lines.flatMap((l) => l.words).filter(isFigure)) {
    const there = ocrWords.filter((w) => samePrint(word.bbox, w.bbox)).sort((a, b) => a.bbox.x - b.bbox.x);
    const want = digitsOf(word.text);
    if (there.some((w) => digitsOf(w.text) === want) || digitsOf(there.map((w) => w.text).join('')) === want) continue;
    const figures = there.filter((w) => digitsOf(w.text).length > 0);
    if (figures.length) {
      if (figures.every((w) => w.confidence >= SURE_SHOWN)) found.push({ layer: word.text, shown: figures.map((w) => w.text).join(' '), bbox: word.bbox });
    } else if (!there.length && shown.confidence >= CLEAR_PAGE) found.push({ layer: word.text, bbox: word.bbox });
  }
  return found;
}

/**
 * Text with geometry: what every page of every document yields, from the PDF text layer or from OCR.
 * Bounding boxes are normalized to the page (0..1, origin top-left) so the review app can draw them
 * on a rendering of any resolution.
 */

export interface BBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type TextSource = 'text-layer' | 'ocr';

export interface Word {
  text: string;
  bbox: BBox;
  /** 0..1; 1 for text-layer words. */
  confidence: number;
}

export interface Line {
  text: string;
  bbox: BBox;
  confidence: number;
  words: Word[];
}

export interface PageText {
  /** 1-based, within its document. */
  pageNumber: number;
  source: TextSource;
  /** Page size in PDF points (1/72 inch) for PDFs, in pixels for images. */
  width: number;
  height: number;
  /** Lines joined with '\n', in reading order. */
  text: string;
  lines: Line[];
  /** Mean word confidence, 0..1 (1 for the text layer). */
  confidence: number;
}

/** Union of two boxes (both normalized). */
export function unionBBox(a: BBox, b: BBox): BBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** Words overlapping characters [from, to) of the words joined with single spaces (how labels are matched). */
export function wordsInSpan(words: Word[], from: number, to: number): Word[] {
  const out: Word[] = [];
  let offset = 0;
  for (const w of words) {
    const start = offset;
    offset += w.text.length + 1;
    if (start < to && start + w.text.length > from) out.push(w);
  }
  return out;
}

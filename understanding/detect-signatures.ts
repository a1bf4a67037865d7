import type { SignatureSpec } from '../core/document-types.js';
import { wordsInSpan, type BBox, type PageText, type Word } from '../core/page.js';

export interface DetectedMark {
  name: string;
  kind: 'signature';
  present: boolean;
  page: number;
  /** The signing area that was examined. */
  bbox: BBox;
  confidence: number;
  method: string;
}

/** The signing area reaches this far above the label's line (signatures rise above the rule) and below it. */
const ABOVE = 0.03;
const BELOW = 0.012;
/** Without an end label, the area runs this far right of the label. */
const DEFAULT_WIDTH = 0.4;

/**
 * Is there a signature on the line? Looks for writing in the area right of the signature label, up to the label
 * that ends it ("Date Signed"): text-layer words where a PDF was signed digitally with a typed or script font,
 * OCR words where a scan was signed by hand (tesseract reads most handwriting as some word). A first version on
 * words; pixel ink in the area through native/ is the next step for faint pen strokes OCR drops.
 */
export function detectSignatures(specs: readonly SignatureSpec[], pages: PageText[]): DetectedMark[] {
  const marks: DetectedMark[] = [];
  for (const spec of specs) {
    for (const page of pages) {
      const line = page.lines.find((l) => spec.label.test(l.text));
      if (!line) continue;
      const labelWords = wordsMatching(line.words, spec.label);
      const labelEnd = labelWords.length ? Math.max(...labelWords.map((w) => w.bbox.x + w.bbox.w)) : line.bbox.x + line.bbox.w;
      const end = spec.until ? wordsMatching(line.words, spec.until)[0]?.bbox.x : undefined;
      const area: BBox = { x: labelEnd, y: line.bbox.y - ABOVE, w: (end ?? labelEnd + DEFAULT_WIDTH) - labelEnd, h: ABOVE + line.bbox.h + BELOW };
      const ink = page.lines
        .flatMap((l) => l.words)
        .filter((w) => !labelWords.includes(w) && inside(w.bbox, area) && w.text.replace(/[^A-Za-z]/g, '').length >= 2);
      const confidence = ink.length ? ink.reduce((s, w) => s + w.confidence, 0) / ink.length : page.confidence;
      marks.push({ name: spec.name, kind: 'signature', present: ink.length > 0, page: page.pageNumber, bbox: area, confidence: Number(confidence.toFixed(3)), method: `${page.source}-words` });
      break;
    }
  }
  return marks;
}

/** The words of a line covered by the first match of `pattern` over the words joined with spaces. */
function wordsMatching(words: Word[], pattern: RegExp): Word[] {
  const m = pattern.exec(words.map((w) => w.text).join(' '));
  return m ? wordsInSpan(words, m.index, m.index + m[0].length) : [];
}

function inside(b: BBox, area: BBox): boolean {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  return cx > area.x && cx < area.x + area.w && cy > area.y && cy < area.y + area.h;
}

import type { PageText } from '../page.js';

/** For unit tests: a letter page whose lines are the given texts, one under the other, as a text layer or OCR gives them. */
export function textPage(lines: string[], options: { pageNumber?: number; source?: PageText['source'] } = {}): PageText {
  const source = options.source ?? 'text-layer';
  const confidence = source === 'ocr' ? 0.9 : 1;
  return {
    pageNumber: options.pageNumber ?? 1,
    source,
    width: 612,
    height: 792,
    confidence,
    text: lines.join('\n'),
    lines: lines.map((text, i) => ({ text, bbox: { x: 0.1, y: 0.05 + i * 0.04, w: 0.5, h: 0.02 }, confidence, words: [] })),
  };
}

import type { Line, PageText, Word } from '../page.js';

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

/**
 * For unit tests: a page of lines of words at given positions (normalized, origin top-left), each word 0.01 wide per
 * character and 0.012 high, as the text layer or OCR would give them; `cells` on one row are one line.
 */
export function cellPage(rows: { y: number; cells: { x: number; text: string }[] }[], source: PageText['source'] = 'text-layer'): PageText {
  const lines: Line[] = rows.map(({ y, cells }) => {
    const words: Word[] = cells.flatMap(({ x, text }) => {
      let cx = x;
      return text.split(' ').map((t) => {
        const w = { text: t, bbox: { x: cx, y, w: t.length * 0.01, h: 0.012 }, confidence: source === 'ocr' ? 0.9 : 1 };
        cx += t.length * 0.01 + 0.006;
        return w;
      });
    });
    const first = words[0]!.bbox;
    const last = words.at(-1)!.bbox;
    return { text: words.map((w) => w.text).join(' '), words, confidence: 1, bbox: { x: first.x, y, w: last.x + last.w - first.x, h: 0.012 } };
  });
  return { pageNumber: 1, source, width: 612, height: 792, text: lines.map((l) => l.text).join('\n'), lines, confidence: 1 };
}

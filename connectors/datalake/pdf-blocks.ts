import type { Line, PageText } from '../../core/page.js';
import type { GuidelineBlock } from './chunk-guideline.js';

/**
 * A PDF's text layer (pages of lines with boxes, as inference/pdf.ts reads them) to guideline blocks. PDFs carry no
 * heading markup, so headings are found by type size: a short line set at least HEADING_SIZE_RATIO larger than the
 * body text is a heading; larger sizes rank higher, and within one size, section numbering ("4", "4.2", "O1.1")
 * nests. Running headers and footers (the same text, digits aside, near the top or bottom of most pages) and
 * "Page N of M" lines are dropped. Lines join into paragraphs until a vertical gap (a paragraph cut mid-sentence
 * by a page break goes on, keeping its first page); bullets and table rows (lines
 * with wide gaps between words, which become " | ") keep their own line. Headings set in body-size bold are not
 * detected: the text layer does not say which font is bold.
 */

export const HEADING_SIZE_RATIO = 1.12;
/** A gap above a line larger than this fraction of the previous line's height starts a new paragraph. */
const PARAGRAPH_GAP = 0.6;
/** Top and bottom bands of the page (fraction of its height) where running headers and footers live. */
const MARGIN_BAND = 0.1;
/** A horizontal gap between words wider than this many line heights separates table cells. */
const CELL_GAP = 2;

interface PlacedLine {
  page: number;
  text: string;
  /** Type size in points (box height). */
  size: number;
  top: number;
  bottom: number;
  tabular: boolean;
}

export function pdfBlocks(pages: PageText[]): GuidelineBlock[] {
  const lines = dropRunningLines(pages.flatMap((p) => p.lines.map((l) => place(l, p))), pages.length);
  if (!lines.length) return [];
  const body = bodySize(lines);
  const isHeading = (l: PlacedLine) => l.size >= body * HEADING_SIZE_RATIO && l.text.length <= 150 && /\p{L}/u.test(l.text) && !l.tabular;
  const headingSizes = [...new Set(lines.filter(isHeading).map((l) => roundSize(l.size)))].sort((a, b) => b - a);

  const blocks: GuidelineBlock[] = [];
  let prev: PlacedLine | undefined;
  for (const line of lines) {
    const last = blocks[blocks.length - 1];
    const gap = prev && prev.page === line.page ? (line.top - prev.bottom) / Math.max(prev.bottom - prev.top, 1e-6) : Infinity;
    if (isHeading(line)) {
      // A heading wrapped over two lines: same size, right below.
      if (last?.kind === 'heading' && prev && isHeading(prev) && roundSize(prev.size) === roundSize(line.size) && gap < PARAGRAPH_GAP) {
        last.text += ` ${line.text}`;
      } else {
        const rank = headingSizes.indexOf(roundSize(line.size)) + 1;
        blocks.push({ kind: 'heading', level: rank * 10 + numberingDepth(line.text), text: line.text, page: line.page });
      }
    } else if (last?.kind === 'text' && prev && !isHeading(prev) && (gap < PARAGRAPH_GAP || continuesOverPageBreak(prev, line))) {
      const ownLine = line.tabular || prev.tabular || /^[-•·*–]\s/.test(line.text);
      last.text += (ownLine ? '\n' : ' ') + line.text;
    } else {
      blocks.push({ kind: 'text', text: line.text, page: line.page });
    }
    prev = line;
  }
  return blocks;
}

/** A paragraph cut by a page break: the page's last line stops mid-sentence and the next page goes on with body text. */
function continuesOverPageBreak(prev: PlacedLine, line: PlacedLine): boolean {
  return line.page === prev.page + 1 && !/[.:;!?)]$/.test(prev.text) && !prev.tabular && !line.tabular && !/^[-•·*–]\s/.test(line.text);
}

function place(line: Line, page: PageText): PlacedLine {
  const height = line.bbox.h * page.height;
  let text = '';
  let tabular = false;
  line.words.forEach((w, i) => {
    const before = line.words[i - 1];
    if (before) {
      const gap = (w.bbox.x - (before.bbox.x + before.bbox.w)) * page.width;
      const wide = gap > CELL_GAP * height;
      tabular ||= wide;
      text += wide ? ' | ' : ' ';
    }
    text += w.text;
  });
  // A bullet drawn apart from its item is a list marker, not a table cell.
  if (/^[-•·*–] \| /.test(text)) {
    text = text.replace(/^([-•·*–]) \| /, '$1 ');
    tabular = text.includes(' | ');
  }
  return { page: page.pageNumber, text: text.trim(), size: height, top: line.bbox.y, bottom: line.bbox.y + line.bbox.h, tabular };
}

/** Drops page furniture: lines repeated (digits aside) in the margin bands of at least half the pages, and page numbers. */
function dropRunningLines(lines: PlacedLine[], pageCount: number): PlacedLine[] {
  const inBand = (l: PlacedLine) => l.top < MARGIN_BAND || l.bottom > 1 - MARGIN_BAND;
  const key = (l: PlacedLine) => l.text.replace(/\d+/g, '#').toLowerCase();
  const pagesOf = new Map<string, Set<number>>();
  for (const l of lines.filter(inBand)) {
    const set = pagesOf.get(key(l)) ?? new Set<number>();
    set.add(l.page);
    pagesOf.set(key(l), set);
  }
  const repeated = (l: PlacedLine) => pageCount >= 2 && (pagesOf.get(key(l))?.size ?? 0) >= Math.max(2, pageCount / 2);
  const pageNumber = (l: PlacedLine) => /^(page\s*)?#(\s*(of|\/)\s*#)?$/i.test(key(l).replace(/^- | -$/g, ''));
  return lines.filter((l) => !(inBand(l) && (repeated(l) || pageNumber(l))));
}

/** The type size carrying the most characters. */
function bodySize(lines: PlacedLine[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(roundSize(l.size), (chars.get(roundSize(l.size)) ?? 0) + l.text.length);
  return [...chars.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

const roundSize = (size: number): number => Math.round(size * 2) / 2;

/** "4" -> 1, "4.2" -> 2, "O1.1" -> 2; unnumbered -> 0. */
function numberingDepth(text: string): number {
  const m = /^(?:[A-Z]?\d+)((?:\.\d+)*)\.?\s+\S/.exec(text);
  return m ? 1 + (m[1]!.match(/\./g)?.length ?? 0) : 0;
}

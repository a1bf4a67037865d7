import { describe, expect, it } from 'vitest';
import type { Line, PageText } from '../core/page.js';
import { FEW_NUMBERS, holdsBareLabelRows, holdsFewNumbers, mergeReads } from './merge-reads.js';

/** A read of one page: lines of [text, x, y, confidence] words. */
function read(lines: [string, number, number, number][][]): PageText {
  const out: Line[] = lines.map((words) => {
    const ws = words.map(([text, x, y, confidence]) => ({ text, bbox: { x, y, w: 0.08, h: 0.012 }, confidence }));
    return { text: ws.map((w) => w.text).join(' '), words: ws, bbox: { x: ws[0]!.bbox.x, y: ws[0]!.bbox.y, w: 0.3, h: 0.012 }, confidence: 0.9 };
  });
  return { pageNumber: 1, source: 'ocr', width: 1700, height: 2200, text: out.map((l) => l.text).join('\n'), lines: out, confidence: 0.9 };
}

describe('holdsFewNumbers', () => {
  it('is true for a read with fewer than FEW_NUMBERS words of three digits or more', () => {
    const numbers = (n: number): [string, number, number, number][] => Array.from({ length: n }, (_, i) => [`$4${i},639.00`, 0.1 * i, 0.2, 0.9]);
    expect(holdsFewNumbers(read([[['Form', 0.1, 0.1, 0.9], ['W-2', 0.2, 0.1, 0.9], ['25', 0.8, 0.1, 0.9]], numbers(FEW_NUMBERS - 1)]))).toBe(true);
    expect(holdsFewNumbers(read([numbers(FEW_NUMBERS)]))).toBe(false);
  });
});

describe('holdsBareLabelRows', () => {
  it('is true when a row of labels follows a row of labels, with no values read between them', () => {
    const labels = read([
      [['Account', 0.1, 0.2, 0.9], ['Holder', 0.18, 0.2, 0.9], ['Mailing', 0.5, 0.2, 0.9], ['Address', 0.58, 0.2, 0.9]],
      [['Account', 0.1, 0.25, 0.9], ['Number', 0.18, 0.25, 0.9], ['Statement', 0.5, 0.25, 0.9], ['Period', 0.6, 0.25, 0.9]],
    ]);
    expect(holdsBareLabelRows(labels)).toBe(true);
    const withValues = read([
      labels.lines[0]!.words.map((w) => [w.text, w.bbox.x, w.bbox.y, w.confidence] as [string, number, number, number]),
      [['Beatrix', 0.1, 0.22, 0.9], ['Underhill', 0.18, 0.22, 0.9], ['1146', 0.5, 0.22, 0.9], ['Harbor', 0.56, 0.22, 0.9]],
      labels.lines[1]!.words.map((w) => [w.text, w.bbox.x, w.bbox.y, w.confidence] as [string, number, number, number]),
    ]);
    expect(holdsBareLabelRows(withValues)).toBe(false);
  });

  it('reads a box side OCR took for a bar as the end of one label, not as a value after it', () => {
    // A W-2's grid: "1 Wages, tips, other compensation | 2 Federal income tax withheld" with no column gap between.
    const grid = read([
      [['1', 0.55, 0.07, 0.9], ['Wages,', 0.57, 0.07, 0.9], ['tips,', 0.61, 0.07, 0.9], ['other', 0.64, 0.07, 0.9], ['compensation', 0.67, 0.07, 0.9], ['|', 0.745, 0.07, 0.9], ['2', 0.76, 0.07, 0.9], ['Federal', 0.78, 0.07, 0.9], ['income', 0.82, 0.07, 0.9], ['tax', 0.855, 0.07, 0.9], ['withheld', 0.88, 0.07, 0.9]],
      [['3', 0.55, 0.11, 0.9], ['Social', 0.57, 0.11, 0.9], ['security', 0.61, 0.11, 0.9], ['wages', 0.65, 0.11, 0.9], ['|', 0.745, 0.11, 0.9], ['4', 0.76, 0.11, 0.9], ['Social', 0.78, 0.11, 0.9], ['security', 0.81, 0.11, 0.9], ['tax', 0.85, 0.11, 0.9], ['withheld', 0.87, 0.11, 0.9]],
    ]);
    expect(holdsBareLabelRows(grid)).toBe(true);
  });
});

describe('mergeReads', () => {
  const base = read([
    [['Wages', 0.1, 0.1, 0.95], ['SSN', 0.5, 0.1, 0.95]],
    [['Employee', 0.1, 0.3, 0.95]],
  ]);

  it("adds the other read's new words as lines placed by their top, keeping the base read's lines and order", () => {
    const other = read([
      [['Wages', 0.101, 0.1, 0.9], ['SSN', 0.499, 0.101, 0.9]],
      [['48,639.00', 0.1, 0.2, 0.9], ['976-16-7457', 0.5, 0.2, 0.9]],
      [['Sawyer', 0.1, 0.4, 0.9], ['Underhill', 0.2, 0.4, 0.9]],
    ]);
    const merged = mergeReads(base, other);
    expect(merged.lines.map((l) => l.text)).toEqual(['Wages SSN', '48,639.00 976-16-7457', 'Employee', 'Sawyer Underhill']);
    expect(merged.text).toBe('Wages SSN\n48,639.00 976-16-7457\nEmployee\nSawyer Underhill');
    expect(merged.lines[1]!.bbox).toMatchObject({ x: 0.1, y: 0.2 });
  });

  it('adds nothing that overlaps a word already read, is an unsure line or a speck, or has no letter or digit', () => {
    const other = read([[['Wagcs', 0.12, 0.101, 0.9], ['~~', 0.3, 0.2, 0.9], ['1OO', 0.5, 0.2, 0.3]], [['i', 0.5, 0.5, 0.1]]]);
    expect(mergeReads(base, other)).toBe(base);
  });

  it('keeps an unsure word with the sure words of its line', () => {
    const merged = mergeReads(base, read([[['Beatrix', 0.1, 0.4, 0.96], ['Zielinski', 0.2, 0.4, 0.11], ['|', 0.3, 0.4, 0.1]]]));
    expect(merged.lines.at(-1)!.text).toBe('Beatrix Zielinski');
  });
});

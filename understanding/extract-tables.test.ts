import { describe, expect, it } from 'vitest';
import { documentTypeSpec } from '../core/document-types.js';
import type { Line, PageText, Word } from '../core/page.js';
import { extractTransactions } from './extract-tables.js';

/** A line of words at given x positions (normalized), as the text layer gives them. */
function line(y: number, cells: [number, string][]): Line {
  const words: Word[] = cells.map(([x, text]) => ({ text, bbox: { x, y, w: text.length * 0.008, h: 0.012 }, confidence: 1 }));
  return { text: words.map((w) => w.text).join(' '), words, confidence: 1, bbox: { x: words[0]!.bbox.x, y, w: 0.8, h: 0.012 } };
}
const page = (n: number, lines: Line[]): PageText => ({ pageNumber: n, source: 'text-layer', width: 612, height: 792, text: lines.map((l) => l.text).join('\n'), lines, confidence: 1 });
const header = (y: number) => line(y, [[0.08, 'Date'], [0.2, 'Description'], [0.55, 'Withdrawals'], [0.69, 'Deposits'], [0.82, 'Balance']]);
const spec = documentTypeSpec('bank_statement')!.tables![0]!;

describe('extractTransactions', () => {
  it('reads rows under the header, signs amounts by column, and follows the table onto the next page', () => {
    const rows = extractTransactions(spec, [
      page(1, [
        line(0.1, [[0.08, 'Account'], [0.2, 'Holder']]),
        header(0.3),
        line(0.32, [[0.08, '02/02/2026'], [0.2, 'Grocery'], [0.27, 'Outlet'], [0.59, '207.57'], [0.805, '11,425.93']]),
        line(0.34, [[0.08, '02/10/2026'], [0.2, 'Payroll'], [0.27, 'Deposit'], [0.69, '2,499.54'], [0.805, '13,925.47']]),
        line(0.6, [[0.08, 'Member'], [0.14, 'FDIC.']]),
      ]),
      page(2, [header(0.1), line(0.12, [[0.08, 'Feb'], [0.11, '26,'], [0.14, '2026'], [0.2, 'NSF'], [0.24, 'Fee'], [0.59, '35.00'], [0.805, '(35.00)']])]),
    ]);
    expect(rows.map((r) => [r.date, r.description, r.amount, r.balance, r.page])).toEqual([
      ['2026-02-02', 'Grocery Outlet', -207.57, 11425.93, 1],
      ['2026-02-10', 'Payroll Deposit', 2499.54, 13925.47, 1],
      ['2026-02-26', 'NSF Fee', -35, -35, 2],
    ]);
  });

  it('on OCR, reads past a row whose amount is garbled and mends decimal commas and thousands dots', () => {
    const lines = [
      header(0.3),
      line(0.32, [[0.08, '01/02/2026'], [0.2, 'Grocery'], [0.59, '207.57'], [0.805, '11,425.93']]),
      line(0.34, [[0.08, '01/03/2026'], [0.2, 'City'], [0.25, 'Power'], [0.59, '7LAT'], [0.805, '11,218.36']]),
      line(0.36, [[0.08, '01/04/2026'], [0.2, 'Card'], [0.25, 'Payment'], [0.59, '335,57'], [0.805, '6.440.48']]),
      line(0.38, [[0.08, '01/08/2026'], [0.2, 'Payroll'], [0.27, 'Deposit'], [0.69, '2,499.54'], [0.805, '8,940.02']]),
      line(0.4, [[0.08, 'Member'], [0.14, 'FDIC.']]),
      line(0.42, [[0.08, 'Questions?'], [0.16, 'Call']]),
      line(0.44, [[0.08, 'Page'], [0.12, '1']]),
      line(0.46, [[0.08, '01/31/2026'], [0.2, 'Statement'], [0.69, '9.99'], [0.805, '0.00']]),
    ];
    const ocrPage: PageText = { ...page(1, lines), source: 'ocr' };
    expect(extractTransactions(spec, [ocrPage]).map((r) => [r.date, r.amount, r.balance])).toEqual([
      ['2026-01-02', -207.57, 11425.93],
      ['2026-01-04', -335.57, 6440.48],
      ['2026-01-08', 2499.54, 8940.02],
    ]);
    // The text layer has no such slips: the table ends at its first line that is no row.
    expect(extractTransactions(spec, [page(1, lines)]).map((r) => r.date)).toEqual(['2026-01-02']);
  });

  it('finds nothing on a page without a transaction header', () => {
    expect(extractTransactions(spec, [page(1, [line(0.1, [[0.08, '02/02/2026'], [0.59, '207.57']])])])).toEqual([]);
  });
});

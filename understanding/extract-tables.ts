import type { TableSpec } from '../core/document-types.js';
import { normalizeDate, normalizeMoney } from '../core/normalize.js';
import { unionBBox, type Line, type PageText, type Word } from '../core/page.js';
import type { TransactionRow } from '../db/packet-repository.js';

/** One row of a statement's transaction table, with where it was read (deposits positive, withdrawals negative). */
export type ExtractedTransaction = TransactionRow;

interface Column {
  key: keyof TableSpec['columns'];
  x: number;
  centre: number;
}

/** A header needs this many of the spec's columns on one line. */
const MIN_HEADER_COLUMNS = 3;
/**
 * On OCR pages, lines that are not rows (a row whose amount OCR garbled, a stray line of specks) a table may hold
 * before it ends: one misread row must not end the table and lose every row below it.
 */
const OCR_ROW_GAP = 2;

/**
 * Reads a ruled transaction table (bank statements): on each page, the header line names the columns (date,
 * description, withdrawals, deposits, balance); every line below it that starts with a date is a row, until a line
 * that does not. Amounts go to the column whose header centre is nearest (numbers are right-aligned under their
 * headers), so the parser follows each layout's own column positions. Tables running over pages are read page by
 * page under their repeated header. On OCR pages a table ends only after OCR_ROW_GAP + 1 lines in a row that are not
 * rows, and amounts with OCR's usual separator slips ("335,57", "6.440.48") are read.
 */
export function extractTransactions(spec: TableSpec, pages: PageText[]): ExtractedTransaction[] {
  const rows: ExtractedTransaction[] = [];
  for (const page of pages) {
    const lines = [...page.lines].sort((a, b) => a.bbox.y - b.bbox.y);
    const headerIndex = lines.findIndex((l) => headerColumns(spec, l).length >= MIN_HEADER_COLUMNS);
    if (headerIndex < 0) continue;
    const columns = headerColumns(spec, lines[headerIndex]!);
    const description = columns.find((c) => c.key === 'description');
    const amountColumns = columns.filter((c) => c.key === 'debit' || c.key === 'credit' || c.key === 'balance');
    const ocr = page.source === 'ocr';
    let started = false;
    let gap = 0;
    for (const line of lines.slice(headerIndex + 1)) {
      const row = readRow(line, description?.x, amountColumns, page.pageNumber, ocr);
      if (row) {
        rows.push(row);
        started = true;
        gap = 0;
      } else if (started && ++gap > (ocr ? OCR_ROW_GAP : 0)) break;
    }
  }
  return rows;
}

function headerColumns(spec: TableSpec, line: Line): Column[] {
  const found: Column[] = [];
  for (const [key, pattern] of Object.entries(spec.columns) as [keyof TableSpec['columns'], RegExp][]) {
    const word = line.words.find((w) => pattern.test(w.text));
    if (word) found.push({ key, x: word.bbox.x, centre: word.bbox.x + word.bbox.w / 2 });
  }
  return found;
}

/** An amount as OCR read it: a decimal comma ("335,57": two digits after it can be no thousands) or thousands dots. */
function ocrMoney(text: string): string | null {
  const decimalComma = /^(\(?\$?\d{1,3}),(\d{2}\)?)$/.exec(text);
  if (decimalComma) return normalizeMoney(`${decimalComma[1]}.${decimalComma[2]}`);
  const thousandsDots = /^(\(?\$?\d{1,3})((?:\.\d{3})+)\.(\d{2}\)?)$/.exec(text);
  if (thousandsDots) return normalizeMoney(`${thousandsDots[1]}${thousandsDots[2]!.replace(/\./g, ',')}.${thousandsDots[3]}`);
  return null;
}

function readRow(line: Line, descriptionX: number | undefined, amountColumns: Column[], pageNumber: number, ocr: boolean): ExtractedTransaction | undefined {
  const words = line.words;
  if (!words.length) return undefined;
  // Date: the words left of the description column (or the first word when there is no such column).
  const dateWords = descriptionX === undefined ? words.slice(0, 1) : words.filter((w) => w.bbox.x < descriptionX - 0.005);
  const date = dateWords.length ? normalizeDate(dateWords.map((w) => w.text).join(' ')) : null;
  if (!date) return undefined;
  const amounts = new Map<Column['key'], number>();
  const descriptionWords: Word[] = [];
  for (const w of words) {
    if (dateWords.includes(w)) continue;
    const money = /\d/.test(w.text) && amountColumns.length ? (normalizeMoney(w.text) ?? (ocr ? ocrMoney(w.text) : null)) : null;
    const centre = w.bbox.x + w.bbox.w / 2;
    const nearest = amountColumns.reduce<Column | undefined>((best, c) => (!best || Math.abs(c.centre - centre) < Math.abs(best.centre - centre) ? c : best), undefined);
    // A number counts as an amount only in the amount columns' part of the row (right of the description).
    if (money !== null && nearest && Math.abs(nearest.centre - centre) < 0.08 && /\d[.,]\d{2}\)?$/.test(w.text)) amounts.set(nearest.key, Number(money));
    else descriptionWords.push(w);
  }
  const debit = amounts.get('debit');
  const credit = amounts.get('credit');
  if (debit === undefined && credit === undefined) return undefined;
  const amount = (credit ?? 0) - Math.abs(debit ?? 0);
  return {
    date,
    description: descriptionWords.map((w) => w.text).join(' '),
    amount: Number(amount.toFixed(2)),
    balance: amounts.get('balance') ?? null,
    page: pageNumber,
    bbox: words.map((w) => w.bbox).reduce(unionBBox),
    confidence: Number((words.reduce((s, w) => s + w.confidence, 0) / words.length).toFixed(3)),
  };
}

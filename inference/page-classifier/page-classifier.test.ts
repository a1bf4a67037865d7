import { describe, expect, it } from 'vitest';
import { textPage } from '../../core/test-support/text-page.js';
import { fnv1a, pageFeatures, tokenize } from './features.js';
import { DEFAULT_MODEL_PATH, labelName, PageClassifier, parseLabel, splitPages, type PageLabel, type PagePrediction } from './page-classifier.js';

const page = (n: number, lines: string[]) => textPage(lines, { pageNumber: n });

const LABELS: PageLabel[] = [
  { type: 'w2', start: true },
  { type: 'w2', start: false },
  { type: 'bank_statement', start: true },
  { type: 'bank_statement', start: false },
];

/** A prediction that puts `p` on one label and spreads the rest. */
const predicted = (label: number, p = 0.9): PagePrediction => {
  const probabilities = Float32Array.from(LABELS, (_, i) => (i === label ? p : (1 - p) / (LABELS.length - 1)));
  return { ...LABELS[label]!, confidence: p, typeConfidence: p, probabilities };
};

describe('page features', () => {
  it('collapse digits, hash stably and normalise to unit length', () => {
    expect(tokenize('Pay Date 10/15/2026 $1,234.56')).toEqual(['pay', 'date', '0', '0', '0', '0', '0', '0']);
    expect(fnv1a('u:statement')).toBe(fnv1a('u:statement'));
    const f = pageFeatures(page(1, ['Statement of Account', 'Beginning Balance $2,500.00']), 1024);
    expect(f.indices.length).toBe(f.values.length);
    expect([...f.indices].every((i, j, a) => i < 1024 && (j === 0 || a[j - 1]! < i))).toBe(true);
    expect(Math.hypot(...f.values)).toBeCloseTo(1, 5);
  });
});

describe('splitPages', () => {
  it('cuts where documents start and keeps continuation pages with the document before them', () => {
    const segments = splitPages([predicted(2), predicted(3), predicted(3), predicted(0), predicted(2), predicted(3)], LABELS);
    expect(segments.map((s) => [s.type, s.firstPage, s.lastPage])).toEqual([
      ['bank_statement', 1, 3],
      ['w2', 4, 4],
      ['bank_statement', 5, 6],
    ]);
  });

  it('reads an unsure page as part of the document around it', () => {
    const uniform: PagePrediction = { ...LABELS[0]!, confidence: 0.25, typeConfidence: 0.5, probabilities: new Float32Array(4).fill(0.25) };
    const segments = splitPages([predicted(2), uniform, predicted(3)], LABELS);
    expect(segments.map((s) => [s.type, s.firstPage, s.lastPage])).toEqual([['bank_statement', 1, 3]]);
  });

  it('never starts a file with a continuation: a lone continuation page becomes a document of its type', () => {
    const segments = splitPages([predicted(3, 0.6)], LABELS);
    expect(segments).toHaveLength(1);
    expect(segments[0]!.type).toBe('bank_statement');
  });
});

describe('the bundled page classifier', () => {
  it('loads, and labels plain pages of each kind', async () => {
    const model = await PageClassifier.load(DEFAULT_MODEL_PATH);
    expect(model.labels.map(labelName)).toContain('w2:start');
    const pages = [
      page(1, ['Uniform Residential Loan Application', 'Section 1: Borrower Information', 'Borrower Name Jordan Q Sample', 'Social Security Number 000-00-0000']),
      page(2, ['Section 2: Financial Information - Assets and Liabilities', 'Account Type Checking', 'Cash or Market Value $12,000.00']),
      page(3, ['Form W-2 Wage and Tax Statement 2025', "a Employee's social security number", '1 Wages, tips, other compensation 81234.00']),
    ];
    const predictions = await model.predict(pages);
    expect(predictions.map((p) => p.type)).toEqual(['urla_1003', 'urla_1003', 'w2']);
    expect(predictions.map((p) => p.start)).toEqual([true, false, true]);
    expect(splitPages(predictions, model.labels).map((s) => [s.type, s.firstPage, s.lastPage])).toEqual([
      ['urla_1003', 1, 2],
      ['w2', 3, 3],
    ]);
  });

  it('gives the same page labels through the native dense kernel as through sparse scoring', async () => {
    const { loadNative } = await import('../../native/index.js');
    const native = await loadNative('auto');
    const model = await PageClassifier.load(DEFAULT_MODEL_PATH);
    const pages = [page(1, ['Statement of Account', 'Beginning Balance $2,500.00', 'Date Description Withdrawals Deposits Balance']), page(2, ['Earnings Statement', 'Net Pay $2,310.00'])];
    const sparse = await model.predict(pages);
    const dense = await model.predict(pages, native.dense.bind(native));
    expect(dense.map(labelName)).toEqual(sparse.map(labelName));
    dense.forEach((d, i) => expect(d.confidence).toBeCloseTo(sparse[i]!.confidence, 4));
  });

  it('refuses labels it does not know', () => {
    expect(() => parseLabel('w2:middle')).toThrow(/bad page label/);
    expect(() => parseLabel('tax_return:start')).toThrow(/bad page label/);
  });
});

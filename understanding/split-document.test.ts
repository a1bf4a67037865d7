import { describe, expect, it } from 'vitest';
import { textPage } from '../core/test-support/text-page.js';
import { PageClassifier } from '../inference/page-classifier/page-classifier.js';
import { splitDocument } from './split-document.js';

const page = (n: number, lines: string[]) => textPage(lines, { pageNumber: n });

const stub = (n: number) => page(n, ['Meridian Fieldworks Co.', 'Earnings Statement', 'Employee Name Jordan Sample', 'Pay Period 03/01/2026 - 03/14/2026', 'Pay Date 03/19/2026', 'Gross Pay (Current) $3,000.00', 'Net Pay $2,310.00']);
const w2 = (n: number) => page(n, ['Form W-2 Wage and Tax Statement 2025', "a Employee's social security number", '1 Wages, tips, other compensation', '81234.00', "c Employer's name, address, and ZIP code"]);
const blank = (n: number) => page(n, ['~']);

describe('splitDocument', () => {
  it('finds each document in a merged file, with its pages and method', async () => {
    const model = await PageClassifier.load();
    const segments = await splitDocument([w2(1), stub(2), stub(3), blank(4)], model);
    expect(segments.map((s) => [s.segment, s.type, s.firstPage, s.lastPage])).toEqual([
      [1, 'w2', 1, 1],
      [2, 'pay_stub', 2, 2],
      // Two pay stubs in a row are two documents; the blank page goes with the one before it.
      [3, 'pay_stub', 3, 4],
    ]);
    expect(segments[0]!.method).toBe(`page-classifier:${model.version}+keywords`);
  });

  it('without a model, a file is one document typed by keywords', async () => {
    const segments = await splitDocument([w2(1), stub(2)], undefined);
    expect(segments).toEqual([{ segment: 1, firstPage: 1, lastPage: 2, type: 'w2', confidence: expect.any(Number), method: 'keywords' }]);
  });

  it('a file of stray marks (an illegible scan) is an unknown document, not an unsure guess', async () => {
    const model = await PageClassifier.load();
    const marks = page(1, ['= = = EE EB = iT a fe = a CR p= a Se = i oi']);
    const [segment] = await splitDocument([marks], model);
    expect(segment).toMatchObject({ type: 'unknown', confidence: 0, method: `page-classifier:${model.version} (too little text to classify)` });
    // A short page whose words the model knows keeps its type.
    const [short] = await splitDocument([page(1, ['Form W-2 Wage and Tax Statement 2025', '1 Wages, tips, other compensation 81234.00'])], model);
    expect(short!.type).toBe('w2');
  });

  it('an empty file has no documents', async () => {
    expect(await splitDocument([], undefined)).toEqual([]);
  });

  it('types a document the model was never trained on by the form it names (a 1099-NEC the model reads as a W-2)', async () => {
    const model = await PageClassifier.load();
    const nec = page(1, ['Form 1099-NEC Nonemployee Compensation 2025', "PAYER'S name Orchard Street Partners LLC", "PAYER'S TIN 12-3456789", "RECIPIENT'S name Jordan Sample", '1 Nonemployee compensation $12,400.00']);
    const [segment] = await splitDocument([nec], model);
    expect(segment).toMatchObject({ type: '1099_nec', method: 'keywords (the document names a type the classifier does not know)' });
  });

  it('the reject option: an unsure model and not one phrase of its type on the page make an unknown document', async () => {
    const model = await PageClassifier.load();
    const invoice = page(1, ['Bayside Wholesale', 'INVOICE', 'Invoice Number INV-0046', 'Invoice Date Jun 3, 2013', 'Description Quantity Unit Price Amount', 'Project management 10 125.00 1,250.00', 'Subtotal 1,250.00', 'Total USD 1,250.00', 'Thank you for your business']);
    const [segment] = await splitDocument([invoice], model);
    expect(segment!.type).toBe('unknown');
    expect(segment!.method).toMatch(/unsure, and nothing on the pages says/);
  });
});

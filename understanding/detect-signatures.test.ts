import { describe, expect, it } from 'vitest';
import { documentTypeSpec } from '../core/document-types.js';
import type { Line, PageText, Word } from '../core/page.js';
import { detectSignatures } from './detect-signatures.js';

function line(y: number, cells: [number, string][]): Line {
  const words: Word[] = cells.map(([x, text]) => ({ text, bbox: { x, y, w: text.length * 0.008, h: 0.012 }, confidence: 0.9 }));
  return { text: words.map((w) => w.text).join(' '), words, confidence: 0.9, bbox: { x: words[0]!.bbox.x, y, w: 0.8, h: 0.012 } };
}
const page = (lines: Line[]): PageText => ({ pageNumber: 3, source: 'ocr', width: 612, height: 792, text: lines.map((l) => l.text).join('\n'), lines, confidence: 0.9 });
const specs = documentTypeSpec('urla_1003')!.signatures!;

describe('detectSignatures', () => {
  it('finds writing between the signature label and the date label, on its line or just above it', () => {
    const signed = detectSignatures(specs, [page([line(0.4, [[0.08, 'Borrower'], [0.16, 'Signature'], [0.69, 'Date'], [0.73, 'Signed'], [0.8, '03/13/2026']]), line(0.385, [[0.3, 'Jordan'], [0.38, 'Sample']])])]);
    expect(signed).toEqual([expect.objectContaining({ name: 'borrower_signature', present: true, page: 3, method: 'ocr-words' })]);
  });

  it('an empty signing area is unsigned; the date beside it does not count', () => {
    const unsigned = detectSignatures(specs, [page([line(0.4, [[0.08, 'Borrower'], [0.16, 'Signature'], [0.69, 'Date'], [0.73, 'Signed'], [0.8, '03/13/2026']]), line(0.41, [[0.3, '_']])])]);
    expect(unsigned[0]!.present).toBe(false);
  });

  it('reports nothing for a page without the signature line', () => {
    expect(detectSignatures(specs, [page([line(0.1, [[0.1, 'Section'], [0.2, '1']])])])).toEqual([]);
  });
});

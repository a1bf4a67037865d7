import { describe, expect, it } from 'vitest';
import { completenessFindings, decideStatus, documentFindings, type DocumentOutcome } from './findings.js';

const doc = (over: Partial<DocumentOutcome>): DocumentOutcome => ({
  documentId: 'd',
  filename: 'f.pdf',
  readable: true,
  pageCount: 1,
  ocrPages: 0,
  minOcrConfidence: 1,
  type: 'w2',
  typeConfidence: 0.9,
  fieldCount: 4,
  missingRequiredFields: [],
  ...over,
});

const full = [
  doc({ documentId: 'a', type: 'urla_1003' }),
  doc({ documentId: 'b', type: 'w2' }),
  doc({ documentId: 'c', type: 'pay_stub' }),
  doc({ documentId: 'd', type: 'bank_statement' }),
];

describe('findings and decision', () => {
  it('a complete, clean packet is clear', () => {
    const findings = [...full.flatMap(documentFindings), ...completenessFindings(full)];
    expect(findings).toEqual([]);
    expect(decideStatus(full, findings)).toBe('clear');
  });

  it('names each missing document and is incomplete', () => {
    const docs = full.slice(0, 2);
    const findings = completenessFindings(docs);
    expect(findings.map((f) => f.findingId)).toEqual(['missing_document:pay_stub', 'missing_document:bank_statement']);
    expect(findings[0]!.message).toMatch(/Pay stub/);
    expect(decideStatus(docs, findings)).toBe('incomplete');
  });

  it('an unreadable document does not count as present and is critical', () => {
    const docs = [...full.slice(0, 3), doc({ documentId: 'd', type: 'unknown', readable: false, errorCode: 'DOCKET_ERR_CORRUPT_DOCUMENT' })];
    const findings = [...docs.flatMap(documentFindings), ...completenessFindings(docs)];
    expect(findings.map((f) => f.code).sort()).toEqual(['missing_document', 'unreadable_document']);
    expect(findings.find((f) => f.code === 'unreadable_document')!.message).toContain('DOCKET_ERR_CORRUPT_DOCUMENT');
  });

  it('missing fields, unknown types and low OCR confidence need review', () => {
    const docs = [
      ...full.slice(1),
      doc({ documentId: 'a', type: 'urla_1003', missingRequiredFields: ['ssn'], ocrPages: 2, minOcrConfidence: 0.4 }),
      doc({ documentId: 'x', type: 'unknown' }),
    ];
    const findings = [...docs.flatMap(documentFindings), ...completenessFindings(docs)];
    expect(findings.map((f) => f.findingId).sort()).toEqual([
      'low_ocr_confidence:a',
      'missing_field:a:ssn',
      'unclassified_document:x',
    ]);
    expect(decideStatus(docs, findings)).toBe('needs_review');
  });

  it('a packet where nothing could be read failed', () => {
    const docs = [doc({ readable: false })];
    expect(decideStatus(docs, documentFindings(docs[0]!))).toBe('failed');
  });
});

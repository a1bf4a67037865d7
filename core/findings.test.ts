import { describe, expect, it } from 'vitest';
import { completenessFindings, decideStatus, documentFindings, plainReason, type DocumentOutcome } from './findings.js';

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

  it('illegible pages raise one illegible_page warning per document, with the pages, the reasons and the guideline', () => {
    const d = doc({
      documentId: 'scan',
      type: 'bank_statement',
      ocrPages: 3,
      minOcrConfidence: 0.85,
      illegiblePages: [
        { page: 2, reasons: ['low_contrast: 0.13 < 0.3'] },
        { page: 3, reasons: ['blurred: variance of Laplacian 12.4 < 30', 'low_resolution: about 60 DPI < 75'] },
      ],
    });
    const findings = documentFindings(d);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      findingId: 'illegible_page:scan',
      code: 'illegible_page',
      severity: 'warning',
      documentIds: ['scan'],
      evidence: [
        { documentId: 'scan', page: 2 },
        { documentId: 'scan', page: 3 },
      ],
      citation: { topic: 'Legibility and completeness', section: '3.2' },
    });
    expect(f!.message).toMatch(/^Pages 2 and 3 \(Bank statement\) cannot be read reliably/);
    expect(f!.message).toContain('page 2: the print is too faint: contrast 0.13, a readable scan has at least 0.3');
    expect(f!.message).toContain('the resolution is too low: about 60 DPI, at least 75 is needed');
    expect(decideStatus([d], findings)).toBe('needs_review');
  });

  it('a page whose hidden text layer the page contradicts raises one critical possible_alteration, amounts shown, other figures counted', () => {
    const box = { x: 0.5, y: 0.2, w: 0.1, h: 0.02 };
    const d = doc({ documentId: 'stub', type: 'pay_stub', alteredPages: [{ page: 1, figures: 2, amounts: [{ layer: '9,345.67', shown: '2,345.67' }], boxes: [box, { ...box, y: 0.3 }] }] });
    const [f, ...rest] = documentFindings(d);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      findingId: 'possible_alteration:stub',
      code: 'possible_alteration',
      severity: 'critical',
      documentIds: ['stub'],
      evidence: [{ documentId: 'stub', page: 1, bbox: box }, { documentId: 'stub', page: 1, bbox: { ...box, y: 0.3 } }],
      citation: { topic: 'Alterations and inconsistent documents', section: '3.3' },
    });
    expect(f!.message).toBe(
      'Page 1 (Pay stub (earnings statement)) may have been altered: its hidden text layer gives figures the page does not show (9,345.67 where the page shows 2,345.67; 1 other figure). Docket read the page as it looks. Obtain the document from its source before relying on it.',
    );
    expect(decideStatus([d], [f!])).toBe('needs_review');
  });

  it('a document in a merged file names itself, and no illegible pages means no finding', () => {
    const seg = doc({ documentId: 'packet', segment: 4, segmentCount: 4, firstPage: 5, lastPage: 6, illegiblePages: [{ page: 5, reasons: ['low_contrast: 0.14 < 0.3'] }] });
    expect(documentFindings(seg).map((f) => [f.findingId, f.evidence])).toEqual([['illegible_page:packet#4', [{ documentId: 'packet', page: 5 }]]]);
    expect(documentFindings(seg)[0]!.message).toMatch(/^Page 5 \(Form W-2, Wage and Tax Statement\) cannot be read reliably: the print is too faint/);
    expect(documentFindings(doc({ illegiblePages: [] }))).toEqual([]);
  });

  it('page-quality reasons read as plain language; unknown ones pass through', () => {
    expect(plainReason('blurred: variance of Laplacian 12.4 < 30')).toBe('the image is blurred: sharpness (variance of Laplacian 12.4) below 30');
    expect(plainReason('something new')).toBe('something new');
  });
});

import { describe, expect, it } from 'vitest';
import { scorePacket, type PredictedPacket } from '../run/metrics.js';
import { reviewedTruth, type ReviewedPacketRows } from './reviewed-truth.js';

const box = { x: 0.1, y: 0.1, w: 0.2, h: 0.02 };

const rows: ReviewedPacketRows = {
  packetId: 'p1',
  outcome: 'approve',
  documents: [
    {
      documentId: 'w2',
      filename: 'w2.pdf',
      errorCode: null,
      segments: [{ segment: 1, firstPage: 1, lastPage: 1, type: 'w2' }],
      fields: [
        { segment: 1, name: 'wages', value: '$52,000.00', normalized: '52000.00', page: 1, bbox: box, source: 'reviewer' },
        { segment: 1, name: 'employer_name', value: 'Acme Corp', normalized: 'ACME CORP', page: 1, bbox: box, source: 'text-layer' },
        { segment: 1, name: 'tax_year', value: '', normalized: null, page: 1, bbox: box, source: 'ocr' },
      ],
    },
    { documentId: 'scan', filename: 'scan.png', errorCode: 'DOCKET_ERR_UNREADABLE_DOCUMENT', segments: [], fields: [] },
  ],
  findings: [
    { findingId: 'f1', code: 'income_mismatch', status: 'dismissed', documentIds: ['w2'] },
    { findingId: 'f2', code: 'stale_document', status: 'confirmed', documentIds: ['w2'] },
    { findingId: 'f3', code: 'missing_field', status: 'open', documentIds: ['w2'] },
    { findingId: 'f4', code: 'unreadable_document', status: 'open', documentIds: ['scan'] },
  ],
};

describe('reviewedTruth', () => {
  it('keeps the values the reviewer left standing, corrected ones included, and the findings not dismissed', () => {
    const truth = reviewedTruth(rows);
    expect(truth.documents).toEqual([
      {
        documentId: 'w2#1',
        type: 'w2',
        filename: 'w2.pdf',
        pages: [1, 1],
        fields: [
          { name: 'wages', value: '$52,000.00', normalized: '52000.00', page: 1, bbox: box },
          { name: 'employer_name', value: 'Acme Corp', normalized: 'ACME CORP', page: 1, bbox: box },
        ],
      },
    ]);
    expect(truth.files).toEqual([
      { filename: 'w2.pdf', documentIds: ['w2#1'] },
      { filename: 'scan.png', documentIds: [] },
    ]);
    // Dismissed findings are the pipeline's false flags; extraction findings are not the truth's to hold.
    expect(truth.expectedFindings.map((f) => f.code)).toEqual(['stale_document', 'unreadable_document']);
    expect(truth.expectedStatus).toBe('needs_review');
    expect(truth.review).toEqual({ outcome: 'approve', correctedFields: 1, dismissedFindings: 1, confirmedFindings: 1 });
  });

  it('expects a clear packet when the reviewer dismissed every red flag', () => {
    const truth = reviewedTruth({ ...rows, findings: rows.findings.map((f) => ({ ...f, status: 'dismissed' as const })) });
    expect(truth.expectedFindings).toEqual([]);
    expect(truth.expectedStatus).toBe('clear');
  });

  it('scores a re-run that reads the pre-correction value as a wrong value, and a dismissed flag raised again as a false one', () => {
    const truth = reviewedTruth(rows);
    const rerun: PredictedPacket = {
      status: 'needs_review',
      processingMs: 1,
      documents: [
        {
          filename: 'w2.pdf',
          type: 'w2',
          pages: [1, 1],
          fields: [
            { name: 'wages', normalized: '5200.00' },
            { name: 'employer_name', normalized: 'ACME CORP' },
          ],
          ocrPages: [],
        },
      ],
      findings: [{ code: 'income_mismatch' }, { code: 'stale_document' }, { code: 'unreadable_document' }],
    };
    const score = scorePacket(truth, rerun);
    expect(score.total.fieldTp).toBe(1);
    expect(score.misses).toEqual([expect.objectContaining({ field: 'wages', want: '52000.00', got: '5200.00', reason: 'wrong_value' })]);
    expect(score.total.findingTp).toBe(2);
    expect(score.total.findingFp).toBe(1);
    expect(score.findingMisses).toEqual([expect.objectContaining({ code: 'income_mismatch', reason: 'unexpected' })]);
  });
});

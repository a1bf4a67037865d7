import { describe, expect, it } from 'vitest';
import { calibration, editDistance, percentile, rates, scorePacket, type PacketTruthLike, type PredictedPacket } from './metrics.js';

const box = { x: 0.1, y: 0.1, w: 0.2, h: 0.02 };
const truth: PacketTruthLike = {
  packetId: 'p',
  files: [{ filename: 'w2.pdf', documentIds: ['w2'] }, { filename: 'merged.pdf', documentIds: ['stub', 'bank'] }],
  documents: [
    { documentId: 'w2', type: 'w2', filename: 'w2.pdf', pages: [1, 1], fields: [
      { name: 'wages', value: '$72,400.00', normalized: '72400.00', page: 1, bbox: box },
      { name: 'employee_name', value: 'Rowan Pelliday', normalized: 'Rowan Pelliday', page: 1, bbox: box },
    ] },
    { documentId: 'stub', type: 'pay_stub', filename: 'merged.pdf', pages: [1, 1], fields: [{ name: 'pay_date', value: '03/20/2026', normalized: '2026-03-20', page: 1, bbox: box }] },
    { documentId: 'bank', type: 'bank_statement', filename: 'merged.pdf', pages: [2, 3], fields: [] },
  ],
  expectedFindings: [{ code: 'income_mismatch', documentIds: [] }],
  expectedStatus: 'needs_review',
};

const predicted = (wages: string | null): PredictedPacket => ({
  status: 'needs_review',
  processingMs: 100,
  findings: [{ code: 'missing_document' }],
  documents: [
    { filename: 'w2.pdf', type: 'w2', pages: [1, 1], fields: [{ name: 'wages', normalized: wages }, { name: 'employee_name', normalized: 'ROWAN  pelliday' }], ocrPages: [] },
    { filename: 'merged.pdf', type: 'pay_stub', pages: [1, 3], fields: [{ name: 'pay_date', normalized: '2026-03-20' }], ocrPages: [] },
  ],
});

describe('eval metrics', () => {
  it('scores classification, split, fields and findings against the truth', () => {
    const { total, byType } = scorePacket(truth, predicted('72400.00'));
    const r = rates(total);
    expect(r.classificationAccuracy).toBeCloseTo(2 / 3, 3); // merged.pdf holds two documents, only one type predicted
    expect(r.splitAccuracy).toBeCloseTo(1 / 3, 3); // the merged file was not split
    expect([total.fieldTp, total.fieldFp, total.fieldFn]).toEqual([3, 0, 0]);
    expect(r.f1).toBe(1);
    expect([total.findingTp, total.findingFp, total.findingFn]).toEqual([0, 1, 1]);
    expect(byType.bank_statement!.classifiedRight).toBe(0);
  });

  it('scores extraction findings apart from underwriting findings, and lists every finding it got wrong', () => {
    const withFlags: PredictedPacket = {
      ...predicted('72400.00'),
      findings: [{ code: 'missing_field', message: 'Required field wages not found' }, { code: 'income_mismatch' }, { code: 'name_mismatch' }],
    };
    const { total, findingMisses } = scorePacket(truth, withFlags);
    expect([total.findingTp, total.findingFp, total.findingFn, total.extractionFlags]).toEqual([1, 1, 0, 1]);
    expect(findingMisses.map((m) => [m.code, m.reason])).toEqual([
      ['missing_field', 'extraction_flag'],
      ['name_mismatch', 'unexpected'],
    ]);
  });

  it('credits a split only where the page range is exact, and counts fields of a misclassified document as false', () => {
    const split: PredictedPacket = {
      ...predicted('72400.00'),
      documents: [
        predicted('72400.00').documents[0]!,
        { filename: 'merged.pdf', type: 'pay_stub', pages: [1, 1], fields: [{ name: 'pay_date', normalized: '2026-03-20' }], ocrPages: [] },
        { filename: 'merged.pdf', type: 'w2', pages: [2, 3], fields: [{ name: 'wages', normalized: '1.00' }], ocrPages: [] },
      ],
    };
    const { total, byType } = scorePacket(truth, split);
    expect(rates(total).splitAccuracy).toBe(1);
    expect(rates(total).classificationAccuracy).toBeCloseTo(2 / 3, 3);
    expect(byType.w2!.fieldFp).toBe(1);
  });

  it('a broken extractor lowers field F1', () => {
    const good = rates(scorePacket(truth, predicted('72400.00')).total).f1;
    const broken = rates(scorePacket(truth, predicted('99.00')).total).f1;
    expect(broken).toBeLessThan(good);
    expect(rates(scorePacket(truth, predicted('99.00')).total)).toMatchObject({ precision: 0.6667, recall: 0.6667 });
  });

  it('edit distance and percentiles', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
  });

  describe('hand-written truth of single sample documents (the real set)', () => {
    const sample: PacketTruthLike = {
      packetId: 'real',
      rendition: 'scanned',
      partialPacket: true,
      fieldsComplete: false,
      files: [{ filename: 'a.pdf', documentIds: ['a-1', 'a-2'] }],
      documents: [
        { documentId: 'a-1', type: 'w2', filename: 'a.pdf', pages: [1, 1], layout: 'irs-w2', fields: [{ name: 'wages', value: '$10.00', normalized: '10.00', page: 1 }] },
        { documentId: 'a-2', type: 'other', filename: 'a.pdf', pages: [2, 2], layout: 'invoice', fields: [] },
      ],
      expectedFindings: [],
      expectedStatus: 'clear',
    };
    const read = (types: [string, string]): PredictedPacket => ({
      status: 'needs_review',
      processingMs: 1,
      findings: [
        { code: 'missing_document', documentIds: [] },
        { code: 'undated_application', documentIds: ['doc-a'] },
      ],
      documents: [
        { documentId: 'doc-a', filename: 'a.pdf', type: types[0], pages: [1, 1], fields: [{ name: 'wages', normalized: '10.00', confidence: 0.95 }, { name: 'employer_name', normalized: 'Acme', confidence: 0.5 }], ocrPages: [] },
        { documentId: 'doc-a', filename: 'a.pdf', type: types[1], pages: [2, 2], fields: [], ocrPages: [] },
      ],
    });

    it('takes unknown for other, leaves fields the truth does not list unjudged and missing documents unscored', () => {
      const { total, byCell, judged } = scorePacket(sample, read(['w2', 'unknown']));
      expect(total.classifiedRight).toBe(2);
      expect([total.fieldTp, total.fieldFp, total.fieldFn]).toEqual([1, 0, 0]);
      expect(judged).toEqual([{ confidence: 0.95, correct: true }]);
      expect(total.completenessSkipped).toBe(1);
      expect(total.findingFp).toBe(1);
      expect(total.findingFpWrongType).toBe(0);
      expect(Object.keys(byCell)).toEqual(['w2 | scanned | irs-w2', 'other | scanned | invoice']);
    });

    it('blames a false finding on a wrong type when its file holds a document typed wrong', () => {
      const { total, findingMisses } = scorePacket(sample, read(['w2', 'urla_1003']));
      expect(total.classifiedRight).toBe(1);
      expect([total.findingFp, total.findingFpWrongType]).toEqual([1, 1]);
      expect(findingMisses).toContainEqual({ code: 'undated_application', reason: 'unexpected', onMistypedDocument: true });
      // On a whole packet the missing document is a false finding like any other.
      expect(scorePacket({ ...sample, partialPacket: false }, read(['w2', 'unknown'])).total.findingFp).toBe(2);
    });

    it('judges a field under a listed name with a wrong value as false', () => {
      const wrong = read(['w2', 'unknown']);
      wrong.documents[0]!.fields[0]!.normalized = '11.00';
      const { judged, total } = scorePacket(sample, wrong);
      expect(judged).toEqual([{ confidence: 0.95, correct: false }]);
      expect([total.fieldTp, total.fieldFp, total.fieldFn]).toEqual([0, 1, 1]);
    });
  });

  it('calibration: expected calibration error and the precision of sure fields', () => {
    expect(calibration([])).toEqual({ fields: 0, ece: null, sure: { share: 0, precision: null } });
    // Four fields at 0.95, three right: the bin's gap is |0.75 - 0.95| = 0.2; two at 0.15, both wrong: gap 0.15.
    const c = calibration([
      ...[true, true, true, false].map((correct) => ({ confidence: 0.95, correct })),
      { confidence: 0.15, correct: false },
      { confidence: 0.15, correct: false },
    ]);
    expect(c.ece).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.15, 4);
    expect(c.sure).toEqual({ share: 0.6667, precision: 0.75 });
    // Perfectly calibrated sure fields.
    expect(calibration([{ confidence: 1, correct: true }]).ece).toBe(0);
  });
});

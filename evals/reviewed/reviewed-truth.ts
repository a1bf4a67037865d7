import { findingCategory } from '../../core/findings.js';
import type { BBox } from '../../core/page.js';
import type { PacketTruthLike, TruthDocumentLike } from '../run/metrics.js';

/**
 * The flywheel's ground truth: what a reviewer left standing on a reviewed packet. Fields are the stored values after
 * the reviewer's corrections (a corrected field carries source `reviewer`; one the reviewer left alone is taken as
 * confirmed by the approval or return); the expected findings are the underwriting findings the reviewer did not
 * dismiss. Pure: the rows come from db/ through reviewed-set.ts.
 */

export interface ReviewedDocumentRow {
  documentId: string;
  /** The name the exported file has in the eval folder (what the pipeline will report as the document's filename). */
  filename: string;
  /** The file could not be read when the packet ran (its error code), so it holds no document to score. */
  errorCode: string | null;
  segments: { segment: number; firstPage: number; lastPage: number; type: string }[];
  fields: { segment: number; name: string; value: string; normalized: string | null; page: number; bbox: BBox; source: string }[];
}

export interface ReviewedPacketRows {
  packetId: string;
  outcome: 'approve' | 'return';
  documents: ReviewedDocumentRow[];
  findings: { findingId: string; code: string; status: 'open' | 'confirmed' | 'dismissed'; documentIds: string[] }[];
}

export interface ReviewedTruth extends PacketTruthLike {
  rendition: 'reviewed';
  /** What the reviewer did: the labels this packet adds to the eval set. */
  review: { outcome: 'approve' | 'return'; correctedFields: number; dismissedFindings: number; confirmedFindings: number };
}

export function reviewedTruth(rows: ReviewedPacketRows): ReviewedTruth {
  const documents: TruthDocumentLike[] = [];
  const files: PacketTruthLike['files'] = [];
  let correctedFields = 0;
  for (const d of rows.documents) {
    const ids: string[] = [];
    if (!d.errorCode) {
      for (const s of d.segments) {
        const documentId = `${d.documentId}#${s.segment}`;
        ids.push(documentId);
        const fields = d.fields.filter((f) => f.segment === s.segment && f.normalized !== null);
        correctedFields += fields.filter((f) => f.source === 'reviewer').length;
        documents.push({
          documentId,
          type: s.type,
          filename: d.filename,
          pages: [s.firstPage, s.lastPage],
          fields: fields.map((f) => ({ name: f.name, value: f.value, normalized: f.normalized!, page: f.page, bbox: f.bbox })),
        });
      }
    }
    files.push({ filename: d.filename, documentIds: ids });
  }
  // Extraction findings ("could not read this field") are the pipeline's own to-do list, not a claim about the
  // borrower: the scorer counts them apart, so the truth lists underwriting findings only.
  const kept = rows.findings.filter((f) => f.status !== 'dismissed' && findingCategory(f.code) === 'underwriting');
  return {
    rendition: 'reviewed',
    packetId: rows.packetId,
    files,
    documents,
    expectedFindings: kept.map((f) => ({ code: f.code, documentIds: f.documentIds })),
    // The packet needs a person if anything the reviewer let stand is a red flag; else it could have gone straight through.
    expectedStatus: kept.length ? 'needs_review' : 'clear',
    review: {
      outcome: rows.outcome,
      correctedFields,
      dismissedFindings: rows.findings.filter((f) => f.status === 'dismissed').length,
      confirmedFindings: rows.findings.filter((f) => f.status === 'confirmed').length,
    },
  };
}

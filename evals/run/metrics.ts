import { documentTypeSpec, type DocumentType } from '../../core/document-types.js';
import { normalizeText } from '../../core/normalize.js';
import { findingCategory } from '../../core/findings.js';
import type { BBox, PageText } from '../../core/page.js';

/**
 * Eval metrics: pure functions from a packet's ground truth and what the pipeline stored to counts, summed over a
 * set. Structural input types, so the metrics do not depend on how the generator writes its truth files.
 */

export interface TruthFieldLike {
  name: string;
  value: string;
  normalized: string;
  page: number;
  bbox: BBox;
}

export interface TruthDocumentLike {
  documentId: string;
  type: string;
  filename: string;
  pages: [number, number];
  fields: TruthFieldLike[];
  signatures?: { name: string; present: boolean }[];
  /** Statement rows: ISO date, signed amount and balance as decimal strings. */
  transactions?: { date: string; amount: string; balance: string }[];
}

export interface PacketTruthLike {
  rendition?: string;
  packetId: string;
  files: { filename: string; documentIds: string[] }[];
  documents: TruthDocumentLike[];
  expectedFindings: { code: string; documentIds: string[] }[];
  expectedStatus: string;
}

/** One document the pipeline found: a page range of one file (the whole file until the pipeline splits files). */
export interface PredictedDocument {
  filename: string;
  type: string | null;
  /** First and last page within the file. */
  pages: [number, number];
  fields: { name: string; normalized: string | null; source?: string }[];
  transactions?: { date: string; amount: number; balance: number | null }[];
  signatures?: { name: string; present: boolean }[];
  /** OCR pages only (page numbers within the file), for the character error rate. */
  ocrPages: PageText[];
}

export interface PredictedPacket {
  status: string;
  documents: PredictedDocument[];
  findings: { code: string; message?: string }[];
  processingMs: number;
}

export interface Counts {
  documents: number;
  classifiedRight: number;
  splitRight: number;
  fieldTp: number;
  fieldFp: number;
  fieldFn: number;
  findingTp: number;
  findingFp: number;
  findingFn: number;
  /** Extraction findings raised (a field not read, an unsure OCR page, an unrecognised document): scored apart. */
  extractionFlags: number;
  cerErrors: number;
  cerChars: number;
  /** Table rows (bank transactions) matched on date, amount and balance. */
  rowTp: number;
  rowFp: number;
  rowFn: number;
  /** Signature lines whose presence (signed or not) was read right, of all the truth has. */
  signatureRight: number;
  signatures: number;
}

export const zeroCounts = (): Counts => ({
  rowTp: 0,
  rowFp: 0,
  rowFn: 0,
  signatureRight: 0,
  signatures: 0,
  documents: 0,
  classifiedRight: 0,
  splitRight: 0,
  fieldTp: 0,
  fieldFp: 0,
  fieldFn: 0,
  findingTp: 0,
  findingFp: 0,
  findingFn: 0,
  extractionFlags: 0,
  cerErrors: 0,
  cerChars: 0,
});

export function addCounts(a: Counts, b: Counts): Counts {
  const out = zeroCounts();
  for (const k of Object.keys(out) as (keyof Counts)[]) out[k] = a[k] + b[k];
  return out;
}

export interface PacketScore {
  total: Counts;
  byType: Record<string, Counts>;
  /** The packet went straight through (clear) and the truth agrees that no person was needed. */
  straightThrough: boolean;
  /** Every truth field the pipeline missed or got wrong, for whoever improves the extractor. */
  misses: FieldMiss[];
  /** Findings raised with no expected counterpart, and expected findings not raised. */
  findingMisses: FindingMiss[];
}

export interface FindingMiss {
  code: string;
  /**
   * unexpected: an underwriting finding raised with no counterpart in the truth (a false flag); not_raised: in the
   * truth, not raised; extraction_flag: the pipeline said it could not read something (scored apart).
   */
  reason: 'unexpected' | 'not_raised' | 'extraction_flag';
  message?: string;
}

export interface FieldMiss {
  filename: string;
  type: string;
  /** The truth document's pages in its file. */
  pages: [number, number];
  field: string;
  want: string | null;
  /** What the pipeline read for this field on the document standing for this one, if anything. */
  got: string | null;
  /** Why: no document overlapped, the document got another type, or the value was missing or different. */
  reason: 'not_found' | 'misclassified' | 'missing' | 'wrong_value';
}

/** Names compare case- and space-insensitively; other values by their normalized form. */
function sameValue(a: string | null, b: string): boolean {
  if (a === null) return false;
  const norm = (s: string) => (normalizeText(s) ?? '').toLowerCase();
  return norm(a) === norm(b);
}

export function scorePacket(truth: PacketTruthLike, predicted: PredictedPacket): PacketScore {
  const byType: Record<string, Counts> = {};
  const total = zeroCounts();
  const bump = (type: string, key: keyof Counts, n = 1) => {
    byType[type] ??= zeroCounts();
    byType[type][key] += n;
    total[key] += n;
  };

  // Each predicted field can match one truth field only; what is left over at the end is a false positive.
  const leftover = new Map(predicted.documents.map((d) => [d, [...d.fields]]));
  const misses: FieldMiss[] = [];
  for (const doc of truth.documents) {
    bump(doc.type, 'documents');
    // The predicted document of the same file that overlaps this one most stands for it.
    const overlap = (d: PredictedDocument) => Math.max(0, Math.min(d.pages[1], doc.pages[1]) - Math.max(d.pages[0], doc.pages[0]) + 1);
    const best = predicted.documents
      .filter((d) => d.filename === doc.filename && overlap(d) > 0)
      .sort((a, b) => overlap(b) - overlap(a))[0];
    if (best?.type === doc.type) bump(doc.type, 'classifiedRight');
    if (best && best.pages[0] === doc.pages[0] && best.pages[1] === doc.pages[1]) bump(doc.type, 'splitRight');
    // Fields count only where the predicted document has this document's type (else they are another's fields).
    const unmatched = best && best.type === doc.type ? leftover.get(best)! : [];
    for (const f of doc.fields) {
      const i = unmatched.findIndex((p) => p.name === f.name && sameValue(p.normalized, f.normalized));
      if (i >= 0) {
        unmatched.splice(i, 1);
        bump(doc.type, 'fieldTp');
      } else {
        bump(doc.type, 'fieldFn');
        const got = best?.fields.find((p) => p.name === f.name)?.normalized ?? null;
        const reason = !best ? 'not_found' : best.type !== doc.type ? 'misclassified' : got === null ? 'missing' : 'wrong_value';
        misses.push({ filename: doc.filename, type: doc.type, pages: doc.pages, field: f.name, want: f.normalized, got, reason });
      }
    }
    // Signature lines the document type declares (a VOE's signer has no label to find the line by: not read yet).
    const declared = new Set(documentTypeSpec(doc.type as DocumentType)?.signatures?.map((s) => s.name) ?? []);
    for (const s of (doc.signatures ?? []).filter((s) => declared.has(s.name))) {
      bump(doc.type, 'signatures');
      const read = best && best.type === doc.type ? best.signatures?.find((p) => p.name === s.name) : undefined;
      if (read && read.present === s.present) bump(doc.type, 'signatureRight');
    }
    // Table rows: each truth row matched once by date, amount and balance on the document standing for this one.
    if (doc.transactions?.length) {
      const key = (date: string, amount: number, balance: number | null) => `${date}|${amount.toFixed(2)}|${balance === null ? '' : balance.toFixed(2)}`;
      const read = best && best.type === doc.type ? (best.transactions ?? []).map((t) => key(t.date, t.amount, t.balance)) : [];
      for (const t of doc.transactions) {
        const i = read.indexOf(key(t.date, Number(t.amount), Number(t.balance)));
        if (i >= 0) {
          read.splice(i, 1);
          bump(doc.type, 'rowTp');
        } else bump(doc.type, 'rowFn');
      }
      bump(doc.type, 'rowFp', read.length);
    }
    const ocrPages = predicted.documents.filter((d) => d.filename === doc.filename).flatMap((d) => d.ocrPages);
    for (const f of doc.fields) {
      const page = ocrPages.find((p) => p.pageNumber === f.page);
      if (!page) continue;
      const read = textInBox(page, f.bbox);
      bump(doc.type, 'cerErrors', editDistance(read, f.value));
      bump(doc.type, 'cerChars', f.value.length);
    }
  }
  // Values the pipeline reported that no truth field accounts for: wrong values, or fields of a misclassified or
  // badly split document.
  for (const [d, fields] of leftover) bump(d.type ?? 'unknown', 'fieldFp', fields.length);

  // Underwriting findings are scored against the truth's expected findings; extraction findings (the pipeline's own
  // "could not read this") are counted apart, since the truth has none: every one is a field or page the extractor missed.
  const expected = truth.expectedFindings.map((f) => f.code);
  const findingMisses: FindingMiss[] = [];
  for (const f of predicted.findings) {
    if (findingCategory(f.code) === 'extraction' && !expected.includes(f.code)) {
      total.extractionFlags++;
      findingMisses.push({ code: f.code, reason: 'extraction_flag', ...(f.message ? { message: f.message } : {}) });
      continue;
    }
    const i = expected.indexOf(f.code);
    if (i >= 0) {
      expected.splice(i, 1);
      total.findingTp++;
    } else {
      total.findingFp++;
      findingMisses.push({ code: f.code, reason: 'unexpected', ...(f.message ? { message: f.message } : {}) });
    }
  }
  total.findingFn += expected.length;
  findingMisses.push(...expected.map((code) => ({ code, reason: 'not_raised' as const })));

  return { total, byType, misses, findingMisses, straightThrough: predicted.status === 'clear' && truth.expectedStatus === 'clear' };
}

/** The words of a page whose centres fall inside a (slightly grown) box, in reading order. */
export function textInBox(page: PageText, box: BBox, margin = 0.005): string {
  const inside = (b: BBox) => {
    const cx = b.x + b.w / 2;
    const cy = b.y + b.h / 2;
    return cx >= box.x - margin && cx <= box.x + box.w + margin && cy >= box.y - margin && cy <= box.y + box.h + margin;
  };
  return page.lines
    .flatMap((l) => l.words)
    .filter((w) => inside(w.bbox))
    .map((w) => w.text)
    .join(' ');
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export interface Rates {
  classificationAccuracy: number;
  splitAccuracy: number;
  precision: number;
  recall: number;
  f1: number;
  cer: number | null;
  findingPrecision: number;
  findingRecall: number;
  rowPrecision: number;
  rowRecall: number;
  signatureAccuracy: number;
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : Number((n / d).toFixed(4)));

export function rates(c: Counts): Rates {
  const precision = ratio(c.fieldTp, c.fieldTp + c.fieldFp);
  const recall = ratio(c.fieldTp, c.fieldTp + c.fieldFn);
  return {
    classificationAccuracy: ratio(c.classifiedRight, c.documents),
    splitAccuracy: ratio(c.splitRight, c.documents),
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : Number(((2 * precision * recall) / (precision + recall)).toFixed(4)),
    cer: c.cerChars === 0 ? null : ratio(c.cerErrors, c.cerChars),
    findingPrecision: ratio(c.findingTp, c.findingTp + c.findingFp),
    findingRecall: ratio(c.findingTp, c.findingTp + c.findingFn),
    rowPrecision: ratio(c.rowTp, c.rowTp + c.rowFp),
    rowRecall: ratio(c.rowTp, c.rowTp + c.rowFn),
    signatureAccuracy: ratio(c.signatureRight, c.signatures),
  };
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

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
  /** Where it is printed; absent in hand-written truth (the real set), whose fields then give no OCR error rate. */
  bbox?: BBox;
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
  /** The layout family it was drawn in or printed on (`w2/1`, `irs-w2-2023`, a payroll vendor's template). */
  layout?: string;
  /** How this document arrived when it differs within a packet (digital, scan, photo...): the packet's rendition else. */
  look?: string;
}

export interface PacketTruthLike {
  rendition?: string;
  packetId: string;
  files: { filename: string; documentIds: string[] }[];
  documents: TruthDocumentLike[];
  expectedFindings: { code: string; documentIds: string[] }[];
  expectedStatus: string;
  /**
   * Not a whole loan file (a single public sample document): findings about what the packet lacks
   * (PACKET_COMPLETENESS_CODES) are neither expected nor false, and are counted apart.
   */
  partialPacket?: boolean;
  /**
   * The truth lists only some of each document's fields (hand-written truth): a field read under a name the truth does
   * not list is unjudged rather than false. Generated truth is complete (the default).
   */
  fieldsComplete?: boolean;
}

/** Findings about documents a packet lacks: meaningless on a partial packet (one public sample document). */
export const PACKET_COMPLETENESS_CODES: readonly string[] = ['missing_document'];

/** The truth's name for "none of the known types" and the pipeline's. */
export const TRUTH_OTHER = 'other';
const PREDICTED_OTHER = 'unknown';

/** A predicted type stands for the truth's type: the same name, or the truth's `other` read as `unknown` (or untyped). */
export function sameType(truthType: string, predictedType: string | null | undefined): boolean {
  if (truthType === TRUTH_OTHER) return predictedType === PREDICTED_OTHER || predictedType === null;
  return predictedType === truthType;
}

/** Fields read with at least this confidence are "sure" in the eval's calibration report. */
export const SURE_FIELD_CONFIDENCE = 0.9;

/** One document the pipeline found: a page range of one file (the whole file until the pipeline splits files). */
export interface PredictedDocument {
  filename: string;
  type: string | null;
  /** First and last page within the file. */
  pages: [number, number];
  fields: { name: string; normalized: string | null; source?: string; confidence?: number }[];
  /** The file's document id in the packet event (findings name files by it). */
  documentId?: string;
  transactions?: { date: string; amount: number; balance: number | null }[];
  signatures?: { name: string; present: boolean }[];
  /** OCR pages only (page numbers within the file), for the character error rate. */
  ocrPages: PageText[];
}

export interface PredictedPacket {
  status: string;
  documents: PredictedDocument[];
  findings: { code: string; message?: string; documentIds?: string[] }[];
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
  /** Underwriting findings raised without cause on a file holding a document typed wrong: the type's fault. */
  findingFpWrongType: number;
  /** Packet-completeness findings on a partial packet: neither expected nor false. */
  completenessSkipped: number;
}

export const zeroCounts = (): Counts => ({
  findingFpWrongType: 0,
  completenessSkipped: 0,
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
  /** The same counts per document type x rendition x layout family (`cellKey`). */
  byCell: Record<string, Counts>;
  /** Every predicted field the truth can judge: its confidence and whether its value was right (calibration). */
  judged: JudgedField[];
}

export interface JudgedField {
  confidence: number;
  correct: boolean;
}

/** Adds `n` to one counter of one breakdown row, creating the row at zero. */
function tally(rows: Record<string, Counts>, row: string, key: keyof Counts, n: number): void {
  (rows[row] ??= zeroCounts())[key] += n;
}

/** The breakdown key of a truth document: type, how it arrived, and its layout family. */
export function cellKey(doc: TruthDocumentLike, rendition: string | undefined): string {
  return `${doc.type} | ${doc.look ?? rendition ?? 'unknown'} | ${doc.layout ?? 'unknown'}`;
}

export interface FindingMiss {
  code: string;
  /**
   * unexpected: an underwriting finding raised with no counterpart in the truth (a false flag); not_raised: in the
   * truth, not raised; extraction_flag: the pipeline said it could not read something (scored apart).
   */
  reason: 'unexpected' | 'not_raised' | 'extraction_flag';
  /** An unexpected finding on a file holding a document the pipeline typed wrong. */
  onMistypedDocument?: boolean;
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
  const byCell: Record<string, Counts> = {};
  const total = zeroCounts();
  const fieldsComplete = truth.fieldsComplete ?? true;
  const judged: JudgedField[] = [];
  // Files (by their event document id) holding a document typed wrong: false findings there are the type's fault.
  const mistypedFiles = new Set<string>();

  // Each predicted field can match one truth field only; what is left over at the end is a false positive.
  const leftover = new Map(predicted.documents.map((d) => [d, [...d.fields]]));
  // Which truth document each predicted document stood for, to judge its leftover fields by that truth's names.
  const standsFor = new Map<PredictedDocument, TruthDocumentLike>();
  const misses: FieldMiss[] = [];
  for (const doc of truth.documents) {
    const cell = cellKey(doc, truth.rendition);
    const bump = (key: keyof Counts, n = 1) => {
      tally(byType, doc.type, key, n);
      tally(byCell, cell, key, n);
      total[key] += n;
    };
    bump('documents');
    // The predicted document of the same file that overlaps this one most stands for it.
    const overlap = (d: PredictedDocument) => Math.max(0, Math.min(d.pages[1], doc.pages[1]) - Math.max(d.pages[0], doc.pages[0]) + 1);
    const best = predicted.documents
      .filter((d) => d.filename === doc.filename && overlap(d) > 0)
      .sort((a, b) => overlap(b) - overlap(a))[0];
    const typedRight = best !== undefined && sameType(doc.type, best.type);
    if (typedRight) bump('classifiedRight');
    else for (const d of predicted.documents) if (d.filename === doc.filename && d.documentId) mistypedFiles.add(d.documentId);
    if (best && best.pages[0] === doc.pages[0] && best.pages[1] === doc.pages[1]) bump('splitRight');
    if (best && typedRight && !standsFor.has(best)) standsFor.set(best, doc);
    // Fields count only where the predicted document has this document's type (else they are another's fields).
    const unmatched = best && typedRight ? leftover.get(best)! : [];
    // A document the truth calls `other` (an invoice, a book page) has no fields Docket reads: its truth lists what a
    // person could read on it, which no lending catalog asks for. Typing it `other` is the whole of Docket's job there.
    for (const f of doc.type === TRUTH_OTHER ? [] : doc.fields) {
      const i = unmatched.findIndex((p) => p.name === f.name && sameValue(p.normalized, f.normalized));
      if (i >= 0) {
        const [hit] = unmatched.splice(i, 1);
        judged.push({ confidence: hit!.confidence ?? 1, correct: true });
        bump('fieldTp');
      } else {
        bump('fieldFn');
        const got = best?.fields.find((p) => p.name === f.name)?.normalized ?? null;
        const reason = !best ? 'not_found' : !typedRight ? 'misclassified' : got === null ? 'missing' : 'wrong_value';
        misses.push({ filename: doc.filename, type: doc.type, pages: doc.pages, field: f.name, want: f.normalized, got, reason });
      }
    }
    // Signature lines the document type declares (a VOE's signer has no label to find the line by: not read yet).
    const declared = new Set(documentTypeSpec(doc.type as DocumentType)?.signatures?.map((s) => s.name) ?? []);
    for (const s of (doc.signatures ?? []).filter((s) => declared.has(s.name))) {
      bump('signatures');
      const read = best && typedRight ? best.signatures?.find((p) => p.name === s.name) : undefined;
      if (read && read.present === s.present) bump('signatureRight');
    }
    // Table rows: each truth row matched once by date, amount and balance on the document standing for this one.
    if (doc.transactions?.length) {
      const key = (date: string, amount: number, balance: number | null) => `${date}|${amount.toFixed(2)}|${balance === null ? '' : balance.toFixed(2)}`;
      const read = best && typedRight ? (best.transactions ?? []).map((t) => key(t.date, t.amount, t.balance)) : [];
      for (const t of doc.transactions) {
        const i = read.indexOf(key(t.date, Number(t.amount), Number(t.balance)));
        if (i >= 0) {
          read.splice(i, 1);
          bump('rowTp');
        } else bump('rowFn');
      }
      bump('rowFp', read.length);
    }
    const ocrPages = predicted.documents.filter((d) => d.filename === doc.filename).flatMap((d) => d.ocrPages);
    for (const f of doc.fields) {
      const page = ocrPages.find((p) => p.pageNumber === f.page);
      if (!page || !f.bbox) continue;
      const read = textInBox(page, f.bbox);
      bump('cerErrors', editDistance(read, f.value));
      bump('cerChars', f.value.length);
    }
  }
  // Values the pipeline reported that no truth field accounts for: wrong values, or fields of a misclassified or
  // badly split document. Where the truth lists only some fields, one under a name it does not list is not judged.
  for (const [d, fields] of leftover) {
    const truthDoc = standsFor.get(d);
    const judgeable = fields.filter((f) => fieldsComplete || truthDoc?.fields.some((t) => t.name === f.name));
    for (const f of judgeable) judged.push({ confidence: f.confidence ?? 1, correct: false });
    const n = judgeable.length;
    tally(byType, d.type ?? 'unknown', 'fieldFp', n);
    total.fieldFp += n;
    if (truthDoc) tally(byCell, cellKey(truthDoc, truth.rendition), 'fieldFp', n);
  }

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
    } else if (truth.partialPacket && PACKET_COMPLETENESS_CODES.includes(f.code)) {
      total.completenessSkipped++;
    } else {
      total.findingFp++;
      const wrongType = (f.documentIds ?? []).some((id) => mistypedFiles.has(id));
      if (wrongType) total.findingFpWrongType++;
      findingMisses.push({ code: f.code, reason: 'unexpected', ...(wrongType ? { onMistypedDocument: true } : {}), ...(f.message ? { message: f.message } : {}) });
    }
  }
  total.findingFn += expected.length;
  findingMisses.push(...expected.map((code) => ({ code, reason: 'not_raised' as const })));

  return { total, byType, byCell, judged, misses, findingMisses, straightThrough: predicted.status === 'clear' && truth.expectedStatus === 'clear' };
}

/**
 * Calibration of field confidence over judged fields: expected calibration error over ten equal-width bins (the gap
 * between the mean confidence and the share right in each bin, weighted by the bin's size), and how precise the
 * "sure" fields (SURE_FIELD_CONFIDENCE and above) are.
 */
export function calibration(judged: readonly JudgedField[], bins = 10): { fields: number; ece: number | null; sure: { share: number; precision: number | null } } {
  if (!judged.length) return { fields: 0, ece: null, sure: { share: 0, precision: null } };
  const sums = Array.from({ length: bins }, () => ({ n: 0, conf: 0, right: 0 }));
  for (const j of judged) {
    const c = Math.min(1, Math.max(0, j.confidence));
    const b = sums[Math.min(bins - 1, Math.floor(c * bins))]!;
    b.n++;
    b.conf += c;
    b.right += j.correct ? 1 : 0;
  }
  const ece = sums.reduce((e, b) => (b.n ? e + (b.n / judged.length) * Math.abs(b.right / b.n - b.conf / b.n) : e), 0);
  const sure = judged.filter((j) => j.confidence >= SURE_FIELD_CONFIDENCE);
  return {
    fields: judged.length,
    ece: Number(ece.toFixed(4)),
    sure: { share: ratio(sure.length, judged.length), precision: sure.length ? ratio(sure.filter((j) => j.correct).length, sure.length) : null },
  };
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

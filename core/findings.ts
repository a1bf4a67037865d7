import type { DecisionStatus, FindingSummary, Severity } from './events.js';
import { documentTypeSpec, REQUIRED_DOCUMENT_TYPES, type DocumentType } from './document-types.js';
import type { BBox } from './page.js';
import type { GuidelineCitation } from './rules/rule.js';

/** Finding codes the pipeline raises today. Later rule sets add theirs. */
export const FindingCodes = {
  /** A document could not be read (corrupt, unsupported, checksum mismatch, too large...). */
  UNREADABLE_DOCUMENT: 'unreadable_document',
  /** A required document type is not in the packet. */
  MISSING_DOCUMENT: 'missing_document',
  /** A document's type could not be recognised. */
  UNCLASSIFIED_DOCUMENT: 'unclassified_document',
  /** A required field was not found on a document. */
  MISSING_FIELD: 'missing_field',
  /** OCR confidence on a page was too low to trust its values. */
  LOW_OCR_CONFIDENCE: 'low_ocr_confidence',
  /** A scanned page is too faint, blurred or coarse to read (measured on the page image, native/quality-verdict.ts). */
  ILLEGIBLE_PAGE: 'illegible_page',
  /** A PDF page whose text layer gives figures the page does not show (invisible text): it may have been altered. */
  POSSIBLE_ALTERATION: 'possible_alteration',
} as const;

export interface Evidence {
  documentId: string;
  page?: number;
  bbox?: BBox;
  field?: string;
}

export interface Finding extends FindingSummary {
  /** Deterministic id within the packet, so re-running a step upserts instead of duplicating. */
  findingId: string;
  evidence: Evidence[];
  /** The guideline section the finding rests on (rule findings always have one; document findings where one applies). */
  citation?: GuidelineCitation;
}

/**
 * A page whose text layer gives figures the page does not show. Amounts only are carried as read (no PII); other
 * figures (numbers that could be an SSN or a date of birth) are counted.
 */
export interface AlteredPage {
  page: number;
  /** Figures of the text layer the page contradicts. */
  figures: number;
  /** The amounts among them: the text layer's, and what the page shows in its place (absent: nothing). */
  amounts: { layer: string; shown?: string }[];
  /** Where the contradicted figures stand, normalized to the page. */
  boxes: BBox[];
}

/** Where the sample guide deals with documents that show signs of alteration. */
export const ALTERATION_CITATION: GuidelineCitation = { topic: 'Alterations and inconsistent documents', section: '3.3' };

/** What the workflow knows about one document after the pipeline ran on it (no text, no values). */
export interface DocumentOutcome {
  documentId: string;
  filename: string;
  readable: boolean;
  errorCode?: string;
  /** Which document of its file this is, and how many the file holds (a packet PDF holds several). */
  segment?: number;
  segmentCount?: number;
  /** The document's pages within its file. */
  firstPage?: number;
  lastPage?: number;
  pageCount: number;
  ocrPages: number;
  /** Lowest OCR page confidence, 0..1, over the pages not judged illegible (1 when no such page needed OCR). */
  minOcrConfidence: number;
  /** The document's pages (numbered within the file) that the page-quality check judged illegible, with its reasons. */
  illegiblePages?: { page: number; reasons: string[] }[];
  /** Pages (numbered within the file) whose text layer the page contradicts (activities/document/read-pages.ts). */
  alteredPages?: AlteredPage[];
  type: DocumentType;
  typeConfidence: number;
  fieldCount: number;
  missingRequiredFields: string[];
}

/** Below this mean word confidence an OCR page is flagged for a person (tesseract's own scale, 0..1). */
export const LOW_OCR_CONFIDENCE = 0.6;

/** Where the sample guide requires legible pages ("a page that cannot be read ... must be replaced"). */
export const LEGIBILITY_CITATION: GuidelineCitation = { topic: 'Legibility and completeness', section: '3.2' };

/** How findings name a document: the file id, with `#n` when the file holds several documents. */
export function documentRef(doc: Pick<DocumentOutcome, 'documentId' | 'segment' | 'segmentCount'>): string {
  return (doc.segmentCount ?? 1) > 1 ? `${doc.documentId}#${doc.segment}` : doc.documentId;
}

export function documentFindings(doc: DocumentOutcome): Finding[] {
  const ref = documentRef(doc);
  const firstPage = doc.firstPage ?? 1;
  if (!doc.readable) {
    return [
      {
        findingId: `unreadable_document:${doc.documentId}`,
        code: FindingCodes.UNREADABLE_DOCUMENT,
        severity: 'critical',
        documentIds: [doc.documentId],
        message: `Document could not be read (${doc.errorCode ?? 'unknown error'}); ask the borrower for a new copy.`,
        evidence: [{ documentId: doc.documentId }],
      },
    ];
  }
  const findings: Finding[] = [];
  if (doc.type === 'unknown') {
    findings.push({
      findingId: `unclassified_document:${ref}`,
      code: FindingCodes.UNCLASSIFIED_DOCUMENT,
      severity: 'warning',
      documentIds: [doc.documentId],
      message: `Unexpected document${doc.segmentCount && doc.segmentCount > 1 ? ` (pages ${firstPage}-${doc.lastPage})` : ''}: not a lending document Docket knows, or one it could not tell; a person should label it or set it aside.`,
      evidence: [{ documentId: doc.documentId, page: firstPage }],
    });
  }
  const illegible = doc.illegiblePages ?? [];
  if (illegible.length) findings.push(illegiblePageFinding(doc, ref, illegible));
  const altered = doc.alteredPages ?? [];
  if (altered.length) findings.push(alterationFinding(doc, ref, altered));
  // OCR confidence is measured per file: its first document carries the finding for all of them.
  if ((doc.segment ?? 1) === 1 && doc.ocrPages > 0 && doc.minOcrConfidence < LOW_OCR_CONFIDENCE) {
    findings.push({
      findingId: `low_ocr_confidence:${doc.documentId}`,
      code: FindingCodes.LOW_OCR_CONFIDENCE,
      severity: 'warning',
      documentIds: [doc.documentId],
      message: `OCR confidence ${Math.round(doc.minOcrConfidence * 100)}% is below ${LOW_OCR_CONFIDENCE * 100}%; check the values on the page.`,
      evidence: [{ documentId: doc.documentId }],
    });
  }
  for (const field of doc.missingRequiredFields) {
    findings.push({
      findingId: `missing_field:${ref}:${field}`,
      code: FindingCodes.MISSING_FIELD,
      severity: 'warning',
      documentIds: [doc.documentId],
      message: `Required field ${field} not found on the ${documentTypeSpec(doc.type)?.title ?? doc.type}.`,
      evidence: [{ documentId: doc.documentId, page: firstPage, field }],
    });
  }
  return findings;
}

/** "Page 2 (Bank statement)", "Pages 2, 3 and 5 (...)": how a finding about some pages of a document opens. */
function pagesOf(doc: DocumentOutcome, numbers: number[]): string {
  const which = numbers.length === 1 ? `Page ${numbers[0]}` : `Pages ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
  const title = documentTypeSpec(doc.type)?.title;
  return `${which}${title ? ` (${title})` : ''}`;
}

function alterationFinding(doc: DocumentOutcome, ref: string, pages: AlteredPage[]): Finding {
  const amounts = pages.flatMap((p) => p.amounts).slice(0, 3);
  const figures = pages.reduce((n, p) => n + p.figures, 0);
  const shown = amounts.map((a) => (a.shown ? `${a.layer} where the page shows ${a.shown}` : `${a.layer} where the page shows nothing`));
  const rest = figures - amounts.length;
  const detail = [...shown, ...(rest > 0 ? [`${rest} other ${rest === 1 ? 'figure' : 'figures'}`] : [])];
  return {
    findingId: `possible_alteration:${ref}`,
    code: FindingCodes.POSSIBLE_ALTERATION,
    severity: 'critical',
    documentIds: [doc.documentId],
    message:
      `${pagesOf(doc, pages.map((p) => p.page))} may have been altered: its hidden text layer gives figures the page does not show ` +
      `(${detail.join('; ')}). Docket read the page as it looks. Obtain the document from its source before relying on it.`,
    evidence: pages.flatMap((p) => p.boxes.map((bbox) => ({ documentId: doc.documentId, page: p.page, bbox }))),
    citation: ALTERATION_CITATION,
  };
}

function illegiblePageFinding(doc: DocumentOutcome, ref: string, pages: NonNullable<DocumentOutcome['illegiblePages']>): Finding {
  const numbers = pages.map((p) => p.page);
  const why = pages.map((p) => `${numbers.length > 1 ? `page ${p.page}: ` : ''}${p.reasons.map(plainReason).join('; ') || 'poor image quality'}`);
  return {
    findingId: `illegible_page:${ref}`,
    code: FindingCodes.ILLEGIBLE_PAGE,
    severity: 'warning',
    documentIds: [doc.documentId],
    message:
      `${pagesOf(doc, numbers)} cannot be read reliably: ${why.join('; ')}. ` +
      `Values from ${numbers.length === 1 ? 'this page' : 'these pages'} may be wrong or missing; ask the borrower for a clearer copy.`,
    evidence: numbers.map((page) => ({ documentId: doc.documentId, page })),
    citation: LEGIBILITY_CITATION,
  };
}

/**
 * A page-quality reason (`low_contrast: 0.13 < 0.3`, native/quality-verdict.ts) in an underwriter's words, with the
 * measured value and the threshold. Reasons it does not know are shown as they are.
 */
export function plainReason(reason: string): string {
  const m = /^(\w+):\s*(.*?)\s*<\s*([\d.]+)$/.exec(reason);
  if (!m) return reason;
  const [, code, measured, limit] = m;
  switch (code) {
    case 'low_contrast':
      return `the print is too faint: contrast ${measured}, a readable scan has at least ${limit}`;
    case 'blurred':
      return `the image is blurred: sharpness (${measured}) below ${limit}`;
    case 'low_resolution':
      return `the resolution is too low: ${measured}, at least ${limit} is needed`;
    default:
      return reason;
  }
}

/** Baseline completeness: each required document type must appear on at least one readable document. */
export function completenessFindings(
  docs: DocumentOutcome[],
  required: readonly DocumentType[] = REQUIRED_DOCUMENT_TYPES,
): Finding[] {
  const present = new Set(docs.filter((d) => d.readable).map((d) => d.type));
  return required
    .filter((type) => !present.has(type))
    .map((type) => ({
      findingId: `missing_document:${type}`,
      code: FindingCodes.MISSING_DOCUMENT,
      severity: 'critical' as Severity,
      documentIds: [],
      message: `Missing required document: ${documentTypeSpec(type)?.title ?? type}.`,
      evidence: [],
    }));
}

/**
 * The automated decision. failed: nothing in the packet could be read. incomplete: a required document is missing.
 * needs_review: any warning or critical finding. clear: nothing a person needs to see.
 */
export function decideStatus(docs: DocumentOutcome[], findings: Finding[]): DecisionStatus {
  if (docs.length > 0 && docs.every((d) => !d.readable)) return 'failed';
  if (findings.some((f) => f.code === FindingCodes.MISSING_DOCUMENT)) return 'incomplete';
  if (findings.some((f) => f.severity !== 'info')) return 'needs_review';
  return 'clear';
}

export function toSummary(f: Finding): FindingSummary {
  return { code: f.code, severity: f.severity, documentIds: f.documentIds, message: f.message };
}

/**
 * Findings about what the pipeline itself could not read (a required field not found, a page OCR is unsure of, a
 * document nobody recognised): a person must look at the field or page, but they say nothing about the borrower's
 * file. The review app lists them apart from the underwriting findings (the rules' red flags, unreadable or
 * illegible documents, missing documents), and the eval scores them apart: they hold a packet for review all the same.
 */
export const EXTRACTION_FINDING_CODES: readonly string[] = [
  FindingCodes.MISSING_FIELD,
  FindingCodes.LOW_OCR_CONFIDENCE,
  FindingCodes.UNCLASSIFIED_DOCUMENT,
];

export type FindingCategory = 'underwriting' | 'extraction';

export function findingCategory(code: string): FindingCategory {
  return EXTRACTION_FINDING_CODES.includes(code) ? 'extraction' : 'underwriting';
}

import type { DocumentType } from '../document-types.js';
import type { BBox } from '../page.js';

/**
 * What the rules read: the packet's applicants and, per document, the fields the pipeline extracted (with where it
 * found them), the transactions of bank statements and the signature lines. Built by the caller from the database;
 * the rules never see page text or bytes.
 */

export interface FactField {
  name: string;
  /** As printed. */
  value: string;
  /** Normalized by kind (core/normalize.ts): money "1234.50", dates "YYYY-MM-DD", SSN "123-45-6789", text trimmed. */
  normalized: string | null;
  /** 0..1. */
  confidence: number;
  /** 1-based page within the file that holds the document (the same numbering as core Evidence). */
  page: number;
  bbox: BBox;
  /** Where the value was read. OCR misreads digits, so rules compare OCR'd numbers with one slip allowed. */
  source?: 'text-layer' | 'ocr' | 'llm';
}

export interface FactTransaction {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  description: string;
  /** Deposits positive, withdrawals negative. */
  amount: number;
  /** Running balance after the transaction, when the statement prints one. */
  balance: number | null;
  page: number;
  bbox?: BBox;
}

export interface FactSignature {
  /** The signature line, e.g. "borrower_signature". */
  name: string;
  /** Whether a signature was found on the line. */
  present: boolean;
  page: number;
  bbox: BBox;
}

export interface FactDocument {
  /** The file id (as in the packet event). */
  documentId: string;
  /** Which document of its file this is (1-based) and how many the file holds. */
  segment: number;
  segmentCount: number;
  type: DocumentType;
  /** The document's pages within its file. */
  firstPage: number;
  lastPage: number;
  /** Extracted fields by name (core/document-types.ts). A field that was not found is absent. */
  fields: Record<string, FactField>;
  /** False when the document could not be read at all; the rules skip it (and it does not count as present). */
  readable: boolean;
  /** Pages (within the file) that could not be read; rules that need the whole document skip it. */
  unreadablePages?: number[];
  /** Bank statements: the transaction table. Absent when no table was read (the rules then skip it). */
  transactions?: FactTransaction[];
  /** Signature lines found on the document. Absent when signature detection did not run (the rules then skip it). */
  signatures?: FactSignature[];
}

export type ApplicantRole = 'borrower' | 'co_borrower' | 'co-borrower';

export interface FactApplicant {
  role: ApplicantRole;
  firstName: string;
  lastName: string;
}

export type EmploymentType = 'salaried' | 'self_employed' | 'retired';

export interface PacketFacts {
  /** From the packet event. */
  applicants: FactApplicant[];
  /** Loan purpose from the loan system when known; otherwise the URLA's loan_purpose field is used. */
  loanPurpose?: string;
  /** The borrower's employment type when known; the required-documents rule defaults to salaried. */
  employmentType?: EmploymentType;
  /**
   * ISO date (or date-time) the packet arrived (the event's submittedAt). Document ages are measured from the
   * application date; this is the fallback when the application is undated.
   */
  asOfDate?: string;
  documents: FactDocument[];
}

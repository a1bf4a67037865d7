import { documentTypeSpec, type DocumentType } from '../document-types.js';
import type { Severity } from '../events.js';
import { documentRef, type Evidence, type Finding } from '../findings.js';
import type { FactDocument, FactField, PacketFacts } from './packet-facts.js';

/**
 * The shape of a rule: declarative metadata (what it reads, its tolerances, the guideline section it cites) plus one
 * pure evaluate function. Rules never throw on missing input: a comparison without both sides is skipped.
 */

/** Where in the lender's guideline a rule's requirement lives (the sample guide's numbered sections). */
export interface GuidelineCitation {
  /** The section's heading, also a good retrieval query ("Pay stubs"). */
  topic: string;
  /** The section number ("4.2"). */
  section: string;
}

/** Evidence with the value the rule used, for the reviewer: PII is masked or left out, never shown in full. */
export interface RuleEvidence extends Evidence {
  /** Display value: money and non-personal dates as read, SSNs masked to the last four, names/addresses/DOB left out. */
  value?: string;
}

export interface RuleFinding extends Finding {
  ruleId: string;
  ruleVersion: number;
  citation: GuidelineCitation;
  evidence: RuleEvidence[];
}

/** A comparison the rule could not make (a field not extracted, a document absent): audit trail, not a finding. */
export interface SkippedCheck {
  ruleId: string;
  reason: string;
}

export interface RuleOutput {
  findings: RuleFinding[];
  skipped: SkippedCheck[];
}

export interface RuleReads {
  type: DocumentType;
  fields: readonly string[];
}

export interface Rule<P extends object> {
  /** Stable id, kebab-case ("income-consistency"). */
  id: string;
  /** Bumped whenever the rule's logic or default parameters change. */
  version: number;
  title: string;
  severity: Severity;
  /** The finding code the rule raises. */
  code: string;
  reads: readonly RuleReads[];
  /** Default parameters (tolerances, limits); a tenant may override each. Plain JSON data. */
  params: P;
  citation: GuidelineCitation;
  evaluate(facts: PacketFacts, params: P): RuleOutput;
}

// -------------------------------------------------------------------------------------------- building findings

export interface RuleMeta {
  id: string;
  version: number;
  severity: Severity;
  code: string;
  citation: GuidelineCitation;
}

export function makeFinding(
  rule: RuleMeta,
  args: { docs: readonly FactDocument[]; message: string; evidence: RuleEvidence[]; key?: string; severity?: Severity },
): RuleFinding {
  const refs = [...new Set(args.docs.map(documentRef))].sort();
  const documentIds = [...new Set(args.docs.map((d) => d.documentId))].sort();
  return {
    findingId: `${rule.code}:${args.key ?? refs.join(',')}`,
    code: rule.code,
    severity: args.severity ?? rule.severity,
    documentIds,
    message: args.message,
    evidence: args.evidence,
    ruleId: rule.id,
    ruleVersion: rule.version,
    citation: rule.citation,
  };
}

export function fieldEvidence(doc: FactDocument, field: FactField, value?: string): RuleEvidence {
  return { documentId: doc.documentId, page: field.page, bbox: field.bbox, field: field.name, ...(value !== undefined ? { value } : {}) };
}

// -------------------------------------------------------------------------------------------- reading facts

/** Readable documents of the given types, in packet order. */
export function docsOfType(facts: PacketFacts, ...types: DocumentType[]): FactDocument[] {
  return facts.documents.filter((d) => d.readable && types.includes(d.type));
}

/** A field with a usable value (normalized if the kind normalizes, else the printed value), or undefined. */
/**
 * An OCR'd figure is evidence that a form's own numbers disagree, or that a number is malformed, only when read at
 * least this sure: on a scan a misread digit ("137,918.16" for "13,918.16") is the page's low-confidence flag for a
 * person to read, not a form whose figures disagree.
 */
export const SURE_OCR_CONFIDENCE = 0.85;

export function fieldOf(doc: FactDocument, name: string): FactField | undefined {
  const f = doc.fields[name];
  if (!f) return undefined;
  const v = (f.normalized ?? f.value).trim();
  return v ? f : undefined;
}

/** The field's text: normalized when there is one, else as printed. */
export function textOf(doc: FactDocument, name: string): string | undefined {
  const f = fieldOf(doc, name);
  return f ? (f.normalized ?? f.value).trim() : undefined;
}

/** A money field as a number ("1234.50"); undefined when absent or not a normalized amount. */
export function moneyOf(doc: FactDocument, name: string): number | undefined {
  const n = doc.fields[name]?.normalized;
  if (!n || !/^-?\d+(\.\d+)?$/.test(n)) return undefined;
  return Number(n);
}

/** A date field as "YYYY-MM-DD"; undefined when absent or not normalized to an ISO date. */
export function dateOf(doc: FactDocument, name: string): string | undefined {
  const n = doc.fields[name]?.normalized;
  return n && /^\d{4}-\d{2}-\d{2}$/.test(n) ? n : undefined;
}

/** "$1,234.50" without locale data (deterministic everywhere). */
export function formatMoney(n: number): string {
  const [whole, cents] = Math.abs(n).toFixed(2).split('.') as [string, string];
  return `${n < 0 ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** How a message names a document: its type's short title, with the tax year or date when that tells it apart. */
export function describeDoc(doc: FactDocument): string {
  switch (doc.type) {
    case 'urla_1003':
      return 'loan application';
    case 'w2': {
      const year = textOf(doc, 'tax_year');
      return year ? `W-2 (${year})` : 'W-2';
    }
    case 'pay_stub': {
      const date = dateOf(doc, 'pay_date') ?? dateOf(doc, 'pay_period_end');
      return date ? `pay stub (${date})` : 'pay stub';
    }
    case 'bank_statement': {
      const date = dateOf(doc, 'statement_period_end');
      return date ? `bank statement (period ending ${date})` : 'bank statement';
    }
    case 'id_card':
      return 'identification';
    case 'voe_letter':
      return 'verification of employment';
    case 'unknown':
      return 'unclassified document';
    default:
      return documentTypeSpec(doc.type)?.title ?? doc.type;
  }
}

/** "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

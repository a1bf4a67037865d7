import { CATALOG, documentTypeSpec, type DocumentType, type DocumentTypeSpec } from '../document-types.js';
import type { FactDocument, PacketFacts } from './packet-facts.js';
import { primaryApplication } from './packet-people.js';
import { makeFinding, textOf, type Rule, type RuleFinding } from './rule.js';

export interface RequiredDocumentsParams {
  /** Document types every loan needs (guideline 7.2). */
  always: readonly string[];
  /** By employment type (guideline 7.1): salaried, self_employed, retired. */
  byEmployment: { readonly [employment: string]: readonly string[] };
  /** By loan purpose (guideline 7.2): purchase, refinance, cash_out_refinance. */
  byPurpose: { readonly [purpose: string]: readonly string[] };
  /** Employment type when the packet does not say. */
  defaultEmployment: string;
}

/** "Purchase", "Refinance", "Cash-Out Refinance" -> purchase / refinance / cash_out_refinance. */
export function loanPurposeOf(facts: PacketFacts): string | undefined {
  const app = primaryApplication(facts);
  const text = (facts.loanPurpose ?? (app && textOf(app, 'loan_purpose')) ?? '').toLowerCase();
  if (/cash[\s-]*out/.test(text)) return 'cash_out_refinance';
  if (/refi/.test(text)) return 'refinance';
  if (/purchase/.test(text)) return 'purchase';
  return undefined;
}

/**
 * Required documents (guideline 7.1-7.3): each required document type must be in the packet on at least one readable
 * document. Only types Docket classifies can be required; the guide's other documents (credit report, purchase
 * contract, mortgage statement, tax returns) are left to the underwriter. Identification is required by 7.2 but not
 * by default here: add "id_card" to `always` for a tenant that always collects it. One finding per missing type,
 * with the id `missing_document:<type>` of the baseline check it supersedes.
 *
 * A document that could not be recognised at all (unreadable, or with every page illegible: type unknown) may be
 * any of the missing types: while there are at least as many such documents as missing types, the findings are held
 * back as skipped checks. The document's own finding (unreadable document, illegible page) already asks the borrower
 * for a clear copy, and asking for a document they may have sent is the request underwriters most want to avoid.
 */
export const requiredDocumentsRule: Rule<RequiredDocumentsParams> = {
  id: 'required-documents',
  version: 2,
  title: 'Required documents are in the packet',
  severity: 'critical',
  code: 'missing_document',
  reads: [{ type: 'urla_1003', fields: ['loan_purpose'] }],
  // Defaults from the catalog's `requiredFor` (core/catalog): the application and bank statements for every loan, W-2s
  // and pay stubs for salaried borrowers.
  params: {
    always: requiredBy((r) => r.always === true),
    byEmployment: Object.fromEntries(['salaried', 'self_employed', 'retired'].map((e) => [e, requiredBy((r) => r.employment?.includes(e) ?? false)])),
    byPurpose: Object.fromEntries(['purchase', 'refinance', 'cash_out_refinance'].map((p) => [p, requiredBy((r) => r.purpose?.includes(p) ?? false)])),
    defaultEmployment: 'salaried',
  },
  citation: { topic: 'Missing documents', section: '7.3' },
  evaluate(facts, params) {
    const employment = facts.employmentType ?? params.defaultEmployment;
    const purpose = loanPurposeOf(facts);
    const required = new Map<string, string>();
    for (const t of params.always) required.set(t, 'every loan (section 7.2)');
    for (const t of params.byEmployment[employment] ?? []) if (!required.has(t)) required.set(t, `${employment.replace(/_/g, '-')} borrowers (section 7.1)`);
    for (const t of (purpose && params.byPurpose[purpose]) || []) if (!required.has(t)) required.set(t, `a ${purpose!.replace(/_/g, '-')} loan (section 7.2)`);
    const present = new Set(facts.documents.filter((d) => d.readable).map((d) => d.type as string));
    const missing = [...required].filter(([type]) => !present.has(type));
    const unknowable = facts.documents.filter(couldBeAnything);
    if (missing.length && missing.length <= unknowable.length) {
      const which = unknowable.map((d) => d.documentId).join(', ');
      return { findings: [], skipped: missing.map(([type]) => ({ ruleId: requiredDocumentsRule.id, reason: `${type}: may be the unreadable document ${which}` })) };
    }
    const findings: RuleFinding[] = [];
    for (const [type, why] of missing) {
      const title = documentTypeSpec(type as DocumentType)?.title ?? type;
      findings.push(
        makeFinding(requiredDocumentsRule, {
          docs: [],
          key: type,
          message: `Missing required document: ${title}, required for ${why}.`,
          evidence: [],
        }),
      );
    }
    return { findings, skipped: [] };
  },
};

/** The catalog's types whose `requiredFor` passes the test, in catalog order. */
function requiredBy(test: (r: NonNullable<DocumentTypeSpec['requiredFor']>) => boolean): string[] {
  return CATALOG.filter((s) => s.requiredFor && test(s.requiredFor)).map((s) => s.type);
}

/** Unreadable, or unrecognised with every page illegible: no evidence of what the document is. */
function couldBeAnything(doc: FactDocument): boolean {
  if (doc.type !== 'unknown') return false;
  if (!doc.readable) return true;
  const illegible = new Set(doc.unreadablePages ?? []);
  for (let p = doc.firstPage; p <= doc.lastPage; p++) if (!illegible.has(p)) return false;
  return true;
}

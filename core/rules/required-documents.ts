import { documentTypeSpec, type DocumentType } from '../document-types.js';
import type { PacketFacts } from './packet-facts.js';
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
 */
export const requiredDocumentsRule: Rule<RequiredDocumentsParams> = {
  id: 'required-documents',
  version: 1,
  title: 'Required documents are in the packet',
  severity: 'critical',
  code: 'missing_document',
  reads: [{ type: 'urla_1003', fields: ['loan_purpose'] }],
  params: {
    always: ['urla_1003', 'bank_statement'],
    byEmployment: { salaried: ['w2', 'pay_stub'], self_employed: [], retired: [] },
    byPurpose: { purchase: [], refinance: [], cash_out_refinance: [] },
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
    const findings: RuleFinding[] = [];
    for (const [type, why] of required) {
      if (present.has(type)) continue;
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

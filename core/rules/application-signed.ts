import type { FactDocument, FactSignature } from './packet-facts.js';
import { docsOfType, makeFinding, type Rule, type RuleEvidence } from './rule.js';

export interface ApplicationSignedParams {
  /** Signature lines that must be signed (regular expression over the line's name); all lines when none matches. */
  signerPattern: string;
}

/** Whether any page of the document could not be read (its signature or date may be on it). */
export function hasUnreadablePage(doc: FactDocument): boolean {
  return (doc.unreadablePages ?? []).some((p) => p >= doc.firstPage && p <= doc.lastPage);
}

/**
 * Signed application (guideline 3.4): every borrower signature line on each application must carry a signature.
 * Skipped when signature detection did not run on the document or a page of it could not be read.
 */
export const applicationSignedRule: Rule<ApplicationSignedParams> = {
  id: 'application-signed',
  version: 1,
  title: 'Loan application is signed',
  severity: 'warning',
  code: 'unsigned_application',
  reads: [{ type: 'urla_1003', fields: ['signatures'] }],
  params: { signerPattern: 'borrower|applicant' },
  citation: { topic: 'Signatures and dates on the application', section: '3.4' },
  evaluate(facts, params) {
    const signer = new RegExp(params.signerPattern, 'i');
    const unsigned: { doc: FactDocument; lines: FactSignature[] }[] = [];
    const skipped: { ruleId: string; reason: string }[] = [];
    for (const doc of docsOfType(facts, 'urla_1003')) {
      if (!doc.signatures?.length || hasUnreadablePage(doc)) {
        skipped.push({ ruleId: applicationSignedRule.id, reason: `${doc.documentId}: no signature lines detected or a page is unreadable` });
        continue;
      }
      const named = doc.signatures.filter((s) => signer.test(s.name));
      const lines = (named.length ? named : doc.signatures).filter((s) => !s.present);
      if (lines.length) unsigned.push({ doc, lines });
    }
    if (!unsigned.length) return { findings: [], skipped };
    const evidence: RuleEvidence[] = unsigned.flatMap(({ doc, lines }) =>
      lines.map((s) => ({ documentId: doc.documentId, page: s.page, bbox: s.bbox, field: s.name })),
    );
    const count = unsigned.reduce((n, u) => n + u.lines.length, 0);
    const message =
      `The loan application is not signed: ${count} borrower signature line${count === 1 ? ' is' : 's are'} blank. ` +
      `Condition approval on an application signed by every borrower.`;
    return { findings: [makeFinding(applicationSignedRule, { docs: unsigned.map((u) => u.doc), message, evidence })], skipped };
  },
};

import { hasUnreadablePage } from './application-signed.js';
import type { FactDocument } from './packet-facts.js';
import { docsOfType, makeFinding, type Rule } from './rule.js';

export type ApplicationDatedParams = Record<string, never>;

/**
 * Dated application (guideline 3.4): each application must show the date it was signed (the application_date
 * field). A date that was read but could not be parsed is not "undated"; an application with an unreadable page is
 * skipped (the date may be on it).
 */
export const applicationDatedRule: Rule<ApplicationDatedParams> = {
  id: 'application-dated',
  version: 1,
  title: 'Loan application is dated',
  severity: 'warning',
  code: 'undated_application',
  reads: [{ type: 'urla_1003', fields: ['application_date'] }],
  params: {},
  citation: { topic: 'Signatures and dates on the application', section: '3.4' },
  evaluate(facts) {
    const undated: FactDocument[] = [];
    const skipped: { ruleId: string; reason: string }[] = [];
    for (const doc of docsOfType(facts, 'urla_1003')) {
      if (hasUnreadablePage(doc)) {
        skipped.push({ ruleId: applicationDatedRule.id, reason: `${doc.documentId}: a page is unreadable` });
        continue;
      }
      const f = doc.fields.application_date;
      if (!f || !(f.normalized ?? f.value).trim()) undated.push(doc);
    }
    if (!undated.length) return { findings: [], skipped };
    const message = 'The loan application is not dated: no signature date was found. Condition approval on a signed and dated application.';
    const evidence = undated.map((d) => ({ documentId: d.documentId, page: d.lastPage, field: 'application_date' }));
    return { findings: [makeFinding(applicationDatedRule, { docs: undated, message, evidence })], skipped };
  },
};

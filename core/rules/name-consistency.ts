import type { FactDocument } from './packet-facts.js';
import { packetPeople, PERSON_NAME_FIELD, subjectOf } from './packet-people.js';
import { describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule } from './rule.js';

export interface NameConsistencyParams {
  /** One-letter OCR slips tolerated in names at least `minLengthForEdits` long. */
  maxEdits: number;
  minLengthForEdits: number;
}

/**
 * Name consistency (guideline 2.2): the name on every W-2, pay stub, bank statement, identification and verification
 * of employment must be the borrower's or a co-borrower's, allowing middle initials, suffixes and "LAST, FIRST"
 * order. One finding per packet naming the documents that differ (names stay out of the message: they are PII).
 */
export const nameConsistencyRule: Rule<NameConsistencyParams> = {
  id: 'name-consistency',
  version: 4,
  title: 'Borrower name matches across documents',
  severity: 'warning',
  code: 'name_mismatch',
  reads: [
    { type: 'urla_1003', fields: ['borrower_name', 'co_borrower_name'] },
    { type: 'w2', fields: ['employee_name'] },
    { type: 'pay_stub', fields: ['employee_name'] },
    { type: 'bank_statement', fields: ['account_holder'] },
    { type: 'id_card', fields: ['full_name'] },
    { type: 'voe_letter', fields: ['employee_name'] },
  ],
  params: { maxEdits: 1, minLengthForEdits: 5 },
  citation: { topic: 'Name consistency', section: '2.2' },
  evaluate(facts, params) {
    const people = packetPeople(facts, params);
    if (!people.borrowerNames.length) return { findings: [], skipped: [{ ruleId: nameConsistencyRule.id, reason: 'no borrower name on the application or the packet' }] };
    const differing: FactDocument[] = [];
    const appNameField = people.application && fieldOf(people.application, 'borrower_name');
    for (const doc of docsOfType(facts, 'w2', 'pay_stub', 'bank_statement', 'id_card', 'voe_letter')) {
      // A long name read by OCR on either side may be two letters off ("Undeshall" for Underhill), as for employers.
      const ocr = appNameField?.source === 'ocr' || fieldOf(doc, PERSON_NAME_FIELD[doc.type]!)?.source === 'ocr';
      if (subjectOf(doc, people, ocr ? { ...params, longTokenEdits: 2, ocrGlyphs: true } : params) === 'unknown') differing.push(doc);
    }
    if (!differing.length) return { findings: [], skipped: [] };
    const app = people.application;
    const appName = app && fieldOf(app, 'borrower_name');
    const evidence = [
      ...(app && appName ? [fieldEvidence(app, appName)] : []),
      ...differing.map((d) => fieldEvidence(d, fieldOf(d, PERSON_NAME_FIELD[d.type]!)!)),
    ];
    const message =
      `The name on the ${listText(differing.map(describeDoc))} does not match the borrower${people.coBorrowerNames.length ? ' or co-borrower' : ''} ` +
      `on the application (beyond a middle initial, suffix or name order). Obtain documentation of the name change or a signed name affidavit.`;
    return { findings: [makeFinding(nameConsistencyRule, { docs: [...(app ? [app] : []), ...differing], message, evidence })], skipped: [] };
  },
};

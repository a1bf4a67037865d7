import { dayNumber } from './calendar.js';
import { employersMatch } from './employer-match.js';
import type { FactDocument } from './packet-facts.js';
import { borrowerDocs, packetPeople } from './packet-people.js';
import { dateOf, describeDoc, fieldEvidence, fieldOf, listText, makeFinding, textOf, type Rule } from './rule.js';

export interface EmployerConsistencyParams {
  maxEdits: number;
  minLengthForEdits: number;
}

const payDateOf = (d: FactDocument) => dateOf(d, 'pay_date') ?? dateOf(d, 'pay_period_end');

/**
 * Employer consistency (guideline 4.9): the application's employer must be the employer on the borrower's most recent
 * pay stub, on a W-2 of the latest tax year (another W-2 that year may be a second job) and on each verification of
 * employment. Legal suffixes and abbreviations are accepted.
 */
export const employerConsistencyRule: Rule<EmployerConsistencyParams> = {
  id: 'employer-consistency',
  version: 3,
  title: 'Employer matches across the application, pay stub, W-2 and verification of employment',
  severity: 'warning',
  code: 'employer_mismatch',
  reads: [
    { type: 'urla_1003', fields: ['employer_name'] },
    { type: 'w2', fields: ['employer_name', 'tax_year', 'employee_name'] },
    { type: 'pay_stub', fields: ['employer_name', 'pay_date', 'pay_period_end', 'employee_name'] },
    { type: 'voe_letter', fields: ['employer_name', 'employee_name'] },
  ],
  params: { maxEdits: 1, minLengthForEdits: 5 },
  citation: { topic: 'Employer consistency', section: '4.9' },
  evaluate(facts, params) {
    const people = packetPeople(facts, params);
    const app = people.application;
    const employerField = app && fieldOf(app, 'employer_name');
    if (!app || !employerField) return { findings: [], skipped: [{ ruleId: employerConsistencyRule.id, reason: 'no employer on the application' }] };
    const employer = textOf(app, 'employer_name')!;
    const differs = (d: FactDocument) => {
      const name = textOf(d, 'employer_name');
      // OCR garbles long words twice as often as one edit allows ("Sehoole" for "Schools"): with an OCR'd side, a
      // long token may be two edits off.
      const ocr = employerField.source === 'ocr' || fieldOf(d, 'employer_name')?.source === 'ocr';
      return name !== undefined && employersMatch(employer, name, ocr ? { ...params, longTokenEdits: 2, ocrGlyphs: true } : params) === false;
    };
    const differing: FactDocument[] = [];

    const stubs = borrowerDocs(facts, people, ['pay_stub'], params).filter((d) => payDateOf(d) && textOf(d, 'employer_name'));
    if (stubs.length) {
      const latest = stubs.reduce((a, b) => (dayNumber(payDateOf(b)!)! > dayNumber(payDateOf(a)!)! ? b : a));
      if (differs(latest)) differing.push(latest);
    }
    const w2s = borrowerDocs(facts, people, ['w2'], params).filter((d) => /^\d{4}$/.test(textOf(d, 'tax_year') ?? '') && textOf(d, 'employer_name'));
    if (w2s.length) {
      const year = Math.max(...w2s.map((d) => Number(textOf(d, 'tax_year'))));
      const latest = w2s.filter((d) => Number(textOf(d, 'tax_year')) === year);
      if (latest.every(differs)) differing.push(...latest);
    }
    differing.push(...borrowerDocs(facts, people, ['voe_letter'], params).filter(differs));
    if (!differing.length) return { findings: [], skipped: [] };
    const names = [...new Set(differing.map((d) => `"${textOf(d, 'employer_name')}" on the ${describeDoc(d)}`))];
    const message =
      `The application names the employer "${employer}", but ${listText(names)}. ` +
      `Explain the difference and verify the actual employer before the income is used.`;
    const evidence = [fieldEvidence(app, employerField, employer), ...differing.map((d) => fieldEvidence(d, fieldOf(d, 'employer_name')!, textOf(d, 'employer_name')))];
    return { findings: [makeFinding(employerConsistencyRule, { docs: [app, ...differing], message, evidence })], skipped: [] };
  },
};

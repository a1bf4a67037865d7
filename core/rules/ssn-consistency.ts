import { maskSsn } from '../normalize.js';
import type { FactDocument } from './packet-facts.js';
import { packetPeople, subjectOf } from './packet-people.js';
import { ocrDigitSlips } from './text-match.js';
import { describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule, type RuleEvidence } from './rule.js';

export interface SsnConsistencyParams {
  /** Compare a co-borrower's W-2 with the co-borrower SSN on the application. */
  checkCoBorrower: boolean;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** The 1-based positions where two numbers of the same length differ. */
const differingDigits = (a: string, b: string): number[] => [...a].flatMap((c, i) => (c === b[i] ? [] : [i + 1]));

/**
 * SSN consistency (guideline 2.3): the SSN on each W-2 must be the one the application gives for that person. Any
 * digit is a critical discrepancy, except what OCR makes of one number where either was read by OCR (one digit off,
 * or two of the digits OCR confuses: `ocrDigitSlips`): that is a misread, and the low OCR confidence already sends the
 * page to a person. Messages show the last four digits only.
 */
export const ssnConsistencyRule: Rule<SsnConsistencyParams> = {
  id: 'ssn-consistency',
  version: 2,
  title: 'Social Security number matches the application',
  severity: 'critical',
  code: 'ssn_mismatch',
  reads: [
    { type: 'urla_1003', fields: ['ssn', 'co_borrower_ssn', 'borrower_name', 'co_borrower_name'] },
    { type: 'w2', fields: ['employee_ssn', 'employee_name'] },
  ],
  params: { checkCoBorrower: true },
  citation: { topic: 'Social Security number', section: '2.3' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    const app = people.application;
    const ssn = app && fieldOf(app, 'ssn');
    const ssnValue = ssn && digits(ssn.normalized ?? ssn.value);
    if (!app || !ssn || ssnValue?.length !== 9) {
      return { findings: [], skipped: [{ ruleId: ssnConsistencyRule.id, reason: 'no borrower SSN on the application' }] };
    }
    const co = people.coBorrowerSsn;
    const coValue = co ? digits(co.normalized ?? co.value) : undefined;
    const differing: { doc: FactDocument; expected: 'borrower' | 'co-borrower' }[] = [];
    const evidence: RuleEvidence[] = [fieldEvidence(app, ssn, maskSsn(ssnValue))];
    let coEvidence = false;
    for (const doc of docsOfType(facts, 'w2')) {
      const f = fieldOf(doc, 'employee_ssn');
      const value = f && digits(f.normalized ?? f.value);
      if (!f || value?.length !== 9) continue;
      const subject = subjectOf(doc, people);
      const ocr = f.source === 'ocr' || ssn.source === 'ocr' || (subject !== 'borrower' && co?.source === 'ocr');
      const same = (want: string | undefined) => want !== undefined && (value === want || (ocr && ocrDigitSlips(value, want)));
      let ok: boolean;
      if (subject === 'co_borrower') {
        if (!params.checkCoBorrower || coValue?.length !== 9) continue;
        ok = same(coValue);
      } else if (subject === 'borrower') ok = same(ssnValue);
      else ok = same(ssnValue) || same(coValue);
      if (ok) continue;
      differing.push({ doc, expected: subject === 'co_borrower' ? 'co-borrower' : 'borrower' });
      evidence.push(fieldEvidence(doc, f, maskSsn(value)));
      if (subject === 'co_borrower' && co && !coEvidence) {
        evidence.push(fieldEvidence(app, co, maskSsn(coValue!)));
        coEvidence = true;
      }
    }
    if (!differing.length) return { findings: [], skipped: [] };
    const parts = differing.map(({ doc, expected }) => {
      const read = digits(fieldOf(doc, 'employee_ssn')!.normalized ?? '');
      const want = expected === 'borrower' ? ssnValue : coValue!;
      const text = `the ${describeDoc(doc)} shows ${maskSsn(read)} where the application gives the ${expected} ${maskSsn(want)}`;
      // Masked numbers that print alike would read as a contradiction: say which hidden digits differ.
      if (maskSsn(read) !== maskSsn(want)) return text;
      const at = differingDigits(read, want);
      return `${text} (the last four agree; ${at.length === 1 ? 'digit' : 'digits'} ${listText(at.map(String))} of 9 ${at.length === 1 ? 'differs' : 'differ'})`;
    });
    const message = `SSN mismatch: ${listText(parts)}. Validate the number with the Social Security Administration before the loan proceeds.`;
    return { findings: [makeFinding(ssnConsistencyRule, { docs: [app, ...differing.map((d) => d.doc)], message, evidence })], skipped: [] };
  },
};

import type { FactDocument } from './packet-facts.js';
import { packetPeople, subjectOf } from './packet-people.js';
import { dateOf, describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, SURE_OCR_CONFIDENCE, sureRead, type Rule } from './rule.js';
import { oneDigitSlip } from './text-match.js';

export interface DobConsistencyParams {
  /** A date read by OCR less sure than this is compared with nothing (SURE_OCR_CONFIDENCE). */
  minOcrConfidence: number;
}

/**
 * Date of birth (guideline 2.4): the borrower's identification must show the application's date of birth. The
 * identification is the authoritative source. Dates stay out of the message. Two dates one digit apart where either
 * was read by OCR are the same date misread; a date OCR read unsure is not compared.
 */
export const dobConsistencyRule: Rule<DobConsistencyParams> = {
  id: 'dob-consistency',
  version: 3,
  title: 'Date of birth matches the identification',
  severity: 'warning',
  code: 'dob_mismatch',
  reads: [
    { type: 'urla_1003', fields: ['date_of_birth', 'borrower_name'] },
    { type: 'id_card', fields: ['date_of_birth', 'full_name'] },
  ],
  params: { minOcrConfidence: SURE_OCR_CONFIDENCE },
  citation: { topic: 'Date of birth', section: '2.4' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    const app = people.application;
    const dob = app && dateOf(app, 'date_of_birth');
    if (!app || !dob) return { findings: [], skipped: [{ ruleId: dobConsistencyRule.id, reason: 'no date of birth on the application' }] };
    if (!sureRead(fieldOf(app, 'date_of_birth'), params.minOcrConfidence)) {
      return { findings: [], skipped: [{ ruleId: dobConsistencyRule.id, reason: "the application's date of birth was not read surely" }] };
    }
    const differing: FactDocument[] = [];
    for (const id of docsOfType(facts, 'id_card')) {
      // The application has no co-borrower date of birth to compare a co-borrower's license with.
      if (subjectOf(id, people) === 'co_borrower') continue;
      const other = dateOf(id, 'date_of_birth');
      if (!other || other === dob || !sureRead(fieldOf(id, 'date_of_birth'), params.minOcrConfidence)) continue;
      // One digit apart where either date was read by OCR: the same date misread ("1929" for 1979), as for house numbers.
      const ocr = fieldOf(app, 'date_of_birth')?.source === 'ocr' || fieldOf(id, 'date_of_birth')?.source === 'ocr';
      if (ocr && oneDigitSlip(other.replace(/-/g, ''), dob.replace(/-/g, ''))) continue;
      differing.push(id);
    }
    if (!differing.length) return { findings: [], skipped: [] };
    const evidence = [fieldEvidence(app, fieldOf(app, 'date_of_birth')!), ...differing.map((d) => fieldEvidence(d, fieldOf(d, 'date_of_birth')!))];
    const message =
      `The date of birth on the ${listText(differing.map(describeDoc))} differs from the application. ` +
      'The identification governs: correct the application or obtain an explanation from the issuer.';
    return { findings: [makeFinding(dobConsistencyRule, { docs: [app, ...differing], message, evidence })], skipped: [] };
  },
};

import type { FactDocument } from './packet-facts.js';
import { packetPeople, subjectOf } from './packet-people.js';
import { dateOf, describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule } from './rule.js';
import { ocrDigitSlips } from './text-match.js';

export interface DobConsistencyParams {
  /** A date of birth makes its person at least this old, in years, on the packet's date: a later date is another date. */
  minAgeYears: number;
  /** ... and at most this old. */
  maxAgeYears: number;
}

/**
 * Date of birth (guideline 2.4): the borrower's identification must show the application's date of birth. The
 * identification is the authoritative source. Dates stay out of the message. Two dates OCR can make of one where
 * either was read by OCR (`ocrDigitSlips`) are the same date misread. A date that would make the person younger than
 * `minAgeYears` or older than `maxAgeYears` on the packet's date is no date of birth (a licence's issue or expiry
 * date read in its place), and is not compared.
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
  params: { minAgeYears: 16, maxAgeYears: 110 },
  citation: { topic: 'Date of birth', section: '2.4' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    const app = people.application;
    const dob = app && dateOf(app, 'date_of_birth');
    if (!app || !dob) return { findings: [], skipped: [{ ruleId: dobConsistencyRule.id, reason: 'no date of birth on the application' }] };
    const asOf = (dateOf(app, 'application_date') ?? facts.asOfDate)?.slice(0, 10);
    // Years of age on the packet's date, by the calendar ("2026-04-27" less "1984-02-01"); no date, no check.
    const ageOn = (birth: string) => (asOf ? Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4)) - (asOf.slice(5) < birth.slice(5) ? 1 : 0) : undefined);
    const plausible = (birth: string) => {
      const age = ageOn(birth);
      return age === undefined || (age >= params.minAgeYears && age <= params.maxAgeYears);
    };
    if (!plausible(dob)) return { findings: [], skipped: [{ ruleId: dobConsistencyRule.id, reason: "the application's date of birth is no plausible one" }] };
    const differing: FactDocument[] = [];
    for (const id of docsOfType(facts, 'id_card')) {
      // The application has no co-borrower date of birth to compare a co-borrower's license with.
      if (subjectOf(id, people) === 'co_borrower') continue;
      const other = dateOf(id, 'date_of_birth');
      if (!other || other === dob || !plausible(other)) continue;
      // What OCR makes of one date where either was read by OCR ("1929" or "1928" for 1979): the same date misread, as for house numbers.
      const ocr = fieldOf(app, 'date_of_birth')?.source === 'ocr' || fieldOf(id, 'date_of_birth')?.source === 'ocr';
      if (ocr && ocrDigitSlips(other.replace(/-/g, ''), dob.replace(/-/g, ''))) continue;
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

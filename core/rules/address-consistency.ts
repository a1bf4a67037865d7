import { addressesMatch } from './address-match.js';
import { latestStatementPerAccount } from './bank-accounts.js';
import type { FactDocument } from './packet-facts.js';
import { packetPeople, subjectOf, type PacketPeople } from './packet-people.js';
import { describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, textOf, type Rule } from './rule.js';
import type { FuzzyOptions } from './text-match.js';

export interface AddressConsistencyParams {
  maxEdits: number;
  minLengthForEdits: number;
  /** Also compare the street line on the borrower's identification. */
  checkIdentification: boolean;
}

function borrowersOwn(doc: FactDocument, people: PacketPeople, options: FuzzyOptions): boolean {
  return subjectOf(doc, people, options) !== 'co_borrower';
}

/**
 * Address consistency (guideline 2.5): the application's current address must be the mailing address on the most
 * recent statement of each of the borrower's accounts, and the street on the borrower's identification. Addresses
 * are compared after postal normalization and stay out of the message (PII). Read by OCR, numbers that OCR can make of
 * one another (`ocrDigitSlips`) are the same number misread.
 */
export const addressConsistencyRule: Rule<AddressConsistencyParams> = {
  id: 'address-consistency',
  version: 3,
  title: 'Current address matches the latest bank statement and the identification',
  severity: 'warning',
  code: 'address_mismatch',
  reads: [
    { type: 'urla_1003', fields: ['current_address'] },
    { type: 'bank_statement', fields: ['mailing_address', 'account_number', 'statement_period_end', 'account_holder'] },
    { type: 'id_card', fields: ['street_address', 'full_name'] },
  ],
  params: { maxEdits: 1, minLengthForEdits: 5, checkIdentification: true },
  citation: { topic: 'Address history', section: '2.5' },
  evaluate(facts, params) {
    const people = packetPeople(facts, params);
    const app = people.application;
    const address = app && fieldOf(app, 'current_address');
    if (!app || !address) return { findings: [], skipped: [{ ruleId: addressConsistencyRule.id, reason: 'no current address on the application' }] };
    const current = address.normalized ?? address.value;
    const candidates: { doc: FactDocument; field: string }[] = [
      ...latestStatementPerAccount(docsOfType(facts, 'bank_statement').filter((d) => borrowersOwn(d, people, params))).map((doc) => ({ doc, field: 'mailing_address' })),
      ...(params.checkIdentification ? docsOfType(facts, 'id_card').filter((d) => borrowersOwn(d, people, params)) : []).map((doc) => ({ doc, field: 'street_address' })),
    ];
    const differing = candidates.filter(({ doc, field }) => {
      const other = textOf(doc, field);
      const ocr = address.source === 'ocr' || fieldOf(doc, field)?.source === 'ocr';
      return other !== undefined && addressesMatch(current, other, { ...params, ocr }) === false;
    });
    if (!differing.length) return { findings: [], skipped: [] };
    const evidence = [fieldEvidence(app, address), ...differing.map(({ doc, field }) => fieldEvidence(doc, fieldOf(doc, field)!))];
    const message =
      `The address on the ${listText(differing.map(({ doc }) => describeDoc(doc)))} differs from the current address on the application ` +
      `(after postal normalization). Obtain the borrower's explanation (for example a recent move or a mailing address).`;
    return { findings: [makeFinding(addressConsistencyRule, { docs: [app, ...differing.map((d) => d.doc)], message, evidence })], skipped: [] };
  },
};

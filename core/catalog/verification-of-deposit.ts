import { amount, date, orgName, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** A depository's answer to Form 1006, or an asset verification report from an aggregator (VOA). */
export const verificationOfDeposit = defineDocumentType({
  type: 'verification_of_deposit',
  title: 'Verification of deposit or assets',
  group: 'assets',
  signals: [
    { pattern: /verification of deposit/i, weight: 6 },
    { pattern: /verification of assets|asset (verification )?report|\bVOA\b/i, weight: 5 },
    { pattern: /\b(form\s*)?1006\b/i, weight: 2 },
    { pattern: /account balances?|current balance/i, weight: 1 },
  ],
  fields: [
    orgName('institution_name', [/name and address of depository/i, /financial institution/i, /institution/i]),
    personName('account_holder', [/name and address of applicant\(?s\)?/i, /account holder/i, /account owner/i, /applicant/i]),
    text('account_number', [/account (number|no)/i], { pii: true }),
    amount('current_balance', [/current balance/i]),
    date('date_opened', [/date opened/i]),
    date('report_date', [/report date/i, /as of/i], { role: 'as_of' }),
  ],
});

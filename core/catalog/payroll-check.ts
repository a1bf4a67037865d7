import { amount, date, orgName, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** A paycheck (the check itself, not the earnings statement that may come with it). */
export const payrollCheck = defineDocumentType({
  type: 'payroll_check',
  title: 'Payroll check',
  group: 'income',
  signals: [
    { pattern: /payroll check|pay ?check\b/i, weight: 5 },
    { pattern: /pay to the order of/i, weight: 3 },
    { pattern: /\bvoid after\b|\bmemo\b/i, weight: 1 },
    { pattern: /\bcheck (no|number|#)/i, weight: 1 },
  ],
  fields: [
    text('check_number', [/check (no|number|#)\.?/i], { validate: /^\d{3,10}$/ }),
    date('check_date', [/check date/i, /^date\b/i], { role: 'as_of' }),
    personName('payee_name', [/pay to the order of/i]),
    amount('amount', [/^amount\b/i, /net pay/i]),
    orgName('payer_name', [/^from\b/i, /employer/i], { role: 'employer' }),
  ],
});

import { amount, date, orgName, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** Fannie Mae Form 1005: the lender's request, filled in and signed by the employer. */
export const voe1005 = defineDocumentType({
  type: 'voe_1005',
  title: 'Request for Verification of Employment (Form 1005)',
  group: 'income',
  signals: [
    { pattern: /request for verification of employment/i, weight: 4 },
    { pattern: /verification of (present|previous) employment/i, weight: 3 },
    { pattern: /\bform\s*1005\b/i, weight: 3 },
    { pattern: /part i+\W{0,3}(request|verification)/i, weight: 1 },
  ],
  fields: [
    orgName('employer_name', [/to \(name and address of employer\)/i, /name and address of employer/i], { required: true, role: 'employer' }),
    personName('employee_name', [/name and address of applicant/i, /applicant'?s name/i]),
    date('hire_date', [/applicant'?s date of employment/i, /date of employment/i]),
    amount('annual_salary', [/current gross base pay.{0,12}annual/i, /base pay.{0,10}annual/i], { period: 'annual' }),
  ],
});

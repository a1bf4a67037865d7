import { ADDRESS_SHAPE, EMPLOYER_SHAPE, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const urla1003 = defineDocumentType({
  type: 'urla_1003',
  title: 'Uniform Residential Loan Application (URLA / Form 1003)',
  group: 'application',
  requiredFor: { always: true },
  signals: [
    { pattern: /uniform residential loan application/i, weight: 5 },
    { pattern: /\b(form\s*)?1003\b/i, weight: 2 },
    { pattern: /borrower information/i, weight: 1 },
    { pattern: /declarations/i, weight: 1 },
  ],
  fields: [
    personName('borrower_name', [/(?<!co-)borrower name/i, /applicant name/i, /^name\b/i]),
    { name: 'ssn', kind: 'ssn', labels: [/social security number/i, /^ssn\b/i], required: true, pii: true, role: 'ssn' },
    { name: 'date_of_birth', kind: 'date', labels: [/date of birth/i, /\bdob\b/i], required: true, pii: true, role: 'date_of_birth' },
    { name: 'current_address', kind: 'text', labels: [/current address/i, /present address/i], required: false, pii: true, validate: ADDRESS_SHAPE, role: 'address' },
    { name: 'employer_name', kind: 'text', labels: [/employer name/i, /employer( or business)? name/i, /employer\b/i], required: true, validate: EMPLOYER_SHAPE, role: 'employer' },
    { name: 'employment_start_date', kind: 'date', labels: [/start date/i, /date hired/i], required: false },
    { name: 'monthly_income', kind: 'money', labels: [/base monthly income/i, /monthly income/i, /^base\b(?! rate)/i], required: true, role: 'income', period: 'monthly' },
    { name: 'loan_amount', kind: 'money', labels: [/loan amount/i], required: true },
    { name: 'loan_purpose', kind: 'text', labels: [/loan purpose/i, /purpose of loan/i], required: false },
    { name: 'property_address', kind: 'text', labels: [/property address/i, /subject property/i], required: false, pii: true, validate: ADDRESS_SHAPE },
    personName('co_borrower_name', [/co-?borrower name/i], { required: false, role: 'co_person_name' }),
    { name: 'co_borrower_ssn', kind: 'ssn', labels: [/co-?borrower ssn/i, /co-?borrower social security/i], required: false, pii: true, role: 'co_ssn' },
    { name: 'application_date', kind: 'date', labels: [/application date/i, /date signed/i, /^date(?! of birth)\b/i, /(?<=signature\s+)date\b/i], required: true, keepUnparsed: true, role: 'signed' },
  ],
  signatures: [{ name: 'borrower_signature', label: /borrower signature/i, until: /date signed/i }],
});

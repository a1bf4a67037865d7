import { amount, date, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const creditReport = defineDocumentType({
  type: 'credit_report',
  title: 'Credit report',
  group: 'credit',
  signals: [
    { pattern: /(residential mortgage |merged |tri-?merge )?credit report/i, weight: 4 },
    { pattern: /\b(equifax|experian|transunion)\b/i, weight: 1 },
    { pattern: /credit scores?|\bfico\b/i, weight: 2 },
    { pattern: /tradelines?|inquiries/i, weight: 1 },
  ],
  fields: [
    personName('borrower_name', [/^applicant\b|^borrower\b|borrower name|consumer name/i]),
    { name: 'ssn', kind: 'ssn', labels: [/\bssn\b|social security/i], required: false, pii: true, role: 'ssn' },
    date('report_date', [/report date|date (of report|issued)/i], { role: 'as_of' }),
    { name: 'credit_score', kind: 'text', labels: [/credit score|fico score|\bscore\b/i], required: false, validate: /^[3-8]\d{2}$/ },
    amount('total_monthly_payments', [/total monthly payments?/i]),
  ],
});

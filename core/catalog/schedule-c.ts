import { ADDRESS_SHAPE, amount, orgName, personName, taxYear, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const scheduleC = defineDocumentType({
  type: 'schedule_c',
  title: 'Schedule C (Form 1040), Profit or Loss From Business',
  group: 'tax',
  signals: [{ pattern: /profit or loss from business/i, weight: 6 }, { pattern: /\bschedule c\b/i, weight: 3 }, { pattern: /sole proprietorship/i, weight: 2 }],
  fields: [
    taxYear(),
    personName('proprietor_name', [/name of proprietor/i]),
    { name: 'taxpayer_ssn', kind: 'ssn', labels: [/social security number \(ssn\)/i, /social security number/i], required: false, pii: true, role: 'ssn' },
    text('principal_business', [/principal business or profession/i]),
    orgName('business_name', [/business name/i]),
    text('business_address', [/business address/i], { validate: ADDRESS_SHAPE }),
    amount('gross_receipts', [/gross receipts or sales/i]),
    amount('gross_income', [/gross income/i]),
    amount('total_expenses', [/total expenses/i]),
    amount('net_profit', [/net profit or \(?loss\)?/i], { period: 'annual' }),
  ],
});

import { amount, date, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const brokerageStatement = defineDocumentType({
  type: 'brokerage_statement',
  title: 'Brokerage or retirement account statement',
  group: 'assets',
  signals: [
    { pattern: /(investment|brokerage|retirement|401\(?k\)?|ira) account statement/i, weight: 5 },
    { pattern: /portfolio (summary|value)|total account value/i, weight: 3 },
    { pattern: /\bholdings\b|securities/i, weight: 1 },
    { pattern: /market value/i, weight: 1 },
  ],
  fields: [
    personName('account_holder', [/account holder/i, /account owner/i, /prepared for/i]),
    text('account_number', [/account (number|no)/i], { pii: true }),
    date('statement_period_end', [/period end/i, /statement period/i, /as of/i], { take: 'last', role: 'as_of' }),
    amount('ending_value', [/ending (account )?value/i, /total account value/i]),
  ],
});

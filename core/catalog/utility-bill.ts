import { ADDRESS_SHAPE, amount, date, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const utilityBill = defineDocumentType({
  type: 'utility_bill',
  title: 'Utility bill',
  group: 'correspondence',
  signals: [
    { pattern: /(electric(ity)?|gas|water|utility|energy|power)( and \w+)? (bill|service|statement)/i, weight: 3 },
    { pattern: /\bkwh\b|\btherms?\b|\bm3\b|meter (number|reading)/i, weight: 2 },
    { pattern: /amount due|total due|please pay/i, weight: 1 },
    { pattern: /your monthly bill/i, weight: 3 },
  ],
  fields: [
    personName('account_holder', [/account holder|customer name|^name\b/i]),
    text('account_number', [/account (number|no)/i], { pii: true }),
    text('service_address', [/service address/i], { pii: true, validate: ADDRESS_SHAPE, role: 'address' }),
    date('statement_date', [/statement date|bill date|billing date/i], { role: 'as_of' }),
    amount('amount_due', [/amount due|total due|total amount due/i]),
    date('due_date', [/due date|payment due/i]),
  ],
});

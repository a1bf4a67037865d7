import { ADDRESS_SHAPE, amount, date, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const hoaStatement = defineDocumentType({
  type: 'hoa_statement',
  title: 'Homeowners association statement',
  group: 'property',
  signals: [{ pattern: /(home ?owners'?|condominium|property owners'?) association/i, weight: 4 }, { pattern: /\bHOA\b/, weight: 3 }, { pattern: /association dues|assessments?\b/i, weight: 2 }],
  fields: [
    personName('owner_name', [/owner'?s? name/i, /^owner\b/i, /homeowner/i]),
    text('property_address', [/property address|unit address/i], { validate: ADDRESS_SHAPE }),
    date('statement_date', [/statement date/i], { role: 'as_of' }),
    amount('monthly_dues', [/monthly (dues|assessment)/i, /dues/i]),
    amount('balance_due', [/balance due|amount due/i]),
  ],
});

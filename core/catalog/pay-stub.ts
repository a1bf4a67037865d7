import { EMPLOYER_SHAPE, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** Headers of an earnings table's columns: the pay period's figures and the year's. */
const CURRENT = /\b(current|this (pay )?period)\b/i;
const YTD = /\b(ytd|year[- ]to[- ]date)\b/i;
const CURRENT_COLUMN = { header: CURRENT, withoutHeader: 'first', other: YTD } as const;
const YTD_COLUMN = { header: YTD, withoutHeader: 'none', other: CURRENT } as const;

export const payStub = defineDocumentType({
  type: 'pay_stub',
  title: 'Pay stub (earnings statement)',
  group: 'income',
  requiredFor: { employment: ['salaried'] },
  signals: [
    { pattern: /earnings statement/i, weight: 4 },
    { pattern: /pay stub|paystub|pay slip|payslip|wage statement|direct deposit advice/i, weight: 4 },
    { pattern: /pay period/i, weight: 2 },
    { pattern: /\bytd\b|year to date/i, weight: 1 },
    { pattern: /net pay/i, weight: 1 },
  ],
  fields: [
    // A pay stub is mailed or handed out: the employer's and the employee's blocks (name, street, city), labels or not.
    { name: 'employer_name', kind: 'text', labels: [/employer name/i, /employer\b/i, /company/i], required: true, validate: EMPLOYER_SHAPE, role: 'employer', byShape: { block: 'name', of: 'organization' } },
    { ...personName('employee_name', [/employee name/i, /employee\b/i]), byShape: { block: 'name', of: 'person' } },
    { name: 'pay_period_end', kind: 'date', labels: [/pay period end/i, /period end/i, /pay period/i], required: true, take: 'last' },
    { name: 'pay_date', kind: 'date', labels: [/pay date/i, /check date/i, /pay ?day\b/i, /advice date/i, /deposit date/i], required: true, role: 'as_of' },
    // Earnings tables print gross and net pay as rows with a column for the period and one for the year to date.
    {
      name: 'gross_pay_current',
      kind: 'money',
      labels: [/gross pay \(?current\)?/i, /current gross/i, /gross pay/i, /gross (earnings|wages)/i, /total gross/i, /total earnings/i],
      column: CURRENT_COLUMN,
      required: true,
      role: 'income',
      period: 'pay_period',
    },
    {
      name: 'gross_pay_ytd',
      kind: 'money',
      labels: [/gross pay \(?ytd\)?/i, /ytd gross/i, /year to date gross/i, /gross pay/i, /gross (earnings|wages)/i, /total gross/i, /total earnings/i],
      column: YTD_COLUMN,
      required: true,
      role: 'income',
      period: 'ytd',
    },
    { name: 'net_pay', kind: 'money', labels: [/net pay/i, /net (amount|check)/i, /take[- ]home pay/i], column: CURRENT_COLUMN, required: false },
  ],
});

import { ACCOUNT_NUMBER_SHAPE, ADDRESS_SHAPE, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** A date as statements write it in words: "April 01, 2016", "Apr 1, 2016". */
const DATE_WORDS = '[A-Z][a-z]{2,8}\\.? \\d{1,2}, \\d{4}';

export const bankStatement = defineDocumentType({
  type: 'bank_statement',
  title: 'Bank statement',
  group: 'assets',
  requiredFor: { always: true },
  signals: [
    { pattern: /statement of account/i, weight: 4 },
    { pattern: /bank statement/i, weight: 4 },
    // An opening and a closing balance together say statement; either alone is common words.
    { pattern: /((beginning|opening|previous|starting) balance|balance forward)[\s\S]*(ending|closing|new) balance/i, weight: 3 },
    { pattern: /(beginning|opening|previous|starting) balance|balance forward/i, weight: 1 },
    { pattern: /(ending|closing|new) balance/i, weight: 1 },
    { pattern: /deposits|withdrawals/i, weight: 1 },
    { pattern: /account summary|(checking|savings|share draft|money market) account|\bshare draft\b/i, weight: 1 },
  ],
  fields: [
    // A statement is mailed: its addressee's block (name, street, city) is the holder and the address, label or not.
    { ...personName('account_holder', [/account holder/i, /account name/i, /^member:/i]), byShape: { block: 'name', of: 'person' } },
    { name: 'mailing_address', kind: 'text', labels: [/mailing address/i, /^address\b/i], required: false, pii: true, validate: ADDRESS_SHAPE, role: 'address', byShape: { block: 'address', of: 'person' } },
    { name: 'account_number', kind: 'text', labels: [/account number/i, /account no/i, /account #/i, /member number/i, /primary account/i], required: false, pii: true, validate: ACCOUNT_NUMBER_SHAPE },
    {
      name: 'statement_period_end',
      kind: 'date',
      labels: [/period end/i, /statement period/i, /statement (closing )?date/i, /closing date/i, /for the period/i],
      // "for April 01, 2016 to April 30, 2016" under the account's name: a period in words, no label before it.
      patterns: [new RegExp(`\\bfor (?:the period )?${DATE_WORDS} (?:to|through|thru|-) (?<value>${DATE_WORDS})`, 'i')],
      required: true,
      take: 'last',
      role: 'as_of',
    },
    { name: 'beginning_balance', kind: 'money', labels: [/(beginning|opening|previous|starting) balance/i, /balance forward/i], required: true, role: 'opening_balance' },
    { name: 'ending_balance', kind: 'money', labels: [/(ending|closing|new) balance/i], required: true, role: 'closing_balance' },
  ],
  tables: [
    {
      name: 'transactions',
      columns: { date: /^date$/i, description: /^(description|details|transaction)$/i, debit: /^(withdrawals?|debits?)$/i, credit: /^(deposits?|credits?)$/i, balance: /^balance$/i },
    },
  ],
});

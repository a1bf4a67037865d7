import { ADDRESS_SHAPE, amount, personName, taxYear, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1040 = defineDocumentType({
  type: '1040',
  title: 'Form 1040, U.S. Individual Income Tax Return',
  group: 'tax',
  signals: [
    { pattern: /u\.?\s?s\.? (individual income )?tax return( for seniors)?/i, weight: 5 },
    { pattern: /\bform\s*1040\b/i, weight: 2 },
    { pattern: /filing status/i, weight: 2 },
    { pattern: /adjusted gross income/i, weight: 1 },
  ],
  formLabels: [/^last name\b/i, /^apt\.? no/i, /^city, town/i, /^(foreign )?(country|province|postal)/i, /^presidential election/i, /^check here/i],
  fields: [
    taxYear([/tax year/i, /for the year/i, /u\.?\s?s\.? individual income tax return( for seniors)?/i]),
    personName('taxpayer_name', [/your first name and (middle )?initial/i, /taxpayer'?s? name/i]),
    { name: 'taxpayer_ssn', kind: 'ssn', labels: [/your social security number/i], required: false, pii: true, role: 'ssn' },
    personName('spouse_name', [/if joint return, spouse'?s first name/i, /spouse'?s first name/i], { required: false, role: 'co_person_name' }),
    { name: 'spouse_ssn', kind: 'ssn', labels: [/spouse'?s social security number/i], required: false, pii: true, role: 'co_ssn' },
    text('taxpayer_address', [/home address \(number and street\)/i, /home address/i], { pii: true, validate: ADDRESS_SHAPE, role: 'address' }),
    text('filing_status', [/filing status/i], { validate: /^(single|married|head of household|qualifying)/i }),
    // Each amount ends its line, after the line's number ("... This is your total income . . . 9 74,944"): the last one.
    { ...amount('wages', [/total amount from form\(?s\)? w-2/i, /wages, salaries, tips/i], { period: 'annual' }), take: 'last' },
    { ...amount('total_income', [/this is your total income/i, /total income/i]), take: 'last' },
    { ...amount('adjusted_gross_income', [/this is your adjusted gross income/i, /adjusted gross income/i], { period: 'annual' }), take: 'last' },
    { ...amount('taxable_income', [/this is your taxable income/i, /taxable income/i]), take: 'last' },
    { ...amount('total_tax', [/this is your total tax/i, /total tax/i]), take: 'last' },
  ],
});

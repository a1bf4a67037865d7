import { personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form4506C = defineDocumentType({
  type: '4506_c',
  title: 'Form 4506-C, IVES Request for Transcript of Tax Return',
  group: 'tax',
  signals: [{ pattern: /\b4506-?C\b/i, weight: 6 }, { pattern: /ives request for transcript/i, weight: 4 }, { pattern: /request for transcript of tax return/i, weight: 3 }],
  fields: [
    personName('taxpayer_name', [/1a\.? current name/i, /taxpayer'?s? name/i]),
    { name: 'taxpayer_ssn', kind: 'ssn', labels: [/1b\.? first social security number/i, /social security number/i], required: false, pii: true, role: 'ssn' },
    text('tax_periods', [/year or period requested/i, /tax period/i]),
  ],
});

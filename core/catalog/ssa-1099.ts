import { amount, personName, taxYear } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const ssa1099 = defineDocumentType({
  type: 'ssa_1099',
  title: 'Form SSA-1099, Social Security Benefit Statement',
  group: 'tax',
  signals: [{ pattern: /\bSSA-?1099\b/i, weight: 6 }, { pattern: /social security benefit statement/i, weight: 4 }, { pattern: /net benefits/i, weight: 1 }],
  fields: [
    personName('beneficiary_name', [/(box 1\.?\s*)?name\b/i, /beneficiary'?s name/i]),
    { name: 'beneficiary_ssn', kind: 'ssn', labels: [/beneficiary'?s social security number/i], required: false, pii: true, role: 'ssn' },
    taxYear(),
    amount('net_benefits', [/(box 5\.?\s*)?net benefits/i], { period: 'annual' }),
  ],
});

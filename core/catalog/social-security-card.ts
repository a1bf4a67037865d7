import { personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const socialSecurityCard = defineDocumentType({
  type: 'social_security_card',
  sparseText: true,
  title: 'Social Security card',
  group: 'identity',
  signals: [{ pattern: /this number has been established for/i, weight: 6 }, { pattern: /^\s*social security\s*$/im, weight: 3 }],
  fields: [
    personName('full_name', [/established for/i]),
    { name: 'ssn', kind: 'ssn', labels: [/social security/i], required: true, pii: true, role: 'ssn', byShape: { pattern: /^\d{3}-\d{2}-\d{4}$/ } },
  ],
});

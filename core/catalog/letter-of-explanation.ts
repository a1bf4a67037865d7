import { date, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const letterOfExplanation = defineDocumentType({
  type: 'letter_of_explanation',
  title: 'Letter of explanation',
  group: 'correspondence',
  signals: [{ pattern: /letter of explanation/i, weight: 5 }, { pattern: /\bLOE\b/, weight: 2 }, { pattern: /\bexplanation (of|for|regarding)\b/i, weight: 2 }],
  fields: [date('letter_date', [/^date\b/i], { role: 'signed' }), personName('borrower_name', [/borrower'?s? name/i, /^borrower\b/i, /^from\b/i])],
});

import { ADDRESS_SHAPE, amount, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1008 = defineDocumentType({
  type: 'form_1008',
  title: 'Uniform Underwriting and Transmittal Summary (Form 1008)',
  group: 'application',
  signals: [{ pattern: /uniform underwriting and transmittal summary/i, weight: 6 }, { pattern: /transmittal summary/i, weight: 3 }, { pattern: /\b(form\s*)?1008\b/i, weight: 2 }],
  fields: [
    personName('borrower_name', [/borrower name/i, /^borrower\b/i]),
    text('property_address', [/property address/i], { validate: ADDRESS_SHAPE }),
    amount('appraised_value', [/appraised value/i]),
    text('note_rate', [/note rate/i], { validate: /^\d{1,2}(\.\d+)?\s?%$/ }),
    amount('loan_amount', [/loan amount/i]),
    amount('total_monthly_income', [/total income/i], { period: 'monthly' }),
  ],
});

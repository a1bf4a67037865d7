import { ADDRESS_SHAPE, amount, date, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const appraisal = defineDocumentType({
  type: 'appraisal',
  title: 'Appraisal report',
  group: 'property',
  signals: [
    { pattern: /uniform residential appraisal report/i, weight: 6 },
    { pattern: /appraisal report/i, weight: 4 },
    { pattern: /appraised value|opinion of (the )?market value/i, weight: 3 },
    { pattern: /\bappraiser\b/i, weight: 2 },
  ],
  fields: [
    text('property_address', [/property address|subject property/i], { validate: ADDRESS_SHAPE }),
    personName('borrower_name', [/^borrower\b/i, /borrower name/i]),
    amount('appraised_value', [/appraised value|market value.{0,30}\bis\b|opinion of (the )?market value/i]),
    date('effective_date', [/effective date/i]),
    { name: 'appraiser_name', kind: 'text', labels: [/appraiser'?s? name|^appraiser\b/i], required: false },
  ],
});

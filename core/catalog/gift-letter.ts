import { ADDRESS_SHAPE, amount, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const giftLetter = defineDocumentType({
  type: 'gift_letter',
  title: 'Gift letter',
  group: 'assets',
  signals: [
    { pattern: /gift letter/i, weight: 5 },
    { pattern: /no repayment|not (a loan|to be repaid)|does not have to be repaid/i, weight: 3 },
    { pattern: /\bdonor\b/i, weight: 2 },
  ],
  fields: [
    // The donor is a third party, not a borrower: no role, so the name rules leave it alone.
    { ...personName('donor_name', [/donor'?s? name/i, /^donor\b/i]), role: undefined },
    amount('gift_amount', [/amount of (the )?gift/i, /gift amount/i]),
    personName('recipient_name', [/recipient'?s? name/i, /^recipient\b/i, /borrower'?s? name/i]),
    text('property_address', [/property address/i], { validate: ADDRESS_SHAPE }),
  ],
});

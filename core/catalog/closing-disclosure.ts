import { ADDRESS_SHAPE, amount, date, orgName, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const closingDisclosure = defineDocumentType({
  type: 'closing_disclosure',
  title: 'Closing Disclosure',
  group: 'disclosure',
  signals: [{ pattern: /closing disclosure/i, weight: 6 }, { pattern: /closing information/i, weight: 2 }, { pattern: /transaction information/i, weight: 1 }, { pattern: /cash to close/i, weight: 1 }],
  fields: [
    personName('borrower_name', [/^borrowers?\b/i]),
    { ...personName('seller_name', [/^sellers?\b/i], { required: false }), role: undefined },
    orgName('lender_name', [/^lender\b/i]),
    date('date_issued', [/date issued/i]),
    date('closing_date', [/closing date/i]),
    text('property_address', [/^property\b/i], { validate: ADDRESS_SHAPE }),
    amount('sale_price', [/sale price/i]),
    amount('loan_amount', [/loan amount/i]),
    text('interest_rate', [/interest rate/i], { validate: /^\d{1,2}(\.\d+)?\s?%$/ }),
    amount('monthly_principal_interest', [/monthly principal & interest/i, /principal & interest/i]),
    amount('cash_to_close', [/cash to close/i]),
    text('loan_id', [/loan id ?#?/i]),
  ],
});

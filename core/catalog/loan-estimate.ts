import { ADDRESS_SHAPE, amount, date, orgName, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const loanEstimate = defineDocumentType({
  type: 'loan_estimate',
  title: 'Loan Estimate',
  group: 'disclosure',
  signals: [{ pattern: /\bloan estimate\b/i, weight: 5 }, { pattern: /projected payments/i, weight: 2 }, { pattern: /estimated cash to close/i, weight: 2 }, { pattern: /estimated closing costs/i, weight: 1 }],
  fields: [
    personName('borrower_name', [/applicants?\b/i, /borrowers?\b/i]),
    orgName('lender_name', [/lender/i]),
    date('date_issued', [/date issued/i]),
    text('property_address', [/^property\b/i], { validate: ADDRESS_SHAPE }),
    amount('sale_price', [/sale price/i, /est\.? prop\.? value/i]),
    amount('loan_amount', [/loan amount/i]),
    text('interest_rate', [/interest rate/i], { validate: /^\d{1,2}(\.\d+)?\s?%$/ }),
    amount('monthly_principal_interest', [/monthly principal & interest/i, /principal & interest/i]),
    amount('cash_to_close', [/estimated cash to close/i, /cash to close/i]),
    text('loan_id', [/loan id ?#?/i]),
  ],
});

import { ADDRESS_SHAPE, amount, date, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const purchaseContract = defineDocumentType({
  type: 'purchase_contract',
  title: 'Purchase agreement',
  group: 'property',
  signals: [{ pattern: /(residential )?(real estate )?purchase (and sale )?(agreement|contract)/i, weight: 5 }, { pattern: /earnest money/i, weight: 3 }, { pattern: /\bbuyers?\b.{0,80}\bsellers?\b/is, weight: 1 }],
  fields: [
    personName('buyer_name', [/buyers?\b/i]),
    { ...personName('seller_name', [/sellers?\b/i], { required: false }), role: undefined },
    text('property_address', [/property address|property:/i], { validate: ADDRESS_SHAPE }),
    amount('purchase_price', [/purchase price/i]),
    amount('earnest_money', [/earnest money( deposit)?/i]),
    date('contract_date', [/contract date|date of (this )?agreement|effective date/i]),
  ],
});

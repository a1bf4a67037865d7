import { ADDRESS_SHAPE, amount, personName, taxYear, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const scheduleE = defineDocumentType({
  type: 'schedule_e',
  title: 'Schedule E (Form 1040), Supplemental Income and Loss',
  group: 'tax',
  signals: [{ pattern: /supplemental income and loss/i, weight: 6 }, { pattern: /\bschedule e\b/i, weight: 3 }, { pattern: /rents received/i, weight: 2 }],
  fields: [
    taxYear(),
    personName('taxpayer_name', [/name\(?s\)? shown on return/i]),
    text('property_address', [/physical address of each property/i], { validate: ADDRESS_SHAPE }),
    amount('rents_received', [/rents received/i]),
    amount('total_expenses', [/total expenses/i]),
    amount('net_rental_income', [/total rental real estate and royalty income/i, /income or \(loss\)/i], { period: 'annual' }),
  ],
});

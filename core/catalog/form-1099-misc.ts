import { formTitle, INFORMATION_RETURN_LABELS, informationReturnFields, TRANSMITTAL } from './information-return.js';
import { amount } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1099Misc = defineDocumentType({
  type: '1099_misc',
  title: 'Form 1099-MISC, Miscellaneous Information',
  group: 'tax',
  signals: [formTitle('1099-MISC'), { pattern: /miscellaneous (income|information)/i, weight: 2 }, { pattern: /\broyalties\b/i, weight: 1 }],
  notSignals: [TRANSMITTAL],
  formLabels: INFORMATION_RETURN_LABELS,
  fields: informationReturnFields([
    amount('rents', [/(box )?1 rents/i, /^rents\b/i], { period: 'annual' }),
    amount('royalties', [/(box )?2 royalties/i]),
    amount('other_income', [/(box )?3 other income/i, /other income/i], { period: 'annual' }),
  ]),
});

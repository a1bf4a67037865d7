import { formTitle, INFORMATION_RETURN_LABELS, informationReturnFields, TRANSMITTAL } from './information-return.js';
import { amount } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1099Int = defineDocumentType({
  type: '1099_int',
  title: 'Form 1099-INT, Interest Income',
  group: 'tax',
  signals: [formTitle('1099-INT'), { pattern: /interest income/i, weight: 2 }, { pattern: /early withdrawal penalty/i, weight: 1 }],
  notSignals: [TRANSMITTAL],
  formLabels: INFORMATION_RETURN_LABELS,
  fields: informationReturnFields([
    amount('interest_income', [/(box )?1 interest income/i, /interest income/i], { period: 'annual' }),
    amount('federal_tax_withheld', [/(box )?4 federal income tax withheld/i, /federal income tax withheld/i], { role: 'withheld' }),
  ]),
});

import { formTitle, INFORMATION_RETURN_LABELS, informationReturnFields, TRANSMITTAL } from './information-return.js';
import { amount } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1099Nec = defineDocumentType({
  type: '1099_nec',
  title: 'Form 1099-NEC, Nonemployee Compensation',
  group: 'tax',
  signals: [formTitle('1099-NEC'), { pattern: /nonemployee compensation/i, weight: 3 }],
  notSignals: [TRANSMITTAL],
  formLabels: INFORMATION_RETURN_LABELS,
  fields: informationReturnFields([amount('nonemployee_compensation', [/(box )?1 nonemployee compensation/i, /nonemployee compensation/i], { period: 'annual' })]),
});

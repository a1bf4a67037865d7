import { formTitle, INFORMATION_RETURN_LABELS, informationReturnFields, TRANSMITTAL } from './information-return.js';
import { amount, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1099R = defineDocumentType({
  type: '1099_r',
  title: 'Form 1099-R, Distributions From Pensions, Annuities, Retirement Plans, IRAs',
  group: 'tax',
  signals: [formTitle('1099-R'), { pattern: /distributions from pensions/i, weight: 3 }, { pattern: /gross distribution/i, weight: 2 }],
  notSignals: [TRANSMITTAL],
  formLabels: INFORMATION_RETURN_LABELS,
  fields: informationReturnFields([
    amount('gross_distribution', [/(box )?1 gross distribution/i, /gross distribution/i], { period: 'annual' }),
    amount('taxable_amount', [/(box )?2a taxable amount/i, /taxable amount/i]),
    text('distribution_code', [/(box )?7 distribution code\(?s?\)?/i, /distribution code/i], { validate: /^[0-9A-Z]{1,2}$/ }),
  ]),
});

import { formTitle, INFORMATION_RETURN_LABELS, informationReturnFields, TRANSMITTAL } from './information-return.js';
import { amount } from './shapes.js';
import { defineDocumentType } from './spec.js';

export const form1099Div = defineDocumentType({
  type: '1099_div',
  title: 'Form 1099-DIV, Dividends and Distributions',
  group: 'tax',
  signals: [formTitle('1099-DIV'), { pattern: /dividends and distributions/i, weight: 2 }, { pattern: /ordinary dividends/i, weight: 2 }],
  notSignals: [TRANSMITTAL],
  formLabels: INFORMATION_RETURN_LABELS,
  fields: informationReturnFields([
    amount('ordinary_dividends', [/(box )?1a total ordinary dividends/i, /total ordinary dividends/i], { period: 'annual' }),
    amount('qualified_dividends', [/(box )?1b qualified dividends/i, /qualified dividends/i]),
  ]),
});

import { EMPLOYER_SHAPE, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** An employer's letter or a verification service's report confirming employment (and often income). */
export const voeLetter = defineDocumentType({
  type: 'voe_letter',
  title: 'Verification of employment letter',
  group: 'income',
  signals: [
    { pattern: /verification of (income and )?employment|employment verification/i, weight: 5 },
    { pattern: /verification (report|services|type)|verified on|\bVOE\b|\bVOIE?\b/i, weight: 3 },
    { pattern: /to whom it may concern/i, weight: 1 },
    { pattern: /employed (with|by|at)|\b(joined|hired by|worked for)\b|date of hire|hire date/i, weight: 2 },
    { pattern: /\b(base|annual) (pay|salary)\b|rate of pay/i, weight: 1 },
    { pattern: /employment (and|&) income|income report|employment information/i, weight: 3 },
  ],
  fields: [
    {
      name: 'employer_name',
      kind: 'text',
      labels: [/employer name/i, /employer\b/i],
      patterns: [/has been employed by (?<value>.+?) since\b/i, /employee, (?<value>.+?) verifies that/i],
      required: true,
      validate: EMPLOYER_SHAPE,
      role: 'employer',
    },
    {
      ...personName('employee_name', [/employee name/i, /^employee\b(?!\s*(?:id\b|#))/i]),
      patterns: [/confirms that (?<value>.+?) has been employed/i, /verifies that (?<value>.+?) holds the position/i],
    },
    { name: 'hire_date', kind: 'date', labels: [/hire date/i, /start date/i, /employed since/i], patterns: [/\bsince (?<value>\w+ \d{1,2}, \d{4}|\d{1,2}\/\d{1,2}\/\d{4})/i], required: false },
    { name: 'annual_salary', kind: 'money', labels: [/annual (base )?salary/i, /base salary/i, /annual (base )?pay/i], patterns: [/salary(?: is|:)? (?<value>\$[\d,]+(?:\.\d{2})?)/i], required: false, role: 'income', period: 'annual' },
  ],
});

import { EIN_SHAPE, EMPLOYER_SHAPE, MALFORMED_EIN, personName } from './shapes.js';
import { defineDocumentType } from './spec.js';

/** Form W-2: the employer's annual statement of wages and the taxes withheld from them. */
export const w2 = defineDocumentType({
  type: 'w2',
  title: 'Form W-2, Wage and Tax Statement',
  group: 'income',
  requiredFor: { employment: ['salaried'] },
  signals: [
    { pattern: /wage and tax statement/i, weight: 5 },
    { pattern: /\bw-?2\b/i, weight: 2 },
    { pattern: /wages, tips, other comp/i, weight: 3 },
    { pattern: /employer identification number|\bEIN\b/i, weight: 1 },
  ],
  notSignals: [/\bW-?3\b.{0,40}transmittal of wage/i],
  // The boxes Docket does not read: a value beside "6 Medicare tax withheld" is never "8 Allocated tips".
  formLabels: [
    /^(social security tips|allocated tips|dependent care benefits|nonqualified plans|see instructions for box 12|statutory employee|retirement plan|third-party sick pay)/i,
    /^(local wages|local income tax|locality name|employer'?s state id|control number|verification code|suff\.?\b)/i,
  ],
  fields: [
    { name: 'tax_year', kind: 'year', labels: [/tax year/i, /\bform w-?2\b/i, /^w-?2\b/i], required: true },
    { name: 'employer_name', kind: 'text', labels: [/employer'?s name, address,? and zip code/i, /employer'?s name/i, /employer name/i, /^company( name)?\b/i], required: true, validate: EMPLOYER_SHAPE, role: 'employer' },
    { name: 'employer_ein', kind: 'text', labels: [/employer identification number(\s*\(EIN\))?/i, /employer id (number|no\.?)(\s*\(EIN\))?/i, /\bEIN\b:?/i], required: false, validate: EIN_SHAPE, malformed: MALFORMED_EIN, role: 'tin' },
    personName('employee_name', [/employee'?s (first )?name( and initial)?/i, /employee name/i, /^employee\b/i]),
    { name: 'employee_ssn', kind: 'ssn', labels: [/employee'?s social security number/i, /employee'?s soc\.? ?sec\.? (no\.?|number)/i, /employee'?s ssn/i, /\bssn\b/i], required: false, pii: true, role: 'ssn' },
    { name: 'wages', kind: 'money', labels: [/(box )?[1Il|] wages,? tips[,.]? other(?: |-)comp\w*/i, /wages,? tips[,.]? other(?: |-)comp\w*/i], required: true, role: 'income', period: 'annual' },
    { name: 'federal_tax_withheld', kind: 'money', labels: [/(box )?2 federal income tax withheld/i, /federal income tax withheld/i], required: false, role: 'withheld' },
    { name: 'social_security_wages', kind: 'money', labels: [/(box )?3 social security wages/i, /social security wages/i], required: false, role: 'ss_wages' },
    { name: 'social_security_tax', kind: 'money', labels: [/(box )?4 social security tax withheld/i, /social security tax withheld/i], required: false, role: 'ss_tax' },
    { name: 'medicare_wages', kind: 'money', labels: [/(box )?5 medicare wages and tips/i, /medicare wages( and tips)?/i], required: false, role: 'medicare_wages' },
    { name: 'medicare_tax', kind: 'money', labels: [/(box )?6 medicare tax withheld/i, /medicare tax withheld/i], required: false, role: 'medicare_tax' },
    // Boxes 16 and 17: the state's wages and tax (a W-2 with several states prints a row for each; the first is read).
    { name: 'state_wages', kind: 'money', labels: [/(box )?16 state wages,? tips,? etc\.?/i, /state wages,? tips,? etc\.?/i, /state wages/i], required: false },
    { name: 'state_income_tax', kind: 'money', labels: [/(box )?17 state income tax/i, /state income tax/i], required: false },
  ],
});

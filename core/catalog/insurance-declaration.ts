import { ADDRESS_SHAPE, amount, date, orgName, personName, text } from './shapes.js';
import { defineDocumentType } from './spec.js';

/**
 * The declarations page of a homeowners (hazard, flood) policy on the property. Car insurance shares the form's words
 * but covers no collateral: it is not this type.
 */
export const insuranceDeclaration = defineDocumentType({
  type: 'insurance_declaration',
  title: 'Homeowners insurance declarations page',
  group: 'property',
  signals: [
    { pattern: /(homeowners?|dwelling|hazard|property|flood)('?s)? (insurance )?(policy )?declarations?/i, weight: 5 },
    { pattern: /evidence of (commercial )?property insurance/i, weight: 5 },
    { pattern: /(homeowners?|hazard|flood|property) (insurance|policy)/i, weight: 3 },
    { pattern: /\bdwelling\b|coverage a\b|other structures|loss of use/i, weight: 3 },
    { pattern: /declarations? page|policy declarations/i, weight: 1 },
    { pattern: /named insured/i, weight: 1 },
    { pattern: /\bpremium\b/i, weight: 1 },
  ],
  notSignals: [/\b(auto(mobile)?|vehicle|motorcycle)\s+(policy|insurance|coverage|declarations?)\b|\bVIN\b|bodily injury liability/i],
  fields: [
    personName('insured_name', [/named insureds?/i, /^insureds?\b/i]),
    orgName('insurer_name', [/insurer|insurance company|underwritten by|company/i]),
    text('policy_number', [/policy (number|no)/i], { validate: /^[A-Z0-9-]{5,}$/i }),
    text('property_address', [/property address|insured location|location of (insured )?property/i], { validate: ADDRESS_SHAPE }),
    date('effective_date', [/effective date|policy period|policy effective/i]),
    date('expiration_date', [/expiration date|expires/i, /policy period/i], { take: 'last', role: 'expires' }),
    amount('dwelling_coverage', [/dwelling|coverage a/i]),
    amount('annual_premium', [/(total )?annual premium|total premium/i]),
  ],
});

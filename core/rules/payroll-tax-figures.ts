import type { FactDocument, FactField } from './packet-facts.js';
import { fieldsWithRole } from './packet-people.js';
import { describeDoc, fieldEvidence, formatMoney, listText, makeFinding, SURE_OCR_CONFIDENCE, textOf, type Rule, type RuleFinding } from './rule.js';

/**
 * The numbers on a wage statement that must hold together (guideline 3.3, totals that do not add up): tax withheld
 * is never more than the pay it is withheld from; social security tax is 6.2% of social security wages, which stop at
 * the year's wage base; Medicare tax is 1.45% of Medicare wages (2.35% on the part above $200,000). The fields are
 * found by their catalog roles, so any type that prints these boxes is checked.
 */

/** The social security wage base by tax year (SSA's published contribution and benefit base). */
export const SOCIAL_SECURITY_WAGE_BASE: Readonly<Record<number, number>> = {
  2013: 113_700, 2014: 117_000, 2015: 118_500, 2016: 118_500, 2017: 127_200, 2018: 128_400, 2019: 132_900,
  2020: 137_700, 2021: 142_800, 2022: 147_000, 2023: 160_200, 2024: 168_600, 2025: 176_100, 2026: 184_500,
};
export const SOCIAL_SECURITY_RATE = 0.062;
export const MEDICARE_RATE = 0.0145;
/** Additional Medicare tax (0.9%) withheld on wages above this. */
export const ADDITIONAL_MEDICARE_THRESHOLD = 200_000;
export const ADDITIONAL_MEDICARE_RATE = 0.009;

const byRole = {
  income: fieldsWithRole('income'),
  withheld: fieldsWithRole('withheld'),
  ssWages: fieldsWithRole('ss_wages'),
  ssTax: fieldsWithRole('ss_tax'),
  medicareWages: fieldsWithRole('medicare_wages'),
  medicareTax: fieldsWithRole('medicare_tax'),
};

/** The amount a role's field holds on the document, with the field; undefined when absent, not an amount, or unsure. */
function amountOf(doc: FactDocument, fields: Partial<Record<string, string>>): { field: FactField; amount: number } | undefined {
  const name = fields[doc.type];
  const field = name ? doc.fields[name] : undefined;
  const amount = field?.normalized ? Number(field.normalized) : NaN;
  if (!field || !Number.isFinite(amount)) return undefined;
  return field.source === 'ocr' && field.confidence < SURE_OCR_CONFIDENCE ? undefined : { field, amount };
}

export interface WithholdingParams {
  /** Dollars of slack before withholding counts as above the pay. */
  tolerance: number;
}

/** Withholding above wages (a W-2 whose box 2 exceeds box 1): the figures cannot both be right. */
export const withholdingWithinWagesRule: Rule<WithholdingParams> = {
  id: 'withholding-within-wages',
  version: 1,
  title: 'Tax withheld is not more than the pay it is withheld from',
  severity: 'critical',
  code: 'w2_withholding_exceeds_wages',
  reads: Object.keys(byRole.withheld).map((type) => ({ type: type as FactDocument['type'], fields: [byRole.withheld[type as keyof typeof byRole.withheld]!, byRole.income[type as keyof typeof byRole.income]!].filter(Boolean) })),
  params: { tolerance: 1 },
  citation: { topic: 'Alterations and inconsistent documents', section: '3.3' },
  evaluate(facts, params) {
    const findings: RuleFinding[] = [];
    for (const doc of facts.documents.filter((d) => d.readable)) {
      const withheld = amountOf(doc, byRole.withheld);
      const income = amountOf(doc, byRole.income);
      if (!withheld || !income || withheld.amount <= income.amount + params.tolerance) continue;
      findings.push(
        makeFinding(withholdingWithinWagesRule, {
          docs: [doc],
          message: `The ${describeDoc(doc)} shows ${formatMoney(withheld.amount)} of federal income tax withheld on ${formatMoney(income.amount)} of pay: more than the pay itself. Obtain a corrected form or the employer's payroll record before relying on it.`,
          evidence: [fieldEvidence(doc, income.field), fieldEvidence(doc, withheld.field)],
        }),
      );
    }
    return { findings, skipped: [] };
  },
};

export interface PayrollTaxParams {
  /** Relative slack on a computed tax (rounding, a cent per pay period). */
  relativeTolerance: number;
  /** Dollars of slack on a computed tax. */
  absoluteTolerance: number;
}

/** Social security and Medicare boxes against their rates and the wage base of the year. */
export const payrollTaxRatesRule: Rule<PayrollTaxParams> = {
  id: 'payroll-tax-rates',
  version: 1,
  title: 'Social security and Medicare tax match their wages and rates',
  severity: 'warning',
  code: 'payroll_tax_mismatch',
  reads: Object.keys(byRole.ssTax).map((type) => ({ type: type as FactDocument['type'], fields: ['tax_year', ...[byRole.ssWages, byRole.ssTax, byRole.medicareWages, byRole.medicareTax].map((r) => r[type as keyof typeof r]!).filter(Boolean)] })),
  params: { relativeTolerance: 0.005, absoluteTolerance: 1 },
  citation: { topic: 'Alterations and inconsistent documents', section: '3.3' },
  evaluate(facts, params) {
    const findings: RuleFinding[] = [];
    const off = (want: number, got: number) => Math.abs(want - got) > Math.max(params.absoluteTolerance, want * params.relativeTolerance);
    for (const doc of facts.documents.filter((d) => d.readable)) {
      const problems: string[] = [];
      const evidence = [];
      const ssWages = amountOf(doc, byRole.ssWages);
      const ssTax = amountOf(doc, byRole.ssTax);
      const year = Number(textOf(doc, 'tax_year'));
      const base = SOCIAL_SECURITY_WAGE_BASE[year];
      if (ssWages && base !== undefined && ssWages.amount > base + params.absoluteTolerance) {
        problems.push(`social security wages of ${formatMoney(ssWages.amount)} are above ${year}'s wage base of ${formatMoney(base)}`);
        evidence.push(fieldEvidence(doc, ssWages.field));
      }
      if (ssWages && ssTax) {
        const want = Math.min(ssWages.amount, base ?? Infinity) * SOCIAL_SECURITY_RATE;
        if (off(want, ssTax.amount)) {
          problems.push(`social security tax of ${formatMoney(ssTax.amount)} where 6.2% of the wages is ${formatMoney(want)}`);
          evidence.push(fieldEvidence(doc, ssWages.field), fieldEvidence(doc, ssTax.field));
        }
      }
      const mWages = amountOf(doc, byRole.medicareWages);
      const mTax = amountOf(doc, byRole.medicareTax);
      if (mWages && mTax) {
        const low = mWages.amount * MEDICARE_RATE;
        const high = low + Math.max(0, mWages.amount - ADDITIONAL_MEDICARE_THRESHOLD) * ADDITIONAL_MEDICARE_RATE;
        if ((mTax.amount < low && off(low, mTax.amount)) || (mTax.amount > high && off(high, mTax.amount))) {
          problems.push(`Medicare tax of ${formatMoney(mTax.amount)} where 1.45% of the wages is ${formatMoney(low)}`);
          evidence.push(fieldEvidence(doc, mWages.field), fieldEvidence(doc, mTax.field));
        }
      }
      if (!problems.length) continue;
      findings.push(
        makeFinding(payrollTaxRatesRule, {
          docs: [doc],
          message: `On the ${describeDoc(doc)}: ${listText(problems)}. Figures that do not follow the payroll tax rates suggest an altered or mistyped form; obtain the employer's record or an IRS wage transcript.`,
          evidence,
        }),
      );
    }
    return { findings, skipped: [] };
  },
};

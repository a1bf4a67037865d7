import type { FactDocument, FactField } from './packet-facts.js';
import { describeDoc, fieldEvidence, formatMoney, makeFinding, SURE_OCR_CONFIDENCE, type Rule, type RuleFinding } from './rule.js';
import { CATALOG } from '../document-types.js';

export interface PayStubYtdParams {
  /** Dollars of slack (rounding). */
  tolerance: number;
  /** Most pay periods a year can hold (weekly pay): year-to-date pay above this many times the period's is no total. */
  maxPeriodsPerYear: number;
  /** An OCR'd figure is judged only when read at least this sure: a misread digit is the page's finding. */
  minOcrConfidence: number;
}

/** Each catalog type's current-period and year-to-date income fields (roles income with their periods). */
const PAIRS = CATALOG.flatMap((s) => {
  const current = s.fields.find((f) => f.role === 'income' && f.period === 'pay_period');
  const ytd = s.fields.find((f) => f.role === 'income' && f.period === 'ytd');
  return current && ytd ? [{ type: s.type as string, current: current.name, ytd: ytd.name }] : [];
});

/**
 * Year-to-date pay against the period's (guideline 4.2, read with 3.3): a year-to-date total below the period it
 * includes, or above a whole year of such periods, cannot both be right; one of the figures is mistyped or altered.
 */
export const payStubYtdRule: Rule<PayStubYtdParams> = {
  id: 'pay-stub-ytd',
  version: 1,
  title: 'Year-to-date pay agrees with the pay period',
  severity: 'warning',
  code: 'pay_stub_ytd_mismatch',
  reads: PAIRS.map((p) => ({ type: p.type as FactDocument['type'], fields: [p.current, p.ytd] })),
  params: { tolerance: 1, maxPeriodsPerYear: 53, minOcrConfidence: SURE_OCR_CONFIDENCE },
  citation: { topic: 'Pay stubs', section: '4.2' },
  evaluate(facts, params) {
    const findings: RuleFinding[] = [];
    const sure = (f: FactField) => f.source !== 'ocr' || f.confidence >= params.minOcrConfidence;
    for (const doc of facts.documents.filter((d) => d.readable)) {
      const pair = PAIRS.find((p) => p.type === doc.type);
      const current = pair && doc.fields[pair.current];
      const ytd = pair && doc.fields[pair.ytd];
      const c = Number(current?.normalized);
      const y = Number(ytd?.normalized);
      if (!current || !ytd || !current.normalized || !ytd.normalized || !(c > 0) || !(y > 0) || !sure(current) || !sure(ytd)) continue;
      let why: string | undefined;
      if (y + params.tolerance < c) why = `year-to-date gross pay of ${formatMoney(y)} is less than this period's ${formatMoney(c)}, which it includes`;
      else if (y > c * params.maxPeriodsPerYear + params.tolerance) why = `year-to-date gross pay of ${formatMoney(y)} is more than ${params.maxPeriodsPerYear} periods of ${formatMoney(c)}`;
      if (!why) continue;
      findings.push(
        makeFinding(payStubYtdRule, {
          docs: [doc],
          message: `On the ${describeDoc(doc)}, ${why}. Obtain the employer's payroll record or a corrected stub before using its income.`,
          evidence: [fieldEvidence(doc, current), fieldEvidence(doc, ytd)],
        }),
      );
    }
    return { findings, skipped: [] };
  },
};

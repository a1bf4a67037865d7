import { INCOME_FIGURE_DEFAULTS, incomeFigures, type IncomeFigure } from './income-figures.js';
import { packetPeople } from './packet-people.js';
import { listText, makeFinding, type Rule } from './rule.js';

export interface IncomeConsistencyParams {
  /** Largest difference tolerated between two figures, relative to the lower one (0.10 = 10%). */
  tolerance: number;
  defaultPeriodsPerYear: number;
  ytdMinDayOfYear: number;
  currentStubWindowDays: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * An OCR'd figure this many times above or below every other figure, while those agree among themselves, is a
 * misread (a dropped decimal point, a digit read twice: "$55,341.67" for "$5,341.67"), not a claim about income: it
 * is left out and the rule says so. A figure read from a text layer is never left out: a stated income ten times the
 * documented one is exactly what an underwriter must see.
 */
const MISREAD_FACTOR = 5;

function readByOcr(f: IncomeFigure): boolean {
  return f.evidence.some((e) => e.field !== undefined && f.docs.find((d) => d.documentId === e.documentId)?.fields[e.field]?.source === 'ocr');
}

/** The OCR'd figures that are misreads by the test above; the rest are compared. */
function misreadFigures(figures: IncomeFigure[], tolerance: number): IncomeFigure[] {
  if (figures.length < 3) return [];
  return figures.filter((f) => {
    if (!readByOcr(f)) return false;
    const others = figures.filter((o) => o !== f);
    const agree = others.every((a) => others.every((b) => Math.abs(a.annual - b.annual) / Math.min(a.annual, b.annual) <= tolerance + a.allowance + b.allowance));
    return agree && others.every((o) => f.annual > o.annual * MISREAD_FACTOR || f.annual * MISREAD_FACTOR < o.annual);
  });
}
const LABEL: Record<IncomeFigure['source'], string> = {
  application: 'application',
  w2: 'W-2',
  pay_stub_current: 'pay stub current',
  pay_stub_ytd: 'pay stub year-to-date',
  voe: 'verification of employment',
};

/**
 * Income consistency (guideline 4.4): every pair of the borrower's income figures must agree within the tolerance of
 * the lower one. The guide's own threshold is 5%; the default here is 10% because the latest W-2 is last year's pay,
 * before this year's raise. One finding per packet, naming every figure and every pair that disagrees.
 */
export const incomeConsistencyRule: Rule<IncomeConsistencyParams> = {
  id: 'income-consistency',
  version: 2,
  title: 'Income agrees across the application, W-2, pay stub and verification of employment',
  severity: 'warning',
  code: 'income_mismatch',
  reads: [
    { type: 'urla_1003', fields: ['monthly_income'] },
    { type: 'w2', fields: ['tax_year', 'wages', 'employer_name', 'employee_name'] },
    { type: 'pay_stub', fields: ['pay_date', 'pay_period_end', 'gross_pay_current', 'gross_pay_ytd', 'employer_name', 'employee_name'] },
    { type: 'voe_letter', fields: ['annual_salary', 'employer_name', 'employee_name'] },
  ],
  params: { tolerance: 0.1, ...INCOME_FIGURE_DEFAULTS },
  citation: { topic: 'Reconciling income across documents', section: '4.4' },
  evaluate(facts, params) {
    const all = incomeFigures(facts, packetPeople(facts), params);
    const misread = misreadFigures(all, params.tolerance);
    const figures = all.filter((f) => !misread.includes(f));
    const skipped = misread.map((f) => ({ ruleId: incomeConsistencyRule.id, reason: `${LABEL[f.source]} figure left out: read by OCR and ${MISREAD_FACTOR}x off every other figure (a misread)` }));
    if (figures.length < 2) {
      return { findings: [], skipped: [...skipped, { ruleId: incomeConsistencyRule.id, reason: `only ${figures.length} income figure(s) found; nothing to compare` }] };
    }
    const disagreements: { a: IncomeFigure; b: IncomeFigure; diff: number }[] = [];
    for (let i = 0; i < figures.length; i++) {
      for (let j = i + 1; j < figures.length; j++) {
        const [a, b] = [figures[i]!, figures[j]!];
        const diff = Math.abs(a.annual - b.annual) / Math.min(a.annual, b.annual);
        if (diff > params.tolerance + a.allowance + b.allowance) disagreements.push({ a, b, diff });
      }
    }
    if (!disagreements.length) return { findings: [], skipped };
    const involved = figures.filter((f) => disagreements.some((d) => d.a === f || d.b === f));
    const pairs = disagreements.map((d) => `${LABEL[d.a.source]} vs ${LABEL[d.b.source]} ${pct(d.diff)}`);
    const message =
      `Income does not reconcile within ${pct(params.tolerance)}: ${listText(figures.map((f) => f.detail))}. ` +
      `Differences: ${pairs.join('; ')}. Obtain a written verification of employment explaining the difference and qualify on the supported income.`;
    return {
      findings: [makeFinding(incomeConsistencyRule, { docs: involved.flatMap((f) => f.docs), message, evidence: involved.flatMap((f) => f.evidence) })],
      skipped,
    };
  },
};

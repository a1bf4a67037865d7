import { INCOME_FIGURE_DEFAULTS, incomeFigures, qualifyingMonthlyIncome } from './income-figures.js';
import type { FactDocument, FactTransaction, PacketFacts } from './packet-facts.js';
import { packetPeople } from './packet-people.js';
import { describeDoc, docsOfType, formatMoney, listText, makeFinding, textOf, type Rule, type RuleEvidence } from './rule.js';

export interface LargeDepositsParams {
  /** A deposit above this share of the gross monthly qualifying income is large (0.5 = 50%). */
  fractionOfMonthlyIncome: number;
  /** Descriptions of payroll deposits (case-insensitive regular expressions), which need no sourcing. */
  payrollPatterns: readonly string[];
}

const compile = (patterns: readonly string[]) => patterns.map((p) => new RegExp(p, 'i'));

/** The first distinctive word of the employer's name ("Cobalt" of "Cobalt Ridge Logistics Inc."), as payroll senders print it. */
function employerWord(facts: PacketFacts): RegExp | undefined {
  const app = packetPeople(facts).application;
  const name = app && textOf(app, 'employer_name');
  const word = name?.split(/[^A-Za-z0-9]+/).find((w) => w.length >= 4);
  return word ? new RegExp(`\\b${word}\\b`, 'i') : undefined;
}

/**
 * Large deposits (guideline 5.2): any single deposit other than payroll that exceeds the share of the borrower's gross
 * monthly qualifying income (see qualifyingMonthlyIncome) must be sourced. One finding per packet
 * listing each deposit (amount and date; descriptions may name people and stay out).
 */
export const largeDepositsRule: Rule<LargeDepositsParams> = {
  id: 'large-deposits',
  version: 1,
  title: 'Large deposits are sourced',
  severity: 'warning',
  code: 'large_deposit',
  reads: [
    { type: 'bank_statement', fields: ['transactions', 'statement_period_end'] },
    { type: 'urla_1003', fields: ['monthly_income', 'employer_name'] },
    { type: 'w2', fields: ['wages', 'tax_year'] },
    { type: 'pay_stub', fields: ['gross_pay_current', 'gross_pay_ytd', 'pay_date'] },
    { type: 'voe_letter', fields: ['annual_salary'] },
  ],
  params: {
    fractionOfMonthlyIncome: 0.5,
    payrollPatterns: ['payroll', 'direct dep', '\\bdir dep', 'salary', '\\bwages\\b', 'paycheck', '\\bpayrl\\b'],
  },
  citation: { topic: 'Large deposits', section: '5.2' },
  evaluate(facts, params) {
    const statements = docsOfType(facts, 'bank_statement').filter((d) => d.transactions?.length);
    if (!statements.length) return { findings: [], skipped: [{ ruleId: largeDepositsRule.id, reason: 'no bank statement transactions' }] };
    const monthly = qualifyingMonthlyIncome(incomeFigures(facts, packetPeople(facts), INCOME_FIGURE_DEFAULTS));
    if (monthly === undefined) return { findings: [], skipped: [{ ruleId: largeDepositsRule.id, reason: 'no income figure to measure deposits against' }] };
    const threshold = monthly * params.fractionOfMonthlyIncome;
    const payroll = compile(params.payrollPatterns);
    const employer = employerWord(facts);
    const isPayroll = (t: FactTransaction) => payroll.some((r) => r.test(t.description)) || Boolean(employer?.test(t.description));
    const hits: { doc: FactDocument; t: FactTransaction }[] = [];
    for (const doc of statements) {
      for (const t of doc.transactions!) if (t.amount > threshold && !isPayroll(t)) hits.push({ doc, t });
    }
    if (!hits.length) return { findings: [], skipped: [] };
    const docs = [...new Set(hits.map((h) => h.doc))];
    const items = hits.map(({ doc, t }) => `${formatMoney(t.amount)} on ${t.date}${docs.length > 1 ? ` (${describeDoc(doc)})` : ''}`);
    const message =
      `${hits.length === 1 ? 'A deposit' : `${hits.length} deposits`} of ${listText(items)} exceed${hits.length === 1 ? 's' : ''} ` +
      `${Math.round(params.fractionOfMonthlyIncome * 100)}% of the gross monthly qualifying income ${formatMoney(monthly)} (${formatMoney(threshold)}). ` +
      `Obtain the borrower's written explanation and documentation of the source; unsourced funds are subtracted from verified assets.`;
    const evidence: RuleEvidence[] = hits.map(({ doc, t }) => ({
      documentId: doc.documentId,
      page: t.page,
      ...(t.bbox ? { bbox: t.bbox } : {}),
      field: 'transactions',
      value: `${t.date} ${t.amount.toFixed(2)}`,
    }));
    return { findings: [makeFinding(largeDepositsRule, { docs, message, evidence })], skipped: [] };
  },
};

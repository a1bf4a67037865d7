import { dayNumber } from './calendar.js';
import type { FactDocument } from './packet-facts.js';
import { dateOf, describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, moneyOf, type Rule, type RuleEvidence } from './rule.js';

export interface NsfOverdraftParams {
  /** Transaction descriptions that are an overdraft or NSF charge (case-insensitive regular expressions). */
  patterns: readonly string[];
  /** Any incident this many days before the latest statement's period end needs an explanation... */
  recentDays: number;
  /** ...and so do more than this many incidents within the last 365 days. */
  maxIncidentsPerYear: number;
}

interface Incident {
  doc: FactDocument;
  date: string;
  evidence: RuleEvidence;
}

/**
 * Overdrafts and NSF (guideline 5.3): a negative balance or an overdraft/NSF item on the statements within the most
 * recent `recentDays` of statement history, or more than `maxIncidentsPerYear` incidents (distinct days) in a year,
 * needs the borrower's written explanation. One finding per packet.
 */
export const nsfOverdraftRule: Rule<NsfOverdraftParams> = {
  id: 'nsf-overdraft',
  version: 1,
  title: 'No overdrafts or non-sufficient funds',
  severity: 'warning',
  code: 'nsf_overdraft',
  reads: [{ type: 'bank_statement', fields: ['transactions', 'ending_balance', 'statement_period_end'] }],
  params: {
    patterns: ['\\bnsf\\b', 'non[- ]?sufficient', 'insufficient funds', 'overdraft(?! protection)', 'overdrawn', 'returned item', 'returned check', '\\bod (fee|charge|item)'],
    recentDays: 60,
    maxIncidentsPerYear: 2,
  },
  citation: { topic: 'Overdrafts and non-sufficient funds', section: '5.3' },
  evaluate(facts, params) {
    const statements = docsOfType(facts, 'bank_statement');
    if (!statements.length) return { findings: [], skipped: [] };
    const patterns = params.patterns.map((p) => new RegExp(p, 'i'));
    const incidents: Incident[] = [];
    for (const doc of statements) {
      for (const t of doc.transactions ?? []) {
        if (!(t.balance !== null && t.balance < 0) && !patterns.some((r) => r.test(t.description))) continue;
        incidents.push({
          doc,
          date: t.date,
          evidence: { documentId: doc.documentId, page: t.page, ...(t.bbox ? { bbox: t.bbox } : {}), field: 'transactions', value: `${t.date} ${t.amount.toFixed(2)}` },
        });
      }
      const ending = moneyOf(doc, 'ending_balance');
      const end = dateOf(doc, 'statement_period_end');
      if (ending !== undefined && ending < 0 && end) incidents.push({ doc, date: end, evidence: fieldEvidence(doc, fieldOf(doc, 'ending_balance')!, ending.toFixed(2)) });
    }
    const dated = incidents.filter((i) => dayNumber(i.date) !== undefined);
    if (!dated.length) return { findings: [], skipped: [] };
    const ends = statements.map((d) => dateOf(d, 'statement_period_end')).filter((d): d is string => d !== undefined);
    const latest = Math.max(...[...ends, ...dated.map((i) => i.date)].map((d) => dayNumber(d)!));
    const recent = dated.filter((i) => latest - dayNumber(i.date)! <= params.recentDays);
    const yearDays = new Set(dated.filter((i) => latest - dayNumber(i.date)! <= 365).map((i) => i.date));
    if (!recent.length && yearDays.size <= params.maxIncidentsPerYear) return { findings: [], skipped: [] };
    const docs = [...new Set(dated.map((i) => i.doc))];
    const days = [...new Set(dated.map((i) => i.date))].sort();
    const message =
      `Overdraft or non-sufficient-funds activity on ${days.length === 1 ? '' : `${days.length} days: `}${listText(days)} ` +
      `(${listText(docs.map(describeDoc))}). Obtain the borrower's written explanation.`;
    return { findings: [makeFinding(nsfOverdraftRule, { docs, message, evidence: dated.map((i) => i.evidence) })], skipped: [] };
  },
};

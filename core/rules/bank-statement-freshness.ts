import { daysBetween } from './calendar.js';
import { accountKey, latestStatementPerAccount } from './bank-accounts.js';
import { asOfEvidence, packetPeople } from './packet-people.js';
import { dateOf, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule } from './rule.js';

export interface BankStatementFreshnessParams {
  /** Largest age in calendar days of each account's most recent statement, from its period end to the application date. */
  maxAgeDays: number;
}

/**
 * Bank statement age (guideline 5.1, table in 3.1): each account's most recent statement must end no more than
 * `maxAgeDays` before the application date. One finding per packet listing every stale account (last four digits).
 */
export const bankStatementFreshnessRule: Rule<BankStatementFreshnessParams> = {
  id: 'bank-statement-freshness',
  version: 1,
  title: 'Most recent bank statement is current',
  severity: 'warning',
  code: 'stale_bank_statement',
  reads: [
    { type: 'urla_1003', fields: ['application_date'] },
    { type: 'bank_statement', fields: ['statement_period_end', 'account_number'] },
  ],
  params: { maxAgeDays: 60 },
  citation: { topic: 'Bank statements', section: '5.1' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    if (!people.asOf) return { findings: [], skipped: [{ ruleId: bankStatementFreshnessRule.id, reason: 'no application date or arrival date' }] };
    const statements = docsOfType(facts, 'bank_statement').filter((d) => dateOf(d, 'statement_period_end'));
    const stale = latestStatementPerAccount(statements)
      .map((doc) => ({ doc, age: daysBetween(dateOf(doc, 'statement_period_end')!, people.asOf!.date)! }))
      .filter((s) => s.age > params.maxAgeDays);
    if (!stale.length) return { findings: [], skipped: [] };
    const asOf = asOfEvidence(people);
    const parts = stale.map(({ doc, age }) => {
      const key = accountKey(doc);
      return `${key === '?' ? 'the account' : `account ending ${key}`} (latest period ending ${dateOf(doc, 'statement_period_end')}, ${age} days)`;
    });
    const message =
      `The most recent bank statement for ${listText(parts)} is older than the ${params.maxAgeDays} days the guideline allows before ${asOf.words}. ` +
      `Obtain current statements.`;
    const staleKeys = new Set(stale.map((s) => accountKey(s.doc)));
    const docs = statements.filter((d) => staleKeys.has(accountKey(d)));
    const evidence = [...stale.map(({ doc }) => fieldEvidence(doc, fieldOf(doc, 'statement_period_end')!, dateOf(doc, 'statement_period_end'))), ...asOf.evidence];
    return { findings: [makeFinding(bankStatementFreshnessRule, { docs, message, evidence })], skipped: [] };
  },
};

import { dayNumber } from './calendar.js';
import type { FactDocument } from './packet-facts.js';
import { dateOf, textOf } from './rule.js';

/** Bank statements grouped by account: the last four digits of the account number ("?" when none was read). */
export function accountKey(statement: FactDocument): string {
  return (textOf(statement, 'account_number') ?? '').replace(/\D/g, '').slice(-4) || '?';
}

/** The most recent statement of each account; every statement of an account none of whose statements is dated. */
export function latestStatementPerAccount(statements: readonly FactDocument[]): FactDocument[] {
  const groups = new Map<string, FactDocument[]>();
  for (const s of statements) groups.set(accountKey(s), [...(groups.get(accountKey(s)) ?? []), s]);
  const out: FactDocument[] = [];
  for (const group of groups.values()) {
    const dated = group.filter((s) => dateOf(s, 'statement_period_end'));
    if (!dated.length) out.push(...group);
    else out.push(dated.reduce((a, b) => (dayNumber(dateOf(b, 'statement_period_end')!)! > dayNumber(dateOf(a, 'statement_period_end')!)! ? b : a)));
  }
  return out;
}

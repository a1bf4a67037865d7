import { dayNumber, daysBetween } from './calendar.js';
import type { FactDocument } from './packet-facts.js';
import { asOfEvidence, packetPeople, subjectOf } from './packet-people.js';
import { dateOf, describeDoc, docsOfType, fieldEvidence, fieldOf, makeFinding, type Rule, type RuleFinding } from './rule.js';

export interface PayStubFreshnessParams {
  /** Largest age in calendar days of the most recent pay stub, from its pay date to the application date. */
  maxAgeDays: number;
}

const payDateField = (d: FactDocument) => (dateOf(d, 'pay_date') ? 'pay_date' : dateOf(d, 'pay_period_end') ? 'pay_period_end' : undefined);

/**
 * Pay stub age (guideline 4.2, table in 3.1): each earner's most recent pay stub must be dated no more than
 * `maxAgeDays` before the application date. One finding per earner (borrower, co-borrower) whose stubs are stale.
 */
export const payStubFreshnessRule: Rule<PayStubFreshnessParams> = {
  id: 'pay-stub-freshness',
  version: 1,
  title: 'Most recent pay stub is current',
  severity: 'warning',
  code: 'stale_pay_stub',
  reads: [
    { type: 'urla_1003', fields: ['application_date'] },
    { type: 'pay_stub', fields: ['pay_date', 'pay_period_end', 'employee_name'] },
  ],
  params: { maxAgeDays: 30 },
  citation: { topic: 'Pay stubs', section: '4.2' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    if (!people.asOf) return { findings: [], skipped: [{ ruleId: payStubFreshnessRule.id, reason: 'no application date or arrival date' }] };
    const byEarner = new Map<string, FactDocument[]>();
    for (const stub of docsOfType(facts, 'pay_stub')) {
      if (!payDateField(stub)) continue;
      const who = subjectOf(stub, people) === 'co_borrower' ? 'co-borrower' : 'borrower';
      byEarner.set(who, [...(byEarner.get(who) ?? []), stub]);
    }
    const findings: RuleFinding[] = [];
    const asOf = asOfEvidence(people);
    for (const [who, stubs] of byEarner) {
      const dateOfStub = (d: FactDocument) => dateOf(d, payDateField(d)!)!;
      const latest = stubs.reduce((a, b) => (dayNumber(dateOfStub(b))! > dayNumber(dateOfStub(a))! ? b : a));
      const age = daysBetween(dateOfStub(latest), people.asOf.date)!;
      if (age <= params.maxAgeDays) continue;
      const field = fieldOf(latest, payDateField(latest)!)!;
      const message =
        `The ${who}'s most recent pay stub (${describeDoc(latest)}) was ${age} days old on ${asOf.words}; ` +
        `the guideline allows ${params.maxAgeDays} days. Obtain a current pay stub.`;
      findings.push(makeFinding(payStubFreshnessRule, { docs: stubs, message, evidence: [fieldEvidence(latest, field, dateOfStub(latest)), ...asOf.evidence] }));
    }
    return { findings, skipped: [] };
  },
};

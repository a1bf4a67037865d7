import { daysBetween } from './calendar.js';
import type { FactDocument } from './packet-facts.js';
import { asOfEvidence, packetPeople } from './packet-people.js';
import { dateOf, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule } from './rule.js';

export interface IdExpirationParams {
  /** Days the identification must still be valid after the application date (the note date is not known here). */
  minDaysValid: number;
}

/** Unexpired identification (guideline 2.1): an identification that expires before the application date is not acceptable. */
export const idExpirationRule: Rule<IdExpirationParams> = {
  id: 'id-expiration',
  version: 1,
  title: 'Identification is unexpired',
  severity: 'warning',
  code: 'expired_id',
  reads: [
    { type: 'urla_1003', fields: ['application_date'] },
    { type: 'id_card', fields: ['expiration_date'] },
  ],
  params: { minDaysValid: 0 },
  citation: { topic: 'Acceptable identification', section: '2.1' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    if (!people.asOf) return { findings: [], skipped: [{ ruleId: idExpirationRule.id, reason: 'no application date or arrival date' }] };
    const expired: FactDocument[] = docsOfType(facts, 'id_card').filter((d) => {
      const exp = dateOf(d, 'expiration_date');
      return exp !== undefined && daysBetween(people.asOf!.date, exp)! < params.minDaysValid;
    });
    if (!expired.length) return { findings: [], skipped: [] };
    const asOf = asOfEvidence(people);
    const dates = expired.map((d) => dateOf(d, 'expiration_date')!);
    const when = params.minDaysValid > 0 ? `less than ${params.minDaysValid} days after` : 'before';
    const message =
      `The identification expire${expired.length === 1 ? 's' : ''} on ${listText(dates)}, ${when} ${asOf.words}. ` +
      'Obtain an unexpired government-issued photo identification.';
    const evidence = [...expired.map((d) => fieldEvidence(d, fieldOf(d, 'expiration_date')!, dateOf(d, 'expiration_date'))), ...asOf.evidence];
    return { findings: [makeFinding(idExpirationRule, { docs: expired, message, evidence })], skipped: [] };
  },
};

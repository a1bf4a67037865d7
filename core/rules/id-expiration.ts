import { daysBetween } from './calendar.js';
import type { FactDocument } from './packet-facts.js';
import { CATALOG, type DocumentType } from '../document-types.js';
import { asOfEvidence, packetPeople } from './packet-people.js';
import { dateOf, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule } from './rule.js';

/** Identification documents and the field each gives its expiry in (catalog group identity, role expires). */
const EXPIRY_FIELD: Partial<Record<DocumentType, string>> = Object.fromEntries(
  CATALOG.filter((s) => s.group === 'identity').flatMap((s) => s.fields.filter((f) => f.role === 'expires').slice(0, 1).map((f) => [s.type, f.name])),
);
const ID_TYPES = Object.keys(EXPIRY_FIELD) as DocumentType[];

export interface IdExpirationParams {
  /** Days the identification must still be valid after the application date (the note date is not known here). */
  minDaysValid: number;
}

/**
 * Unexpired identification (guideline 2.1): an identification (driver's licence, state ID, passport: the catalog's
 * identity documents with an expiry) that expires before the application date is not acceptable.
 */
export const idExpirationRule: Rule<IdExpirationParams> = {
  id: 'id-expiration',
  version: 2,
  title: 'Identification is unexpired',
  severity: 'warning',
  code: 'expired_id',
  reads: [{ type: 'urla_1003', fields: ['application_date'] }, ...ID_TYPES.map((type) => ({ type, fields: [EXPIRY_FIELD[type]!] }))],
  params: { minDaysValid: 0 },
  citation: { topic: 'Acceptable identification', section: '2.1' },
  evaluate(facts, params) {
    const people = packetPeople(facts);
    if (!people.asOf) return { findings: [], skipped: [{ ruleId: idExpirationRule.id, reason: 'no application date or arrival date' }] };
    const expiry = (d: FactDocument) => EXPIRY_FIELD[d.type]!;
    const expired: FactDocument[] = docsOfType(facts, ...ID_TYPES).filter((d) => {
      const exp = dateOf(d, expiry(d));
      return exp !== undefined && daysBetween(people.asOf!.date, exp)! < params.minDaysValid;
    });
    if (!expired.length) return { findings: [], skipped: [] };
    const asOf = asOfEvidence(people);
    const dates = expired.map((d) => dateOf(d, expiry(d))!);
    const when = params.minDaysValid > 0 ? `less than ${params.minDaysValid} days after` : 'before';
    const message =
      `The identification expire${expired.length === 1 ? 's' : ''} on ${listText(dates)}, ${when} ${asOf.words}. ` +
      'Obtain an unexpired government-issued photo identification.';
    const evidence = [...expired.map((d) => fieldEvidence(d, fieldOf(d, expiry(d))!, dateOf(d, expiry(d)))), ...asOf.evidence];
    return { findings: [makeFinding(idExpirationRule, { docs: expired, message, evidence })], skipped: [] };
  },
};

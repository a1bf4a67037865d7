import { CATALOG, type DocumentType, type FieldRole } from '../document-types.js';
import { dayNumber, isoDateOf } from './calendar.js';
import { namesMatch, splitHolders } from './name-match.js';
import type { FactDocument, FactField, PacketFacts } from './packet-facts.js';
import { dateOf, docsOfType, fieldEvidence, fieldOf, textOf, type RuleEvidence } from './rule.js';
import { DEFAULT_FUZZY, type FuzzyOptions } from './text-match.js';

/**
 * Who the packet is about and whose each document is. The borrower is named by the application (falling back to
 * the packet event's first applicant); co-borrowers by the application's co-borrower fields and the other applicants.
 * A W-2 or pay stub of a co-borrower is theirs, not a mismatch with the borrower.
 */

/** Each catalog type's field with the given role (its first), by type: where the rules read a person, an SSN, a date. */
export function fieldsWithRole(role: FieldRole): Partial<Record<DocumentType, string>> {
  return Object.fromEntries(CATALOG.flatMap((s) => s.fields.filter((f) => f.role === role).slice(0, 1).map((f) => [s.type, f.name])));
}

/** The field naming the person a document is about, by type (the catalog's `person_name` role). */
export const PERSON_NAME_FIELD: Partial<Record<DocumentType, string>> = fieldsWithRole('person_name');

/** The types that name the person they are about, the application aside (it names the borrower the rest are held to). */
export const PERSON_DOCUMENT_TYPES: DocumentType[] = (Object.keys(PERSON_NAME_FIELD) as DocumentType[]).filter((t) => t !== 'urla_1003');

export interface PacketPeople {
  /** The application the others are compared with (the latest dated readable one). */
  application?: FactDocument;
  borrowerNames: string[];
  coBorrowerNames: string[];
  /** The co-borrower's SSN from the application, when printed. */
  coBorrowerSsn?: FactField;
  /** The date document ages are measured from: the application date, else the packet's arrival. */
  asOf?: { date: string; source: 'application' | 'received' };
}

/**
 * borrower / co_borrower: the name matches. unknown: a name that matches nobody in the packet. unnamed: no name was
 * read (treated as the borrower's where a rule must pick).
 */
export type Subject = 'borrower' | 'co_borrower' | 'unknown' | 'unnamed';

export function primaryApplication(facts: PacketFacts): FactDocument | undefined {
  const apps = docsOfType(facts, 'urla_1003');
  let best: FactDocument | undefined;
  let bestDay = Number.NEGATIVE_INFINITY;
  for (const app of apps) {
    const date = dateOf(app, 'application_date');
    const day = date ? (dayNumber(date) ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
    if (!best || day > bestDay) [best, bestDay] = [app, day];
  }
  return best;
}

export function packetPeople(facts: PacketFacts, options: FuzzyOptions = DEFAULT_FUZZY): PacketPeople {
  const application = primaryApplication(facts);
  const urlaBorrower = application && textOf(application, 'borrower_name');
  const urlaCo = application && textOf(application, 'co_borrower_name');
  const borrowerNames = urlaBorrower ? [urlaBorrower] : [];
  const others: string[] = [];
  // Applicants in the packet event: co-borrowers by role; of those marked (or defaulted to) borrower, the first is
  // the borrower unless the application names them co-borrower, and any other is the borrower only when the
  // application's borrower name says so. A misread name on the application then still has the event's to fall back on.
  let first = true;
  for (const a of facts.applicants) {
    const name = `${a.firstName} ${a.lastName}`;
    const isCo = a.role !== 'borrower' || (urlaCo !== undefined && namesMatch(name, urlaCo, options));
    const sameAsApplication = urlaBorrower !== undefined && namesMatch(name, urlaBorrower, options);
    if (isCo) others.push(name);
    // The application's own spelling (with its middle name) stays the reference when it agrees with the event.
    else if (first && !sameAsApplication) borrowerNames.push(name);
    else if (!sameAsApplication) others.push(name);
    if (a.role === 'borrower') first = false;
  }
  const coBorrowerNames = [...(urlaCo ? [urlaCo] : []), ...others];
  const appDate = application && dateOf(application, 'application_date');
  const received = isoDateOf(facts.asOfDate);
  const asOf = appDate ? { date: appDate, source: 'application' as const } : received ? { date: received, source: 'received' as const } : undefined;
  const coSsn = application && fieldOf(application, 'co_borrower_ssn');
  return { application, borrowerNames, coBorrowerNames, ...(coSsn ? { coBorrowerSsn: coSsn } : {}), ...(asOf ? { asOf } : {}) };
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

/** Whose document this is, by the name it prints (every holder of a joint account is tried). */
export function subjectOf(doc: FactDocument, people: PacketPeople, options: FuzzyOptions = DEFAULT_FUZZY): Subject {
  const fieldName = PERSON_NAME_FIELD[doc.type];
  const name = fieldName ? textOf(doc, fieldName) : undefined;
  if (!name) {
    // No name read: a W-2 carrying the co-borrower's SSN is theirs.
    const ssn = doc.fields.employee_ssn?.normalized;
    if (ssn && people.coBorrowerSsn && digits(ssn) === digits(people.coBorrowerSsn.normalized ?? people.coBorrowerSsn.value)) return 'co_borrower';
    return 'unnamed';
  }
  const holders = doc.type === 'bank_statement' ? splitHolders(name) : [name];
  const is = (names: string[]) => holders.some((h) => names.some((n) => namesMatch(h, n, options)));
  if (is(people.borrowerNames)) return 'borrower';
  if (is(people.coBorrowerNames)) return 'co_borrower';
  return 'unknown';
}

/** Documents of these types that are (or may be) the borrower's: everything but the co-borrowers' own. */
export function borrowerDocs(facts: PacketFacts, people: PacketPeople, types: DocumentType[], options: FuzzyOptions = DEFAULT_FUZZY): FactDocument[] {
  return docsOfType(facts, ...types).filter((d) => subjectOf(d, people, options) !== 'co_borrower');
}

/** The as-of date as evidence and words: the application date, or the packet's arrival when it is undated. */
export function asOfEvidence(people: PacketPeople): { evidence: RuleEvidence[]; words: string } {
  const asOf = people.asOf!;
  const app = people.application;
  const field = app && asOf.source === 'application' ? fieldOf(app, 'application_date') : undefined;
  return {
    evidence: app && field ? [fieldEvidence(app, field, asOf.date)] : [],
    words: asOf.source === 'application' ? `the application date ${asOf.date}` : `${asOf.date}, when the packet arrived (the application is undated)`,
  };
}

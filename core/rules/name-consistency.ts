import type { DocumentType } from '../document-types.js';
import { nameReadings, namesMatch } from './name-match.js';
import type { FactDocument, FactField } from './packet-facts.js';
import { packetPeople, PERSON_DOCUMENT_TYPES, PERSON_NAME_FIELD, subjectOf } from './packet-people.js';
import type { FuzzyOptions } from './text-match.js';
import { describeDoc, docsOfType, fieldEvidence, fieldOf, listText, makeFinding, type Rule } from './rule.js';

export interface NameConsistencyParams {
  /** One-letter OCR slips tolerated in names at least `minLengthForEdits` long. */
  maxEdits: number;
  minLengthForEdits: number;
  /** A name read less sure than this is no evidence of another person (OCR noise on an ID card's photo). */
  minNameConfidence: number;
}

/**
 * Name consistency (guideline 2.2): the person every document is about (the catalog's `person_name` field: employee,
 * account holder, ID holder, named insured, 1099 recipient, taxpayer) must be the borrower or a co-borrower, allowing
 * middle initials, suffixes and "LAST, FIRST" order. Without an application or applicants to hold them to, the
 * documents are held to each other: the person most of them name is taken for the borrower, and each document about
 * someone else is named. One finding per packet naming the documents that differ; the names themselves are in the
 * evidence (with their pages), never in the message: they are PII.
 */
export const nameConsistencyRule: Rule<NameConsistencyParams> = {
  id: 'name-consistency',
  version: 5,
  title: 'Borrower name matches across documents',
  severity: 'warning',
  code: 'name_mismatch',
  reads: Object.entries(PERSON_NAME_FIELD).map(([type, field]) => ({ type: type as DocumentType, fields: type === 'urla_1003' ? [field!, 'co_borrower_name'] : [field!] })),
  params: { maxEdits: 1, minLengthForEdits: 5, minNameConfidence: 0.5 },
  citation: { topic: 'Name consistency', section: '2.2' },
  evaluate(facts, params) {
    const people = packetPeople(facts, params);
    // Only a name that reads as one (a first and a last name), read with some confidence, can show another person.
    const named = docsOfType(facts, ...PERSON_DOCUMENT_TYPES).filter((d) => {
      const f = fieldOf(d, PERSON_NAME_FIELD[d.type]!);
      return f !== undefined && f.confidence >= params.minNameConfidence && nameReadings(f.normalized ?? f.value).length > 0;
    });
    const ocrOptions = (doc: FactDocument, other?: FactField) =>
      // A long name read by OCR on either side may be two letters off ("Undeshall" for Underhill), as for employers.
      other?.source === 'ocr' || fieldOf(doc, PERSON_NAME_FIELD[doc.type]!)?.source === 'ocr' ? { ...params, longTokenEdits: 2, ocrGlyphs: true } : params;
    if (!people.borrowerNames.length) return namesAgainstEachOther(named, ocrOptions);
    const differing: FactDocument[] = [];
    const appNameField = people.application && fieldOf(people.application, 'borrower_name');
    for (const doc of named) if (subjectOf(doc, people, ocrOptions(doc, appNameField)) === 'unknown') differing.push(doc);
    if (!differing.length) return { findings: [], skipped: [] };
    const app = people.application;
    const appName = app && fieldOf(app, 'borrower_name');
    const evidence = [
      ...(app && appName ? [fieldEvidence(app, appName)] : []),
      ...differing.map((d) => fieldEvidence(d, fieldOf(d, PERSON_NAME_FIELD[d.type]!)!)),
    ];
    const message =
      `The name on the ${listText(differing.map(describeDoc))} does not match the borrower${people.coBorrowerNames.length ? ' or co-borrower' : ''} ` +
      `on the application (beyond a middle initial, suffix or name order). Obtain documentation of the name change or a signed name affidavit.`;
    return { findings: [makeFinding(nameConsistencyRule, { docs: [...(app ? [app] : []), ...differing], message, evidence })], skipped: [] };
  },
};

/**
 * No application and no applicants: group the documents by the person they name; the largest group (the first
 * document's on a tie) is the borrower's, every other group is about someone else.
 */
function namesAgainstEachOther(named: FactDocument[], options: (doc: FactDocument, other?: FactField) => FuzzyOptions) {
  if (named.length < 2) return { findings: [], skipped: [{ ruleId: nameConsistencyRule.id, reason: 'no borrower name on the application or the packet, and fewer than two named documents' }] };
  const nameOf = (d: FactDocument) => fieldOf(d, PERSON_NAME_FIELD[d.type]!)!;
  const groups: FactDocument[][] = [];
  for (const doc of named) {
    const group = groups.find((g) => namesMatch(nameOf(g[0]!).normalized ?? nameOf(g[0]!).value, nameOf(doc).normalized ?? nameOf(doc).value, options(doc, nameOf(g[0]!))));
    if (group) group.push(doc);
    else groups.push([doc]);
  }
  if (groups.length < 2) return { findings: [], skipped: [] };
  const main = groups.reduce((best, g) => (g.length > best.length ? g : best), groups[0]!);
  const differing = groups.filter((g) => g !== main).flat();
  const evidence = [fieldEvidence(main[0]!, nameOf(main[0]!)), ...differing.map((d) => fieldEvidence(d, nameOf(d)))];
  const message =
    `The packet has no application to name the borrower, and its documents name ${groups.length} different people: the ` +
    `${listText(differing.map(describeDoc))} ${differing.length > 1 ? 'name' : 'names'} someone other than the ${describeDoc(main[0]!)}. ` +
    `Confirm whose documents these are, or obtain documentation of the name change.`;
  return { findings: [makeFinding(nameConsistencyRule, { docs: [main[0]!, ...differing], message, evidence })], skipped: [] };
}

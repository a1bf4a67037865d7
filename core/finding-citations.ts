import { ALTERATION_CITATION, FindingCodes, LEGIBILITY_CITATION } from './findings.js';
import { CITATION_BY_CODE } from './rules/ruleset.js';
import type { GuidelineCitation } from './rules/rule.js';

/**
 * Every finding cites the lender's guideline: rule findings carry their rule's section (core/rules), and the
 * pipeline's own findings (a document that cannot be read, a page OCR is unsure of, a field not found) cite the
 * section on legible and complete documents here. The passages a finding quotes come from hybrid search over the
 * tenant's ingested guidelines (activities/ground-findings.ts); this file builds the query and the quote, and says
 * which section a finding should have found (the eval's citation accuracy).
 */

/** Citations of the findings the pipeline raises itself (not a rule). */
export const PIPELINE_CITATIONS: Readonly<Record<string, GuidelineCitation>> = {
  [FindingCodes.UNREADABLE_DOCUMENT]: LEGIBILITY_CITATION,
  [FindingCodes.UNCLASSIFIED_DOCUMENT]: LEGIBILITY_CITATION,
  [FindingCodes.MISSING_FIELD]: LEGIBILITY_CITATION,
  [FindingCodes.LOW_OCR_CONFIDENCE]: LEGIBILITY_CITATION,
  [FindingCodes.ILLEGIBLE_PAGE]: LEGIBILITY_CITATION,
  [FindingCodes.POSSIBLE_ALTERATION]: ALTERATION_CITATION,
  // The baseline completeness check (workflows started before the rules) raises missing_document too.
  [FindingCodes.MISSING_DOCUMENT]: { topic: 'Missing documents', section: '7.3' },
};

/** The section a finding code maps to: its rule's, else the pipeline's; undefined for a code nobody maps. */
export function mappedCitation(code: string): GuidelineCitation | undefined {
  return CITATION_BY_CODE[code] ?? PIPELINE_CITATIONS[code];
}

/** The finding's own citation (a rule's), else the one its code maps to. */
export function citationFor(finding: { code: string; citation?: GuidelineCitation | null }): GuidelineCitation | undefined {
  return finding.citation ?? mappedCitation(finding.code);
}

/** A guideline passage as a finding stores and shows it. */
export interface CitedPassage {
  /** Where the guideline document stays (file:// or s3:// URI); only references are stored, never the document. */
  source: string;
  title: string | null;
  /** The section number of the passage's heading ("4.2", "O3"), null when the heading has none. */
  section: string | null;
  /** Headings from the top, e.g. "4 Income > 4.2 Pay stubs". */
  sectionPath: string;
  /** 1-based page for paged sources (PDF); null otherwise. */
  page: number | null;
  /** The sentences of the passage that best match the finding, quoted as written (shortened with an ellipsis). */
  excerpt: string;
  /** Retrieval score (reciprocal rank fusion of full-text and vector ranks): higher is better. */
  score: number;
}

/** What retrieval returns for a passage (connectors/datalake GuidelinePassage has these and more). */
export interface RetrievedPassage {
  sourceUri: string;
  title: string | null;
  sectionPath: string;
  page: number | null;
  content: string;
  score: number;
}

const MAX_QUERY_CHARS = 300;

/**
 * The retrieval query for a finding: the cited topic (the section's heading) and the message's words, without
 * figures, dates, quoted names, field identifiers (`pay_date`, `ssn`) or parenthetical details (they match nothing in a
 * guideline, vary per packet, and pulled "field not found on the pay stub" to the pay-stub section). The section
 * number is left out on purpose: retrieval has to find the section from what it says, and the eval measures whether
 * it did.
 */
export function citationQuery(citation: GuidelineCitation | undefined, message: string): string {
  const words = message
    .replace(/"[^"]*"/g, ' ')
    .replace(/\((?:[^()]|\([^()]*\))*\)/g, ' ')
    .replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, ' ')
    // A one-word field identifier after "field" ("ssn") reads as a topic of its own and pulls the search elsewhere.
    .replace(/\b(field) [a-z][a-z0-9]*\b(?= not\b)/g, '$1')
    .replace(/[$]?\d[\d,./:-]*%?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const query = citation ? `${citation.topic}. ${words}` : words;
  return query.length > MAX_QUERY_CHARS ? query.slice(0, query.lastIndexOf(' ', MAX_QUERY_CHARS)) : query;
}

/** The section number of the last heading in a section path ("4 Income > 4.2 Pay stubs" -> "4.2"). */
export function sectionNumber(sectionPath: string): string | null {
  const last = sectionPath.split(' > ').at(-1)?.trim() ?? '';
  const m = /^([A-Z]?\d+(?:\.\d+)*)\.?(?:\s|$)/.exec(last);
  return m ? m[1]! : null;
}

const STOPWORDS = new Set(
  'the and for are was were with that this from not any its has have had but all can may must our your their than then these those into on of to in a an or be by is it as at'.split(' '),
);

function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z][a-z-]+/g) ?? []) {
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    // A crude stem (plural and -ed/-ing), enough to meet "stubs" with "stub" and "dated" with "date".
    out.add(w.replace(/(?:ies|es|s|ed|ing)$/, ''));
  }
  return out;
}

/**
 * A short quote from a passage for a finding: the sentence that shares most words with the query (the earliest on a
 * tie), then the sentences after it while they fit in `maxChars`. A sentence longer than that is cut at a word with
 * an ellipsis. The quote is the guideline's own words, whitespace collapsed.
 */
export function quoteExcerpt(content: string, query: string, maxChars = 280): string {
  const sentences = content.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s+(?=[A-Z("])/);
  if (!sentences.length || !sentences[0]) return '';
  const wanted = terms(query);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    let score = 0;
    for (const t of terms(s)) if (wanted.has(t)) score++;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  let quote = sentences[best]!;
  for (let i = best + 1; i < sentences.length && quote.length + 1 + sentences[i]!.length <= maxChars; i++) quote += ` ${sentences[i]}`;
  if (quote.length <= maxChars) return quote;
  const cut = quote.lastIndexOf(' ', maxChars - 1);
  return `${quote.slice(0, cut > 0 ? cut : maxChars - 1).replace(/[,;:]$/, '')}…`;
}

/** A retrieved passage as the finding cites it. */
export function citePassage(passage: RetrievedPassage, query: string): CitedPassage {
  return {
    source: passage.sourceUri,
    title: passage.title,
    section: sectionNumber(passage.sectionPath),
    sectionPath: passage.sectionPath,
    page: passage.page,
    excerpt: quoteExcerpt(passage.content, query),
    score: Number(passage.score.toFixed(6)),
  };
}

import { documentTypeSpec } from '../core/document-types.js';
import type { PageText } from '../core/page.js';
import type { SegmentRow } from '../db/packet-repository.js';
import type { DenseFn, PageClassifier } from '../inference/page-classifier/page-classifier.js';
import { splitPages } from './split-pages.js';
import { classifyDocument } from './classify-document.js';

/** Below this mean type probability the classifier is unsure, and confident keywords may overrule it. */
export const UNSURE_SEGMENT = 0.6;
/** Keyword confidence (margin over the runner-up) needed to overrule an unsure classifier. */
const CONFIDENT_KEYWORDS = 0.7;
/**
 * A keyword score this high is the document naming itself (a form title and more): it outranks an unsure page
 * classifier, and even a sure one when it names a type the classifier was never trained on (an SSA-1099 the model
 * reads as a W-2).
 */
const TITLE_SCORE = 5;
/**
 * Fewer real words than this (three letters or more) in a whole segment is no evidence of any type: an illegible page
 * OCR reads as a few stray marks. An unsure guess there would make an "application" with every field missing.
 */
export const MIN_SEGMENT_WORDS = 8;

/**
 * Finds the documents in a file: the trained page classifier labels each page and `splitPages` cuts the sequence
 * where documents start. The catalog's keywords then vet each document on its first pages:
 * - agreeing keywords confirm the model;
 * - a document that names a type the model does not know (its title and more) is that type;
 * - where the model is unsure and keywords are clear, keywords win;
 * - the reject option: where the model is unsure and not one phrase of its type is on the pages, the document is
 *   `unknown` (an invoice, a book page, a form Docket has no entry for) rather than the least bad mortgage type.
 * The method says which path decided. Without a model the whole file is one document typed by keywords.
 */
export async function splitDocument(pages: PageText[], classifier: PageClassifier | undefined, dense?: DenseFn): Promise<SegmentRow[]> {
  if (!pages.length) return [];
  if (!classifier) {
    const kw = classifyDocument(pages);
    return [{ segment: 1, firstPage: pages[0]!.pageNumber, lastPage: pages.at(-1)!.pageNumber, type: kw.type, confidence: kw.confidence, method: 'keywords' }];
  }
  const predictions = await classifier.predict(pages, dense);
  const model = `page-classifier:${classifier.version}`;
  const modelTypes = new Set<string>(classifier.labels.map((l) => l.type));
  return splitPages(predictions, classifier.labels).map((s, i) => {
    const inSegment = pages.slice(s.firstPage - 1, s.lastPage);
    const kw = classifyDocument(inSegment);
    const base = { segment: i + 1, firstPage: inSegment[0]!.pageNumber, lastPage: inSegment.at(-1)!.pageNumber };
    if (kw.type === s.type) return { ...base, type: s.type, confidence: s.confidence, method: `${model}+keywords` };
    const kwScore = kw.scores[kw.type] ?? 0;
    const modelTypeScore = kw.scores[s.type] ?? 0;
    const modelTypeEvidence = kw.evidence[s.type] ?? 0;
    if (kw.type !== 'unknown' && kwScore >= TITLE_SCORE && kwScore > modelTypeScore && (!modelTypes.has(kw.type) || s.confidence < UNSURE_SEGMENT)) {
      const why = modelTypes.has(kw.type) ? 'the document names its type, the classifier is unsure' : 'the document names a type the classifier does not know';
      return { ...base, type: kw.type, confidence: kw.confidence, method: `keywords (${why})` };
    }
    if (s.confidence < UNSURE_SEGMENT && kw.type !== 'unknown' && kw.confidence >= CONFIDENT_KEYWORDS) {
      return { ...base, type: kw.type, confidence: kw.confidence, method: 'keywords (classifier unsure)' };
    }
    const sparse = documentTypeSpec(s.type)?.sparseText ?? false;
    if (s.confidence < UNSURE_SEGMENT && kw.type === 'unknown' && !sparse && realWords(inSegment) < MIN_SEGMENT_WORDS) {
      return { ...base, type: 'unknown', confidence: 0, method: `${model} (too little text to classify)` };
    }
    if (s.confidence < UNSURE_SEGMENT && modelTypeEvidence === 0 && !sparse) {
      return { ...base, type: 'unknown', confidence: 0, method: `${model} (unsure, and nothing on the pages says ${s.type})` };
    }
    return { ...base, type: s.type, confidence: s.confidence, method: model };
  });
}

/** Words of three letters or more on the pages: what a classifier could go on. */
function realWords(pages: PageText[]): number {
  return pages.reduce((n, p) => n + (p.text.match(/\p{L}{3,}/gu)?.length ?? 0), 0);
}

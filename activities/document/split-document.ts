import { documentTypeSpec } from '../../core/document-types.js';
import type { PageText } from '../../core/page.js';
import type { SegmentRow } from '../../db/packet-repository.js';
import { splitPages, type DenseFn, type PageClassifier } from '../../inference/page-classifier/page-classifier.js';
import { classifyDocument } from './classify-document.js';

/** Below this mean type probability the classifier is unsure, and confident keywords may overrule it. */
export const UNSURE_SEGMENT = 0.6;
/** Keyword confidence (margin over the runner-up) needed to overrule an unsure classifier. */
const CONFIDENT_KEYWORDS = 0.7;
/**
 * Fewer real words than this (three letters or more) in a whole segment is no evidence of any type: an illegible page
 * OCR reads as a few stray marks. An unsure guess there would make an "application" with every field missing.
 */
export const MIN_SEGMENT_WORDS = 8;

/**
 * Finds the documents in a file: the trained page classifier labels each page and `splitPages` cuts the sequence
 * where documents start. The keyword classifier stays as a sanity check on each document's first pages: where the
 * model is unsure and keywords are clear, keywords win (and the method says so). Without a model the whole file is
 * one document typed by keywords, as before the classifier existed.
 */
export async function splitDocument(pages: PageText[], classifier: PageClassifier | undefined, dense?: DenseFn): Promise<SegmentRow[]> {
  if (!pages.length) return [];
  if (!classifier) {
    const kw = classifyDocument(pages);
    return [{ segment: 1, firstPage: pages[0]!.pageNumber, lastPage: pages.at(-1)!.pageNumber, type: kw.type, confidence: kw.confidence, method: 'keywords' }];
  }
  const predictions = await classifier.predict(pages, dense);
  const model = `page-classifier:${classifier.version}`;
  return splitPages(predictions, classifier.labels).map((s, i) => {
    const inSegment = pages.slice(s.firstPage - 1, s.lastPage);
    const kw = classifyDocument(inSegment);
    const base = { segment: i + 1, firstPage: inSegment[0]!.pageNumber, lastPage: inSegment.at(-1)!.pageNumber };
    if (kw.type === s.type) return { ...base, type: s.type, confidence: s.confidence, method: `${model}+keywords` };
    if (s.confidence < UNSURE_SEGMENT && kw.type !== 'unknown' && kw.confidence >= CONFIDENT_KEYWORDS) {
      return { ...base, type: kw.type, confidence: kw.confidence, method: 'keywords (classifier unsure)' };
    }
    if (s.confidence < UNSURE_SEGMENT && kw.type === 'unknown' && !documentTypeSpec(s.type)?.sparseText && realWords(inSegment) < MIN_SEGMENT_WORDS) {
      return { ...base, type: 'unknown', confidence: 0, method: `${model} (too little text to classify)` };
    }
    return { ...base, type: s.type, confidence: s.confidence, method: model };
  });
}

/** Words of three letters or more on the pages: what a classifier could go on. */
function realWords(pages: PageText[]): number {
  return pages.reduce((n, p) => n + (p.text.match(/\p{L}{3,}/gu)?.length ?? 0), 0);
}

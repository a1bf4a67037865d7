import type { PageText } from '../../core/page.js';
import type { SegmentRow } from '../../db/packet-repository.js';
import { splitPages, type DenseFn, type PageClassifier } from '../../inference/page-classifier/page-classifier.js';
import { classifyDocument } from './classify-document.js';

/** Below this mean type probability the classifier is unsure, and confident keywords may overrule it. */
export const UNSURE_SEGMENT = 0.6;
/** Keyword confidence (margin over the runner-up) needed to overrule an unsure classifier. */
const CONFIDENT_KEYWORDS = 0.7;

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
    return { ...base, type: s.type, confidence: s.confidence, method: model };
  });
}

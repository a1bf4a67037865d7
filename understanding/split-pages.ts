import type { DocumentType } from '../core/document-types.js';

/**
 * Cutting a file's pages into documents from per-page label probabilities: the sequence half of splitting, apart
 * from the model that scores pages (inference/page-classifier), so it is a pure function tested on its own.
 */

/** A page label: a type and whether a document of that type starts on the page. */
export interface PageLabel {
  type: DocumentType;
  start: boolean;
}

export interface PagePrediction extends PageLabel {
  /** Probability of the chosen label. */
  confidence: number;
  /** Probability of the chosen type, start or not. */
  typeConfidence: number;
  probabilities: Float32Array;
}

export interface Segment {
  type: DocumentType;
  firstPage: number;
  lastPage: number;
  /** Mean type probability over the segment's pages. */
  confidence: number;
}

/** Transition model for splitting: a document goes on (same type) far more often than a new one starts. */
const LOG_CONTINUE = Math.log(0.7);
const LOG_START = Math.log(0.3);
/** A continuation page of another type than the page before is near impossible: it must be a start. */
const LOG_IMPOSSIBLE = Math.log(1e-6);

/**
 * Splits a file's pages into documents: the most likely label sequence (Viterbi) under the classifier's page
 * probabilities and the rule that a continuation page continues the document before it. Pages are 1-based.
 */
export function splitPages(predictions: PagePrediction[], labels: PageLabel[]): Segment[] {
  if (!predictions.length) return [];
  const k = labels.length;
  const emit = (t: number, c: number) => Math.log(Math.max(predictions[t]!.probabilities[c]!, 1e-9));
  // The first page of a file starts a document whatever the model says: its type's start and continuation
  // probabilities both count for that start.
  const typeP = (t: number, type: string) => labels.reduce((s, l, j) => (l.type === type ? s + predictions[t]!.probabilities[j]! : s), 0);
  let score = labels.map((l) => (l.start ? Math.log(Math.max(typeP(0, l.type), 1e-9)) : LOG_IMPOSSIBLE));
  const back: Int32Array[] = [];
  for (let t = 1; t < predictions.length; t++) {
    const next = new Array<number>(k);
    const from = new Int32Array(k);
    for (let c = 0; c < k; c++) {
      let best = -Infinity;
      for (let p = 0; p < k; p++) {
        const move = labels[c]!.start ? LOG_START : labels[p]!.type === labels[c]!.type ? LOG_CONTINUE : LOG_IMPOSSIBLE;
        const s = score[p]! + move;
        if (s > best) {
          best = s;
          from[c] = p;
        }
      }
      next[c] = best + emit(t, c);
    }
    back.push(from);
    score = next;
  }
  let c = score.indexOf(Math.max(...score));
  const path = [c];
  for (let t = predictions.length - 1; t > 0; t--) {
    c = back[t - 1]![c]!;
    path.unshift(c);
  }
  const segments: Segment[] = [];
  path.forEach((c, t) => {
    const label = labels[c]!;
    const p = typeP(t, label.type);
    const last = segments.at(-1);
    if (!last || label.start || last.type !== label.type) segments.push({ type: label.type, firstPage: t + 1, lastPage: t + 1, confidence: p });
    else {
      last.confidence = (last.confidence * (last.lastPage - last.firstPage + 1) + p) / (last.lastPage - last.firstPage + 2);
      last.lastPage = t + 1;
    }
  });
  return segments.map((s) => ({ ...s, confidence: Number(s.confidence.toFixed(3)) }));
}

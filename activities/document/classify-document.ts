import { DOCUMENT_TYPE_SPECS, type DocumentType } from '../../core/document-types.js';
import type { PageText } from '../../core/page.js';

export interface Classification {
  type: DocumentType;
  confidence: number;
  scores: Partial<Record<DocumentType, number>>;
}

/** A score below this is no evidence at all: the document stays `unknown` for a person to label. */
const MIN_SCORE = 3;
/** Titles and form names sit on the first pages; later pages add noise (a URLA's declarations mention W-2s). */
const PAGES_READ = 2;

/**
 * Baseline keyword classifier: sums the weights of each type's signals found on the first pages. The trained
 * page classifier (document-understanding issue) replaces it and keeps it as a sanity check.
 */
export function classifyDocument(pages: PageText[]): Classification {
  const text = pages
    .slice(0, PAGES_READ)
    .map((p) => p.text)
    .join('\n');
  const scores: Partial<Record<DocumentType, number>> = {};
  let best: DocumentType = 'unknown';
  let bestScore = 0;
  let second = 0;
  for (const spec of DOCUMENT_TYPE_SPECS) {
    const score = spec.signals.reduce((sum, s) => (s.pattern.test(text) ? sum + s.weight : sum), 0);
    scores[spec.type] = score;
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = spec.type;
    } else if (score > second) second = score;
  }
  if (bestScore < MIN_SCORE) return { type: 'unknown', confidence: 0, scores };
  // Margin over the runner-up, squashed to 0..1: a clear winner is near 1, a tie near 0.5.
  const confidence = Number((bestScore / (bestScore + second + 1)).toFixed(3));
  return { type: best, confidence, scores };
}

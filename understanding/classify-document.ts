import { DEFINING_WEIGHT, DOCUMENT_TYPE_SPECS, type DocumentType } from '../core/document-types.js';
import type { PageText } from '../core/page.js';

export interface Classification {
  type: DocumentType;
  confidence: number;
  /** Each type's score: the weights of its signals found, zero for a type without a defining one (or excluded). */
  scores: Partial<Record<DocumentType, number>>;
  /** The weights of each type's signals found, defining or not: any evidence at all of the type on the pages. */
  evidence: Partial<Record<DocumentType, number>>;
}

/** A score below this is no evidence at all: the document stays `unknown` for a person to label. */
const MIN_SCORE = 3;
/** Titles and form names sit on the first pages; later pages add noise (a URLA's declarations mention W-2s). */
const PAGES_READ = 2;

/**
 * Keyword classifier over the whole catalog: sums the weights of each type's signals found on the first pages. It
 * types what the page classifier was not trained on (a 1099, a passport) and vets what it was (split-document.ts).
 */
export function classifyDocument(pages: PageText[]): Classification {
  const text = pages
    .slice(0, PAGES_READ)
    .map((p) => p.text)
    .join('\n');
  const scores: Partial<Record<DocumentType, number>> = {};
  const evidence: Partial<Record<DocumentType, number>> = {};
  let best: DocumentType = 'unknown';
  let bestScore = 0;
  let second = 0;
  for (const spec of DOCUMENT_TYPE_SPECS) {
    // Only a type with one of its defining phrases on the pages can win: common words alone (a declarations page, a
    // named insured, a premium) fit a car policy as well as the homeowners policy the catalog means.
    const defined = spec.signals.some((s) => s.weight >= DEFINING_WEIGHT && s.pattern.test(text));
    // A phrase that says "not this type" (a transmittal listing the 1099s it sums up) takes the type out of the running.
    const excluded = spec.notSignals?.some((p) => p.test(text)) ?? false;
    const found = spec.signals.reduce((sum, s) => (s.pattern.test(text) ? sum + s.weight : sum), 0);
    evidence[spec.type] = excluded ? 0 : found;
    const score = excluded || !defined ? 0 : found;
    scores[spec.type] = score;
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = spec.type;
    } else if (score > second) second = score;
  }
  if (bestScore < MIN_SCORE) return { type: 'unknown', confidence: 0, scores, evidence };
  // Margin over the runner-up, squashed to 0..1: a clear winner is near 1, a tie near 0.5.
  const confidence = Number((bestScore / (bestScore + second + 1)).toFixed(3));
  return { type: best, confidence, scores, evidence };
}

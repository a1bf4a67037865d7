import type { Line, Word } from '../core/page.js';

/** A horizontal gap wider than this (fraction of the page width) ends a run of words: the next column has begun. */
export const COLUMN_GAP = 0.04;

/** The words of a line (a line without word boxes is one word). */
export function wordsOf(line: Line): Word[] {
  return line.words.length ? line.words : [{ text: line.text, bbox: line.bbox, confidence: line.confidence }];
}

/** Words cut into runs at column gaps, in order: a form line's label, its value, the next column's label... */
export function splitRuns(words: readonly Word[]): Word[][] {
  const runs: Word[][] = [];
  for (const w of words) {
    const run = runs.at(-1);
    const prev = run?.at(-1);
    if (run && prev && w.bbox.x - (prev.bbox.x + prev.bbox.w) <= COLUMN_GAP) run.push(w);
    else runs.push([w]);
  }
  return runs;
}

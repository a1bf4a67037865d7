import type { PageText } from '../../core/page.js';

/**
 * Hashed bag-of-words features of one page, for the page classifier. Words are lower-cased and digits collapsed
 * to `0` (amounts and dates differ from page to page; their shape does not). Each unigram and bigram is hashed into
 * `dim` buckets; words in the top fifth of the page are hashed a second time under their own prefix, because titles
 * and letterheads say most about what a page is and whether a document starts on it. A few layout features (how much
 * text, how much of it numeric) take the last buckets. The vector is L2-normalised, so long and short pages weigh
 * the same.
 */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** The feature recipe's version: a model is only valid with the features it was trained on. */
export const FEATURES_VERSION = 'hash-uni-bi-top-v1';

const TOP_BAND = 0.2;
const LAYOUT_FEATURES = 4;

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9']+/g) ?? []).map((t) => t.replace(/[0-9]/g, '0').replace(/0+/g, '0'));
}

export function pageFeatures(page: PageText, dim: number): SparseVector {
  const hashed = dim - LAYOUT_FEATURES;
  const counts = new Map<number, number>();
  const add = (key: string) => {
    const i = fnv1a(key) % hashed;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  };
  let tokens = 0;
  let numeric = 0;
  for (const line of page.lines) {
    const words = tokenize(line.text);
    const top = line.bbox.y < TOP_BAND;
    for (const [i, w] of words.entries()) {
      tokens++;
      if (w.includes('0')) numeric++;
      add(`u:${w}`);
      if (i > 0) add(`b:${words[i - 1]} ${w}`);
      if (top) add(`t:${w}`);
    }
  }
  const entries = [...counts.entries()].map(([i, c]) => [i, Math.log1p(c)] as [number, number]);
  // Layout: amount of text (log scale), share of numeric tokens, line count, and an always-on bias-like feature.
  entries.push([hashed, Math.log1p(tokens) / 8], [hashed + 1, tokens ? numeric / tokens : 0], [hashed + 2, Math.log1p(page.lines.length) / 6], [hashed + 3, 0.5]);
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0)) || 1;
  return { indices: Uint32Array.from(entries, ([i]) => i), values: Float32Array.from(entries, ([, v]) => v / norm) };
}

/** FNV-1a, 32 bit: fast, stable across platforms and versions (the model depends on it). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

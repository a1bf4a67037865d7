import { l2Normalize, type EmbeddingsProvider } from './embeddings-provider.js';

/**
 * The dependency-free fallback: hashed lexical features (word unigrams, word bigrams, character trigrams of longer
 * words) with sublinear counts, signed feature hashing into a fixed dimension, L2-normalized. No model, no I/O,
 * deterministic across runs and machines. It finds passages that share words with the query, like full-text search
 * but tolerant of plurals and compound spellings ("paystub" / "pay stub"); it knows no synonyms. The embedded
 * default uses it until `node inference/embeddings/fetch-model.mjs` has fetched the ONNX model.
 */

export const LEXICAL_MODEL = 'docket-lexical-v1';
export const LEXICAL_DEFAULT_DIMENSION = 384;

const UNIGRAM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const TRIGRAM_WEIGHT = 0.15;
/** Words at least this long also contribute character trigrams. */
const TRIGRAM_MIN_LENGTH = 5;

/** Function words that carry no topic; the query "how old can a pay stub be" keeps old, pay, stub. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how i if in into is it its ' +
    'may me might must my no not of on or our shall should so such than that the their them then there these they ' +
    'this those to was we were what when where which while who whom why will with would you your'
  ).split(' '),
);

export function createLexicalEmbeddings(options: { dimension?: number } = {}): EmbeddingsProvider {
  const dimension = options.dimension ?? LEXICAL_DEFAULT_DIMENSION;
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 16000) {
    throw new RangeError(`lexical embedding dimension must be an integer in 16..16000, not ${dimension}`);
  }
  return {
    model: LEXICAL_MODEL,
    dimension,
    async embed(texts) {
      return texts.map((t) => lexicalVector(t, dimension));
    },
    async close() {},
  };
}

/** The vector of one text (exported for tests and benchmarks). */
export function lexicalVector(text: string, dimension: number): Float32Array {
  const words = lexicalTokens(text);
  // feature -> [weight of its kind, occurrences]
  const features = new Map<string, [number, number]>();
  const add = (key: string, weight: number) => {
    const f = features.get(key);
    if (f) f[1]++;
    else features.set(key, [weight, 1]);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    add(`u:${w}`, UNIGRAM_WEIGHT);
    if (i + 1 < words.length) add(`b:${w} ${words[i + 1]}`, BIGRAM_WEIGHT);
    if (w.length >= TRIGRAM_MIN_LENGTH) {
      const padded = `#${w}#`;
      for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, TRIGRAM_WEIGHT);
    }
  }
  const v = new Float32Array(dimension);
  for (const [key, [weight, count]] of features) {
    const h = fnv1a(key);
    // Sublinear: a word said five times is not five times the topic.
    const value = weight * (1 + Math.log(count));
    // The top bit signs the feature, so colliding features cancel out on average instead of adding up.
    v[h % dimension]! += h & 0x80000000 ? -value : value;
  }
  return l2Normalize(v);
}

/** Lower-cased, accent-free words without stopwords, lightly stemmed. */
export function lexicalTokens(text: string): string[] {
  const plain = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const out: string[] = [];
  for (const m of plain.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (STOPWORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** A deliberately small English suffix stripper: plurals and the commonest verb endings. */
function stem(w: string): string {
  if (/^\d/.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('sses')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  return w;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

import { describe, expect, it } from 'vitest';
import { cosine } from './embeddings-provider.js';
import { createLexicalEmbeddings, lexicalTokens, lexicalVector, LEXICAL_MODEL } from './lexical-embeddings.js';

const norm = (v: Float32Array) => Math.hypot(...v);

describe('lexical embeddings (the dependency-free fallback)', () => {
  it('is deterministic: the same text gives the same vector, across calls and providers', async () => {
    const a = await createLexicalEmbeddings().embed(['The most recent pay stub must be dated within 30 days.']);
    const b = await createLexicalEmbeddings().embed(['The most recent pay stub must be dated within 30 days.']);
    expect(a[0]).toEqual(b[0]);
    // Pinned values: stored lexical chunks stay comparable with new queries only while the hashing is unchanged.
    // A change here must come with a new LEXICAL_MODEL name.
    const v = lexicalVector('pay stub', 384);
    const nonZero = [...v.entries()].filter(([, x]) => x !== 0).map(([i, x]) => [i, Number(x.toFixed(4))]);
    expect(nonZero).toEqual([[56, 0.6667], [59, 0.3333], [210, -0.6667]]);
  });

  it('gives unit vectors of the configured dimension, and a fixed unit vector for text without words', async () => {
    const provider = createLexicalEmbeddings({ dimension: 256 });
    expect(provider).toMatchObject({ model: LEXICAL_MODEL, dimension: 256 });
    const [v, empty] = await provider.embed(['Bank statements for two months', '... ---']);
    expect(v).toHaveLength(256);
    expect(norm(v!)).toBeCloseTo(1, 5);
    expect(norm(empty!)).toBeCloseTo(1, 5);
    expect(() => createLexicalEmbeddings({ dimension: 3 })).toThrow(RangeError);
  });

  it('puts texts that share words closer than unrelated ones, tolerant of plurals and accents', async () => {
    const [query, payStubs, deposits] = await createLexicalEmbeddings().embed([
      'how old can a pay stub be',
      'Pay stubs must be dated no more than 30 days before the application.',
      'Large deposits must be sourced with a written explanation.',
    ]);
    expect(cosine(query!, payStubs!)).toBeGreaterThan(cosine(query!, deposits!) + 0.1);
    expect(lexicalTokens('Résumé of the STUBS, deposits; verifying')).toEqual(['resume', 'stub', 'deposit', 'verify']);
  });
});

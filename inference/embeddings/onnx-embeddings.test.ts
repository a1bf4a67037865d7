import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, type EmbeddingsProvider } from './embeddings-provider.js';
import { createOnnxEmbeddings, DEFAULT_ONNX_MODEL_DIR, onnxModelPresent } from './onnx-embeddings.js';

// The model is ~34 MB from Maven Central, fetched by `node inference/embeddings/fetch-model.mjs` (scripts/test.sh
// runs it). Without it these tests cannot run; they skip and say so rather than pass on nothing.
const present = await onnxModelPresent();
if (!present) console.warn(`ONNX embedding tests skipped: no model in ${DEFAULT_ONNX_MODEL_DIR}; run node inference/embeddings/fetch-model.mjs`);

describe.skipIf(!present)('ONNX embeddings (bge-small-en-v1.5, int8)', () => {
  let provider: EmbeddingsProvider;
  beforeAll(async () => {
    provider = await createOnnxEmbeddings();
  });
  afterAll(async () => {
    await provider?.close();
  });

  it('names its space and gives unit vectors of 384 dimensions', async () => {
    expect(provider).toMatchObject({ model: 'bge-small-en-v1.5-q', dimension: 384 });
    expect(provider.queryPrefix).toMatch(/^Represent this sentence/);
    const [v] = await provider.embed(['Bank statements must cover two months.']);
    expect(v).toHaveLength(384);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
  });

  it('matches the reference runtime: WordPiece ids, [CLS] pooling and normalization as bge specifies', async () => {
    // First components for this text from Python onnxruntime + HF tokenizers on the same model.onnx/tokenizer.json.
    const [v] = await provider.embed(['How old can a pay stub be?']);
    const reference = [-0.05224976, -0.03423526, -0.04865865, -0.04337467, 0.04524144];
    reference.forEach((x, i) => expect(v![i]).toBeCloseTo(x, 4));
  });

  it('puts similar sentences closer than unrelated ones', async () => {
    const [query, payStub, bank, cat] = await provider.embed([
      'How old can a pay stub be?',
      'The most recent pay stub must be dated within 30 days of the application.',
      'Bank statements must cover the two most recent months.',
      'The cat sat on the mat.',
    ]);
    expect(cosine(query!, payStub!)).toBeGreaterThan(cosine(query!, bank!));
    expect(cosine(query!, bank!)).toBeGreaterThan(cosine(query!, cat!));
    expect(cosine(query!, payStub!)).toBeGreaterThan(0.7);
  });

  it('embeds each text as if alone (whatever it is batched with) and truncates past 512 tokens', async () => {
    const text = 'Large deposits must be sourced.';
    const [alone] = await provider.embed([text]);
    const [, withOthers] = await provider.embed(['A much longer neighbour sentence about reserves and gift funds and credit.', text]);
    expect(withOthers).toEqual(alone);
    const [long] = await provider.embed(['pay stub '.repeat(2000)]);
    expect(Math.hypot(...long!)).toBeCloseTo(1, 5);
  });
});

describe('ONNX embeddings without a model', () => {
  it('refuses with a ModelError that says how to fetch it', async () => {
    await expect(createOnnxEmbeddings({ modelDir: '/nonexistent/model' })).rejects.toMatchObject({
      code: 'DOCKET_ERR_MODEL',
      message: expect.stringContaining('fetch-model.mjs'),
    });
  });
});

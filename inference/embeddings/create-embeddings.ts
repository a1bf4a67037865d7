import { ModelError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { EmbeddingsProvider } from './embeddings-provider.js';
import { createLexicalEmbeddings } from './lexical-embeddings.js';
import { createOnnxEmbeddings, DEFAULT_ONNX_MODEL_DIR, onnxModelPresent } from './onnx-embeddings.js';
import { createOpenAiEmbeddings } from './openai-embeddings.js';

export type EmbeddingsKind = 'auto' | 'onnx' | 'openai' | 'lexical';

/** What platform/config.ts reads from DOCKET_EMBEDDINGS*; a plain object so tests pass their own. */
export interface EmbeddingsOptions {
  /**
   * auto: the local ONNX model when fetched, else the lexical fallback (logged, with the command that fetches the
   * model); onnx: the local model or ModelError; openai: the endpoint at `url`; lexical: the fallback.
   */
  kind: EmbeddingsKind;
  /** ONNX: folder of the fetched model (default .cache/models/bge-small-en-v1.5-q). */
  modelDir?: string;
  /** ONNX: intra-op threads (default 1). */
  threads?: number;
  /** openai: base URL (…/v1), API key, model id, optional dimension, request timeout. */
  url?: string;
  apiKey?: string;
  model?: string;
  dimension?: number;
  timeoutMs?: number;
}

/** Chooses and opens the embeddings provider; logs which one runs. */
export async function createEmbeddings(options: EmbeddingsOptions, logger: Logger): Promise<EmbeddingsProvider> {
  let provider: EmbeddingsProvider;
  switch (options.kind) {
    case 'lexical':
      provider = createLexicalEmbeddings({ dimension: options.dimension });
      break;
    case 'onnx':
      provider = await createOnnxEmbeddings({ modelDir: options.modelDir, threads: options.threads });
      break;
    case 'openai':
      if (!options.url || !options.model) throw new ModelError('DOCKET_EMBEDDINGS=openai needs DOCKET_EMBEDDINGS_URL and DOCKET_EMBEDDINGS_MODEL');
      provider = await createOpenAiEmbeddings({
        url: options.url,
        apiKey: options.apiKey,
        model: options.model,
        dimension: options.dimension,
        timeoutMs: options.timeoutMs,
      });
      break;
    case 'auto':
      if (await onnxModelPresent(options.modelDir)) {
        provider = await createOnnxEmbeddings({ modelDir: options.modelDir, threads: options.threads });
      } else {
        logger.warn(
          { modelDir: options.modelDir ?? DEFAULT_ONNX_MODEL_DIR, fetch: 'node inference/embeddings/fetch-model.mjs' },
          'embedding model not fetched: using the lexical fallback',
        );
        provider = createLexicalEmbeddings();
      }
      break;
  }
  logger.info({ kind: options.kind, model: provider.model, dimension: provider.dimension }, 'embeddings ready');
  return provider;
}

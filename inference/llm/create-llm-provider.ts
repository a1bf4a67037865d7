import { ModelError } from '../../platform/errors.js';
import type { Keyring } from '../../platform/encryption.js';
import type { Logger } from '../../platform/logger.js';
import { createCompletionCache, withCompletionCache } from './completion-cache.js';
import { createLlamaProvider, type LlamaGpu } from './llama-provider.js';
import type { LlmProvider, LlmProviderName } from './llm-provider.js';
import { createNoneProvider } from './none-provider.js';
import { createOpenAiProvider } from './openai-provider.js';

/** What platform/config.ts reads from DOCKET_LLM*; a plain object so tests pass their own. */
export interface LlmOptions {
  /** none (default, rules only), llama (a local GGUF in process) or openai (an OpenAI-compatible endpoint). */
  kind: LlmProviderName;
  /** llama: the GGUF file. */
  modelPath?: string;
  /** llama: backend, threads, context tokens per sequence, concurrent sequences. */
  gpu?: LlamaGpu;
  threads?: number;
  contextSize?: number;
  sequences?: number;
  /** openai: base URL (…/v1), API key, model id, whether the model reads images. */
  url?: string;
  apiKey?: string;
  model?: string;
  supportsImages?: boolean;
  /** Default per-call limit. */
  timeoutMs?: number;
  /** Completion cache: entries in memory (0 turns the cache off) and an optional folder. */
  cacheEntries?: number;
  cacheDir?: string;
  /** Encryption at rest of the cache folder's entries (DOCKET_ENCRYPTION_KEY); without it they are plaintext. */
  keyring?: Keyring;
}

/** Opens the configured provider, behind the completion cache; logs which one runs (and says so when none does). */
export async function createLlmProvider(options: LlmOptions, logger: Logger): Promise<LlmProvider> {
  let provider: LlmProvider;
  switch (options.kind) {
    case 'none':
      logger.warn({ llm: 'none' }, 'no LLM configured: fields come from the rules only (set DOCKET_LLM=llama or openai)');
      return createNoneProvider();
    case 'llama':
      if (!options.modelPath) throw new ModelError('DOCKET_LLM=llama needs DOCKET_LLM_MODEL_PATH (a GGUF file; node inference/llm/fetch-model.mjs fetches a tiny one)');
      provider = await createLlamaProvider({
        modelPath: options.modelPath,
        gpu: options.gpu,
        threads: options.threads,
        contextSize: options.contextSize,
        sequences: options.sequences,
        timeoutMs: options.timeoutMs,
        logger,
      });
      break;
    case 'openai':
      if (!options.url || !options.model) throw new ModelError('DOCKET_LLM=openai needs DOCKET_LLM_URL and DOCKET_LLM_MODEL');
      provider = createOpenAiProvider({
        baseUrl: options.url,
        apiKey: options.apiKey,
        model: options.model,
        timeoutMs: options.timeoutMs,
        supportsImages: options.supportsImages,
      });
      break;
  }
  const entries = options.cacheEntries ?? 500;
  logger.info(
    { llm: provider.name, model: provider.model, images: provider.supportsImages, cacheEntries: entries, cacheDir: options.cacheDir, ...(options.cacheDir ? { cacheSealed: Boolean(options.keyring) } : {}) },
    'LLM ready',
  );
  if (entries <= 0) return provider;
  return withCompletionCache(provider, createCompletionCache({ maxEntries: entries, dir: options.cacheDir, ...(options.keyring ? { keyring: options.keyring } : {}) }));
}

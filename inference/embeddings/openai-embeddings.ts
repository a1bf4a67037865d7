import { EmbeddingsError, l2Normalize, type EmbeddingsProvider } from './embeddings-provider.js';

/**
 * Any OpenAI-compatible `POST /v1/embeddings` endpoint (OpenAI, Azure-style gateways, vLLM, llama.cpp server,
 * Ollama, text-embeddings-inference): for lenders who already run an embedding service inside their network.
 * No retry loop here: a retryable EmbeddingsError goes back to the caller (Temporal retries activities).
 */

export interface OpenAiEmbeddingsOptions {
  /** Base URL of the API, e.g. https://api.openai.com/v1 (a URL already ending in /embeddings is used as is). */
  url: string;
  /** Sent as `Authorization: Bearer <key>`; never logged. */
  apiKey?: string;
  /** The endpoint's model id, e.g. text-embedding-3-small; stored with every chunk. */
  model: string;
  /**
   * Expected vector size. When set it is also sent as `dimensions` (models that can shorten their vectors do);
   * when unset one probe request at creation learns it.
   */
  dimension?: number;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Texts per request; default 64. */
  batchSize?: number;
  /** For tests; default the global fetch. */
  fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  data?: { index?: number; embedding?: unknown }[];
}

export async function createOpenAiEmbeddings(options: OpenAiEmbeddingsOptions): Promise<EmbeddingsProvider> {
  const endpoint = /\/embeddings\/?$/.test(options.url) ? options.url : `${options.url.replace(/\/+$/, '')}/embeddings`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const batchSize = options.batchSize ?? 64;
  let dimension = options.dimension;

  const request = async (input: string[]): Promise<Float32Array[]> => {
    const body: Record<string, unknown> = { model: options.model, input, encoding_format: 'float' };
    if (options.dimension) body.dimensions = options.dimension;
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = (cause as { name?: string }).name === 'TimeoutError';
      throw new EmbeddingsError(timedOut ? `embeddings endpoint did not answer within ${timeoutMs} ms` : 'embeddings endpoint unreachable', undefined, {
        retryable: true,
        cause,
      });
    }
    if (!response.ok) {
      // The body may explain (bad model id, quota); a short excerpt only, it never holds our input.
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      throw new EmbeddingsError(`embeddings endpoint answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, response.status, { retryable });
    }
    let parsed: EmbeddingsResponse;
    try {
      parsed = (await response.json()) as EmbeddingsResponse;
    } catch (cause) {
      throw new EmbeddingsError('embeddings endpoint answered with invalid JSON', response.status, { cause });
    }
    const data = parsed.data;
    if (!Array.isArray(data) || data.length !== input.length) {
      throw new EmbeddingsError(`embeddings endpoint returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${input.length} texts`, response.status);
    }
    const out: Float32Array[] = new Array(input.length);
    data.forEach((item, position) => {
      const index = item.index ?? position;
      const e = item.embedding;
      if (!Array.isArray(e) || !e.every((x) => typeof x === 'number' && Number.isFinite(x)) || index < 0 || index >= input.length) {
        throw new EmbeddingsError('embeddings endpoint returned a malformed vector (base64 or non-numeric?)', response.status);
      }
      if (dimension !== undefined && e.length !== dimension) {
        throw new EmbeddingsError(`embeddings endpoint returned ${e.length} dimensions, expected ${dimension}`, response.status);
      }
      out[index] = l2Normalize(Float32Array.from(e as number[]));
    });
    if (out.some((v) => v === undefined)) throw new EmbeddingsError('embeddings endpoint returned duplicate indexes', response.status);
    return out;
  };

  if (dimension === undefined) {
    const [probe] = await request(['dimension probe']);
    dimension = probe!.length;
  }
  const fixedDimension = dimension;
  return {
    model: options.model,
    dimension: fixedDimension,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await request(texts.slice(i, i + batchSize))));
      return out;
    },
    async close() {},
  };
}

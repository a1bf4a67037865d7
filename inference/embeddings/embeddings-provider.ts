import { ErrorCodes, type ErrorCode } from '../../core/error-codes.js';
import { DocketError, type DocketErrorOptions } from '../../platform/errors.js';

/**
 * Turns texts into unit-length vectors in one embedding space. `model` and `dimension` name that space: they are
 * stored with every chunk, and vectors of different spaces are never compared (db/chunk-repository.ts refuses).
 */
export interface EmbeddingsProvider {
  readonly model: string;
  readonly dimension: number;
  /**
   * Text to put before a short search query, for models trained with one (bge: "Represent this sentence for
   * searching relevant passages: "). Passages are embedded as they are.
   */
  readonly queryPrefix?: string;
  /** One L2-normalized vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Frees native resources (the ONNX session); a no-op for the others. */
  close(): Promise<void>;
}

/**
 * Code of EmbeddingsError. core/error-codes.ts does not list it yet: until it does (as `EMBEDDINGS`, with a README
 * line), it is typed here.
 */
export const EMBEDDINGS_ERROR_CODE: ErrorCode = ErrorCodes.EMBEDDINGS;

/**
 * Thrown when an embeddings endpoint fails or answers with something that is not the vectors asked for.
 * Retryable for timeouts, network failures, 408, 429 and 5xx; not for other 4xx or malformed answers.
 */
export class EmbeddingsError extends DocketError {
  constructor(
    message: string,
    readonly status?: number,
    options: DocketErrorOptions = {},
  ) {
    super(EMBEDDINGS_ERROR_CODE, message, options);
  }
}

/** Scales `v` in place to unit length; a zero vector becomes the first basis vector (cosine needs a direction). */
export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum === 0 || !Number.isFinite(sum)) {
    v.fill(0);
    if (v.length) v[0] = 1;
    return v;
  }
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** Cosine similarity of two unit vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

import type { CompletionResult } from './llm-provider.js';
import { ErrorCodes, type ErrorCode } from '../../core/error-codes.js';
import { DocketError, type DocketErrorOptions } from '../../platform/errors.js';

/**
 * Codes of the LLM errors. core/error-codes.ts does not list them yet: until it does (as `LLM` and `LLM_OUTPUT`, with
 * README lines), they are typed here.
 */
export const LLM_ERROR_CODE: ErrorCode = ErrorCodes.LLM;
export const LLM_OUTPUT_ERROR_CODE: ErrorCode = ErrorCodes.LLM_OUTPUT;

/** Base of the LLM errors; thrown as is when an endpoint cannot be reached (retryable). */
export class LlmError extends DocketError {
  constructor(
    message: string,
    readonly provider: string,
    options: DocketErrorOptions & { code?: ErrorCode } = {},
  ) {
    super(options.code ?? LLM_ERROR_CODE, message, options);
  }
}

/** Thrown when a call runs past its timeoutMs. Retryable. */
export class LlmTimeoutError extends LlmError {
  constructor(
    provider: string,
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(`${provider}: no answer within ${timeoutMs} ms`, provider, { retryable: true, cause });
  }
}

/** Thrown when an OpenAI-compatible endpoint answers with an HTTP error. Retryable for 408, 409, 429 and 5xx. */
export class LlmHttpError extends LlmError {
  constructor(
    provider: string,
    readonly status: number,
    /** The server's own error message (OpenAI `error.message`), cut to 300 characters; never the prompt. */
    readonly serverMessage: string,
  ) {
    super(`${provider}: HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`, provider, {
      retryable: status === 408 || status === 409 || status === 429 || status >= 500,
    });
  }
}

/**
 * Thrown when the answer is not the JSON asked for: not JSON, cut off at maxTokens, or not valid against the zod
 * schema. Not retryable at temperature 0 (the same request gives the same answer). `issues` name paths, never values.
 */
export class LlmOutputError extends LlmError {
  /** The completion whose answer was unusable, when there was one (its tokens were spent all the same). */
  result?: CompletionResult;

  constructor(
    provider: string,
    message: string,
    readonly issues: string[] = [],
    cause?: unknown,
  ) {
    super(`${provider}: ${message}`, provider, { code: LLM_OUTPUT_ERROR_CODE, cause });
  }
}

/** Thrown by the `none` provider: no model is configured, so nothing can be sent to one. */
export class LlmNotConfiguredError extends LlmError {
  constructor() {
    super('no LLM is configured (DOCKET_LLM=none): rules only', 'none');
  }
}

/** Thrown when a request asks for what the provider cannot do: images to a text-only model, a prompt past the context. */
export class LlmUnsupportedInputError extends LlmError {
  constructor(provider: string, message: string) {
    super(`${provider}: ${message}`, provider);
  }
}

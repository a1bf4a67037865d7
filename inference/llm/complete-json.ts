import type { z } from 'zod';
import { parseJsonAnswer, validateAnswer, zodToJsonSchema } from './json-schema.js';
import type { CompletionRequest, CompletionResult, LlmProvider } from './llm-provider.js';
import { LlmOutputError } from './llm-errors.js';

export interface JsonCompletion<T> {
  value: T;
  result: CompletionResult;
}

/**
 * Asks for an answer shaped by a zod schema: the schema goes to the provider as JSON Schema (grammar-constrained on
 * llama, `response_format: json_schema` on openai), and the answer comes back validated by the same zod schema.
 * Throws LlmOutputError when the answer is not JSON or does not validate.
 */
export async function completeJson<S extends z.ZodType>(
  provider: LlmProvider,
  schema: S,
  request: Omit<CompletionRequest, 'jsonSchema'> & { schemaName?: string },
): Promise<JsonCompletion<z.output<S>>> {
  const result = await provider.complete({ ...request, jsonSchema: zodToJsonSchema(schema) });
  try {
    const json = result.json === undefined ? parseJsonAnswer(provider.name, result.text, result.finishReason) : result.json;
    const value = validateAnswer(provider.name, schema, json) as z.output<S>;
    return { value, result };
  } catch (err) {
    // A call whose answer is unusable still cost its tokens: the error carries the result for the accounting.
    if (err instanceof LlmOutputError) err.result = result;
    throw err;
  }
}

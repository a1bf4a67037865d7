import type { CompletionRequest, CompletionResult, LlmProvider, LlmProviderName } from './llm-provider.js';

/**
 * A fake provider for unit tests only: answers from a script, one entry per call, records the requests, and throws
 * when the script runs out (a test that calls more than it planned fails).
 */
export interface ScriptedLlmProvider extends LlmProvider {
  readonly requests: CompletionRequest[];
}

export type ScriptStep = string | Error | ((request: CompletionRequest) => string | Error);

export function createScriptedLlmProvider(
  script: ScriptStep[],
  options: { name?: LlmProviderName; model?: string; supportsImages?: boolean; usage?: { promptTokens: number; completionTokens: number } } = {},
): ScriptedLlmProvider {
  const requests: CompletionRequest[] = [];
  const steps = [...script];
  const name = options.name ?? 'openai';
  const model = options.model ?? 'scripted';
  return {
    name,
    model,
    configured: true,
    supportsImages: options.supportsImages ?? false,
    requests,
    close: () => Promise.resolve(),
    complete(request) {
      requests.push(request);
      const step = steps.shift();
      if (step === undefined) return Promise.reject(new Error(`scripted LLM: script ran out at call ${requests.length}`));
      const answer = typeof step === 'function' ? step(request) : step;
      if (answer instanceof Error) return Promise.reject(answer);
      const result: CompletionResult = {
        provider: name,
        model,
        text: answer,
        finishReason: 'stop',
        usage: { ...(options.usage ?? { promptTokens: 10, completionTokens: 5 }) },
        ms: 1,
      };
      if (request.jsonSchema) {
        try {
          result.json = JSON.parse(answer);
        } catch {
          // like the real providers: the text comes back, json stays unset
        }
      }
      return Promise.resolve(result);
    },
  };
}

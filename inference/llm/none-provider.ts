import { LlmNotConfiguredError } from './llm-errors.js';
import type { LlmProvider } from './llm-provider.js';

/** The embedded default: no model. `configured` is false so callers skip the LLM route; a call throws. */
export function createNoneProvider(): LlmProvider {
  return {
    name: 'none',
    model: 'none',
    configured: false,
    supportsImages: false,
    complete: () => Promise.reject(new LlmNotConfiguredError()),
    close: () => Promise.resolve(),
  };
}

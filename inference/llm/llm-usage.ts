import type { CompletionResult } from './llm-provider.js';

/** One LLM call as the pipeline accounts it (per packet, per document): what it cost and where it came from. */
export interface LlmCallRecord {
  provider: string;
  model: string;
  /** What the call was for, e.g. `extract-fields`. */
  purpose: string;
  documentType?: string;
  promptTokens: number;
  completionTokens: number;
  seconds: number;
  /** True when answered from the completion cache (then it cost no tokens). */
  cached: boolean;
}

export function llmCallRecord(result: CompletionResult, purpose: string, documentType?: string): LlmCallRecord {
  const record: LlmCallRecord = {
    provider: result.provider,
    model: result.model,
    purpose,
    promptTokens: result.usage.promptTokens,
    completionTokens: result.usage.completionTokens,
    seconds: result.ms / 1000,
    cached: result.cached === true,
  };
  if (documentType !== undefined) record.documentType = documentType;
  return record;
}

export interface LlmUsageSummary {
  calls: number;
  cachedCalls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  seconds: number;
}

/** Totals over a packet's calls (for the eval harness: tokens and seconds per packet). */
export function summarizeLlmCalls(records: readonly LlmCallRecord[]): LlmUsageSummary {
  const sum: LlmUsageSummary = { calls: 0, cachedCalls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, seconds: 0 };
  for (const r of records) {
    sum.calls++;
    if (r.cached) sum.cachedCalls++;
    sum.promptTokens += r.promptTokens;
    sum.completionTokens += r.completionTokens;
    sum.seconds += r.seconds;
  }
  sum.totalTokens = sum.promptTokens + sum.completionTokens;
  return sum;
}

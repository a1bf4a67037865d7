/**
 * Which fields and pages go to the LLM. Rules (layout/anchor extractors) run first; the LLM sees only what they are
 * unsure of: a field they did not find or found below the confidence threshold, or every field when the layout is
 * one they do not know. Pure functions: the pipeline records the decision with the packet.
 */

/** What the rules produced for one field. */
export interface RuleFieldResult {
  name: string;
  /** False when the rules found no value. */
  found: boolean;
  /** 0..1. */
  confidence: number;
  /** 1-based page of the value, when found. */
  page?: number;
}

export interface RouteFieldsInput {
  /** Every field the document type asks for. */
  wanted: readonly string[];
  ruleFields: readonly RuleFieldResult[];
  /** The document's pages, 1-based. */
  pages: readonly number[];
  /** False when the document type is unknown or no layout the rules know matched it. */
  layoutKnown: boolean;
  /** Fields below this confidence go to the LLM (e.g. 0.8). */
  threshold: number;
  /** At most this many pages are sent (the first ones; default all). */
  maxPages?: number;
}

export type RouteReason = 'unknown_layout' | 'missing' | 'low_confidence';

export interface RouteDecision {
  /** True when anything goes to the LLM. */
  useLlm: boolean;
  /** Fields the LLM is asked for, in `wanted` order, each with why. */
  llmFields: { name: string; reason: RouteReason }[];
  /** Fields whose rule result is kept as is. */
  ruleFields: string[];
  /** Pages sent with the request, ascending. */
  pages: number[];
}

/** Decides what goes to the LLM for one document. */
export function routeFields(input: RouteFieldsInput): RouteDecision {
  const byName = new Map(input.ruleFields.map((f) => [f.name, f]));
  const allPages = [...new Set(input.pages)].sort((a, b) => a - b);
  const llmFields: RouteDecision['llmFields'] = [];
  const ruleFields: string[] = [];
  const pages = new Set<number>();

  for (const name of input.wanted) {
    const rule = byName.get(name);
    if (!input.layoutKnown) {
      llmFields.push({ name, reason: 'unknown_layout' });
      allPages.forEach((p) => pages.add(p));
    } else if (!rule || !rule.found) {
      // Where a missing value would be is unknown: every page.
      llmFields.push({ name, reason: 'missing' });
      allPages.forEach((p) => pages.add(p));
    } else if (rule.confidence < input.threshold) {
      llmFields.push({ name, reason: 'low_confidence' });
      if (rule.page !== undefined && allPages.includes(rule.page)) pages.add(rule.page);
      else allPages.forEach((p) => pages.add(p));
    } else {
      ruleFields.push(name);
    }
  }

  const sorted = [...pages].sort((a, b) => a - b);
  return {
    useLlm: llmFields.length > 0,
    llmFields,
    ruleFields,
    pages: input.maxPages === undefined ? sorted : sorted.slice(0, Math.max(0, input.maxPages)),
  };
}

export type FieldPath = 'rules' | 'llm';

/**
 * Puts rule and LLM results together after a routed call and says which path produced each field: an LLM value
 * replaces a routed field only when it is grounded (its evidence is on the page); otherwise the rule value, if any,
 * stays. Fields neither path found are left out.
 */
export function mergeRoutedFields<R extends { name: string }, L extends { name: string; value: string | null; grounded: boolean }>(
  decision: RouteDecision,
  ruleValues: readonly R[],
  llmValues: readonly L[],
): { name: string; path: FieldPath; rule?: R; llm?: L }[] {
  const rules = new Map(ruleValues.map((f) => [f.name, f]));
  const llm = new Map(llmValues.map((f) => [f.name, f]));
  const routed = new Set(decision.llmFields.map((f) => f.name));
  const names = [...new Set([...decision.ruleFields, ...decision.llmFields.map((f) => f.name)])];
  const out: { name: string; path: FieldPath; rule?: R; llm?: L }[] = [];
  for (const name of names) {
    const fromLlm = llm.get(name);
    const fromRules = rules.get(name);
    if (routed.has(name) && fromLlm && fromLlm.value !== null && fromLlm.grounded) out.push({ name, path: 'llm', llm: fromLlm });
    else if (fromRules) out.push({ name, path: 'rules', rule: fromRules });
  }
  return out;
}

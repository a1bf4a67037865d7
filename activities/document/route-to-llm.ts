import { documentTypeSpec, type DocumentType } from '../../core/document-types.js';
import { normalizeAs } from '../../core/normalize.js';
import type { PageText } from '../../core/page.js';
import type { ExtractedField } from '../../db/packet-repository.js';
import { extractFieldsWithLlm } from '../../inference/llm/extract-fields.js';
import type { LlmProvider } from '../../inference/llm/llm-provider.js';
import { mergeRoutedFields, routeFields, type RouteReason } from '../../inference/llm/llm-router.js';
import { llmCallRecord, type LlmCallRecord } from '../../inference/llm/llm-usage.js';
import { LlmOutputError } from '../../inference/llm/llm-errors.js';
import type { Extraction } from '../../understanding/extract-fields.js';

export interface RouteOptions {
  /** Rule values below this confidence go to the LLM. */
  threshold: number;
  maxTokens: number;
  timeoutMs: number;
  /** At most this many pages per call (a long statement's first pages hold its header fields). */
  maxPages: number;
}

export interface RoutedExtraction extends Extraction {
  /** The LLM call made for this document, if one was. */
  call?: LlmCallRecord;
  routed: { name: string; reason: RouteReason }[];
  /** Error code when the LLM's answer was unusable (the rules' fields were kept). */
  failed?: string;
}

/** Below this share of its fields found by the rules, a document's layout counts as one the rules do not know. */
const KNOWN_LAYOUT_SHARE = 0.5;
/** An LLM value whose evidence is on the page, but read by a model rather than from a known place. */
const LLM_CONFIDENCE = 0.7;

/**
 * The compound step: rules first, the LLM only for what they missed or are unsure of, or for the whole document when
 * its layout is not one the rules know. An LLM value is kept only when grounded (its evidence is on the page), is
 * normalized like a rule value, and says it came from `llm`. Without a configured provider this returns the rules'
 * result unchanged.
 */
export async function routeToLlm(
  type: DocumentType,
  pages: PageText[],
  rules: Extraction,
  provider: LlmProvider | undefined,
  options: RouteOptions,
): Promise<RoutedExtraction> {
  const spec = documentTypeSpec(type);
  if (!provider?.configured || !spec || !pages.length) return { ...rules, routed: [] };
  const found = new Map(rules.fields.map((f) => [f.name, f]));
  const decision = routeFields({
    wanted: spec.fields.map((f) => f.name),
    ruleFields: spec.fields.map((f) => {
      const r = found.get(f.name);
      return r ? { name: f.name, found: true, confidence: r.confidence, page: r.page } : { name: f.name, found: false, confidence: 0 };
    }),
    pages: pages.map((p) => p.pageNumber),
    layoutKnown: found.size >= spec.fields.length * KNOWN_LAYOUT_SHARE,
    threshold: options.threshold,
    maxPages: options.maxPages,
  });
  if (!decision.useLlm) return { ...rules, routed: [] };

  const byName = new Map(spec.fields.map((f) => [f.name, f]));
  let answer: Awaited<ReturnType<typeof extractFieldsWithLlm>>;
  try {
    answer = await extractFieldsWithLlm(
      provider,
      {
        documentType: type,
        title: spec.title,
        fields: decision.llmFields.map((f) => ({ name: f.name, kind: byName.get(f.name)!.kind })),
        pages: pages.filter((p) => decision.pages.includes(p.pageNumber)).map((p) => ({ pageNumber: p.pageNumber, text: p.text, lines: p.lines })),
        includeImages: false,
      },
      { maxTokens: options.maxTokens, timeoutMs: options.timeoutMs },
    );
  } catch (err) {
    // An answer the model could not finish or shape is not a reason to lose the document: the rules' fields stand,
    // and the tokens it spent are still counted. Transport failures (retryable) go up for Temporal to retry.
    if (!(err instanceof LlmOutputError)) throw err;
    return { ...rules, routed: decision.llmFields, failed: err.code, ...(err.result ? { call: llmCallRecord(err.result, 'extract-fields', type) } : {}) };
  }
  const { fields: llmFields, call } = answer;

  const fields: ExtractedField[] = [];
  for (const merged of mergeRoutedFields(decision, rules.fields, llmFields)) {
    if (merged.path === 'rules' && merged.rule) fields.push(merged.rule);
    const llm = merged.llm;
    if (merged.path !== 'llm' || !llm?.value) continue;
    const spec = byName.get(merged.name)!;
    const normalized = normalizeAs(spec.kind, llm.value);
    if (normalized === null || (spec.validate && !spec.validate.test(normalized))) {
      // The model's value does not parse as this field: keep the rule value, if there was one.
      const rule = found.get(merged.name);
      if (rule) fields.push(rule);
      continue;
    }
    const page = pages.find((p) => p.pageNumber === llm.page) ?? pages[0]!;
    fields.push({
      name: merged.name,
      value: llm.value,
      normalized,
      confidence: LLM_CONFIDENCE,
      page: page.pageNumber,
      bbox: llm.bbox ?? { x: 0, y: 0, w: 1, h: 1 },
      source: 'llm',
      evidence: llm.evidence ?? llm.value,
    });
  }
  const names = new Set(fields.map((f) => f.name));
  return {
    fields,
    missingRequiredFields: spec.fields.filter((f) => f.required && !names.has(f.name)).map((f) => f.name),
    call,
    routed: decision.llmFields,
  };
}

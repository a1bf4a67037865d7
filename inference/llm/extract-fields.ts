import { z } from 'zod';
import type { FieldKind } from '../../core/document-types.js';
import { unionBBox, type BBox, type Line } from '../../core/page.js';
import { completeJson } from './complete-json.js';
import type { ChatMessage, ContentPart, ImagePart, LlmProvider } from './llm-provider.js';
import { llmCallRecord, type LlmCallRecord } from './llm-usage.js';

/** A field the LLM is asked for (FieldSpec from core/document-types.ts fits). */
export interface ExtractionField {
  name: string;
  kind: FieldKind;
  description?: string;
}

/** A page sent with the request: its text, optionally its lines (to locate the evidence) and a rendering. */
export interface ExtractionPage {
  /** 1-based, within the document. */
  pageNumber: number;
  text: string;
  lines?: readonly Line[];
  /** Sent only to providers that read images. */
  image?: ImagePart;
}

export interface ExtractionInput {
  documentType: string;
  /** Human title of the type, e.g. "IRS Form W-2". */
  title?: string;
  fields: readonly ExtractionField[];
  pages: readonly ExtractionPage[];
  /** Page text beyond this is cut (default 6000 characters). */
  maxCharsPerPage?: number;
  /** Attach page images (default: when the provider reads images and a page has one). */
  includeImages?: boolean;
}

/** Longest value and evidence the model may write: bounds the tokens one field can cost. */
const MAX_VALUE_CHARS = 120;
const MAX_EVIDENCE_CHARS = 200;

const KIND_HINTS: Record<FieldKind, string> = {
  money: 'an amount as written on the page, e.g. 52,300.00',
  date: 'a date as written on the page',
  ssn: 'a social security number as written on the page',
  year: 'a four-digit year',
  text: 'text as written on the page',
};

/** The answer's schema: one entry per field, each with value, evidence and page (null when not on the pages). */
export function extractionSchema(fieldNames: readonly string[]) {
  const entry = z.object({
    value: z.string().max(MAX_VALUE_CHARS).nullable(),
    evidence: z.string().max(MAX_EVIDENCE_CHARS).nullable(),
    page: z.number().int().min(1).nullable(),
  });
  return z.object(Object.fromEntries(fieldNames.map((n) => [n, entry])) as Record<string, typeof entry>);
}

const SYSTEM_PROMPT = [
  'You read mortgage loan documents and copy field values from them.',
  'Answer with JSON only, one entry per requested field.',
  'value: the value exactly as written on the page; null when the field is not on the pages.',
  'evidence: the words copied from the page that contain the value (the label and the value); null when value is null.',
  'page: the page number the evidence is on; null when value is null.',
  'Never guess and never invent values.',
].join('\n');

/** The chat messages and the schema for one extraction request. */
export function buildExtractionPrompt(
  input: ExtractionInput,
  options: { includeImages: boolean },
): { messages: ChatMessage[]; schema: ReturnType<typeof extractionSchema>; schemaName: string } {
  const maxChars = input.maxCharsPerPage ?? 6000;
  const fieldLines = input.fields.map((f) => `- ${f.name}: ${f.description ?? KIND_HINTS[f.kind]}`);
  const header = `Document type: ${input.title ?? input.documentType}\nFields to extract:\n${fieldLines.join('\n')}`;
  const parts: ContentPart[] = [{ type: 'text', text: header }];
  for (const page of input.pages) {
    const text = page.text.length > maxChars ? `${page.text.slice(0, maxChars)}\n[page text cut]` : page.text;
    parts.push({ type: 'text', text: `--- page ${page.pageNumber} ---\n${text}` });
    if (options.includeImages && page.image) parts.push(page.image);
  }
  const hasImage = parts.some((p) => p.type === 'image');
  const user: ChatMessage = { role: 'user', content: hasImage ? parts : parts.map((p) => (p as { text: string }).text).join('\n\n') };
  return {
    messages: [{ role: 'system', content: SYSTEM_PROMPT }, user],
    schema: extractionSchema(input.fields.map((f) => f.name)),
    schemaName: `extract_${input.documentType}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
  };
}

/** One field as the LLM read it. */
export interface LlmField {
  name: string;
  value: string | null;
  evidence: string | null;
  page: number | null;
  /** True when the evidence is found on the page text and contains the value: not a hallucination. */
  grounded: boolean;
  /** Box of the line(s) holding the value (or evidence), when the page's lines were given and it was found. */
  bbox?: BBox;
  source: 'llm';
}

export interface ExtractFieldsOptions {
  maxTokens: number;
  temperature?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Asks the provider for the fields of one document, validates the answer, checks each value against the page
 * text, and returns the fields with the call's cost record. Throws the provider's typed errors (LlmOutputError when
 * the answer does not validate).
 */
export async function extractFieldsWithLlm(
  provider: LlmProvider,
  input: ExtractionInput,
  options: ExtractFieldsOptions,
): Promise<{ fields: LlmField[]; call: LlmCallRecord }> {
  const includeImages = input.includeImages ?? provider.supportsImages;
  const { messages, schema, schemaName } = buildExtractionPrompt(input, { includeImages: includeImages && provider.supportsImages });
  const { value, result } = await completeJson(provider, schema, {
    messages,
    schemaName,
    maxTokens: options.maxTokens,
    temperature: options.temperature ?? 0,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  const fields = input.fields.map((f) => groundField(f.name, value[f.name] ?? { value: null, evidence: null, page: null }, input.pages));
  return { fields, call: llmCallRecord(result, 'extract-fields', input.documentType) };
}

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

function groundField(
  name: string,
  answer: { value: string | null; evidence: string | null; page: number | null },
  pages: readonly ExtractionPage[],
): LlmField {
  const field: LlmField = { name, value: answer.value, evidence: answer.evidence, page: answer.page, grounded: false, source: 'llm' };
  if (answer.value === null || normalize(answer.value) === '') return { ...field, value: null };
  const value = normalize(answer.value);
  const evidence = answer.evidence ? normalize(answer.evidence) : value;
  // The claimed page first, then the others: small models often get the page number wrong but the text right.
  const ordered = [...pages].sort((a, b) => Number(b.pageNumber === answer.page) - Number(a.pageNumber === answer.page));
  for (const page of ordered) {
    const text = normalize(page.text);
    if (evidence.includes(value) && text.includes(evidence)) {
      field.grounded = true;
      field.page = page.pageNumber;
      const box = page.lines ? locate(page.lines, value) ?? locate(page.lines, evidence) : undefined;
      if (box) field.bbox = box;
      break;
    }
  }
  return field;
}

/** Union box of the fewest consecutive lines (up to 3) whose text contains `needle`. */
export function locate(lines: readonly Line[], needle: string): BBox | undefined {
  const want = normalize(needle);
  if (!want) return undefined;
  for (let span = 1; span <= 3; span++) {
    for (let i = 0; i + span <= lines.length; i++) {
      const window = lines.slice(i, i + span);
      if (normalize(window.map((l) => l.text).join(' ')).includes(want)) {
        return window.map((l) => l.bbox).reduce((a, b) => unionBBox(a, b));
      }
    }
  }
  return undefined;
}

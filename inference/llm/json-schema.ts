import { z } from 'zod';
import { LlmOutputError, LlmUnsupportedInputError } from './llm-errors.js';

type Json = Record<string, unknown>;

/**
 * The JSON Schema of what the model must write for `schema` to accept it: zod's own converter, input side (the
 * model's JSON is zod's input), with every object closed (`additionalProperties: false`) unless the schema says
 * otherwise, as OpenAI's strict mode and grammars want.
 */
export function zodToJsonSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as Json;
  delete json.$schema;
  return closeObjects(json) as Json;
}

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * True when OpenAI's `strict: true` accepts the schema: every object closed and every property required (optional
 * values are written as nullable instead). Other servers ignore `strict`.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const node = schema as Json;
  if (node.type === 'object' && node.properties && typeof node.properties === 'object') {
    const keys = Object.keys(node.properties);
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    if (node.additionalProperties !== false || keys.some((k) => !required.includes(k))) return false;
  }
  return Object.values(node).every(isStrictCompatible);
}

/** Keywords that only narrow values: the grammar leaves them out, zod checks them after. */
const VALUE_ONLY_KEYWORDS = new Set([
  '$schema', '$id', 'title', 'default', 'examples', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'uniqueItems', 'contentEncoding', 'contentMediaType', 'readOnly', 'writeOnly',
  'deprecated', 'id',
]);
/** Keywords that change the shape of the JSON: a grammar without them would accept other documents, so refuse. */
const UNSUPPORTED_KEYWORDS = ['allOf', 'not', 'if', 'then', 'else', 'patternProperties', 'dependentSchemas', 'propertyNames'];
const GRAMMAR_FORMATS = new Set(['date-time', 'time', 'date']);

/**
 * The subset of JSON Schema that node-llama-cpp compiles to a grammar (its GbnfJsonSchema): `anyOf` becomes `oneOf`,
 * `enum`/`const` lose their redundant `type`, value-only keywords go (zod validates them after), shape-changing
 * ones are refused. In node-llama-cpp's grammars every listed property is written, so optional values should be
 * nullable in the zod schema.
 */
export function toGrammarSchema(schema: unknown, provider = 'llama'): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toGrammarSchema(s, provider));
  if (!schema || typeof schema !== 'object') return schema;
  const node = schema as Json;
  for (const keyword of UNSUPPORTED_KEYWORDS) {
    if (keyword in node) throw new LlmUnsupportedInputError(provider, `JSON Schema keyword ${keyword} cannot be compiled to a grammar`);
  }
  if ('enum' in node) return pick(node, ['enum', 'description']);
  if ('const' in node) return pick(node, ['const', 'description']);
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALUE_ONLY_KEYWORDS.has(key) || key === 'required') continue;
    if (key === 'format') {
      if (typeof value === 'string' && GRAMMAR_FORMATS.has(value)) out.format = value;
      continue;
    }
    if (key === 'anyOf' || key === 'oneOf') {
      out.oneOf = toGrammarSchema(value, provider);
      continue;
    }
    if (key === 'properties' || key === '$defs' || key === 'definitions') {
      const mapped: Json = {};
      for (const [name, sub] of Object.entries(value as Json)) mapped[name] = toGrammarSchema(sub, provider);
      out[key === 'definitions' ? '$defs' : key] = mapped;
      continue;
    }
    out[key] = toGrammarSchema(value, provider);
  }
  // `anyOf` next to `type` (zod writes both for some unions): the alternatives carry the types.
  if (out.oneOf && out.type) delete out.type;
  if (out.type === 'string' && out.format) {
    delete out.minLength;
    delete out.maxLength;
  }
  return out;
}

function pick(node: Json, keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) if (key in node) out[key] = node[key];
  return out;
}

/** The parsed answer, or undefined when the text is not JSON (a provider returns the text either way). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parses a model's JSON answer; LlmOutputError (without the text) when it is not JSON or was cut at maxTokens. */
export function parseJsonAnswer(provider: string, text: string, finishReason: 'stop' | 'length'): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const why = finishReason === 'length' ? 'answer cut off at maxTokens before the JSON was complete' : 'answer is not valid JSON';
    throw new LlmOutputError(provider, `${why} (${text.length} characters)`, [], cause);
  }
}

/** Validates a parsed answer with zod; LlmOutputError listing the failing paths (never the values) when it fails. */
export function validateAnswer<T>(provider: string, schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`);
  throw new LlmOutputError(provider, `answer does not match the schema (${issues.length} issue${issues.length === 1 ? '' : 's'})`, issues);
}

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isSealed, sealIfKeyed, unseal, type Keyring } from '../../platform/encryption.js';
import type { CompletionRequest, CompletionResult, LlmProvider } from './llm-provider.js';

/** Bump when the key recipe or the stored shape changes: old entries then simply miss. */
const KEY_VERSION = 1;

/** JSON with object keys sorted at every level, so equal requests serialize equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * sha256 of (provider, model, what the model sees): messages (images by their full data URLs), schema, maxTokens,
 * temperature. Timeouts and signals are left out: they do not change the answer.
 */
export function completionCacheKey(provider: string, model: string, request: CompletionRequest): string {
  const { messages, jsonSchema, schemaName, maxTokens, temperature } = request;
  const material = { v: KEY_VERSION, provider, model, messages, jsonSchema, schemaName, maxTokens, temperature: temperature ?? 0 };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

const StoredResult = z.object({
  provider: z.enum(['llama', 'openai', 'none']),
  model: z.string(),
  text: z.string(),
  json: z.unknown().optional(),
  finishReason: z.enum(['stop', 'length']),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
  ms: z.number(),
});
type StoredResult = z.infer<typeof StoredResult>;

export interface CompletionCacheOptions {
  /** Entries kept in memory, least recently used dropped first (default 500). */
  maxEntries?: number;
  /**
   * Optional folder that keeps answers across runs (`<dir>/<key[0..2]>/<key>.json`). Answers hold document text:
   * put it in the data directory, never in a shared or world-readable place.
   */
  dir?: string;
  /**
   * Encryption at rest (platform/encryption.ts): entries are written sealed, and a plaintext entry from before is
   * read and rewritten sealed. Without it entries are written in plaintext; a sealed entry found then, or one whose key
   * is no longer configured or whose bytes were altered, is a DecryptError (not a miss: the cache never quietly drops
   * to plaintext or overwrites what it cannot read).
   */
  keyring?: Keyring;
}

export interface CompletionCache {
  get(key: string): Promise<CompletionResult | undefined>;
  set(key: string, result: CompletionResult): Promise<void>;
  readonly stats: { hits: number; misses: number; size: number };
}

/** An in-memory LRU of completion results, backed by a folder when `dir` is given. */
export function createCompletionCache(options: CompletionCacheOptions = {}): CompletionCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 500);
  const memory = new Map<string, StoredResult>();
  const stats = { hits: 0, misses: 0, size: 0 };
  let writes = 0;
  const fileOf = (key: string) => path.join(options.dir!, key.slice(0, 2), `${key}.json`);

  const remember = (key: string, stored: StoredResult): void => {
    memory.delete(key);
    memory.set(key, stored);
    while (memory.size > maxEntries) memory.delete(memory.keys().next().value!);
    stats.size = memory.size;
  };

  async function readStored(key: string): Promise<StoredResult | undefined> {
    if (!options.dir) return undefined;
    let raw: Buffer;
    try {
      raw = await readFile(fileOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const sealed = isSealed(raw);
    const text = (sealed ? await unseal(raw, options.keyring) : raw).toString('utf8');
    // A plaintext file cut short by a crash or edited by hand is a miss; the next set() rewrites it.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    const checked = StoredResult.safeParse(parsed);
    if (!checked.success) return undefined;
    // An entry written before encryption was turned on: seal it now rather than keep its text in the clear.
    if (!sealed && options.keyring) await writeStored(key, checked.data);
    return checked.data;
  }

  async function writeStored(key: string, stored: StoredResult): Promise<void> {
    const file = fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.${++writes}.tmp`;
    await writeFile(tmp, await sealIfKeyed(Buffer.from(JSON.stringify(stored), 'utf8'), options.keyring), { mode: 0o600 });
    await rename(tmp, file);
  }

  return {
    stats,
    async get(key) {
      let stored = memory.get(key);
      if (!stored) {
        stored = await readStored(key);
        if (stored) remember(key, stored);
      } else {
        remember(key, stored);
      }
      if (!stored) {
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      return { ...stored, usage: { ...stored.usage } };
    },
    async set(key, result) {
      const stored: StoredResult = {
        provider: result.provider,
        model: result.model,
        text: result.text,
        finishReason: result.finishReason,
        usage: { ...result.usage },
        ms: result.ms,
      };
      if (result.json !== undefined) stored.json = result.json;
      remember(key, stored);
      if (options.dir) await writeStored(key, stored);
    },
  };
}

/**
 * The provider with a cache in front: an identical request (same provider, model, messages, schema, limits) is
 * answered from the cache, with `cached: true`, zero `usage` (it cost nothing) and the original cost in
 * `cachedUsage`. Only successful answers are stored.
 */
export function withCompletionCache(provider: LlmProvider, cache: CompletionCache): LlmProvider {
  return {
    name: provider.name,
    model: provider.model,
    configured: provider.configured,
    supportsImages: provider.supportsImages,
    close: () => provider.close(),
    async complete(request) {
      const started = performance.now();
      const key = completionCacheKey(provider.name, provider.model, request);
      const hit = await cache.get(key);
      if (hit) {
        return { ...hit, cached: true, cachedUsage: hit.usage, usage: { promptTokens: 0, completionTokens: 0 }, ms: performance.now() - started };
      }
      const result = await provider.complete(request);
      await cache.set(key, result);
      return result;
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyring, createLocalKeyProvider, isSealed } from '../../platform/encryption.js';
import { DecryptError } from '../../platform/errors.js';
import { canonicalJson, completionCacheKey, createCompletionCache, withCompletionCache } from './completion-cache.js';
import type { CompletionRequest } from './llm-provider.js';
import { createScriptedLlmProvider } from './scripted-llm-provider.js';

const request = (text: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: text }],
  jsonSchema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
  maxTokens: 16,
  ...extra,
});

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'docket-llm-cache-'));
  dirs.push(d);
  return d;
};

describe('completionCacheKey', () => {
  it('is the same for the same request whatever the key order, timeout or signal', () => {
    const a = completionCacheKey('llama', 'm', request('x', { timeoutMs: 5 }));
    const b = completionCacheKey('llama', 'm', {
      maxTokens: 16,
      jsonSchema: { required: ['a'], properties: { a: { type: 'string' } }, type: 'object' },
      messages: [{ content: 'x', role: 'user' }],
      signal: new AbortController().signal,
      temperature: 0,
    });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('changes with provider, model, text, schema, maxTokens and temperature', () => {
    const base = completionCacheKey('llama', 'm', request('x'));
    const others = [
      completionCacheKey('openai', 'm', request('x')),
      completionCacheKey('llama', 'm2', request('x')),
      completionCacheKey('llama', 'm', request('y')),
      completionCacheKey('llama', 'm', request('x', { jsonSchema: { type: 'object' } })),
      completionCacheKey('llama', 'm', request('x', { maxTokens: 17 })),
      completionCacheKey('llama', 'm', request('x', { temperature: 0.5 })),
    ];
    expect(new Set([base, ...others]).size).toBe(7);
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: undefined, e: null })).toBe('{"b":[{"c":2,"d":1}],"e":null}');
  });
});

describe('withCompletionCache', () => {
  it('answers an identical request from the cache at no token cost', async () => {
    const provider = createScriptedLlmProvider(['{"a":"1"}'], { usage: { promptTokens: 30, completionTokens: 4 } });
    const cached = withCompletionCache(provider, createCompletionCache());
    const first = await cached.complete(request('x'));
    const second = await cached.complete(request('x', { timeoutMs: 999 }));
    expect(provider.requests).toHaveLength(1);
    expect(first.cached).toBeUndefined();
    expect(first.usage).toEqual({ promptTokens: 30, completionTokens: 4 });
    expect(second).toMatchObject({ cached: true, text: '{"a":"1"}', json: { a: '1' }, usage: { promptTokens: 0, completionTokens: 0 }, cachedUsage: { promptTokens: 30, completionTokens: 4 } });
  });

  it('does not store failures', async () => {
    const provider = createScriptedLlmProvider([new Error('boom'), '{"a":"2"}']);
    const cached = withCompletionCache(provider, createCompletionCache());
    await expect(cached.complete(request('x'))).rejects.toThrow('boom');
    expect((await cached.complete(request('x'))).text).toBe('{"a":"2"}');
    expect(provider.requests).toHaveLength(2);
  });

  it('keeps answers across cache instances in a folder, and treats a corrupt file as a miss', async () => {
    const dir = await tempDir();
    const first = withCompletionCache(createScriptedLlmProvider(['{"a":"3"}']), createCompletionCache({ dir }));
    await first.complete(request('x'));
    const again = createScriptedLlmProvider([]);
    const second = await withCompletionCache(again, createCompletionCache({ dir })).complete(request('x'));
    expect(second).toMatchObject({ cached: true, json: { a: '3' } });
    expect(again.requests).toHaveLength(0);

    const key = completionCacheKey('openai', 'scripted', request('x'));
    await writeFile(path.join(dir, key.slice(0, 2), `${key}.json`), '{"trunc');
    const refilled = createScriptedLlmProvider(['{"a":"4"}']);
    expect((await withCompletionCache(refilled, createCompletionCache({ dir })).complete(request('x'))).json).toEqual({ a: '4' });
    expect(await readdir(path.join(dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
  });
});

describe('createCompletionCache', () => {
  it('drops the least recently used entry past maxEntries', async () => {
    const cache = createCompletionCache({ maxEntries: 2 });
    const result = { provider: 'llama' as const, model: 'm', text: 't', finishReason: 'stop' as const, usage: { promptTokens: 1, completionTokens: 1 }, ms: 1 };
    await cache.set('a', result);
    await cache.set('b', result);
    await cache.get('a'); // a is now the most recent
    await cache.set('c', result);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBeDefined();
    expect(await cache.get('c')).toBeDefined();
    expect(cache.stats).toEqual({ hits: 3, misses: 1, size: 2 });
  });
});

describe('completion cache encryption at rest', () => {
  const ssn = '123-45-6789';
  const keyring = createKeyring(createLocalKeyProvider('k1', randomBytes(32)));
  const answer = `{"a":"SSN ${ssn}"}`;
  const entryFile = (dir: string, text: string) => {
    const key = completionCacheKey('openai', 'scripted', request(text));
    return path.join(dir, key.slice(0, 2), `${key}.json`);
  };

  it('writes sealed entries (no prompt or answer text on disk) and reads them back', async () => {
    const dir = await tempDir();
    const prompt = `Employee SSN: ${ssn}`;
    await withCompletionCache(createScriptedLlmProvider([answer]), createCompletionCache({ dir, keyring })).complete(request(prompt));
    const raw = await readFile(entryFile(dir, prompt));
    expect(isSealed(raw)).toBe(true);
    expect(raw.includes(ssn)).toBe(false);
    expect(raw.includes('SSN')).toBe(false);
    const again = createScriptedLlmProvider([]);
    expect(await withCompletionCache(again, createCompletionCache({ dir, keyring })).complete(request(prompt))).toMatchObject({ cached: true, json: { a: `SSN ${ssn}` } });
  });

  it('reads an entry written in plaintext before the key was set, and rewrites it sealed', async () => {
    const dir = await tempDir();
    await withCompletionCache(createScriptedLlmProvider([answer]), createCompletionCache({ dir })).complete(request('old'));
    expect((await readFile(entryFile(dir, 'old'), 'utf8')).includes(ssn)).toBe(true);
    const provider = createScriptedLlmProvider([]);
    expect(await withCompletionCache(provider, createCompletionCache({ dir, keyring })).complete(request('old'))).toMatchObject({ cached: true, json: { a: `SSN ${ssn}` } });
    const raw = await readFile(entryFile(dir, 'old'));
    expect(isSealed(raw)).toBe(true);
    expect(raw.includes(ssn)).toBe(false);
    expect(await readdir(path.dirname(entryFile(dir, 'old')))).toHaveLength(1);
  });

  it('a sealed entry without the key, with another key, or altered is a DecryptError, and is left as it is', async () => {
    const dir = await tempDir();
    await withCompletionCache(createScriptedLlmProvider([answer]), createCompletionCache({ dir, keyring })).complete(request('x'));
    const file = entryFile(dir, 'x');
    const sealed = await readFile(file);
    const other = createKeyring(createLocalKeyProvider('k2', randomBytes(32)));
    for (const cache of [createCompletionCache({ dir }), createCompletionCache({ dir, keyring: other })]) {
      const provider = createScriptedLlmProvider(['{"a":"plain"}']);
      await expect(withCompletionCache(provider, cache).complete(request('x'))).rejects.toMatchObject({ code: 'DOCKET_ERR_DECRYPT' });
      expect(provider.requests).toHaveLength(0);
    }
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] = altered[altered.length - 1]! ^ 0xff;
    await writeFile(file, altered);
    await expect(createCompletionCache({ dir, keyring }).get(completionCacheKey('openai', 'scripted', request('x')))).rejects.toBeInstanceOf(DecryptError);
    expect((await readFile(file)).equals(altered)).toBe(true);
  });
});

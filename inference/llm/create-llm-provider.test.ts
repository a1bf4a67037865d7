import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../platform/errors.js';
import { createLogger } from '../../platform/logger.js';
import { createLlmProvider } from './create-llm-provider.js';
import { LlmNotConfiguredError } from './llm-errors.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('createLlmProvider', () => {
  it('none: not configured, says so at start, and refuses calls with a typed error', async () => {
    const { lines, logger } = capture();
    const provider = await createLlmProvider({ kind: 'none' }, logger);
    expect(provider).toMatchObject({ name: 'none', configured: false, supportsImages: false });
    const err = await provider.complete({ messages: [{ role: 'user', content: 'x' }], maxTokens: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmNotConfiguredError);
    expect(err).toMatchObject({ code: 'DOCKET_ERR_LLM', retryable: false });
    expect(lines.some((l) => l.level === 40 && String(l.msg).startsWith('no LLM configured'))).toBe(true);
  });

  it('refuses incomplete llama and openai settings with ModelError', async () => {
    const { logger } = capture();
    await expect(createLlmProvider({ kind: 'llama' }, logger)).rejects.toBeInstanceOf(ModelError);
    await expect(createLlmProvider({ kind: 'openai', url: 'http://127.0.0.1:1/v1' }, logger)).rejects.toThrow(/DOCKET_LLM_MODEL/);
  });

  it('openai: logs the provider without the API key and puts the cache in front', async () => {
    const { lines, logger } = capture();
    const provider = await createLlmProvider({ kind: 'openai', url: 'http://127.0.0.1:1/v1', model: 'm', apiKey: 'sk-secret' }, logger);
    expect(provider).toMatchObject({ name: 'openai', model: 'm', configured: true });
    expect(JSON.stringify(lines)).not.toContain('sk-secret');
    expect(lines.find((l) => l.msg === 'LLM ready')).toMatchObject({ llm: 'openai', cacheEntries: 500 });
  });
});

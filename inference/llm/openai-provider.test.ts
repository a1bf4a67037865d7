import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { completeJson } from './complete-json.js';
import { LlmError, LlmHttpError, LlmOutputError, LlmTimeoutError } from './llm-errors.js';
import { imagePart, type CompletionRequest } from './llm-provider.js';
import { buildChatCompletionBody, createOpenAiProvider } from './openai-provider.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('buildChatCompletionBody', () => {
  it('sends page images as image_url parts with data URLs and the schema as response_format json_schema', () => {
    const schema = { type: 'object', properties: { employer: { type: ['string', 'null'] } }, required: ['employer'], additionalProperties: false };
    const request: CompletionRequest = {
      messages: [
        { role: 'system', content: 'Extract.' },
        { role: 'user', content: [{ type: 'text', text: 'page 1' }, imagePart(PNG, 'image/png', 'high')] },
      ],
      jsonSchema: schema,
      schemaName: 'extract_w2',
      maxTokens: 64,
    };
    expect(buildChatCompletionBody('qwen-vl', request)).toEqual({
      model: 'qwen-vl',
      messages: [
        { role: 'system', content: 'Extract.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'page 1' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`, detail: 'high' } },
          ],
        },
      ],
      max_tokens: 64,
      temperature: 0,
      stream: false,
      response_format: { type: 'json_schema', json_schema: { name: 'extract_w2', schema, strict: true } },
    });
  });

  it('marks schemas with optional properties non-strict and can name the limit max_completion_tokens', () => {
    const body = buildChatCompletionBody(
      'm',
      { messages: [{ role: 'user', content: 'hi' }], jsonSchema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, maxTokens: 5 },
      'max_completion_tokens',
    );
    expect(body.max_completion_tokens).toBe(5);
    expect(body.max_tokens).toBeUndefined();
    expect((body.response_format as { json_schema: { strict: boolean } }).json_schema.strict).toBe(false);
  });
});

/** A local stand-in for an OpenAI-compatible server: each test sets how it answers. */
describe('createOpenAiProvider against a local stub', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let seen: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
  let answer: (body: Record<string, unknown>) => Promise<{ status: number; body: unknown }> = async () => ({ status: 500, body: {} });

  beforeAll(async () => {
    app = Fastify({ forceCloseConnections: true });
    app.post('/v1/chat/completions', async (request, reply) => {
      seen.push({ headers: request.headers, body: request.body as Record<string, unknown> });
      const { status, body } = await answer(request.body as Record<string, unknown>);
      return reply.status(status).send(body);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/`;
  });
  afterAll(() => app.close());

  const reset = (fn: typeof answer) => {
    seen = [];
    answer = fn;
  };
  const completion = (content: string | null, extra: Record<string, unknown> = {}) => ({
    status: 200,
    body: {
      id: 'x',
      object: 'chat.completion',
      model: 'served',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 },
      ...extra,
    },
  });

  it('posts to /chat/completions with the bearer key and returns text, parsed JSON and usage', async () => {
    reset(async () => completion('{"employer":"Acme"}'));
    const provider = createOpenAiProvider({ baseUrl, apiKey: 'sk-test', model: 'served' });
    const { value, result } = await completeJson(provider, z.object({ employer: z.string().nullable() }), {
      messages: [{ role: 'user', content: 'W-2' }],
      maxTokens: 32,
    });
    expect(value).toEqual({ employer: 'Acme' });
    expect(result).toMatchObject({ provider: 'openai', model: 'served', finishReason: 'stop', usage: { promptTokens: 42, completionTokens: 7 } });
    expect(result.ms).toBeGreaterThan(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(seen[0]!.body).toMatchObject({ model: 'served', max_tokens: 32, response_format: { type: 'json_schema' } });
  });

  it('throws LlmHttpError with the server’s message; 429 and 5xx retryable, 400 not', async () => {
    const provider = createOpenAiProvider({ baseUrl, model: 'served' });
    const request = { messages: [{ role: 'user' as const, content: 'x' }], maxTokens: 4 };
    reset(async () => ({ status: 429, body: { error: { message: 'rate limited', type: 'requests' } } }));
    const limited = await provider.complete(request).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(LlmHttpError);
    expect(limited).toMatchObject({ status: 429, retryable: true, serverMessage: 'rate limited', code: 'DOCKET_ERR_LLM' });
    reset(async () => ({ status: 400, body: { error: { message: 'bad schema' } } }));
    await expect(provider.complete(request)).rejects.toMatchObject({ status: 400, retryable: false });
    reset(async () => ({ status: 503, body: 'overloaded' }));
    await expect(provider.complete(request)).rejects.toMatchObject({ status: 503, retryable: true, serverMessage: 'overloaded' });
  });

  it('times out with LlmTimeoutError (retryable)', async () => {
    reset(async () => {
      await new Promise((r) => setTimeout(r, 1500));
      return completion('late');
    });
    const provider = createOpenAiProvider({ baseUrl, model: 'served', timeoutMs: 100 });
    const err = await provider.complete({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect(err).toMatchObject({ timeoutMs: 100, retryable: true });
  });

  it('throws LlmOutputError for a body that is not a chat completion, and for JSON cut at max_tokens', async () => {
    const provider = createOpenAiProvider({ baseUrl, model: 'served' });
    reset(async () => ({ status: 200, body: { hello: 'world' } }));
    await expect(provider.complete({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4 })).rejects.toBeInstanceOf(LlmOutputError);
    reset(async () => {
      const c = completion('{"employer": "Ac');
      (c.body.choices[0] as { finish_reason: string }).finish_reason = 'length';
      return c;
    });
    const err = await completeJson(provider, z.object({ employer: z.string() }), { messages: [{ role: 'user', content: 'x' }], maxTokens: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmOutputError);
    expect((err as Error).message).toMatch(/cut off at maxTokens/);
  });

  it('throws a retryable LlmError when nothing listens', async () => {
    const closed = Fastify();
    await closed.listen({ host: '127.0.0.1', port: 0 });
    const port = (closed.server.address() as AddressInfo).port;
    await closed.close();
    const provider = createOpenAiProvider({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' });
    const err = await provider.complete({ messages: [{ role: 'user', content: 'x' }], maxTokens: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ retryable: true });
    expect(err).not.toBeInstanceOf(LlmTimeoutError);
  });
});

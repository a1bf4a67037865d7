import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import type { EmbeddingsProvider } from '../embeddings/embeddings-provider.js';
import { LlmTimeoutError } from '../llm/llm-errors.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import { createScriptedLlmProvider } from '../llm/scripted-llm-provider.js';
import { ApiKeyStore, generateApiKey } from './api-keys.js';
import { buildInferenceServer, type InferenceServer } from './inference-server.js';

const alice = generateApiKey('alice');
const bob = generateApiKey('bob');

function fakeEmbeddings(): EmbeddingsProvider {
  return {
    model: 'fake-embed',
    dimension: 3,
    embed: (texts) => Promise.resolve(texts.map((t) => Float32Array.from([t.length, 1, 0]))),
    close: () => Promise.resolve(),
  };
}

const servers: InferenceServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.app.close();
});

function setup(llm?: LlmProvider, embeddings?: EmbeddingsProvider) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const server = buildInferenceServer({ llm, embeddings, keys: new ApiKeyStore([alice.record, bob.record]), logger: createLogger('info', stream), maxTokensLimit: 100 });
  servers.push(server);
  const post = (url: string, body: unknown, key: string | null = alice.key) =>
    server.app.inject({ method: 'POST', url, payload: body as object, headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { server, lines, post };
}

const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'scripted',
  messages: [
    { role: 'developer', content: 'Answer in JSON.' },
    { role: 'user', content: [{ type: 'text', text: 'SSN 123-45-6789' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
  ],
  max_tokens: 20,
  ...extra,
});

describe('inference server auth', () => {
  it('refuses /v1 routes without a key or with an unknown key, in the OpenAI error shape', async () => {
    const { server, post } = setup(createScriptedLlmProvider([]));
    const missing = await post('/v1/chat/completions', chat(), null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ error: { message: expect.stringMatching(/missing API key/), type: 'invalid_request_error', param: null, code: 'missing_api_key' } });
    const wrong = await post('/v1/chat/completions', chat(), 'dk-not-a-key');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_api_key');
    const models = await server.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: 'Basic abc' } });
    expect(models.statusCode).toBe(401);
    expect((await server.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    for (const url of ['/v1/models?x=1', '/v1/usage', '/v1/embeddings']) {
      expect((await server.app.inject({ method: url === '/v1/embeddings' ? 'POST' : 'GET', url })).statusCode).toBe(401);
    }
  });
});

describe('POST /v1/chat/completions', () => {
  it('passes messages, schema and limits to the provider and answers a chat.completion with usage', async () => {
    const llm = createScriptedLlmProvider(['{"ok":true}'], { supportsImages: true, usage: { promptTokens: 31, completionTokens: 4 } });
    const { server, post, lines } = setup(llm);
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
    const res = await post('/v1/chat/completions', chat({ temperature: 0.2, response_format: { type: 'json_schema', json_schema: { name: 'check', schema, strict: true } } }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'scripted',
      choices: [{ index: 0, message: { role: 'assistant', content: '{"ok":true}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 31, completion_tokens: 4, total_tokens: 35 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    const sent = llm.requests[0]!;
    expect(sent).toMatchObject({ maxTokens: 20, temperature: 0.2, jsonSchema: schema, schemaName: 'check' });
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Answer in JSON.' },
      { role: 'user', content: [{ type: 'text', text: 'SSN 123-45-6789' }, { type: 'image', url: 'data:image/png;base64,AAAA', detail: 'low' }] },
    ]);

    // Accounted to alice only; the log line has counts, never the prompt or the answer.
    expect(server.ledger.get(alice.record.id)).toMatchObject({ requests: 1, chatCompletions: 1, promptTokens: 31, completionTokens: 4, errors: 0 });
    expect(server.ledger.get(bob.record.id).requests).toBe(0);
    const log = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'inference request')!;
    expect(log).toMatchObject({ keyId: alice.record.id, route: '/v1/chat/completions', status: 200, promptTokens: 31, completionTokens: 4 });
    expect(lines.join('\n')).not.toMatch(/123-45-6789|"ok":true|Answer in JSON|dk-/);

    const usage = await server.app.inject({ method: 'GET', url: '/v1/usage', headers: { authorization: `Bearer ${alice.key}` } });
    expect(usage.json()).toMatchObject({ key_id: alice.record.id, usage: { chatCompletions: 1, promptTokens: 31 } });
  });

  it('maps json_object to an open object schema and max_completion_tokens to maxTokens', async () => {
    const llm = createScriptedLlmProvider(['{}']);
    const { post } = setup(llm);
    const res = await post('/v1/chat/completions', { model: 'scripted', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 7, response_format: { type: 'json_object' } });
    expect(res.statusCode).toBe(200);
    expect(llm.requests[0]).toMatchObject({ maxTokens: 7, jsonSchema: { type: 'object', additionalProperties: true } });
  });

  it('refuses what it does not serve: unknown model, stream, n>1, stop, too many tokens, bad bodies', async () => {
    const llm = createScriptedLlmProvider([]);
    const { server, post } = setup(llm);
    const cases: [Record<string, unknown>, number, string][] = [
      [chat({ model: 'gpt-4o' }), 404, 'model_not_found'],
      [chat({ stream: true }), 400, 'unsupported_parameter'],
      [chat({ n: 2 }), 400, 'unsupported_parameter'],
      [chat({ stop: ['\n'] }), 400, 'unsupported_parameter'],
      [chat({ max_tokens: 101 }), 400, 'invalid_request'],
      [{ model: 'scripted', messages: [] }, 400, 'invalid_request'],
      [{ model: 'scripted', messages: [{ role: 'tool', content: 'x' }] }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('/v1/chat/completions', body);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }
    const notJson = await server.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: '{', headers: { authorization: `Bearer ${alice.key}`, 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(llm.requests).toHaveLength(0);
    expect(server.ledger.get(alice.record.id)).toMatchObject({ requests: 8, errors: 8, chatCompletions: 0 });
  });

  it('answers 504 on a provider timeout and 503 with no chat model', async () => {
    const { post } = setup(createScriptedLlmProvider([new LlmTimeoutError('llama', 50)]));
    const res = await post('/v1/chat/completions', chat());
    expect([res.statusCode, res.json().error.code]).toEqual([504, 'timeout']);
    const noModel = setup(undefined, fakeEmbeddings());
    expect((await noModel.post('/v1/chat/completions', chat())).statusCode).toBe(503);
  });
});

describe('GET /v1/models and POST /v1/embeddings', () => {
  it('lists the served models', async () => {
    const { server } = setup(createScriptedLlmProvider([]), fakeEmbeddings());
    const res = await server.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${bob.key}` } });
    expect(res.json()).toMatchObject({ object: 'list', data: [{ id: 'scripted', object: 'model', owned_by: 'docket' }, { id: 'fake-embed', object: 'model' }] });
  });

  it('embeds one or many inputs as floats or base64 and accounts inputs and characters', async () => {
    const { server, post } = setup(undefined, fakeEmbeddings());
    const one = await post('/v1/embeddings', { model: 'fake-embed', input: 'abcd' });
    expect(one.json()).toMatchObject({ object: 'list', model: 'fake-embed', data: [{ object: 'embedding', index: 0, embedding: [4, 1, 0] }] });
    const many = await post('/v1/embeddings', { model: 'fake-embed', input: ['a', 'bb'], encoding_format: 'base64' });
    const decoded = many.json().data.map((d: { embedding: string }) => Array.from(new Float32Array(new Uint8Array(Buffer.from(d.embedding, 'base64')).buffer)));
    expect(decoded).toEqual([
      [1, 1, 0],
      [2, 1, 0],
    ]);
    expect((await post('/v1/embeddings', { model: 'fake-embed', input: 'x', dimensions: 8 })).statusCode).toBe(400);
    expect((await post('/v1/embeddings', { model: 'other', input: 'x' })).statusCode).toBe(404);
    expect(server.ledger.get(alice.record.id)).toMatchObject({ requests: 4, embeddingInputs: 3, embeddingCharacters: 7, errors: 2 });
  });
});

describe('inference server: malformed bodies', () => {
  it('answers every malformed body with a 4xx, never a 500', async () => {
    const { server } = setup(createScriptedLlmProvider([]), fakeEmbeddings());
    const deep = (n: number): unknown => (n === 0 ? 'x' : [deep(n - 1)]);
    const bodies = [
      JSON.stringify({ model: 'scripted', messages: deep(2000) }),
      JSON.stringify({ model: 'scripted', input: deep(2000) }),
      JSON.stringify(deep(2000)),
      // Nested past what a recursive parser's stack holds.
      `{"model":"scripted","messages":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      `{"model":"scripted","input":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
      JSON.stringify({ model: { toString: 1 }, messages: [{ role: { a: 1 }, content: { toString: 1 } }] }),
      JSON.stringify({ model: 'scripted', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: { x: 1 } } }] }] }),
      JSON.stringify([1, 2]),
      'null',
      '7',
      '{"model": ',
    ];
    const failures: string[] = [];
    for (const url of ['/v1/chat/completions', '/v1/embeddings']) {
      for (const payload of bodies) {
        const res = await server.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${alice.key}`, 'content-type': 'application/json' } });
        if (res.statusCode >= 500) failures.push(`${url} ${payload.slice(0, 40)}: ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

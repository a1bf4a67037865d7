import { access } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../platform/logger.js';
import { cosine, type EmbeddingsProvider } from '../embeddings/embeddings-provider.js';
import { createOnnxEmbeddings, onnxModelPresent } from '../embeddings/onnx-embeddings.js';
import { createOpenAiEmbeddings } from '../embeddings/openai-embeddings.js';
import { completeJson } from '../llm/complete-json.js';
import { extractFieldsWithLlm } from '../llm/extract-fields.js';
import { createLlamaProvider, SMOLLM2_MODEL_PATH } from '../llm/llama-provider.js';
import { LlmHttpError } from '../llm/llm-errors.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import { createOpenAiProvider } from '../llm/openai-provider.js';
import { ApiKeyStore, generateApiKey } from './api-keys.js';
import { buildInferenceServer, listenInferenceServer, type InferenceServer } from './inference-server.js';

// `docket inference serve` in process on an ephemeral port, backed by the real SmolLM2 GGUF (node-llama-cpp, CPU) and,
// when fetched, the real bge-small ONNX embedding model; Docket's own `openai` clients talk to it over HTTP.

const ONNX_PRESENT = await onnxModelPresent();
const ONNX_SKIP_REASON = 'bge-small ONNX model not fetched (node inference/embeddings/fetch-model.mjs)';

const key = generateApiKey('integration-test');
let llama: LlmProvider;
let embeddings: EmbeddingsProvider | undefined;
let server: InferenceServer;
let baseUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  await access(SMOLLM2_MODEL_PATH).catch(() => {
    throw new Error(`${SMOLLM2_MODEL_PATH} is missing: run node inference/llm/fetch-model.mjs`);
  });
  llama = await createLlamaProvider({ modelPath: SMOLLM2_MODEL_PATH, gpu: 'off', threads: 1, contextSize: 2048 });
  if (ONNX_PRESENT) embeddings = await createOnnxEmbeddings();
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  server = buildInferenceServer({ llm: llama, embeddings, keys: new ApiKeyStore([key.record]), logger: createLogger('info', stream) });
  baseUrl = await listenInferenceServer(server, { port: 0 });
});

afterAll(async () => {
  await server?.app.close();
  await llama?.close();
  await embeddings?.close();
});

describe('docket inference serve (real SmolLM2 over HTTP)', () => {
  it('binds 127.0.0.1 and lists its models to a key holder only', async () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const denied = await fetch(`${baseUrl}/models`);
    expect(denied.status).toBe(401);
    const models = await fetch(`${baseUrl}/models`, { headers: { authorization: `Bearer ${key.key}` } });
    const ids = ((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids).toContain('smollm2-135m-instruct-q4_1');
  });

  it('answers the openai provider with schema-valid JSON and usage, accounted to the key', async () => {
    const provider = createOpenAiProvider({ baseUrl, apiKey: key.key, model: llama.model, timeoutMs: 120_000 });
    const schema = z.object({ document_type: z.enum(['w2', 'pay_stub', 'bank_statement', 'other']), year: z.number().int().nullable() });
    const { value, result } = await completeJson(provider, schema, {
      messages: [
        { role: 'system', content: 'Classify the document. Answer in JSON.' },
        { role: 'user', content: 'Form W-2 Wage and Tax Statement 2024. Employer: Acme Widgets Inc.' },
      ],
      schemaName: 'classify',
      maxTokens: 48,
    });
    expect(schema.safeParse(value).success).toBe(true);
    expect(result).toMatchObject({ provider: 'openai', model: 'smollm2-135m-instruct-q4_1', finishReason: 'stop' });
    expect(result.usage.promptTokens).toBeGreaterThan(10);
    expect(result.usage.completionTokens).toBeGreaterThan(3);
    expect(server.ledger.get(key.record.id)).toMatchObject({ chatCompletions: 1, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens });
    expect(logLines.join('\n')).not.toMatch(/Acme|Wage and Tax/);
  });

  it('runs the field-extraction prompt end to end through the server', async () => {
    const provider = createOpenAiProvider({ baseUrl, apiKey: key.key, model: llama.model, supportsImages: false });
    const page = [
      'Form W-2 Wage and Tax Statement 2024',
      "c Employer's name, address, and ZIP code: Acme Widgets Inc, 12 Main St, Springfield",
      '1 Wages, tips, other compensation: 52,300.00',
    ].join('\n');
    const { fields, call } = await extractFieldsWithLlm(
      provider,
      { documentType: 'w2', title: 'IRS Form W-2', fields: [{ name: 'employer_name', kind: 'text' }], pages: [{ pageNumber: 1, text: page }] },
      { maxTokens: 160 },
    );
    expect(fields.map((f) => [f.name, f.source])).toEqual([['employer_name', 'llm']]);
    expect(call).toMatchObject({ provider: 'openai', cached: false });
    expect(call.completionTokens).toBeGreaterThan(0);
  });

  it('refuses a wrong key with a non-retryable 401', async () => {
    const provider = createOpenAiProvider({ baseUrl, apiKey: 'dk-wrong', model: llama.model });
    const err = await provider.complete({ messages: [{ role: 'user', content: 'x' }], maxTokens: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmHttpError);
    expect(err).toMatchObject({ status: 401, retryable: false, serverMessage: 'invalid API key' });
  });

  it('returns real bge-small embeddings on /v1/embeddings', async (ctx) => {
    ctx.skip(!ONNX_PRESENT, ONNX_SKIP_REASON);
    const client = await createOpenAiEmbeddings({ url: baseUrl, apiKey: key.key, model: embeddings!.model });
    expect(client.dimension).toBe(384);
    const texts = ['gross monthly income from employment', 'wages and salary earned per month', 'the borrower owns a dog'];
    const [remote, local] = [await client.embed(texts), await embeddings!.embed(texts)];
    for (let i = 0; i < texts.length; i++) expect(cosine(remote[i]!, local[i]!)).toBeGreaterThan(0.9999);
    expect(cosine(remote[0]!, remote[1]!)).toBeGreaterThan(cosine(remote[0]!, remote[2]!));
    expect(server.ledger.get(key.record.id).embeddingInputs).toBe(4); // 1 dimension probe + 3
  });
});

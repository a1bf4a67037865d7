import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DocketError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { EmbeddingsProvider } from '../embeddings/embeddings-provider.js';
import { LlmError, LlmHttpError, LlmNotConfiguredError, LlmOutputError, LlmTimeoutError, LlmUnsupportedInputError } from '../llm/llm-errors.js';
import type { ChatMessage, CompletionRequest, ContentPart, LlmProvider } from '../llm/llm-provider.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-keys.js';
import { UsageLedger, type UsageEntry } from './usage-ledger.js';

/**
 * `docket inference serve`: an OpenAI-compatible HTTP API over Docket's local models, so a lender's other
 * applications (and Docket's own `openai` provider) can use them. Routes: POST /v1/chat/completions (with
 * `response_format: json_schema`), POST /v1/embeddings, GET /v1/models, GET /v1/usage (the caller's own usage);
 * GET /health without a key. Every /v1 route needs `Authorization: Bearer <key>`. Each request is accounted to its
 * key and logged as one line with counts and timings, never with prompts, answers or texts.
 */

export interface InferenceServerOptions {
  /** Serves /v1/chat/completions (a `none` provider or none at all: the route answers 503). */
  llm?: LlmProvider;
  /** Serves /v1/embeddings (none: the route answers 503). */
  embeddings?: EmbeddingsProvider;
  keys: ApiKeyStore;
  logger: Logger;
  /** Used when a request gives no max_tokens (default 256). */
  defaultMaxTokens?: number;
  /** Requests asking for more are refused (default 4096). */
  maxTokensLimit?: number;
  /** Request body limit; page images make bodies large (default 32 MiB). */
  bodyLimitBytes?: number;
  /** Texts per /v1/embeddings request (default 256). */
  maxEmbeddingInputs?: number;
}

/** OpenAI-style error: `{ error: { message, type, param, code } }` with an HTTP status. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ImageUrl = z.union([z.string(), z.object({ url: z.string().min(1), detail: z.enum(['low', 'high', 'auto']).optional() })]);
const ContentPartIn = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: ImageUrl }),
]);
const MessageIn = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(ContentPartIn), z.null()]),
});
const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({ name: z.string().max(64).optional(), schema: z.record(z.string(), z.unknown()), strict: z.boolean().nullish() }),
  }),
]);
const ChatBody = z.object({
  model: z.string().min(1),
  messages: z.array(MessageIn).min(1),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  response_format: ResponseFormat.nullish(),
  stream: z.boolean().nullish(),
  n: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
});
const EmbeddingsBody = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).nullish(),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  throw new ApiError(400, 'invalid_request_error', 'invalid_request', `${first.path.join('.') || 'body'}: ${first.message}`);
}

function toMessages(messages: z.infer<typeof MessageIn>[]): ChatMessage[] {
  return messages.map((m) => {
    const role = m.role === 'developer' ? 'system' : m.role;
    if (m.content === null) return { role, content: '' };
    if (typeof m.content === 'string') return { role, content: m.content };
    const parts = m.content.map((p): ContentPart => {
      if (p.type === 'text') return { type: 'text', text: p.text };
      return typeof p.image_url === 'string'
        ? { type: 'image', url: p.image_url }
        : p.image_url.detail
          ? { type: 'image', url: p.image_url.url, detail: p.image_url.detail }
          : { type: 'image', url: p.image_url.url };
    });
    return { role, content: parts };
  });
}

/** Maps any error to the OpenAI error shape and status. */
function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof LlmUnsupportedInputError) return new ApiError(400, 'invalid_request_error', 'unsupported_input', err.message);
  if (err instanceof LlmNotConfiguredError) return new ApiError(503, 'server_error', 'model_not_loaded', err.message);
  if (err instanceof LlmTimeoutError) return new ApiError(504, 'server_error', 'timeout', err.message);
  if (err instanceof LlmHttpError || err instanceof LlmOutputError || err instanceof LlmError) return new ApiError(502, 'server_error', 'upstream_error', err.message);
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'invalid_request_error', String((err as { code?: unknown }).code ?? 'invalid_request'), (err as Error).message);
  }
  return new ApiError(500, 'server_error', 'internal_error', 'internal server error');
}

export interface InferenceServer {
  app: FastifyInstance;
  ledger: UsageLedger;
}

/** Builds the server (not listening: call `listenInferenceServer` or use `app.inject`). */
export function buildInferenceServer(options: InferenceServerOptions): InferenceServer {
  const { llm, embeddings, keys, logger } = options;
  const defaultMaxTokens = options.defaultMaxTokens ?? 256;
  const maxTokensLimit = options.maxTokensLimit ?? 4096;
  const maxInputs = options.maxEmbeddingInputs ?? 256;
  const created = Math.floor(Date.now() / 1000);
  const ledger = new UsageLedger();
  const callers = new WeakMap<FastifyRequest, ApiKeyRecord>();
  const accounting = new WeakMap<FastifyRequest, UsageEntry>();

  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 32 * 1024 * 1024 });

  app.addHook('onResponse', async (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    const caller = callers.get(request);
    const entry: UsageEntry = accounting.get(request) ?? (reply.statusCode >= 400 ? { kind: 'error', seconds } : { kind: 'other', seconds });
    entry.seconds = seconds;
    if (caller) ledger.record(caller.id, entry);
    const counts =
      entry.kind === 'chat'
        ? { promptTokens: entry.promptTokens, completionTokens: entry.completionTokens }
        : entry.kind === 'embeddings'
          ? { inputs: entry.inputs, characters: entry.characters }
          : {};
    logger.info(
      { keyId: caller?.id, method: request.method, route: request.routeOptions.url ?? 'unknown', status: reply.statusCode, ms: Math.round(reply.elapsedTime), ...counts },
      'inference request',
    );
  });

  app.setErrorHandler(async (err, _request, reply) => {
    const api = toApiError(err);
    if (api.status >= 500 && !(err instanceof DocketError)) logger.error({ err }, 'inference request failed');
    return reply.status(api.status).send({ error: { message: api.message, type: api.type, param: null, code: api.code } });
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send({ error: { message: `no route ${request.method} ${request.url.split('?')[0]}`, type: 'invalid_request_error', param: null, code: 'not_found' } }),
  );

  app.get('/health', async () => ({ status: 'ok' }));

  // Every route under /v1 needs a key: the hook belongs to this scope, so no URL spelling gets around it.
  void app.register(
    async (v1) => {
      v1.addHook('onRequest', async (request) => {
        const header = request.headers.authorization;
        const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
        if (!match) throw new ApiError(401, 'invalid_request_error', 'missing_api_key', 'missing API key: send Authorization: Bearer <key>');
        const record = keys.verify(match[1]!);
        if (!record) throw new ApiError(401, 'invalid_request_error', 'invalid_api_key', 'invalid API key');
        callers.set(request, record);
      });

      v1.get('/models', async () => {
        const data = [];
        if (llm?.configured) data.push({ id: llm.model, object: 'model', created, owned_by: 'docket' });
        if (embeddings) data.push({ id: embeddings.model, object: 'model', created, owned_by: 'docket' });
        return { object: 'list', data };
      });

      v1.get('/usage', async (request) => {
        const caller = callers.get(request)!;
        return { object: 'usage', key_id: caller.id, usage: ledger.get(caller.id) };
      });

      v1.post('/chat/completions', async (request, reply) => {
        const body = parseBody(ChatBody, request.body);
        if (!llm?.configured) throw new ApiError(503, 'server_error', 'model_not_loaded', 'this server has no chat model loaded');
        if (body.model !== llm.model) throw new ApiError(404, 'invalid_request_error', 'model_not_found', `model ${body.model} is not served here (GET /v1/models)`);
        if (body.stream) throw new ApiError(400, 'invalid_request_error', 'unsupported_parameter', 'stream is not supported');
        if (body.n !== undefined && body.n !== null && body.n !== 1) throw new ApiError(400, 'invalid_request_error', 'unsupported_parameter', 'only n=1 is supported');
        if (body.stop !== undefined && body.stop !== null && body.stop.length > 0) throw new ApiError(400, 'invalid_request_error', 'unsupported_parameter', 'stop is not supported');
        const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? defaultMaxTokens;
        if (maxTokens > maxTokensLimit) throw new ApiError(400, 'invalid_request_error', 'invalid_request', `max_tokens may be at most ${maxTokensLimit}`);

        const completion: CompletionRequest = { messages: toMessages(body.messages), maxTokens, temperature: body.temperature ?? 0, signal: clientGone(reply) };
        const format = body.response_format;
        if (format?.type === 'json_object') completion.jsonSchema = { type: 'object', additionalProperties: true };
        if (format?.type === 'json_schema') {
          completion.jsonSchema = format.json_schema.schema;
          if (format.json_schema.name) completion.schemaName = format.json_schema.name;
        }

        const result = await llm.complete(completion);
        accounting.set(request, { kind: 'chat', promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens, seconds: 0 });
        return {
          id: `chatcmpl-${randomUUID()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: llm.model,
          choices: [{ index: 0, message: { role: 'assistant', content: result.text, refusal: null }, logprobs: null, finish_reason: result.finishReason }],
          usage: {
            prompt_tokens: result.usage.promptTokens,
            completion_tokens: result.usage.completionTokens,
            total_tokens: result.usage.promptTokens + result.usage.completionTokens,
          },
        };
      });

      v1.post('/embeddings', async (request) => {
        const body = parseBody(EmbeddingsBody, request.body);
        if (!embeddings) throw new ApiError(503, 'server_error', 'model_not_loaded', 'this server has no embeddings model loaded');
        if (body.model !== embeddings.model) throw new ApiError(404, 'invalid_request_error', 'model_not_found', `model ${body.model} is not served here (GET /v1/models)`);
        if (body.dimensions && body.dimensions !== embeddings.dimension) {
          throw new ApiError(400, 'invalid_request_error', 'unsupported_parameter', `${embeddings.model} has ${embeddings.dimension} dimensions`);
        }
        const inputs = typeof body.input === 'string' ? [body.input] : body.input;
        if (inputs.length > maxInputs) throw new ApiError(400, 'invalid_request_error', 'invalid_request', `at most ${maxInputs} inputs per request`);
        const vectors = await embeddings.embed(inputs);
        accounting.set(request, { kind: 'embeddings', inputs: inputs.length, characters: inputs.reduce((n, s) => n + s.length, 0), seconds: 0 });
        return {
          object: 'list',
          model: embeddings.model,
          data: vectors.map((v, index) => ({
            object: 'embedding',
            index,
            embedding: body.encoding_format === 'base64' ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v),
          })),
          // The embeddings provider does not report tokens; usage is accounted per key in inputs and characters.
          usage: { prompt_tokens: 0, total_tokens: 0 },
        };
      });
    },
    { prefix: '/v1' },
  );

  return { app, ledger };
}

/** Aborts when the client disconnects before the answer is written: the model stops generating for nobody. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new ApiError(499, 'invalid_request_error', 'client_closed', 'client closed the connection'));
  });
  return controller.signal;
}

/** Listens (127.0.0.1 unless told otherwise; port 0 = any free port) and returns the base URL (…/v1). */
export async function listenInferenceServer(server: InferenceServer, options: { host?: string; port?: number } = {}): Promise<string> {
  await server.app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = server.app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/v1`;
}

import { z } from 'zod';
import { isStrictCompatible, tryParseJson } from './json-schema.js';
import { LlmError, LlmHttpError, LlmOutputError, LlmTimeoutError } from './llm-errors.js';
import type { ChatMessage, CompletionRequest, CompletionResult, LlmProvider } from './llm-provider.js';

export interface OpenAiProviderOptions {
  /** Base URL up to and including `/v1` (e.g. http://127.0.0.1:8088/v1, https://api.example.com/v1). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; local servers often need none. */
  apiKey?: string;
  /** The endpoint's model id. */
  model: string;
  /** Default per-call limit when a request gives none (default 60 s). */
  timeoutMs?: number;
  /** Whether the model reads image parts (a VLM). Default true: the endpoint refuses them itself if not. */
  supportsImages?: boolean;
  /** Name of the token limit in the body: `max_tokens` (default; vLLM, llama.cpp, Ollama) or `max_completion_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The OpenAI `messages` entry for one chat message: plain string content, or parts with images as `image_url`. */
function toOpenAiMessage(message: ChatMessage): Record<string, unknown> {
  if (typeof message.content === 'string') return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: message.content.map((part) =>
      part.type === 'text'
        ? { type: 'text', text: part.text }
        : { type: 'image_url', image_url: part.detail ? { url: part.url, detail: part.detail } : { url: part.url } },
    ),
  };
}

/** The JSON body of POST /chat/completions for a request (exported for tests of the wire format). */
export function buildChatCompletionBody(
  model: string,
  request: CompletionRequest,
  maxTokensField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens',
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map(toOpenAiMessage),
    [maxTokensField]: request.maxTokens,
    temperature: request.temperature ?? 0,
    stream: false,
  };
  if (request.jsonSchema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.schemaName ?? 'answer', schema: request.jsonSchema, strict: isStrictCompatible(request.jsonSchema) },
    };
  }
  return body;
}

const ChatCompletionResponse = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }).optional(),
});

const ErrorBody = z.object({ error: z.union([z.object({ message: z.string() }), z.string()]) });

/** A client for any OpenAI-compatible chat-completions endpoint. */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const name = 'openai';

  async function complete(request: CompletionRequest): Promise<CompletionResult> {
    const timeoutMs = request.timeoutMs ?? defaultTimeout;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const started = performance.now();
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

    let response: Response;
    let raw: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(buildChatCompletionBody(options.model, request, options.maxTokensField)),
        signal,
      });
      raw = await response.text();
    } catch (cause) {
      if (timeout.aborted) throw new LlmTimeoutError(name, timeoutMs, cause);
      if (request.signal?.aborted) throw new LlmError(`${name}: call cancelled`, name, { cause });
      throw new LlmError(`${name}: cannot reach ${new URL(url).origin}`, name, { retryable: true, cause });
    }

    if (!response.ok) throw new LlmHttpError(name, response.status, serverMessage(raw));

    let body: z.infer<typeof ChatCompletionResponse>;
    try {
      body = ChatCompletionResponse.parse(JSON.parse(raw));
    } catch (cause) {
      throw new LlmOutputError(name, 'response is not an OpenAI chat completion', [], cause);
    }
    const choice = body.choices[0]!;
    if (choice.message.refusal) throw new LlmOutputError(name, 'model refused the request');
    const text = choice.message.content ?? '';
    const finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
    const result: CompletionResult = {
      provider: name,
      model: options.model,
      text,
      finishReason,
      usage: { promptTokens: body.usage?.prompt_tokens ?? 0, completionTokens: body.usage?.completion_tokens ?? 0 },
      ms: performance.now() - started,
    };
    if (request.jsonSchema) result.json = tryParseJson(text);
    return result;
  }

  return {
    name,
    model: options.model,
    configured: true,
    supportsImages: options.supportsImages ?? true,
    complete,
    close: () => Promise.resolve(),
  };
}

/** The server's error message from an OpenAI-style error body, or the start of a plain-text one. */
function serverMessage(raw: string): string {
  let message = raw;
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(raw));
    if (parsed.success) message = typeof parsed.data.error === 'string' ? parsed.data.error : parsed.data.error.message;
  } catch {
    // not JSON: keep the text itself
  }
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

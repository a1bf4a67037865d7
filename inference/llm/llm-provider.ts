/**
 * One interface over every large language model Docket can call: node-llama-cpp in process (`llama`), any
 * OpenAI-compatible endpoint (`openai`: vLLM, SGLang, llama.cpp server, Ollama, hosted clouds, `docket inference
 * serve`), or nothing (`none`, the embedded default: rules only).
 */

export type LlmProviderName = 'llama' | 'openai' | 'none';

/** An image sent to a vision-language model: a `data:` URL (page renderings) or an https URL. */
export interface ImagePart {
  type: 'image';
  url: string;
  /** OpenAI's resolution hint; ignored by servers that do not know it. */
  detail?: 'low' | 'high' | 'auto';
}

export interface TextPart {
  type: 'text';
  text: string;
}

export type ContentPart = TextPart | ImagePart;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /**
   * Constrain the answer to this JSON Schema (draft 2020-12, as `z.toJSONSchema` writes it). `llama` compiles it to a
   * grammar; `openai` sends it as `response_format: { type: 'json_schema' }`. The answer is then parsed into `json`.
   */
  jsonSchema?: Record<string, unknown>;
  /** Name of the schema in `response_format.json_schema.name` (letters, digits, _ and -). */
  schemaName?: string;
  /**
   * Generated-token limit. node-llama-cpp's JSON grammars end an answer with up to 4 newline tokens (its stop
   * trigger): budget them, or a complete answer may still report finishReason `length`.
   */
  maxTokens: number;
  /** 0 (the default) is greedy decoding: the same request gives the same answer on the same model and build. */
  temperature?: number;
  /** Wall-clock limit of the whole call; LlmTimeoutError past it. Falls back to the provider's default. */
  timeoutMs?: number;
  /** Cancels the call (e.g. an HTTP client that went away). */
  signal?: AbortSignal;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface CompletionResult {
  provider: LlmProviderName;
  model: string;
  text: string;
  /**
   * The parsed answer when the request carried a jsonSchema and the text is JSON; absent when it is not (e.g. cut off
   * at maxTokens: finishReason `length`). completeJson() turns that into LlmOutputError.
   */
  json?: unknown;
  /** `length` when generation stopped at maxTokens. */
  finishReason: 'stop' | 'length';
  /**
   * Tokens the call cost. `llama` counts what it evaluated (a prompt prefix reused from the sequence's KV cache is
   * not counted again); `openai` reports the server's `usage`. Zero for a cache hit: see `cachedUsage`.
   */
  usage: TokenUsage;
  /** Wall-clock milliseconds of the call (of the lookup, for a cache hit). */
  ms: number;
  /** Milliseconds to the first generated token, where the provider can tell (llama). */
  firstTokenMs?: number;
  /** True when the answer came from the completion cache. */
  cached?: boolean;
  /** For a cache hit: the usage of the call that produced the cached answer. */
  cachedUsage?: TokenUsage;
}

export interface LlmProvider {
  readonly name: LlmProviderName;
  /** Model id: the GGUF file's name for llama, the endpoint's model id for openai, 'none' for none. */
  readonly model: string;
  /** False only for `none`: callers skip the LLM route and say so. */
  readonly configured: boolean;
  /** Whether image parts may be sent. `llama` (text-only GGUF) refuses them with LlmUnsupportedInputError. */
  readonly supportsImages: boolean;
  complete(request: CompletionRequest): Promise<CompletionResult>;
  /** Frees the model (llama); a no-op for the others. */
  close(): Promise<void>;
}

/** A `data:` URL image part from encoded image bytes (PNG or JPEG page renderings). */
export function imagePart(bytes: Uint8Array, mediaType: 'image/png' | 'image/jpeg' | 'image/webp', detail?: ImagePart['detail']): ImagePart {
  const url = `data:${mediaType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
  return detail ? { type: 'image', url, detail } : { type: 'image', url };
}

/** The text of a message's content (image parts left out). */
export function messageText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('\n');
}

/** True when any message carries an image part. */
export function hasImages(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => typeof m.content !== 'string' && m.content.some((p) => p.type === 'image'));
}

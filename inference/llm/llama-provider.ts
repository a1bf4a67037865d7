import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  getLlama,
  LlamaChat,
  LlamaLogLevel,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
} from 'node-llama-cpp';
import { ModelError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { tryParseJson, toGrammarSchema } from './json-schema.js';
import { LlmError, LlmTimeoutError, LlmUnsupportedInputError } from './llm-errors.js';
import { hasImages, messageText, type ChatMessage, type CompletionRequest, type CompletionResult, type LlmProvider } from './llm-provider.js';

export type LlamaGpu = 'auto' | 'cuda' | 'vulkan' | 'metal' | 'off';

export interface LlamaProviderOptions {
  /** Any GGUF file. */
  modelPath: string;
  /** Model id reported in results and by `docket inference serve` (default: the file name without .gguf, or its folder's name for model.gguf). */
  modelId?: string;
  /** Compute backend from node-llama-cpp's prebuilt binaries; `auto` tries CUDA, then Vulkan, then CPU. */
  gpu?: LlamaGpu;
  /**
   * CPU threads; 0 or unset = node-llama-cpp's default (the machine's math cores). On a busy machine fewer is faster:
   * SmolLM2-135M on 2 shared cores measured 1.7 tokens/s with 2 threads and 28 with 1.
   */
  threads?: number;
  /** Tokens of context per sequence (default 4096). */
  contextSize?: number;
  /** Sequences in the context: how many requests run at once; more wait for a free one (default 1). */
  sequences?: number;
  /** Default per-call limit when a request gives none (default 120 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/** Where `node inference/llm/fetch-model.mjs` puts SmolLM2-135M-Instruct (tests; a default for development). */
export const SMOLLM2_MODEL_PATH = fileURLToPath(new URL('../../.cache/models/smollm2-135m-instruct-q4_1/model.gguf', import.meta.url));

const DEFAULT_TIMEOUT_MS = 120_000;
/** Chat-template tokens per message, added to the counted text when checking that a prompt fits the context. */
const TEMPLATE_TOKENS_PER_MESSAGE = 8;

/**
 * node-llama-cpp in process: the model is loaded once, requests run on a small pool of context sequences, JSON
 * schemas become grammars (compiled once per schema), and only prebuilt binaries are used: never a download or a
 * build at run time. Text only: a GGUF here has no vision projector, so image parts are refused.
 */
export async function createLlamaProvider(options: LlamaProviderOptions): Promise<LlmProvider> {
  const name = 'llama';
  const modelId = options.modelId ?? defaultModelId(options.modelPath);
  const log = options.logger;
  const sequencesWanted = Math.max(1, options.sequences ?? 1);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  let llama: Llama;
  try {
    llama = await getLlama({
      gpu: options.gpu === undefined || options.gpu === 'auto' ? 'auto' : options.gpu === 'off' ? false : options.gpu,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      maxThreads: options.threads ?? undefined,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => log?.debug({ level, llamaCpp: message.trim() }, 'llama.cpp'),
    });
  } catch (cause) {
    throw new ModelError('node-llama-cpp has no usable prebuilt binary for this machine', cause);
  }
  let model: LlamaModel;
  let context: LlamaContext;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath });
  } catch (cause) {
    await llama.dispose();
    throw new ModelError(`cannot load GGUF model ${options.modelPath}`, cause);
  }
  try {
    context = await model.createContext({
      sequences: sequencesWanted,
      contextSize: options.contextSize ?? 4096,
      threads: options.threads || undefined,
    });
  } catch (cause) {
    await model.dispose();
    await llama.dispose();
    throw new ModelError(`cannot create a ${options.contextSize ?? 4096}-token context for ${modelId}`, cause);
  }
  log?.info({ model: modelId, gpu: llama.gpu || 'cpu', sequences: sequencesWanted, contextSize: context.contextSize }, 'llama model loaded');

  const free: LlamaContextSequence[] = [];
  for (let i = 0; i < sequencesWanted; i++) free.push(context.getSequence());
  const waiting: ((sequence: LlamaContextSequence) => void)[] = [];
  const acquire = (): Promise<LlamaContextSequence> => {
    const sequence = free.pop();
    return sequence ? Promise.resolve(sequence) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (sequence: LlamaContextSequence): void => {
    const next = waiting.shift();
    if (next) next(sequence);
    else free.push(sequence);
  };

  const grammars = new Map<string, Promise<LlamaGrammar>>();
  const grammarFor = (schema: Record<string, unknown>): Promise<LlamaGrammar> => {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      // The converted schema is checked by node-llama-cpp at run time; its compile-time type is too deep to infer here.
      grammar = llama.createGrammarForJsonSchema(toGrammarSchema(schema, name) as never) as Promise<LlamaGrammar>;
      void grammar.catch(() => grammars.delete(key));
      grammars.set(key, grammar);
    }
    return grammar;
  };

  function checkFits(messages: ChatMessage[], maxTokens: number): void {
    const promptTokens = messages.reduce((n, m) => n + model.tokenize(messageText(m.content)).length + TEMPLATE_TOKENS_PER_MESSAGE, 0);
    if (promptTokens + maxTokens > context.contextSize) {
      throw new LlmUnsupportedInputError(
        name,
        `prompt of about ${promptTokens} tokens plus maxTokens ${maxTokens} does not fit the ${context.contextSize}-token context`,
      );
    }
  }

  async function complete(request: CompletionRequest): Promise<CompletionResult> {
    if (hasImages(request.messages)) throw new LlmUnsupportedInputError(name, `${modelId} is a text-only model: image parts cannot be sent to it`);
    if (request.messages.length === 0) throw new LlmUnsupportedInputError(name, 'a request needs at least one message');
    checkFits(request.messages, request.maxTokens);
    const grammar = request.jsonSchema ? await grammarFor(request.jsonSchema) : undefined;
    const timeoutMs = request.timeoutMs ?? defaultTimeout;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;

    const started = performance.now();
    const sequence = await acquire();
    const chat = new LlamaChat({ contextSequence: sequence });
    const before = sequence.tokenMeter.getState();
    let firstToken: number | undefined;
    try {
      signal.throwIfAborted();
      const response = await chat.generateResponse(toHistory(request.messages), {
        grammar,
        maxTokens: request.maxTokens,
        temperature: request.temperature ?? 0,
        signal,
        onTextChunk: () => {
          firstToken ??= performance.now();
        },
      });
      const used = sequence.tokenMeter.diff(before);
      const finishReason = response.metadata.stopReason === 'maxTokens' ? 'length' : 'stop';
      const result: CompletionResult = {
        provider: name,
        model: modelId,
        text: response.response,
        finishReason,
        usage: { promptTokens: used.usedInputTokens, completionTokens: used.usedOutputTokens },
        ms: performance.now() - started,
      };
      if (firstToken !== undefined) result.firstTokenMs = firstToken - started;
      if (request.jsonSchema) result.json = tryParseJson(response.response);
      return result;
    } catch (cause) {
      if (timeout.aborted) throw new LlmTimeoutError(name, timeoutMs, cause);
      if (request.signal?.aborted) throw new LlmError(`${name}: call cancelled`, name, { cause });
      throw cause;
    } finally {
      chat.dispose({ disposeSequence: false });
      release(sequence);
    }
  }

  return {
    name,
    model: modelId,
    configured: true,
    supportsImages: false,
    complete,
    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

/** The file name without .gguf; for a generic `model.gguf`, its folder's name (smollm2-135m-instruct-q4_1). */
function defaultModelId(modelPath: string): string {
  const base = path.basename(modelPath).replace(/\.gguf$/i, '');
  return base === 'model' ? path.basename(path.dirname(path.resolve(modelPath))) : base;
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    const text = messageText(m.content);
    if (m.role === 'system') return { type: 'system', text };
    if (m.role === 'user') return { type: 'user', text };
    return { type: 'model', response: [text] };
  });
}

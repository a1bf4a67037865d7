import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../../platform/errors.js';
import { createLogger, type Logger } from '../../platform/logger.js';
import { createEmbeddings, type EmbeddingsKind, type EmbeddingsOptions } from '../embeddings/create-embeddings.js';
import type { EmbeddingsProvider } from '../embeddings/embeddings-provider.js';
import { createLlamaProvider, type LlamaGpu } from '../llm/llama-provider.js';
import type { LlmProvider } from '../llm/llm-provider.js';
import { ApiKeyStore, createKeyInFile, readKeysFile, revokeKeyInFile } from './api-keys.js';
import { buildInferenceServer, listenInferenceServer } from './inference-server.js';

/** Defaults of `docket inference …`, from the validated config (platform/config.ts); flags override them. */
export interface InferenceCommandDefaults {
  host: string;
  port: number;
  keysFile: string;
  /** sha256 hex of accepted keys, besides those in the keys file. */
  keyHashes: string[];
  /** GGUF served on /v1/chat/completions; none = embeddings only. */
  modelPath?: string;
  gpu: LlamaGpu;
  threads: number;
  contextSize: number;
  sequences: number;
  maxTokensLimit: number;
  embeddings: EmbeddingsOptions | 'off';
}

export interface InferenceCommandDeps {
  /** Called when a subcommand runs: the logger and defaults from the validated config. */
  setup?: () => { logger: Logger; defaults?: Partial<InferenceCommandDefaults> };
}

const BUILTIN_DEFAULTS: InferenceCommandDefaults = {
  host: '127.0.0.1',
  port: 8088,
  keysFile: '.cache/inference/keys.json',
  keyHashes: [],
  gpu: 'auto',
  threads: 0,
  contextSize: 4096,
  sequences: 1,
  maxTokensLimit: 4096,
  embeddings: { kind: 'auto' },
};

const int = (label: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${label} must be an integer >= ${min}`);
  return n;
};

const GPUS: readonly LlamaGpu[] = ['auto', 'cuda', 'vulkan', 'metal', 'off'];
const EMBEDDINGS_KINDS = ['auto', 'onnx', 'lexical', 'off'] as const;

interface ServeFlags {
  host?: string;
  port?: number;
  model?: string;
  modelId?: string;
  gpu?: LlamaGpu;
  threads?: number;
  contextSize?: number;
  sequences?: number;
  keys?: string;
  embeddings?: (typeof EMBEDDINGS_KINDS)[number];
  maxTokensLimit?: number;
}

/** Adds `docket inference serve` and `docket inference keys create|list|revoke` to the CLI. */
export function registerInferenceCommand(program: Command, deps: InferenceCommandDeps = {}): Command {
  const setup = () => {
    const given = deps.setup?.() ?? { logger: createLogger('info') };
    return { logger: given.logger, defaults: { ...BUILTIN_DEFAULTS, ...given.defaults } };
  };

  const inference = program.command('inference').description("Docket's local models as an OpenAI-compatible API");

  inference
    .command('serve')
    .description('serve /v1/chat/completions (a GGUF through node-llama-cpp), /v1/embeddings and /v1/models; API keys required')
    .option('--host <host>', 'address to bind (default 127.0.0.1: local only)')
    .option('--port <port>', 'port (0 = any free port)', int('port', 0))
    .option('--model <gguf>', 'GGUF model file for chat completions')
    .option('--model-id <id>', 'model id clients send (default: the file name without .gguf)')
    .option('--gpu <backend>', `llama.cpp backend: ${GPUS.join('|')}`, (v) => {
      if (!GPUS.includes(v as LlamaGpu)) throw new InvalidArgumentError(`one of ${GPUS.join(', ')}`);
      return v as LlamaGpu;
    })
    .option('--threads <n>', 'CPU threads (0 = all math cores)', int('threads', 0))
    .option('--context-size <tokens>', 'context tokens per sequence', int('context size', 256))
    .option('--sequences <n>', 'requests generated at once', int('sequences', 1))
    .option('--keys <file>', 'API keys file (docket inference keys create)')
    .option('--embeddings <kind>', `embeddings model: ${EMBEDDINGS_KINDS.join('|')}`, (v) => {
      if (!(EMBEDDINGS_KINDS as readonly string[]).includes(v)) throw new InvalidArgumentError(`one of ${EMBEDDINGS_KINDS.join(', ')}`);
      return v as (typeof EMBEDDINGS_KINDS)[number];
    })
    .option('--max-tokens-limit <n>', 'largest max_tokens a request may ask for', int('max tokens limit', 1))
    .action(async (flags: ServeFlags) => {
      const { logger, defaults } = setup();
      const keysFile = flags.keys ?? defaults.keysFile;
      const records = [...(await readKeysFile(keysFile)), ...ApiKeyStore.fromHashes(defaults.keyHashes)];
      if (records.length === 0) {
        throw new ConfigError([`no API keys: create one with \`docket inference keys create --name <name> --keys ${keysFile}\``]);
      }
      const modelPath = flags.model ?? defaults.modelPath;
      let llm: LlmProvider | undefined;
      let embeddings: EmbeddingsProvider | undefined;
      try {
        if (modelPath) {
          llm = await createLlamaProvider({
            modelPath,
            modelId: flags.modelId,
            gpu: flags.gpu ?? defaults.gpu,
            threads: flags.threads ?? defaults.threads,
            contextSize: flags.contextSize ?? defaults.contextSize,
            sequences: flags.sequences ?? defaults.sequences,
            logger,
          });
        } else {
          logger.warn({}, 'no --model: /v1/chat/completions answers 503 (embeddings only)');
        }
        const embeddingsOptions: EmbeddingsOptions | 'off' = flags.embeddings
          ? flags.embeddings === 'off'
            ? 'off'
            : { ...(defaults.embeddings === 'off' ? {} : defaults.embeddings), kind: flags.embeddings as EmbeddingsKind }
          : defaults.embeddings;
        if (embeddingsOptions !== 'off') embeddings = await createEmbeddings(embeddingsOptions, logger);

        const server = buildInferenceServer({ llm, embeddings, keys: new ApiKeyStore(records), logger, maxTokensLimit: flags.maxTokensLimit ?? defaults.maxTokensLimit });
        const url = await listenInferenceServer(server, { host: flags.host ?? defaults.host, port: flags.port ?? defaults.port });
        logger.info({ url, chatModel: llm?.model, embeddingsModel: embeddings?.model, keys: records.length }, 'inference server listening');
        await untilSignal();
        await server.app.close();
        logger.info({ usage: server.ledger.all() }, 'inference server stopped');
      } finally {
        await llm?.close();
        await embeddings?.close();
      }
    });

  const keys = inference.command('keys').description('API keys of docket inference serve (only their sha256 is stored)');
  keys
    .command('create')
    .description('create a key; it is printed once, on stdout')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--keys <file>', 'API keys file')
    .action(async (flags: { name: string; keys?: string }) => {
      const file = flags.keys ?? setup().defaults.keysFile;
      const { key, record } = await createKeyInFile(file, flags.name);
      process.stderr.write(`created ${record.id} (${record.name}) in ${file}; the key is shown only now:\n`);
      process.stdout.write(`${key}\n`);
    });
  keys
    .command('list')
    .description('list key ids and names')
    .option('--keys <file>', 'API keys file')
    .action(async (flags: { keys?: string }) => {
      const file = flags.keys ?? setup().defaults.keysFile;
      for (const k of await readKeysFile(file)) process.stdout.write(`${k.id}\t${k.createdAt}\t${k.name}\n`);
    });
  keys
    .command('revoke')
    .description('remove a key by id (a running server keeps it until restarted)')
    .argument('<id>', 'key id (key_…)')
    .option('--keys <file>', 'API keys file')
    .action(async (id: string, flags: { keys?: string }) => {
      const file = flags.keys ?? setup().defaults.keysFile;
      if (!(await revokeKeyInFile(file, id))) throw new ConfigError([`no key ${id} in ${file}`]);
      process.stderr.write(`revoked ${id}\n`);
    });

  return inference;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

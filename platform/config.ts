import { z } from 'zod';
import { KEY_BYTES, localKeyId } from './encryption.js';
import { ConfigError } from './errors.js';

/**
 * The only reader of process.env. Every DOCKET_* variable is validated once, every problem is reported in one
 * ConfigError, and the result is a frozen typed object passed down to whoever needs it. `.env.example` documents
 * each variable; `platform/config.test.ts` keeps that file, README.md and this schema in sync.
 */

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration like 500ms, 30s, 15m, 72h or 3d')
  .transform(parseDuration);

const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** Local encryption key ids: no `:` (it separates id and key in DOCKET_ENCRYPTION_OLD_KEYS). */
const KEY_ID_PATTERN = /^[A-Za-z0-9._/-]{1,64}$/;
const KEY_ID_RULE = '1-64 characters of A-Z a-z 0-9 . _ / -';

/** What is wrong with a base64 AES-256 key, if anything. Never quotes the key: config errors are logged. */
function keyProblem(text: string): string | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return 'not base64 (make one with: openssl rand -base64 32)';
  const bytes = Buffer.from(text, 'base64').length;
  return bytes === KEY_BYTES ? undefined : `decodes to ${bytes} bytes; AES-256 needs exactly ${KEY_BYTES} (openssl rand -base64 32)`;
}

/** One DOCKET_ENCRYPTION_OLD_KEYS entry: `[keyId:]base64key`. */
function splitKeyEntry(entry: string): { keyId?: string; key: string } {
  const colon = entry.indexOf(':');
  return colon < 0 ? { key: entry } : { keyId: entry.slice(0, colon), key: entry.slice(colon + 1) };
}

const base64Key = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const problem = keyProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const oldKeys = csv.superRefine((entries, ctx) => {
  for (const [i, entry] of entries.entries()) {
    const { keyId, key } = splitKeyEntry(entry);
    if (keyId !== undefined && !KEY_ID_PATTERN.test(keyId)) ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: key id must be ${KEY_ID_RULE}` });
    const problem = keyProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: ${problem}` });
  }
});

export const EnvSchema = z.object({
  DOCKET_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** postgres://... for a real server; unset = embedded PGlite in DOCKET_DATA_DIR. */
  DOCKET_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
  DOCKET_DATA_DIR: z.string().min(1).default('.cache/embedded'),
  DOCKET_DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Temporal frontend host:port; unset = start a local dev server (demo/CLI only). */
  DOCKET_TEMPORAL_ADDRESS: z.string().min(1).optional(),
  DOCKET_TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  DOCKET_TEMPORAL_CLI: z.string().min(1).optional(),
  DOCKET_TASK_QUEUE: z.string().min(1).default('docket-packets'),
  /** Intake: kafka (needs DOCKET_KAFKA_BROKERS) or folder (DOCKET_INBOX_DIR). */
  DOCKET_INTAKE: z.enum(['kafka', 'folder', 'none']).default('folder'),
  DOCKET_KAFKA_BROKERS: csv.optional(),
  DOCKET_KAFKA_CLIENT_ID: z.string().min(1).default('docket-worker'),
  DOCKET_KAFKA_GROUP_ID: z.string().min(1).default('docket-intake'),
  /** Consumer group session timeout; the broker's group.min/max.session.timeout.ms bound it (6 s-30 min by default). */
  DOCKET_KAFKA_SESSION_TIMEOUT: z.coerce.number().int().min(6_000).max(1_800_000).default(30_000),
  DOCKET_TOPIC_PACKETS: z.string().min(1).default('docket.packets.v1'),
  DOCKET_TOPIC_DECISIONS: z.string().min(1).default('docket.decisions.v1'),
  DOCKET_TOPIC_DLQ: z.string().min(1).default('docket.packets.dlq.v1'),
  DOCKET_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  DOCKET_INBOX_DIR: z.string().min(1).default('.cache/embedded/inbox'),
  DOCKET_OUTBOX_DIR: z.string().min(1).default('.cache/embedded/outbox'),
  DOCKET_INBOX_POLL: duration.prefault('1s'),
  /** Root that file:// document URIs must stay under. */
  DOCKET_FILE_ROOT: z.string().min(1).default('/'),
  DOCKET_S3_ENDPOINT: z.string().url().optional(),
  DOCKET_S3_REGION: z.string().min(1).default('us-east-1'),
  DOCKET_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  DOCKET_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  DOCKET_S3_FORCE_PATH_STYLE: bool.default(true),
  DOCKET_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1).default(100 * 1024 * 1024),
  DOCKET_MAX_PAGES: z.coerce.number().int().min(1).default(2000),
  DOCKET_MAX_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
  DOCKET_MAX_SECONDS_PER_PAGE: z.coerce.number().positive().default(60),
  DOCKET_OCR_DPI: z.coerce.number().int().min(72).max(600).default(200),
  DOCKET_OCR_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  DOCKET_OCR_RECYCLE_PAGES: z.coerce.number().int().min(1).default(200),
  /** Native preprocessing of scanned pages before OCR (deskew, binarization, rules). Off by default: it lowers OCR CER but the baseline extractor reads fewer fields (native/README.md). */
  DOCKET_OCR_PREPROCESS: z.enum(['on', 'off']).default('off'),
  /** OCR engine: `native` (docket_ocr.node on libtesseract; required), `wasm` (tesseract.js), `auto` (native when it loads, else wasm). */
  DOCKET_OCR_ENGINE: z.enum(['auto', 'native', 'wasm']).default('auto'),
  /** Native engine only: a tessdata folder with eng.traineddata to run instead of tesseract.js's model (e.g. Debian's). */
  DOCKET_OCR_TESSDATA: z.string().min(1).optional(),
  DOCKET_REVIEW_DEADLINE: duration.prefault('72h'),
  /** `docket review serve`: where the review API listens, how long a sign-in and a claim on a packet last. */
  DOCKET_REVIEW_HOST: z.string().min(1).default('127.0.0.1'),
  DOCKET_REVIEW_PORT: z.coerce.number().int().min(0).max(65535).default(8089),
  DOCKET_REVIEW_SESSION_TTL: duration.prefault('8h'),
  DOCKET_REVIEW_CLAIM_TTL: duration.prefault('30m'),
  /** Mark the session cookie Secure (set it when the app is served over HTTPS). */
  DOCKET_REVIEW_SECURE_COOKIE: bool.default(false),
  DOCKET_NATIVE: z.enum(['auto', 'off', 'required']).default('auto'),
  /** Embeddings for guideline RAG: auto (the local ONNX model when fetched, else lexical), onnx, openai, lexical. */
  DOCKET_EMBEDDINGS: z.enum(['auto', 'onnx', 'openai', 'lexical']).default('auto'),
  DOCKET_EMBEDDINGS_MODEL_DIR: z.string().optional(),
  DOCKET_EMBEDDINGS_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  DOCKET_EMBEDDINGS_URL: z.string().url().optional(),
  DOCKET_EMBEDDINGS_API_KEY: z.string().optional(),
  DOCKET_EMBEDDINGS_MODEL: z.string().optional(),
  DOCKET_EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).optional(),
  DOCKET_EMBEDDINGS_TIMEOUT: duration.prefault('30s'),
  /** LLM for fields the rules are unsure of: none (rules only), llama (a GGUF in process), openai (an endpoint). */
  DOCKET_LLM: z.enum(['none', 'llama', 'openai']).default('none'),
  DOCKET_LLM_MODEL_PATH: z.string().optional(),
  DOCKET_LLM_GPU: z.enum(['auto', 'cuda', 'vulkan', 'metal', 'off']).default('auto'),
  DOCKET_LLM_THREADS: z.coerce.number().int().min(0).max(256).default(1),
  DOCKET_LLM_CONTEXT_SIZE: z.coerce.number().int().min(256).default(4096),
  DOCKET_LLM_SEQUENCES: z.coerce.number().int().min(1).max(64).default(1),
  DOCKET_LLM_URL: z.string().url().optional(),
  DOCKET_LLM_API_KEY: z.string().optional(),
  DOCKET_LLM_MODEL: z.string().optional(),
  DOCKET_LLM_IMAGES: bool.default(true),
  DOCKET_LLM_TIMEOUT: duration.prefault('60s'),
  DOCKET_LLM_CACHE_ENTRIES: z.coerce.number().int().min(0).default(500),
  DOCKET_LLM_CACHE_DIR: z.string().optional(),
  /** Rule values below this confidence (and missing ones) go to the LLM; a layout the rules barely read goes whole. */
  DOCKET_LLM_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
  DOCKET_LLM_MAX_TOKENS: z.coerce.number().int().min(16).default(512),
  /** `docket inference serve`: where it listens and which API keys (sha256 hashes) it accepts. */
  DOCKET_INFERENCE_HOST: z.string().default('127.0.0.1'),
  DOCKET_INFERENCE_PORT: z.coerce.number().int().min(1).max(65535).default(8088),
  DOCKET_INFERENCE_KEYS_FILE: z.string().default('.cache/inference/keys.json'),
  DOCKET_INFERENCE_KEY_HASHES: z.string().optional(),
  /** Page classifier weights: `bundled` (the committed model), a file path, or `off` (keywords only, no splitting). */
  DOCKET_PAGE_CLASSIFIER: z.string().min(1).default('bundled'),
  /**
   * Encryption at rest of the files Docket writes with borrower data (platform/encryption.ts): base64 of 32 random
   * bytes. Unset = those files are written in plaintext, and the worker says so at start.
   */
  DOCKET_ENCRYPTION_KEY: base64Key.optional(),
  /** The key's id, written into every sealed file (default: `local-` and a fingerprint of the key). */
  DOCKET_ENCRYPTION_KEY_ID: z.string().regex(KEY_ID_PATTERN, KEY_ID_RULE).optional(),
  /** Retired keys that still open files sealed before a rotation: comma-separated `[keyId:]base64key`. */
  DOCKET_ENCRYPTION_OLD_KEYS: oldKeys.optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  readonly logLevel: Env['DOCKET_LOG_LEVEL'];
  readonly database: { readonly url?: string; readonly dataDir: string; readonly poolMax: number };
  readonly temporal: {
    readonly address?: string;
    readonly namespace: string;
    readonly cli?: string;
    readonly taskQueue: string;
  };
  readonly intake: Env['DOCKET_INTAKE'];
  readonly kafka: {
    readonly brokers?: string[];
    readonly clientId: string;
    readonly groupId: string;
    /** ms without a heartbeat before the broker drops the member (packet processing never holds heartbeats back). */
    readonly sessionTimeoutMs: number;
    readonly topics: { readonly packets: string; readonly decisions: string; readonly dlq: string };
    readonly partitions: number;
  };
  readonly folder: { readonly inboxDir: string; readonly outboxDir: string; readonly pollMs: number };
  readonly store: {
    readonly fileRoot: string;
    readonly maxBytes: number;
    readonly s3: {
      readonly endpoint?: string;
      readonly region: string;
      readonly accessKeyId?: string;
      readonly secretAccessKey?: string;
      readonly forcePathStyle: boolean;
    };
  };
  readonly limits: { readonly maxPages: number; readonly maxPixels: number; readonly maxMsPerPage: number };
  readonly ocr: {
    readonly dpi: number;
    readonly workers: number;
    readonly recyclePages: number;
    readonly preprocess: boolean;
    readonly engine: Env['DOCKET_OCR_ENGINE'];
    readonly tessdataDir?: string;
  };
  readonly review: {
    readonly deadlineMs: number;
    readonly host: string;
    readonly port: number;
    readonly sessionTtlMs: number;
    readonly claimTtlMs: number;
    readonly secureCookie: boolean;
  };
  readonly native: Env['DOCKET_NATIVE'];
  readonly pageClassifier: string;
  readonly llm: {
    readonly kind: Env['DOCKET_LLM'];
    readonly modelPath?: string;
    readonly gpu: Env['DOCKET_LLM_GPU'];
    readonly threads: number;
    readonly contextSize: number;
    readonly sequences: number;
    readonly url?: string;
    readonly apiKey?: string;
    readonly model?: string;
    readonly supportsImages: boolean;
    readonly timeoutMs: number;
    readonly cacheEntries: number;
    readonly cacheDir?: string;
    readonly confidenceThreshold: number;
    readonly maxTokens: number;
  };
  readonly inference: { readonly host: string; readonly port: number; readonly keysFile: string; readonly keyHashes: string[] };
  readonly embeddings: {
    readonly kind: Env['DOCKET_EMBEDDINGS'];
    readonly modelDir?: string;
    readonly threads: number;
    readonly url?: string;
    readonly apiKey?: string;
    readonly model?: string;
    readonly dimension?: number;
    readonly timeoutMs: number;
  };
  /**
   * Encryption at rest; absent = off. Keys are base64 (32 bytes each): `keyId`/`key` seals new files, `oldKeys` only
   * open old ones. platform/encryption.ts `keyringFromConfig` turns this into a keyring.
   */
  readonly encryption?: {
    readonly keyId: string;
    readonly key: string;
    readonly oldKeys: readonly { readonly keyId: string; readonly key: string }[];
  };
}

/** Validates `env` (default: process.env) and returns a frozen Config; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cpuCount = 2): Config {
  const docketEnv = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('DOCKET_') && v !== ''));
  const parsed = EnvSchema.safeParse(docketEnv);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.DOCKET_INTAKE === 'kafka' && !e.DOCKET_KAFKA_BROKERS?.length) {
    problems.push('DOCKET_KAFKA_BROKERS: required when DOCKET_INTAKE=kafka');
  }
  if (Boolean(e.DOCKET_S3_ACCESS_KEY_ID) !== Boolean(e.DOCKET_S3_SECRET_ACCESS_KEY)) {
    problems.push('DOCKET_S3_ACCESS_KEY_ID and DOCKET_S3_SECRET_ACCESS_KEY: set both or neither');
  }
  if (e.DOCKET_LLM === 'llama' && !e.DOCKET_LLM_MODEL_PATH) problems.push('DOCKET_LLM_MODEL_PATH: required when DOCKET_LLM=llama');
  if (e.DOCKET_LLM === 'openai' && (!e.DOCKET_LLM_URL || !e.DOCKET_LLM_MODEL)) {
    problems.push('DOCKET_LLM_URL and DOCKET_LLM_MODEL: required when DOCKET_LLM=openai');
  }
  if (e.DOCKET_EMBEDDINGS === 'openai' && (!e.DOCKET_EMBEDDINGS_URL || !e.DOCKET_EMBEDDINGS_MODEL)) {
    problems.push('DOCKET_EMBEDDINGS_URL and DOCKET_EMBEDDINGS_MODEL: required when DOCKET_EMBEDDINGS=openai');
  }
  if (e.DOCKET_OCR_TESSDATA && e.DOCKET_OCR_ENGINE === 'wasm') problems.push('DOCKET_OCR_TESSDATA: applies to the native OCR engine only, not DOCKET_OCR_ENGINE=wasm');
  const encryption = encryptionFrom(e, problems);
  if (problems.length) throw new ConfigError(problems);

  return deepFreeze({
    logLevel: e.DOCKET_LOG_LEVEL,
    database: { url: e.DOCKET_DATABASE_URL, dataDir: e.DOCKET_DATA_DIR, poolMax: e.DOCKET_DB_POOL_MAX },
    temporal: {
      address: e.DOCKET_TEMPORAL_ADDRESS,
      namespace: e.DOCKET_TEMPORAL_NAMESPACE,
      cli: e.DOCKET_TEMPORAL_CLI,
      taskQueue: e.DOCKET_TASK_QUEUE,
    },
    intake: e.DOCKET_INTAKE,
    kafka: {
      brokers: e.DOCKET_KAFKA_BROKERS,
      clientId: e.DOCKET_KAFKA_CLIENT_ID,
      groupId: e.DOCKET_KAFKA_GROUP_ID,
      sessionTimeoutMs: e.DOCKET_KAFKA_SESSION_TIMEOUT,
      topics: { packets: e.DOCKET_TOPIC_PACKETS, decisions: e.DOCKET_TOPIC_DECISIONS, dlq: e.DOCKET_TOPIC_DLQ },
      partitions: e.DOCKET_TOPIC_PARTITIONS,
    },
    folder: { inboxDir: e.DOCKET_INBOX_DIR, outboxDir: e.DOCKET_OUTBOX_DIR, pollMs: e.DOCKET_INBOX_POLL },
    store: {
      fileRoot: e.DOCKET_FILE_ROOT,
      maxBytes: e.DOCKET_MAX_DOCUMENT_BYTES,
      s3: {
        endpoint: e.DOCKET_S3_ENDPOINT,
        region: e.DOCKET_S3_REGION,
        accessKeyId: e.DOCKET_S3_ACCESS_KEY_ID,
        secretAccessKey: e.DOCKET_S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.DOCKET_S3_FORCE_PATH_STYLE,
      },
    },
    limits: { maxPages: e.DOCKET_MAX_PAGES, maxPixels: e.DOCKET_MAX_PIXELS, maxMsPerPage: Math.round(e.DOCKET_MAX_SECONDS_PER_PAGE * 1000) },
    // 0 = one OCR worker per core.
    ocr: {
      dpi: e.DOCKET_OCR_DPI,
      workers: e.DOCKET_OCR_WORKERS || cpuCount,
      recyclePages: e.DOCKET_OCR_RECYCLE_PAGES,
      preprocess: e.DOCKET_OCR_PREPROCESS === 'on',
      engine: e.DOCKET_OCR_ENGINE,
      ...(e.DOCKET_OCR_TESSDATA ? { tessdataDir: e.DOCKET_OCR_TESSDATA } : {}),
    },
    review: {
      deadlineMs: e.DOCKET_REVIEW_DEADLINE,
      host: e.DOCKET_REVIEW_HOST,
      port: e.DOCKET_REVIEW_PORT,
      sessionTtlMs: e.DOCKET_REVIEW_SESSION_TTL,
      claimTtlMs: e.DOCKET_REVIEW_CLAIM_TTL,
      secureCookie: e.DOCKET_REVIEW_SECURE_COOKIE,
    },
    native: e.DOCKET_NATIVE,
    pageClassifier: e.DOCKET_PAGE_CLASSIFIER,
    llm: {
      kind: e.DOCKET_LLM,
      gpu: e.DOCKET_LLM_GPU,
      threads: e.DOCKET_LLM_THREADS,
      contextSize: e.DOCKET_LLM_CONTEXT_SIZE,
      sequences: e.DOCKET_LLM_SEQUENCES,
      supportsImages: e.DOCKET_LLM_IMAGES,
      timeoutMs: e.DOCKET_LLM_TIMEOUT,
      cacheEntries: e.DOCKET_LLM_CACHE_ENTRIES,
      confidenceThreshold: e.DOCKET_LLM_CONFIDENCE_THRESHOLD,
      maxTokens: e.DOCKET_LLM_MAX_TOKENS,
      ...(e.DOCKET_LLM_MODEL_PATH ? { modelPath: e.DOCKET_LLM_MODEL_PATH } : {}),
      ...(e.DOCKET_LLM_URL ? { url: e.DOCKET_LLM_URL } : {}),
      ...(e.DOCKET_LLM_API_KEY ? { apiKey: e.DOCKET_LLM_API_KEY } : {}),
      ...(e.DOCKET_LLM_MODEL ? { model: e.DOCKET_LLM_MODEL } : {}),
      ...(e.DOCKET_LLM_CACHE_DIR ? { cacheDir: e.DOCKET_LLM_CACHE_DIR } : {}),
    },
    inference: {
      host: e.DOCKET_INFERENCE_HOST,
      port: e.DOCKET_INFERENCE_PORT,
      keysFile: e.DOCKET_INFERENCE_KEYS_FILE,
      keyHashes: (e.DOCKET_INFERENCE_KEY_HASHES ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    },
    embeddings: {
      kind: e.DOCKET_EMBEDDINGS,
      threads: e.DOCKET_EMBEDDINGS_THREADS,
      timeoutMs: e.DOCKET_EMBEDDINGS_TIMEOUT,
      ...(e.DOCKET_EMBEDDINGS_MODEL_DIR ? { modelDir: e.DOCKET_EMBEDDINGS_MODEL_DIR } : {}),
      ...(e.DOCKET_EMBEDDINGS_URL ? { url: e.DOCKET_EMBEDDINGS_URL } : {}),
      ...(e.DOCKET_EMBEDDINGS_API_KEY ? { apiKey: e.DOCKET_EMBEDDINGS_API_KEY } : {}),
      ...(e.DOCKET_EMBEDDINGS_MODEL ? { model: e.DOCKET_EMBEDDINGS_MODEL } : {}),
      ...(e.DOCKET_EMBEDDINGS_DIMENSIONS ? { dimension: e.DOCKET_EMBEDDINGS_DIMENSIONS } : {}),
    },
    ...(encryption ? { encryption } : {}),
  });
}

/** The encryption keys with their ids (a fingerprint when none is given); problems go to `problems`. */
function encryptionFrom(e: Env, problems: string[]): Config['encryption'] {
  if (!e.DOCKET_ENCRYPTION_KEY) {
    if (e.DOCKET_ENCRYPTION_KEY_ID || e.DOCKET_ENCRYPTION_OLD_KEYS?.length) {
      problems.push('DOCKET_ENCRYPTION_KEY: required with DOCKET_ENCRYPTION_KEY_ID or DOCKET_ENCRYPTION_OLD_KEYS (new files are sealed with it)');
    }
    return undefined;
  }
  const withId = (keyId: string | undefined, key: string) => ({ keyId: keyId ?? localKeyId(Buffer.from(key, 'base64')), key });
  const current = withId(e.DOCKET_ENCRYPTION_KEY_ID, e.DOCKET_ENCRYPTION_KEY);
  const byId = new Map([[current.keyId, current.key]]);
  const oldKeys: { keyId: string; key: string }[] = [];
  for (const entry of e.DOCKET_ENCRYPTION_OLD_KEYS ?? []) {
    const { keyId, key } = splitKeyEntry(entry);
    const old = withId(keyId, key);
    const known = byId.get(old.keyId);
    // The same key listed twice (e.g. the current one left in the old list) is harmless; two keys under one id are not.
    if (known === undefined) {
      byId.set(old.keyId, old.key);
      oldKeys.push(old);
    } else if (!Buffer.from(known, 'base64').equals(Buffer.from(old.key, 'base64'))) {
      problems.push(`DOCKET_ENCRYPTION_OLD_KEYS: key id "${old.keyId}" names two different keys`);
    }
  }
  return { keyId: current.keyId, key: current.key, oldKeys };
}

export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new ConfigError([`not a duration: ${text}`]);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * process.env with `defaults` under it and `overrides` over it (an override of undefined removes the variable):
 * how the demo pins its embedded mode and `docket process` picks its data folder.
 */
export function loadConfigWith(
  options: { defaults?: Record<string, string>; overrides?: Record<string, string | undefined> },
  cpuCount: number,
): Config {
  const env: Record<string, string | undefined> = { ...options.defaults, ...process.env, ...options.overrides };
  for (const [k, v] of Object.entries(options.overrides ?? {})) if (v === undefined) delete env[k];
  return loadConfig(env, cpuCount);
}

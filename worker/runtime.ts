import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import { createPacketActivities, type DecisionPublisher, type PacketActivityDeps } from '../activities/packet-activities.js';
import { packetWorkflowId, type PacketEventV1 } from '../core/events.js';
import { KafkaConnector } from '../connectors/kafka/kafka-intake.js';
import { FolderIntake, FolderOutbox } from '../connectors/folder/folder-intake.js';
import { documentStoreFromConfig } from '../connectors/objectstore/document-store.js';
import type { IntakeListener, StartPacket } from '../connectors/packet-starter.js';
import { PacketRepository } from '../db/packet-repository.js';
import { openDatabase, type Database } from '../db/pool.js';
import { createOcrPool } from '../inference/ocr-pool.js';
import { describeBackend, loadNative, loadOcrAddon } from '../native/index.js';
import { PageClassifier } from '../inference/page-classifier/page-classifier.js';
import { createLlmProvider } from '../inference/llm/create-llm-provider.js';
import type { Config } from '../platform/config.js';
import { keyringFromConfig } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import type { processPacket } from '../workflows/index.js';
import { ingestGuidelines, type IngestResult } from '../connectors/datalake/ingest-guidelines.js';
import { ChunkRepository } from '../db/chunk-repository.js';
import { createEmbeddings } from '../inference/embeddings/create-embeddings.js';
import { openPdf } from '../inference/pdf.js';
import { findTemporalCli, startLocalTemporal, type LocalTemporal } from './temporal-server.js';

const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface DocketRuntime {
  config: Config;
  db: Database;
  repo: PacketRepository;
  client: Client;
  temporalAddress: string;
  temporalUiUrl?: string;
  startPacket: StartPacket;
  /** Resolves when the worker stops (after shutdown()). */
  running: Promise<void>;
  kafka?: KafkaConnector;
  /** Ingests guideline documents (a folder, file or s3:// prefix) for a tenant with the worker's embeddings; unchanged files are skipped. */
  ingestGuidelines(source: string, tenant: string): Promise<IngestResult>;
  shutdown(): Promise<void>;
}

let runtimeInstalled = false;

/** Routes Temporal's core and SDK logs into our pino logger; Runtime.install may run once per process. */
function installTemporalRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const child = logger.child({ component: 'temporal' });
  const forward = (level: LogLevel, message: string, meta?: Record<string, unknown>) => {
    const method = level === 'TRACE' ? 'trace' : level === 'DEBUG' ? 'debug' : level === 'INFO' ? 'info' : level === 'WARN' ? 'warn' : 'error';
    child[method](meta ?? {}, message);
  };
  Runtime.install({
    logger: {
      log: forward,
      trace: (m, meta) => forward('TRACE', m, meta),
      debug: (m, meta) => forward('DEBUG', m, meta),
      info: (m, meta) => forward('INFO', m, meta),
      warn: (m, meta) => forward('WARN', m, meta),
      error: (m, meta) => forward('ERROR', m, meta),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

export interface RuntimeOptions {
  /** Start intake from config (kafka or folder). The demo and `docket process` start packets themselves. */
  intake: boolean;
  listener?: IntakeListener;
  /** Replaces the field extractor (evals compare extractors on the same pipeline). */
  extract?: PacketActivityDeps['extract'];
  /** Guidelines to ingest before intake starts (the demo's sample guide), so the first findings already cite them. */
  guidelines?: { source: string; tenant: string }[];
}

/**
 * The composition root: config -> logger -> database -> connectors -> native -> activities -> Temporal worker.
 * Without DOCKET_TEMPORAL_ADDRESS it starts a local Temporal dev server (embedded default).
 */
export async function createRuntime(config: Config, logger: Logger, options: RuntimeOptions): Promise<DocketRuntime> {
  installTemporalRuntime(logger);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
  };
  try {
    const native = await loadNative(config.native);
    const backend = describeBackend(native);
    if (native.backend === 'fallback' && config.native === 'auto') logger.warn(backend, 'native addon not loaded: the TypeScript fallback runs');
    else logger.info(backend, 'native backend');

    const db = await openDatabase(config.database, logger);
    cleanups.push(() => db.close());
    const repo = new PacketRepository(db);

    let local: LocalTemporal | undefined;
    let address = config.temporal.address;
    if (!address) {
      local = await startLocalTemporal(findTemporalCli(config.temporal.cli, logger), `${config.database.dataDir}/temporal`, logger);
      cleanups.push(() => local!.stop());
      address = local.address;
    }

    const kafka = config.intake === 'kafka' ? new KafkaConnector({ ...config.kafka, brokers: config.kafka.brokers ?? [] }, logger) : undefined;
    if (kafka) {
      await kafka.ensureTopics();
      cleanups.push(() => kafka.stop());
    }
    const publisher: DecisionPublisher = kafka ?? new FolderOutbox(config.folder.outboxDir);

    // DOCKET_OCR_ENGINE: native libtesseract (docket_ocr.node) or tesseract.js; `native` without the addon stops here.
    const ocr = createOcrPool({ size: config.ocr.workers, recycleAfterPages: config.ocr.recyclePages, engine: config.ocr.engine, nativeOcr: loadOcrAddon, tessdataDir: config.ocr.tessdataDir });
    if (ocr.engine.fallbackReason) logger.warn({ ...ocr.engine, workers: config.ocr.workers }, 'native OCR engine not loaded: tesseract.js runs');
    else logger.info({ ...ocr.engine, workers: config.ocr.workers }, 'OCR engine');
    cleanups.push(() => ocr.close());

    // Encryption at rest (DOCKET_ENCRYPTION_KEY): the completion cache seals its entries, the store opens sealed files.
    const keyring = keyringFromConfig(config.encryption);
    if (keyring) logger.info({ keyId: keyring.current.keyId, keys: keyring.keyIds.length }, 'encryption at rest on');
    else logger.warn({ encryption: 'off' }, 'encryption at rest is off: the LLM cache folder and reviewed eval sets are written in plaintext (set DOCKET_ENCRYPTION_KEY)');
    const store = documentStoreFromConfig(config.store, keyring);

    // The page classifier is loaded once; a broken or missing model stops the start (ModelError) unless it is off.
    const pageClassifier = config.pageClassifier === 'off' ? undefined : await PageClassifier.load(config.pageClassifier === 'bundled' ? undefined : config.pageClassifier);
    logger.info({ pageClassifier: pageClassifier?.version ?? 'off (keywords, one document per file)' }, 'page classifier');

    // The LLM route: `none` (the default) logs that only rules run; a local GGUF is loaded once here.
    const llm = await createLlmProvider(
      {
        kind: config.llm.kind,
        gpu: config.llm.gpu,
        threads: config.llm.threads,
        contextSize: config.llm.contextSize,
        sequences: config.llm.sequences,
        supportsImages: config.llm.supportsImages,
        timeoutMs: config.llm.timeoutMs,
        cacheEntries: config.llm.cacheEntries,
        ...(config.llm.modelPath ? { modelPath: config.llm.modelPath } : {}),
        ...(config.llm.url ? { url: config.llm.url } : {}),
        ...(config.llm.apiKey ? { apiKey: config.llm.apiKey } : {}),
        ...(config.llm.model ? { model: config.llm.model } : {}),
        ...(config.llm.cacheDir ? { cacheDir: config.llm.cacheDir } : {}),
        ...(keyring ? { keyring } : {}),
      },
      logger,
    );
    cleanups.push(() => llm.close());

    // Guidelines RAG: findings quote the passages hybrid search finds in their tenant's guidelines, searched with the
    // same embeddings provider `docket guidelines ingest` uses (DOCKET_EMBEDDINGS).
    const embeddings = await createEmbeddings(config.embeddings, logger);
    cleanups.push(() => embeddings.close());
    const chunks = new ChunkRepository(db);
    const ingest = async (source: string, tenant: string): Promise<IngestResult> => {
      const result = await ingestGuidelines({ source, tenant, embeddings, repo: chunks, openPdf, logger, maxBytes: config.store.maxBytes, maxPages: config.limits.maxPages });
      for (const f of result.files.filter((x) => x.status === 'failed')) logger.warn({ tenant, uri: f.uri, code: f.error?.code }, 'guideline file not ingested');
      logger.info({ tenant, chunks: result.chunks, files: result.files.length, ms: Math.round(result.ms) }, 'guidelines ingested');
      return result;
    };
    for (const g of options.guidelines ?? []) await ingest(g.source, g.tenant);
    const grounded = await chunks.tenantsWithGuidelines();
    if (grounded.length) logger.info({ tenants: grounded.length, model: embeddings.model }, "findings cite passages of their tenant's guidelines");
    else logger.info({ ingest: 'docket guidelines ingest <folder|s3://bucket/prefix> --tenant <id>' }, 'guideline grounding off: no guidelines ingested, findings cite their section without passages');

    const activities = createPacketActivities({
      repo,
      store,
      ocr,
      publisher,
      ...(llm.configured
        ? { llm: { provider: llm, route: { threshold: config.llm.confidenceThreshold, maxTokens: config.llm.maxTokens, timeoutMs: config.llm.timeoutMs, maxPages: 3 } } }
        : {}),
      ...(pageClassifier ? { pageClassifier } : {}),
      // The classifier's dense layer runs in the addon; the TS fallback's dense is slower than sparse scoring.
      ...(native.backend !== 'fallback' ? { dense: native.dense.bind(native) } : {}),
      ...(options.extract ? { extract: options.extract } : {}),
      // Page quality on every OCR'd page (illegible_page findings); preprocessing before OCR per DOCKET_OCR_PREPROCESS.
      pageImage: { native, preprocess: config.ocr.preprocess },
      guidelines: { embeddings, chunks },
      limits: {
        maxBytes: config.store.maxBytes,
        maxPages: config.limits.maxPages,
        maxPixels: config.limits.maxPixels,
        ocrDpi: config.ocr.dpi,
        maxMsPerPage: config.limits.maxMsPerPage,
        // A scanned PDF's pages keep every OCR engine busy, while its next pages are read on this thread.
        ocrInFlight: config.ocr.workers,
      },
    });

    const workerConnection = await NativeConnection.connect({ address });
    cleanups.push(() => workerConnection.close());
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities,
      // OCR is CPU-bound: one document activity per OCR worker, plus headroom for the short DB activities.
      maxConcurrentActivityTaskExecutions: Math.max(4, config.ocr.workers * 2),
    });
    const running = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: config.temporal.namespace });

    const startPacket: StartPacket = async (event: PacketEventV1, intake) => {
      try {
        await client.workflow.start<typeof processPacket>('processPacket', {
          taskQueue: config.temporal.taskQueue,
          workflowId: packetWorkflowId(event.tenantId, event.packetId),
          // A replayed event, even after the packet finished, must not process it again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [{ event, intake, reviewDeadlineMs: config.review.deadlineMs }],
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
        throw err;
      }
    };

    const listener = options.listener ?? ((e) => logger.info(e, 'intake'));
    if (options.intake && kafka) {
      await kafka.startIntake(startPacket, listener);
      // Cleanups run in reverse: intake stops first, before the Temporal client it starts workflows with is closed.
      cleanups.push(() => kafka.stopIntake());
    }
    if (options.intake && config.intake === 'folder') {
      const folder = new FolderIntake({ inboxDir: config.folder.inboxDir, pollMs: config.folder.pollMs, maxDocumentBytes: config.store.maxBytes });
      await folder.start(startPacket, listener, (err) => logger.error({ err }, 'folder intake poll failed; retrying'));
      cleanups.push(() => folder.stop());
    }

    logger.info({ temporal: address, taskQueue: config.temporal.taskQueue, database: db.kind, intake: config.intake, cpus: os.cpus().length }, 'docket worker running');
    return {
      config,
      db,
      repo,
      client,
      temporalAddress: address,
      ...(local ? { temporalUiUrl: local.uiUrl } : {}),
      startPacket,
      running,
      ...(kafka ? { kafka } : {}),
      ingestGuidelines: ingest,
      shutdown: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

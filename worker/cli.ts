import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadConfigWith, type Config } from '../platform/config.js';
import { ErrorCodes } from '../core/error-codes.js';
import { DatabaseError, DocketError, InvalidEventError } from '../platform/errors.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { buildEventFromFolder } from '../connectors/folder/folder-intake.js';
import { writeJsonSchemas } from './json-schemas.js';
import { applicantOf, buildLocalPacket } from './local-packet.js';
import { writeSamplePackets } from './demo-samples.js';
import { createRuntime } from './runtime.js';
import { registerGuidelinesCommand } from '../connectors/datalake/guidelines-command.js';
import { createEmbeddings } from '../inference/embeddings/create-embeddings.js';
import { openPdf } from '../inference/pdf.js';
import { ChunkRepository } from '../db/chunk-repository.js';
import { openDatabase } from '../db/pool.js';
import { grantAppRole } from '../db/app-role.js';
import { registerInferenceCommand } from '../inference/serve/inference-command.js';
import { registerNativeCommand } from '../native/cli.js';
import { registerReviewCommand } from '../review/review-command.js';
import { createDemoUsers } from '../review/demo-users.js';
import { startReviewServer } from '../review/review-server.js';
import { waitForDecisions, writeResults } from './run-packets.js';

/** The sample guideline set (guidelines/README.md) the demo's findings cite. */
const SAMPLE_GUIDELINES = fileURLToPath(new URL('../guidelines/sample', import.meta.url));

const program = new Command()
  .name('docket')
  .description('Docket: first-pass review of mortgage loan packets (read, classify, extract, check, decide).')
  .addHelpText('after', '\nEvals: docket synth --set <name> (generate a packet set), docket eval --set <name> (score the pipeline on it), docket train (retrain the page classifier).')
  .showHelpAfterError();

program
  .command('worker')
  .description('run the worker: intake (DOCKET_INTAKE=kafka|folder) -> processPacket workflows -> decisions')
  .action(async () => {
    const { config, logger } = setup();
    const runtime = await createRuntime(config, logger, { intake: true });
    // The Temporal worker stops by itself only on a fatal error (e.g. its server unreachable past the SDK's retries):
    // then the process exits non-zero, so its supervisor restarts it, instead of staying up and polling nothing.
    const stopped = runtime.running.then(
      () => new Error('the Temporal worker stopped'),
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
    const outcome = await Promise.race([untilSignal().then(() => undefined), stopped]);
    if (outcome) {
      logger.fatal({ err: outcome.message }, 'worker stopped unexpectedly; exiting so it can be restarted');
      process.exitCode = 1;
    }
    await runtime.shutdown();
    exitAfterShutdown(logger);
  });

program
  .command('demo')
  .description('embedded demo: sample packets through PGlite, the folder inbox and a local Temporal server')
  .option('--exit', 'exit once every sample packet has its decision')
  .option('--out <file>', 'where to write the per-packet results', 'demo-result.json')
  .action(async (opts: { exit?: boolean; out: string }) => {
    const started = performance.now();
    const dataDir = path.resolve('.cache/demo');
    await rm(dataDir, { recursive: true, force: true });
    const { config, logger } = setup({
      DOCKET_DATA_DIR: dataDir,
      DOCKET_INTAKE: 'folder',
      DOCKET_INBOX_DIR: path.join(dataDir, 'inbox'),
      DOCKET_OUTBOX_DIR: path.join(dataDir, 'outbox'),
      DOCKET_DATABASE_URL: undefined,
      DOCKET_TEMPORAL_ADDRESS: undefined,
    }, { DOCKET_LOG_LEVEL: 'warn' }); // the table is the output; DOCKET_LOG_LEVEL=info shows the worker's log
    const samples = await writeSamplePackets(config.folder.inboxDir);
    // The sample guidelines go in before intake starts, so the demo's findings quote them.
    const runtime = await createRuntime(config, logger, { intake: true, guidelines: [{ source: SAMPLE_GUIDELINES, tenant: 'demo' }] });
    try {
      const results = await waitForDecisions(runtime, samples.map((s) => ({ tenantId: 'demo', packetId: s.packetId })), 15 * 60_000);
      await writeResults(results, opts.out, started);
      if (!opts.exit) {
        // The review app in this process (an embedded PGlite database belongs to one process), over the demo's
        // flagged packets, with one account per role.
        const login = await createDemoUsers(runtime.db, 'demo');
        const review = await startReviewServer({ config, logger, db: runtime.db, client: runtime.client });
        process.stdout.write(`Temporal UI: ${runtime.temporalUiUrl ?? runtime.temporalAddress}; drop packet folders into ${config.folder.inboxDir}; Ctrl-C to stop\n`);
        process.stdout.write(`Review app: ${review.url} (sign in as ${login.emails.underwriter}, ${login.emails.lead} or ${login.emails.analyst}, password ${login.password})\n`);
        await untilSignal();
        await review.close();
      }
    } finally {
      await runtime.shutdown();
    }
  });

program
  .command('process')
  .description('run one packet made of local files (PDF, PNG, JPEG, TIFF) through the same workflow, no Kafka')
  .argument('<files...>', 'documents of the packet')
  .option('--out <file>', 'write the per-packet result as JSON', 'result.json')
  .option('--tenant <id>', 'tenant id', 'local')
  .option('--borrower <name...>', 'the applicants, "First Last" each: the first is the borrower, the rest co-borrowers (default: from the documents)')
  .action(async (files: string[], opts: { out: string; tenant: string; borrower?: string[] }) => {
    const started = performance.now();
    const dataDir = path.resolve('.cache/process');
    const { config, logger } = setup({ DOCKET_INTAKE: 'none' }, { DOCKET_DATA_DIR: dataDir });
    const applicants = (opts.borrower ?? []).map((name, i) => applicantOf(name, i === 0 ? 'borrower' : 'co-borrower'));
    // A private folder (mode 0700, a name nobody can guess): a link planted at a predictable path is never followed.
    const packetDir = await buildLocalPacket(files, opts.tenant, await mkdtemp(path.join(os.tmpdir(), 'docket-process-')), applicants);
    const built = await buildEventFromFolder(packetDir);
    if (!built.ok) throw new InvalidEventError(built.reason, [built.reason], ErrorCodes.INVALID_MANIFEST);
    const runtime = await createRuntime(config, logger, { intake: false });
    try {
      await runtime.startPacket(built.event, 'cli');
      const results = await waitForDecisions(runtime, [built.event], 30 * 60_000);
      await writeResults(results, opts.out, started);
    } finally {
      await runtime.shutdown();
      await rm(packetDir, { recursive: true, force: true });
    }
  });

program
  .command('schemas')
  .description('write the JSON Schema files of the event contracts')
  .option('--out <dir>', 'output folder', 'schemas')
  .action(async (opts: { out: string }) => {
    await mkdir(opts.out, { recursive: true });
    for (const file of await writeJsonSchemas(opts.out)) process.stdout.write(`${file}\n`);
  });

// `docket db migrate|grant-app-role`: run by the schema owner, so the worker and review app can connect as a role that
// may not change the schema or the audit log (db/app-role.ts).
const dbCommand = program.command('db').description('database administration (run as the schema owner)');
dbCommand
  .command('migrate')
  .description('apply pending migrations (DOCKET_DATABASE_URL, or the embedded database)')
  .action(async () => {
    const { config, logger } = setup({}, { DOCKET_LOG_LEVEL: 'warn' });
    const db = await openDatabase(config.database, logger); // opening migrates
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    process.stdout.write(`${db.kind}: ${rows[0]!.n} migrations applied, none pending\n`);
    await db.close();
  });
dbCommand
  .command('grant-app-role')
  .description('grant an existing login role what the worker needs: no DDL, and SELECT/INSERT only on audit_log')
  .argument('<role>', 'the role the worker and review app connect as')
  .action(async (role: string) => {
    const { config, logger } = setup({}, { DOCKET_LOG_LEVEL: 'warn' });
    if (!config.database.url) throw new DatabaseError('grant-app-role needs DOCKET_DATABASE_URL: the embedded database has a single owner');
    const db = await openDatabase(config.database, logger);
    try {
      const granted = await grantAppRole(db.pool, role);
      process.stdout.write(`granted ${granted.role} on schema ${granted.schema}: ${granted.tables} tables, append-only: ${granted.appendOnly.join(', ')}\n`);
    } finally {
      await db.close();
    }
  });

// `docket guidelines ingest|search`: the lender's guidelines into pgvector chunks (connectors/datalake), opened here
// because connectors may not import db/ or inference/.
registerGuidelinesCommand(program, {
  async open() {
    const { config, logger } = setup();
    const db = await openDatabase(config.database, logger);
    const embeddings = await createEmbeddings(config.embeddings, logger).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
    const s3 = config.store.s3;
    return {
      logger,
      embeddings,
      repo: new ChunkRepository(db),
      openPdf,
      s3: {
        region: s3.region,
        forcePathStyle: s3.forcePathStyle,
        ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
        ...(s3.accessKeyId ? { credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey! } } : {}),
      },
      maxBytes: config.store.maxBytes,
      maxPages: config.limits.maxPages,
      async close() {
        await embeddings.close();
        await db.close();
      },
    };
  },
});

// `docket review serve|user add`: the underwriter review API and its local accounts (review/).
registerReviewCommand(program, { setup: () => setup(), untilSignal });

// `docket native info`: which backend runs (cpu, cuda + device, or fallback) and why.
registerNativeCommand(program);

// `docket inference serve|keys`: an OpenAI-compatible endpoint over Docket's local models (inference/serve).
registerInferenceCommand(program, {
  setup: () => {
    const { config, logger } = setup();
    return {
      logger,
      defaults: {
        host: config.inference.host,
        port: config.inference.port,
        keysFile: config.inference.keysFile,
        keyHashes: config.inference.keyHashes,
        ...(config.llm.modelPath ? { modelPath: config.llm.modelPath } : {}),
        gpu: config.llm.gpu,
        threads: config.llm.threads,
        contextSize: config.llm.contextSize,
        sequences: config.llm.sequences,
        embeddings: config.embeddings,
      },
    };
  },
});

function setup(overrides: Record<string, string | undefined> = {}, defaults: Record<string, string> = {}): { config: Config; logger: Logger } {
  const config = loadConfigWith({ overrides, defaults }, os.availableParallelism());
  return { config, logger: createLogger(config.logLevel) };
}

/**
 * After a complete shutdown the process should end by itself. About one SIGTERM in four, a native library (seen with
 * the worker's OCR and Temporal runtimes loaded) still held the event loop with every cleanup done, and the process
 * lived on, idle: a supervisor waiting for it to stop would wait forever. So it gets a moment, then exits with its
 * status, saying what was still open.
 */
function exitAfterShutdown(logger: Logger, graceMs = 3_000): void {
  setTimeout(() => {
    logger.warn({ open: process.getActiveResourcesInfo() }, 'still running after shutdown; exiting');
    process.exit();
  }, graceMs).unref();
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

program.parseAsync().catch((err: unknown) => {
  if (err instanceof DocketError) process.stderr.write(`docket: ${err.code}: ${err.message}\n`);
  else process.stderr.write(`docket: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});

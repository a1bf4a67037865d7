import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfigWith } from '../../platform/config.js';
import { keyringFromConfig } from '../../platform/encryption.js';
import { createLogger } from '../../platform/logger.js';
import { documentStoreFromConfig } from '../../connectors/objectstore/document-store.js';
import { openDatabase } from '../../db/pool.js';
import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import { parseSeed, setFolderName, synthSet } from '../generator/synth-set.js';
import { materializeRealSet } from '../real/real-set.js';
import { exportReviewedSet } from '../reviewed/reviewed-set.js';
import { DEFAULT_RATE_CARD, formatEval, runEval } from './eval-runner.js';

/**
 * `docket eval --set <name> [--dir folder] [--out result.json]`: runs a generated set through the pipeline on the
 * configured services (embedded defaults unless DOCKET_* say otherwise) and prints and writes the metrics.
 * `--set reviewed` runs the packets reviewers approved or returned, against the reviewers' truth, in the database the
 * worker uses (so the run reaches its dashboards); the generated sets use a database of their own (.cache/eval-data).
 */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('run a generated packet set through the pipeline and score it against its ground truth')
    .requiredOption('--set <name>', 'set name (smoke, standard, scanned, stress, unseen-layouts; real: public sample documents, evals/real; reviewed: the packets reviewers decided)')
    .option('--tenant <id>', 'reviewed set: only this tenant\'s packets')
    .option('--limit <n>', 'reviewed set: at most this many packets, most recently reviewed first')
    .option('--dir <folder>', 'where the set was generated (default .cache/evals/<set>); reviewed: where its packets are written')
    .option('--seed <n>', 'a generated set drawn from this seed instead of its manifest\'s (a fresh draw nothing was tuned on; into .cache/evals/<set>-seed-<n>)')
    .option('--out <file>', 'write the result JSON here', 'eval-result.json')
    .option('--misses <file>', 'also write every missed or wrong field (truth vs read) to this JSON file')
    .option('--usd-per-cpu-hour <n>', 'rate card: price of one vCPU-hour', String(DEFAULT_RATE_CARD.usdPerCpuHour))
    .option('--usd-per-1k-tokens <n>', 'rate card: price of 1,000 LLM tokens (remote endpoints)', String(DEFAULT_RATE_CARD.usdPer1kTokens))
    .action(async (opts: { set: string; dir?: string; out: string; misses?: string; usdPerCpuHour: string; usdPer1kTokens: string; tenant?: string; limit?: string; seed?: string }) => {
      const reviewed = opts.set === 'reviewed';
      const seed = parseSeed(opts.seed);
      if (seed !== undefined && (reviewed || opts.set === 'real')) throw new Error(`--seed is for generated sets; ${opts.set} is not generated`);
      const setName = setFolderName(opts.set, seed);
      const config = reviewed
        ? loadConfigWith({ overrides: { DOCKET_INTAKE: 'none' }, defaults: { DOCKET_LOG_LEVEL: 'warn' } }, os.availableParallelism())
        : loadConfigWith({ overrides: { DOCKET_INTAKE: 'none' }, defaults: { DOCKET_DATA_DIR: path.resolve('.cache/eval-data'), DOCKET_LOG_LEVEL: 'warn' } }, os.availableParallelism());
      const logger = createLogger(config.logLevel);
      const dir = path.resolve(opts.dir ?? `.cache/evals/${setName}`);
      if (reviewed) {
        const exported = await exportReviewed(config, logger, dir, opts.tenant, opts.limit ? Number(opts.limit) : undefined);
        process.stderr.write(
          `reviewed: ${exported.packets} packets (${exported.documents} files, ${exported.correctedFields} corrected fields, ${exported.dismissedFindings} dismissed findings) -> ${dir}` +
            ` (${config.encryption ? `sealed with key ${config.encryption.keyId}` : 'plaintext: set DOCKET_ENCRYPTION_KEY to seal it'})\n`,
        );
        for (const s of exported.skipped) process.stderr.write(`  skipped ${s.tenantId}/${s.packetId}: ${s.reason}\n`);
        if (!exported.packets) throw new Error('no reviewed packets yet: approve or return a packet in the review app first (docket review serve)');
      }
      // The real set is written from evals/real each run (files checked against their sha256): it is small.
      else if (opts.set === 'real' && !opts.dir) {
        const made = await materializeRealSet(dir);
        process.stderr.write(`real: ${made.packets} files, ${made.documents} documents -> ${dir}\n`);
      }
      // A fresh clone has no generated sets: make the named one from its manifest (checksums verified) first.
      else if (!opts.dir && !(await readdir(dir).catch(() => [])).length) {
        process.stderr.write(`generating set ${setName} into ${dir}\n`);
        await synthSet(opts.set, dir, seed === undefined ? {} : { seed });
      }
      const result = await runEval({
        set: setName,
        dir,
        config,
        logger,
        rateCard: { usdPerCpuHour: Number(opts.usdPerCpuHour), usdPer1kTokens: Number(opts.usdPer1kTokens) },
        ...(opts.misses ? { onMisses: (misses) => writeFile(opts.misses!, `${JSON.stringify(misses, null, 1)}\n`) } : {}),
        onProgress: (done, total) => {
          const width = 30;
          const filled = Math.round((done / total) * width);
          process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} packets`);
          if (done === total) process.stderr.write('\n');
        },
      });
      await writeFile(opts.out, `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`${formatEval(result)}\n\nwrote ${opts.out}\n`);
    });
}

/** Writes the reviewed packets of the worker's database as an eval set; the database is closed before the run opens it. */
async function exportReviewed(config: Config, logger: Logger, out: string, tenantId: string | undefined, limit: number | undefined) {
  const db = await openDatabase(config.database, logger);
  // The same keys open the worker's stored documents and seal the set's files (read back by the run).
  const keyring = keyringFromConfig(config.encryption);
  try {
    return await exportReviewedSet({
      db,
      store: documentStoreFromConfig(config.store, keyring),
      out,
      ...(keyring ? { keyring } : {}),
      maxBytes: config.store.maxBytes,
      ...(tenantId ? { tenantId } : {}),
      ...(limit ? { limit } : {}),
    });
  } finally {
    await db.close();
  }
}

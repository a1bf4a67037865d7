import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfigWith } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { synthSet } from '../generator/synth-set.js';
import { DEFAULT_RATE_CARD, formatEval, runEval } from './eval-runner.js';

/**
 * `docket eval --set <name> [--dir folder] [--out result.json]`: runs a generated set through the pipeline on the
 * configured services (embedded defaults unless DOCKET_* say otherwise) and prints and writes the metrics.
 */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('run a generated packet set through the pipeline and score it against its ground truth')
    .requiredOption('--set <name>', 'set name (smoke, standard, scanned, stress)')
    .option('--dir <folder>', 'where the set was generated (default .cache/evals/<set>)')
    .option('--out <file>', 'write the result JSON here', 'eval-result.json')
    .option('--misses <file>', 'also write every missed or wrong field (truth vs read) to this JSON file')
    .option('--usd-per-cpu-hour <n>', 'rate card: price of one vCPU-hour', String(DEFAULT_RATE_CARD.usdPerCpuHour))
    .option('--usd-per-1k-tokens <n>', 'rate card: price of 1,000 LLM tokens (remote endpoints)', String(DEFAULT_RATE_CARD.usdPer1kTokens))
    .action(async (opts: { set: string; dir?: string; out: string; misses?: string; usdPerCpuHour: string; usdPer1kTokens: string }) => {
      const config = loadConfigWith({ overrides: { DOCKET_INTAKE: 'none' }, defaults: { DOCKET_DATA_DIR: path.resolve('.cache/eval-data'), DOCKET_LOG_LEVEL: 'warn' } }, os.availableParallelism());
      const logger = createLogger(config.logLevel);
      const dir = path.resolve(opts.dir ?? `.cache/evals/${opts.set}`);
      // A fresh clone has no generated sets: make the named one from its manifest (checksums verified) first.
      if (!opts.dir && !(await readdir(dir).catch(() => [])).length) {
        process.stderr.write(`generating set ${opts.set} into ${dir}\n`);
        await synthSet(opts.set, dir);
      }
      const result = await runEval({
        set: opts.set,
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

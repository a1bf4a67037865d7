import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_MODEL_PATH } from '../../inference/page-classifier/page-classifier.js';
import { DEFAULT_TRAIN_OPTIONS, trainPageClassifier } from './train-page-classifier.js';

/** `docket train [--packets n] [--seed s] [--out file]`: retrains the page classifier from generated packets. */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train the page classifier on generated packets (deterministic from --seed) and write its weights')
    .option('--packets <n>', 'generated packets to train and hold out on', String(DEFAULT_TRAIN_OPTIONS.packets))
    .option('--seed <n>', 'seed of the training corpus (never an eval set seed)', String(DEFAULT_TRAIN_OPTIONS.seed))
    .option('--epochs <n>', 'passes over the training pages', String(DEFAULT_TRAIN_OPTIONS.epochs))
    .option('--out <file>', 'where to write the model', path.relative(process.cwd(), DEFAULT_MODEL_PATH))
    .action(async (opts: { packets: string; seed: string; epochs: string; out: string }) => {
      const report = await trainPageClassifier({
        ...DEFAULT_TRAIN_OPTIONS,
        packets: Number(opts.packets),
        seed: Number(opts.seed),
        epochs: Number(opts.epochs),
        onProgress: (stage, done, total) => {
          process.stderr.write(`\r${stage} ${done}/${total}   `);
          if (done === total) process.stderr.write('\n');
        },
      });
      await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
      await writeFile(opts.out, `${JSON.stringify(report.model)}\n`);
      const h = report.holdout;
      process.stdout.write(
        [
          `page classifier trained in ${(report.ms / 1000).toFixed(1)} s on ${report.pages.train} pages (x3 with noise), held out ${report.pages.holdout}`,
          `  holdout page label accuracy   ${(h.pageLabelAccuracy * 100).toFixed(2)}%`,
          `  holdout page type accuracy    ${(h.pageTypeAccuracy * 100).toFixed(2)}% (with OCR-like noise ${(h.noisyPageTypeAccuracy * 100).toFixed(2)}%)`,
          `  holdout files split exactly   ${(h.fileSplitExact * 100).toFixed(2)}%`,
          `wrote ${opts.out}`,
        ].join('\n') + '\n',
      );
    });
}

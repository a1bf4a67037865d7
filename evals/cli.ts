import path from 'node:path';
import { Command } from 'commander';
import { parseSeed, setFolderName, synthSet } from './generator/synth-set.js';
import { registerEvalCommand } from './run/eval-command.js';
import { registerTrainCommand } from './train/train-command.js';

/** `docket synth`, `docket eval` and `docket train` (bin/docket.mjs routes them here: nothing outside evals/ imports evals). */
const program = new Command().name('docket').showHelpAfterError();

program
  .command('synth')
  .description('generate a packet set with ground truth from its manifest in evals/datasets (checksums verified)')
  .requiredOption('--set <name>', 'smoke, standard, scanned, stress or unseen-layouts (held-out layout families only)')
  .option('--out <dir>', 'output folder (default .cache/evals/<set>)')
  .option('--update', 'record new checksums in the manifest (after a generator change)')
  .option('--seed <n>', 'draw the set from this seed instead of the manifest\'s (default folder .cache/evals/<set>-seed-<n>; not checked against checksums)')
  .action(async (opts: { set: string; out?: string; update?: boolean; seed?: string }) => {
    const seed = parseSeed(opts.seed);
    const out = path.resolve(opts.out ?? `.cache/evals/${setFolderName(opts.set, seed)}`);
    const r = await synthSet(opts.set, out, { update: opts.update ?? false, ...(seed === undefined ? {} : { seed }) });
    process.stdout.write(`${opts.set}: ${r.packets} packets, ${r.pages} pages in ${(r.ms / 1000).toFixed(1)} s -> ${out}\n`);
  });

registerEvalCommand(program);
registerTrainCommand(program);

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`docket: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});

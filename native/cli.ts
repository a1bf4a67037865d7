import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../platform/config.js';
import { ADDON_FILES, DEFAULT_BUILD_DIR, loadNative, type LoadNativeOptions } from './index.js';
import type { NativeMode } from './types.js';

export interface NativeCommandOptions extends LoadNativeOptions {
  /** DOCKET_NATIVE; default from the validated config. */
  mode?: () => NativeMode;
  /** Where the JSON goes; default stdout. */
  write?: (text: string) => void;
}

/** What `docket native info` prints: the backend that would run, its device, kernels and build flags. */
export async function nativeInfo(mode: NativeMode, options: LoadNativeOptions = {}): Promise<Record<string, unknown>> {
  const native = await loadNative(mode, options);
  const info = native.info();
  const dir = options.buildDir ?? DEFAULT_BUILD_DIR;
  return {
    backend: info.backend,
    ...(info.device ? { device: info.device } : {}),
    mode,
    ...(native.fallbackReason ? { fallbackReason: native.fallbackReason } : {}),
    simd: info.simd,
    threads: info.threads,
    version: info.version,
    kernels: info.kernels,
    ...(info.build ? { build: info.build } : {}),
    binaries: {
      cpu: existsSync(path.join(dir, ADDON_FILES.cpu)),
      cuda: existsSync(path.join(dir, ADDON_FILES.cuda)),
    },
  };
}

/** Adds `native info` to the docket CLI (worker/cli.ts wires it in). */
export function registerNativeCommand(program: Command, options: NativeCommandOptions = {}): Command {
  const native = program.command('native').description('the native addon: which backend runs and how it was built');
  native
    .command('info')
    .description('print one JSON object: backend (cpu, cuda or fallback), device, kernels, compiler flags')
    .action(async () => {
      const mode = options.mode ? options.mode() : loadConfig().native;
      const write = options.write ?? ((text: string) => process.stdout.write(text));
      write(`${JSON.stringify(await nativeInfo(mode, options))}\n`);
    });
  return native;
}

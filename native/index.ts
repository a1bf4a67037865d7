import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeUnavailableError } from '../platform/errors.js';
import { createAddonBackend, type AddonBackendOptions, type RawAddon } from './addon-backend.js';
import { createFallbackBackend } from './fallback.js';
import type { NativeBackend, NativeMode } from './types.js';

/**
 * The only door to native code. `DOCKET_NATIVE` (platform/config.ts) picks the mode:
 * - `auto`: the addon when it loads (the CUDA build when it sees a GPU, else the CPU build), else the TypeScript
 *   fallback, with the reason in `fallbackReason` (the worker logs it at start: describeBackend);
 * - `off`: the fallback;
 * - `required`: the addon or NativeUnavailableError.
 * Every backend implements NativeBackend (types.ts) and gives the same results (native.test.ts).
 */

export type { NativeBackend, NativeInfo, NativeMode, GrayImage, PageQuality, PreprocessOptions, PreprocessResult, TopKHit } from './types.js';
export { NativeInputError } from './errors.js';
export { QUALITY_THRESHOLDS } from './quality-verdict.js';
/** The optional native OCR engine (docket_ocr.node, libtesseract): its own binary, its own door. */
export { loadOcrAddon, OCR_ADDON_FILE, type OcrAddon, type OcrAddonAttempt } from './ocr-addon.js';

export const DEFAULT_BUILD_DIR = fileURLToPath(new URL('./build/Release/', import.meta.url));
export const ADDON_FILES = { cpu: 'docket_native.node', cuda: 'docket_native_cuda.node' } as const;

export interface LoadNativeOptions extends AddonBackendOptions {
  /** Which binary: `auto` (CUDA with a GPU, else CPU), or only `cpu` / only `cuda`. Default auto. */
  variant?: 'auto' | 'cpu' | 'cuda';
  /** Where the .node files are; default native/build/Release. */
  buildDir?: string;
}

const require = createRequire(import.meta.url);

interface Attempt {
  backend?: NativeBackend;
  reason?: string;
  cause?: unknown;
}

function tryAddon(file: string, options: LoadNativeOptions): Attempt {
  if (!existsSync(file)) return { reason: `${path.basename(file)} is not built (run npm run build:native)` };
  try {
    return { backend: createAddonBackend(require(file) as RawAddon, options) };
  } catch (cause) {
    return { reason: `${path.basename(file)} failed to load: ${cause instanceof Error ? cause.message : String(cause)}`, cause };
  }
}

/** Loads the addon; the failure reasons of every binary tried, when none will do. */
export function loadAddon(options: LoadNativeOptions = {}): Attempt {
  const dir = options.buildDir ?? DEFAULT_BUILD_DIR;
  const variant = options.variant ?? 'auto';
  const reasons: string[] = [];
  let cause: unknown;
  if (variant !== 'cpu') {
    const cuda = tryAddon(path.join(dir, ADDON_FILES.cuda), options);
    if (cuda.backend?.backend === 'cuda') return cuda;
    if (cuda.backend) reasons.push('the CUDA build sees no GPU');
    else reasons.push(cuda.reason!);
    cause = cuda.cause;
    if (variant === 'cuda') return { reason: reasons.join('; '), cause };
  }
  const cpu = tryAddon(path.join(dir, ADDON_FILES.cpu), options);
  if (cpu.backend) return cpu;
  reasons.push(cpu.reason!);
  return { reason: variant === 'auto' ? cpu.reason! : reasons.join('; '), cause: cpu.cause ?? cause };
}

export async function loadNative(mode: NativeMode, options: LoadNativeOptions = {}): Promise<NativeBackend> {
  if (mode === 'off') return createFallbackBackend('DOCKET_NATIVE=off');
  const attempt = loadAddon(options);
  if (attempt.backend) return attempt.backend;
  if (mode === 'required') throw new NativeUnavailableError(`DOCKET_NATIVE=required but the native addon cannot be used: ${attempt.reason}`, attempt.cause);
  return createFallbackBackend(attempt.reason);
}

/**
 * One structured line for the worker's start log: which backend runs, on what, and why the fallback when it is.
 * `logger.info(describeBackend(native), 'native backend')`.
 */
export function describeBackend(native: NativeBackend): { backend: string; device?: string; simd?: string; threads?: number; version: number; fallbackReason?: string } {
  const info = native.info();
  return {
    backend: info.backend,
    ...(info.device ? { device: info.device } : {}),
    ...(info.simd ? { simd: info.simd } : {}),
    ...(info.threads ? { threads: info.threads } : {}),
    version: info.version,
    ...(native.fallbackReason ? { fallbackReason: native.fallbackReason } : {}),
  };
}

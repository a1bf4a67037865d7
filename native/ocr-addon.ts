import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The door to docket_ocr.node, the optional native OCR engine on libtesseract (native/ocr/, built by
 * native/build.mjs where `pkg-config --exists tesseract lept` succeeds). inference/ocr-pool.ts runs it behind the
 * OcrPool interface; the composition root hands this loader to createOcrPool (DOCKET_OCR_ENGINE).
 */

export const OCR_BUILD_DIR = fileURLToPath(new URL('./ocr/build/Release/', import.meta.url));
export const OCR_ADDON_FILE = 'docket_ocr.node';

/** What docket_ocr.node exports (native/ocr/src/ocr_addon.cc, ocr_engine.h). */
export interface OcrAddon {
  OcrEngine: new (options: OcrEngineOptions) => OcrEngineHandle;
  /** "tesseract 5.3.0, leptonica-1.82.0" */
  versions(): string;
}

export interface OcrEngineOptions {
  language: string;
  /** Gunzipped traineddata bytes; or `dataPath`, a tessdata folder with <language>.traineddata. */
  data?: Uint8Array;
  dataPath?: string;
  psm?: number;
  variables?: Record<string, string>;
}

/** One TessBaseAPI on its own thread. Errors carry `reason`: IMAGE, TIMEOUT, CANCELLED, CLOSED, INIT, FAILED. */
export interface OcrEngineHandle {
  readonly ready: Promise<void>;
  recognize(image: Uint8Array, timeoutMs: number): Promise<OcrEnginePage>;
  cancel(): void;
  close(): Promise<void>;
}

export interface OcrEnginePage {
  width: number;
  height: number;
  dpi: number;
  lines: { confidence: number; bbox: OcrEngineBox; words: { text: string; confidence: number; bbox: OcrEngineBox }[] }[];
}

export interface OcrEngineBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrAddonAttempt {
  addon?: OcrAddon;
  /** Why not, in one line for the worker's start log. */
  reason?: string;
  cause?: unknown;
}

const require = createRequire(import.meta.url);

/** Loads docket_ocr.node from `buildDir` (default native/ocr/build/Release); never throws. */
export function loadOcrAddon(buildDir: string = OCR_BUILD_DIR): OcrAddonAttempt {
  const file = path.join(buildDir, OCR_ADDON_FILE);
  if (!existsSync(file)) {
    return { reason: `${OCR_ADDON_FILE} is not built (needs libtesseract-dev and libleptonica-dev: bash scripts/provision.sh ocr, then npm run build:native)` };
  }
  try {
    const addon = require(file) as OcrAddon;
    if (typeof addon.OcrEngine !== 'function' || typeof addon.versions !== 'function') return { reason: `${OCR_ADDON_FILE} does not export OcrEngine and versions` };
    return { addon };
  } catch (cause) {
    return { reason: `${OCR_ADDON_FILE} failed to load: ${cause instanceof Error ? cause.message : String(cause)}`, cause };
  }
}
